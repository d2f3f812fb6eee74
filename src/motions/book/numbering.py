"""Numbering: label styles, levels and schemes, and the order of labels.

A rule book's numbering is data, not code (`rulebook/schemes/*.toml`): a scheme is a sequence of
levels, each with a label style (arabic, upper/lower roman, upper/lower letters), the markers that
open a line with it ("Clause {label}.", "{label}.", "({label})"), how it is cited, and the words
people use for it. This module turns labels into sortable keys and back, and says which label
may follow which, so the outline parser can resolve "i." (roman one, or the letter after "h.")
from the sequence alone.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import SupportsIndex

import attrs

from motions.errors import SchemeError, error
from motions.numbers import natural
from motions.resources import data_dir
from motions.tomltext import TomlProblem, load_toml


class Style(StrEnum):
    """How the labels of one level are written."""

    ARABIC = "arabic"
    UPPER_ROMAN = "upper-roman"
    LOWER_ROMAN = "lower-roman"
    UPPER_LETTER = "upper-letter"
    LOWER_LETTER = "lower-letter"


_ROMAN_VALUES = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip

_ROMAN_RE = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
#: Roman numerals stop at MMMCMXCIX: no label, citation or renumbering goes past it.
ROMAN_LIMIT = 3999


def to_roman(number: int) -> str:
    """Lower-case roman numeral for 1 ≤ number ≤ 3999."""
    if not 0 < number <= ROMAN_LIMIT:
        raise ValueError(f"no roman numeral for {number}")
    out = []
    for value, digits in _ROMAN_VALUES:
        count, number = divmod(number, value)
        out.append(digits * count)
    return "".join(out)


def from_roman(text: str) -> int | None:
    """The value of a canonical lower-case roman numeral, or None if it is not one."""
    if not text or not _ROMAN_RE.fullmatch(text):
        return None
    total, i = 0, 0
    for value, digits in _ROMAN_VALUES:
        while text.startswith(digits, i):
            total += value
            i += len(digits)
    return total


def to_letters(number: int) -> str:
    """Lower-case letters for an ordinal: 1 → a, 26 → z, 27 → aa (bijective base 26)."""
    if number < 1:
        raise ValueError(f"no letter label for {number}")
    out = []
    while number:
        number, rem = divmod(number - 1, 26)
        out.append(chr(ord("a") + rem))
    return "".join(reversed(out))


def from_letters(text: str) -> int | None:
    """The ordinal of a lower-case letter label, or None if it is not one."""
    if not text or not text.isascii() or not text.isalpha() or not text.islower():
        return None
    number = 0
    for ch in text:
        number = number * 26 + (ord(ch) - ord("a") + 1)
    return number


_ARABIC_RE = re.compile(r"([0-9]+)\s?(?:\(([A-Za-z])\)|([A-Za-z]{1,2}))?")


@attrs.frozen(order=True)
class LabelKey:
    """A label's place in its sequence: `ordinal`, then an insertion `suffix` ("5A" is 5, "A")."""

    ordinal: int
    suffix: str = ""


@lru_cache(maxsize=4096)
def _key(ordinal: int, suffix: str = "") -> LabelKey:
    """One shared `LabelKey` per label: the parser's many `in` tests then match by identity."""
    return LabelKey(ordinal, suffix)


def _next_suffix(suffix: str) -> str:
    """The insertion suffix after `suffix`: "" → "A" → "B"."""
    return to_letters((from_letters(suffix.lower()) or 0) + 1).upper()


# Labels repeat all through a book ("1.", "A.", "i."): the pure conversions below are
# memoised, and share their frozen keys.
@lru_cache(maxsize=4096)
def label_key(label: str, style: Style) -> LabelKey | None:
    """The key of `label` written in `style`, or None if it is not a label of that style.

    Arabic labels may carry an insertion suffix ("5A", "9 (A)"); the other styles may not.
    Arabic labels are ASCII digits, at most `numbers.MAX_DIGITS` of them.
    """
    if style is Style.ARABIC:
        match = _ARABIC_RE.fullmatch(label)
        number = None if match is None else natural(match.group(1))
        if match is None or number is None:
            return None
        suffix = (match.group(2) or match.group(3) or "").upper()
        return _key(number, suffix)
    if style is Style.UPPER_ROMAN:
        value = from_roman(label.lower()) if label.isupper() else None
    elif style is Style.LOWER_ROMAN:
        value = from_roman(label) if label.islower() else None
    elif style is Style.UPPER_LETTER:
        value = from_letters(label.lower()) if label.isupper() else None
    else:
        value = from_letters(label)
    return _key(value) if value else None


@lru_cache(maxsize=4096)
def format_label(key: LabelKey, style: Style) -> str:
    """The canonical label for `key` in `style` ("5A", "IV", "iv", "D", "d")."""
    if style is Style.ARABIC:
        return f"{key.ordinal}{key.suffix}"
    if key.suffix:
        raise ValueError(f"{style.value} labels take no insertion suffix")
    if style is Style.UPPER_ROMAN:
        return to_roman(key.ordinal).upper()
    if style is Style.LOWER_ROMAN:
        return to_roman(key.ordinal)
    if style is Style.UPPER_LETTER:
        return to_letters(key.ordinal).upper()
    return to_letters(key.ordinal)


def can_format(key: LabelKey, style: Style) -> bool:
    """True if `key` has a label in `style` (roman numerals stop at 3999, suffixes are arabic)."""
    if key.ordinal < 1 or (key.suffix and style is not Style.ARABIC):
        return False
    return key.ordinal <= ROMAN_LIMIT or style not in (Style.UPPER_ROMAN, Style.LOWER_ROMAN)


def canonical_label(label: str, style: Style) -> str | None:
    """`label` normalised in `style` ("9 (A)" → "9A"), or None if it is not of that style."""
    key = label_key(label, style)
    return None if key is None else format_label(key, style)


def first_key() -> LabelKey:
    """The key every list starts with."""
    return LabelKey(1)


@lru_cache(maxsize=4096)
def successors(key: LabelKey, style: Style, *, divided: bool = False) -> tuple[LabelKey, ...]:
    """The keys that may directly follow `key` in one list.

    The next ordinal always may; an arabic list may also take an inserted label ("5" → "5A",
    "5A" → "5B"). With `divided`, a list may go on to a divided entry ("8" → "9 (A)"), as
    chapters do.
    """
    following = [_key(key.ordinal + 1)]
    if style is Style.ARABIC:
        following.append(_key(key.ordinal, _next_suffix(key.suffix)))
        if divided:
            following.append(_key(key.ordinal + 1, "A"))
    return tuple(k for k in following if can_format(k, style))


@cache
def firsts(style: Style, *, divided: bool = False, start: int = 1) -> tuple[LabelKey, ...]:
    """The keys a list may start with: 1, and with `start=0` also 0 (a list such as
    "0. Definitions"; the same level's other lists may still start at 1, as a constitution's
    appendix "A.0." beside its sections' "2.1.")."""
    keys = (_key(0),) if start == 0 else ()
    if style is Style.ARABIC and divided:
        return (*keys, _key(1), _key(1, "A"))
    return (*keys, _key(1)) if start == 0 and style is Style.ARABIC else (_key(start),)


# Levels and schemes compare by identity, so a shipped scheme, and each of its levels, must stay
# one object when values travel between processes (motions parsed in worker processes): they
# pickle as a reference to `load_scheme`'s copy, not as a copy of their own.
_SHIPPED: dict[int, tuple[str, int]] = {}  # id → (scheme name, index in levels + tops; -1: it)


def _shipped(name: str, index: int) -> Scheme | Level:
    scheme = load_scheme(name)
    return scheme if index < 0 else (*scheme.levels, *scheme.tops)[index]


def _reduce_shipped(value: object, protocol: int) -> str | tuple[object, ...]:
    found = _SHIPPED.get(id(value))
    if found is not None:
        return (_shipped, found)
    return object.__reduce_ex__(value, protocol)


def marker_keyword(marker: str) -> str | None:
    """The word a marker opens with ("Chapter {label}" → "Chapter"), or None.

    Punctuation before the label is part of a bare label, not a keyword: "({label})" opens
    with "(" and is the bare label "(a)".
    """
    head = marker.split("{", 1)[0].strip()
    return head if any(ch.isalpha() for ch in head) else None


@attrs.frozen(eq=False)
class Level:
    """One level of a numbering scheme, as read from its TOML file.

    Levels compare by identity: each belongs to one loaded scheme, and identity makes the
    parser's many look-ups cheap.
    """

    name: str
    style: Style
    markers: tuple[str, ...]
    long: str
    compact: str
    id: str
    words: tuple[str, ...]
    heading: bool = False
    inserted: str = "{suffix}"
    children_from: str | None = None
    #: The first label of a list: 1, or 0 (arabic lists such as a licence's "0. Definitions").
    start: int = 1
    #: The level may be skipped: the level below it may also stand directly under the level
    #: above it (a constitution's items under a section in one place, under a subsection in
    #: another). Off by default, so a missing level in a book that never skips is an error.
    optional: bool = False

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[object, ...]:
        return _reduce_shipped(self, int(protocol))

    @property
    def keyword(self) -> str | None:
        """The word a marker opens with ("Chapter", "Clause"), or None for bare labels."""
        return marker_keyword(self.markers[0])

    def display_label(self, label: str) -> str:
        """The label as printed: inserted chapters print as "9 (A)"."""
        key = label_key(label, self.style)
        if key is None or not key.suffix or self.style is not Style.ARABIC:
            return label
        return f"{key.ordinal}{self.inserted.format(suffix=key.suffix)}"

    def marker(self, label: str, parent_label: str = "") -> str:
        """The text that opens this level's line in the book ("Clause II.", "A.", "17.7")."""
        return self.markers[0].format(label=self.display_label(label), parent=parent_label)


@attrs.frozen(eq=False)
class Scheme:
    """A numbering scheme: the levels below each top, the citation words, as data.

    Schemes compare by identity (`load_scheme` caches them); rule books compare schemes by name.
    """

    name: str
    description: str
    levels: tuple[Level, ...]
    tops: tuple[Level, ...] = ()
    dotted_from: str | None = None
    #: The TOML text the scheme was read from; a book written out with a scheme that is not
    #: shipped embeds it, so the file needs no other to be read back.
    source: str = ""
    shipped: bool = False

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[object, ...]:
        return _reduce_shipped(self, int(protocol))

    @property
    def roots(self) -> tuple[Level, ...]:
        """Every top level: the first level of the main sequence, then the extra tops."""
        return (self.levels[0], *self.tops)

    def root(self, name: str) -> Level:
        for level in self.roots:
            if level.name == name:
                return level
        raise KeyError(name)

    @cache  # noqa: B019 - schemes are few and live for the whole process
    def sequence(self, root: str) -> tuple[Level, ...]:
        """The levels from top to bottom under the top level named `root`."""
        top = self.root(root)
        if top is self.levels[0]:
            return self.levels
        start = next(
            (i for i, level in enumerate(self.levels) if level.name == top.children_from), 1
        )
        return (top, *self.levels[start:])

    def level_named(self, name: str) -> Level:
        for level in (*self.levels, *self.tops):
            if level.name == name:
                return level
        raise KeyError(name)


def _level_from_toml(raw: dict[str, object], where: str) -> Level:
    try:
        style = Style(str(raw["style"]))
        markers = tuple(str(m) for m in raw["markers"])  # type: ignore[attr-defined]
        return Level(
            name=str(raw["name"]),
            style=style,
            markers=markers,
            long=str(raw.get("long", "{label}")),
            compact=str(raw.get("compact", "{label}")),
            id=str(raw.get("id", raw["name"])),
            words=tuple(str(w).lower() for w in raw.get("words", ())),  # type: ignore[attr-defined]
            heading=bool(raw.get("heading", False)),
            inserted=str(raw.get("inserted", "{suffix}")),
            children_from=None if raw.get("children_from") is None else str(raw["children_from"]),
            start=int(str(raw.get("start", 1))),
            optional=bool(raw.get("optional", False)),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise SchemeError(
            error(
                "scheme-level",
                f"{where}: a level is malformed ({exc!s})",
                hint="each level needs name, style (arabic, upper-roman, lower-roman, "
                "upper-letter, lower-letter) and markers",
            )
        ) from None


#: The most levels (main sequence and extra tops) a scheme may have: real ones have six or so,
#: and a provision tree as deep as its scheme is walked recursively in many places.
MAX_LEVELS = 64


def parse_scheme(text: str, *, filename: str = "<scheme>") -> Scheme:
    """A scheme from the text of its TOML file."""
    try:
        raw = load_toml(text)
    except TomlProblem as exc:
        raise SchemeError(error("scheme-toml", f"{filename}: {exc}")) from None
    levels = tuple(_level_from_toml(r, filename) for r in raw.get("levels", ()))
    tops = tuple(_level_from_toml(r, filename) for r in raw.get("tops", ()))
    if not levels:
        raise SchemeError(error("scheme-empty", f"{filename}: the scheme has no levels"))
    if len(levels) + len(tops) > MAX_LEVELS:
        raise SchemeError(
            error(
                "scheme-too-deep",
                f"{filename}: the scheme has {len(levels) + len(tops)} levels; at most "
                f"{MAX_LEVELS} are read",
                hint="a rule book's numbering has a handful of levels; check the file",
            )
        )
    return Scheme(
        name=str(raw.get("name", filename)),
        description=str(raw.get("description", "")),
        levels=levels,
        tops=tops,
        dotted_from=raw.get("dotted_from"),
        source=text,
    )


def available_schemes() -> tuple[str, ...]:
    """The names of the shipped schemes."""
    return tuple(sorted(p.stem for p in (data_dir("rulebook") / "schemes").glob("*.toml")))


@cache
def load_scheme(name: str = "labour") -> Scheme:
    """A shipped scheme by name ("labour", "union").

    The name is looked up among the shipped files' names, never put into a path first: a
    book's header may hold any text, and a name too long for the file system (or with a NUL)
    made the look-up itself fail with the operating system's error."""
    known = available_schemes()
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, known, n=1)
        raise SchemeError(
            error(
                "scheme-unknown",
                f"no numbering scheme called {name!r}",
                hint=(f"did you mean {close[0]!r}? " if close else "")
                + f"shipped schemes: {', '.join(known)}",
            )
        )
    path = data_dir("rulebook") / "schemes" / f"{name}.toml"
    scheme = attrs.evolve(
        parse_scheme(path.read_text(encoding="utf-8"), filename=path.name), shipped=True
    )
    _SHIPPED[id(scheme)] = (name, -1)
    for index, level in enumerate((*scheme.levels, *scheme.tops)):
        _SHIPPED[id(level)] = (name, index)
    return scheme


#: The comment prefix of an embedded scheme's lines in a rule book's header.
EMBEDDED_PREFIX = "#scheme:"


def embedded_lines(scheme: Scheme) -> tuple[str, ...]:
    """The scheme's TOML as header comment lines ("#scheme: name = ..."), for a book's file."""
    return tuple(
        f"{EMBEDDED_PREFIX} {line}".rstrip() for line in scheme.source.strip().splitlines()
    )


def scheme_from_file(path: Path, *, within: Path | None = None) -> Scheme:
    """A scheme read from a TOML file; with `within`, the file must lie inside that folder.

    A rule book's `Scheme:` header names its file relative to the book, and may not reach
    outside the book's folder (a book received from someone else must not read other files).
    """
    where = path if within is None else within / path
    if "\0" in str(path):  # no file system takes it: Python refuses it with a ValueError
        raise SchemeError(
            error(
                "scheme-unreadable",
                f"the scheme file's name {str(path)[:60]!r} holds a NUL character",
                hint="name a shipped scheme (" + ", ".join(available_schemes()) + ") or a "
                ".toml file beside the rule book",
            )
        )
    if within is not None:
        inside = within.resolve()
        if path.is_absolute() or not where.resolve().is_relative_to(inside):
            raise SchemeError(
                error(
                    "scheme-outside",
                    f"the scheme file {str(path)!r} is outside the rule book's folder",
                    hint="put the scheme's .toml file beside the rule book (or in a folder "
                    "below it), or pass it with --scheme",
                )
            )
    try:
        text = where.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(
            error(
                "scheme-unreadable",
                f"cannot read the scheme file {where}: {getattr(exc, 'strerror', None) or exc}",
                hint="check the path; a shipped scheme is named without .toml: "
                + ", ".join(available_schemes()),
            )
        ) from None
    return parse_scheme(text, filename=str(where))


def resolve_scheme(value: str, *, within: Path | None = None) -> Scheme:
    """A scheme named by a shipped name ("union") or a .toml file's path."""
    if value.endswith(".toml") or "/" in value or "\\" in value:
        return scheme_from_file(Path(value), within=within)
    return load_scheme(value)
