"""Addresses of provisions, and citations of them in every style people write.

An `Address` is a value: the name of its top level ("chapter" or "appendix") and the canonical
labels below it, `("4", "II", "2", "B", "i")`. It prints long ("Chapter 4, Clause II, rule
2.B.i"), compact ("C4.II.2.B.i") and as a stable id ("chp_4__cls_II__rul_2__sub_B__itm_i").

Normalisation: labels are stored in their level's canonical style ("9 (A)" → "9A", clause "1"
→ "I", sub-rule "2" → "B"); two citations of the same provision give equal addresses.

Reading a citation has two halves. `grammar/address.lark` finds its parts and separators;
this module decides what they mean. A citation can be read several ways ("Rule 5.4.1" is
Chapter 5, Clause IV, rule 1, or rule 5.D.i of the clause in hand; "rule 4F" is an inserted
rule or rule 4, sub-rule F), so each cited provision carries its readings, best first; a rule
book resolves it to the first reading it has.

`Address` itself lives in `motions.book.location` and is re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache, partial

import attrs
from lark import Token, Tree, UnexpectedInput

from motions.book.address_errors import (
    Unreadable,
    needs_context,
    no_level_above,
    syntax_error,
    unknown_word,
    unreadable,
)
from motions.book.location import Address as Address
from motions.book.location import address_of, default_scheme
from motions.book.numbering import (
    LabelKey,
    Level,
    Scheme,
    can_format,
    canonical_label,
    format_label,
)
from motions.errors import AddressError, error
from motions.grammars import parse_function
from motions.numbers import natural


@attrs.frozen
class Cited:
    """One cited provision: its readings, best first (a rule book picks the first it has)."""

    readings: tuple[Address, ...]
    text: str = attrs.field(default="", eq=False)

    @property
    def address(self) -> Address:
        return self.readings[0]


@attrs.frozen
class CitedRange:
    """ "rules 2 to 11": every sibling from `start` to `end`."""

    start: Cited
    end: Cited


@attrs.frozen
class Reference:
    """A whole citation as written: one or more targets, a page hint, a direction word."""

    text: str
    targets: tuple[Cited | CitedRange, ...]
    page: int | None = None
    direction: str | None = None  # "above", "below" or "following"

    def cited(self) -> Iterator[Cited]:
        """Every single cited provision, range ends included."""
        for target in self.targets:
            if isinstance(target, CitedRange):
                yield target.start
                yield target.end
            else:
                yield target


def _parse(text: str) -> Tree[Token]:
    """The address grammar's tree of `text`: Lark's tables run in one loop
    (`grammars.parse_function`); a text that does not parse raises Lark's own error."""
    return parse_function("address.lark")(text)


_SPLIT_RE = re.compile(r"([0-9]+)([A-Za-z]{1,2})")
_PAGE_RE = re.compile(r"[0-9]+")
_NON_LABEL = re.compile(r"\s|\(|\)")


@attrs.frozen
class _Part:
    kind: str  # "worded", "compact", "bare", "this"
    word: str | None
    labels: tuple[str, ...]
    column: int


@attrs.frozen
class _Reading:
    score: tuple[int, ...]
    address: Address
    start: int


@lru_cache(maxsize=4096)
def _convert(label: str, level: Level) -> tuple[str, int] | None:
    """`label` as a label of `level`, and 1 if an arabic number had to be converted."""
    native = canonical_label(_NON_LABEL.sub("", label) if "(" in label else label, level.style)
    if native is not None:
        return native, 0
    if (number := natural(label)) and can_format(LabelKey(number), level.style):
        return format_label(LabelKey(number), level.style), 1
    return None


@lru_cache(maxsize=4096)
def _variants(labels: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], int], ...]:
    """The label lists a path may stand for: as written, and with "4F" split into "4", "F".
    (Remembered: each part of a citation is read against several levels.)"""
    if not any(_SPLIT_RE.fullmatch(label) for label in labels):
        return ((labels, 0),)
    out: list[str] = []
    for label in labels:
        match = _SPLIT_RE.fullmatch(label)
        out.extend(match.groups() if match else (label,))
    return ((labels, 0), (tuple(out), 1))


def _names_level(word: str, level: Level) -> bool:
    """True if `word` is the level's own name, singular or plural ("items" for "item")."""
    word = word.lower()
    return word in (level.name, f"{level.name}s")


@cache
def _word_levels(word: str, scheme: Scheme) -> tuple[tuple[str, int], ...]:
    """(root, index) for every level, under every top, that `word` may name."""
    word = word.lower()
    found = []
    for top in scheme.roots:
        for index, level in enumerate(scheme.sequence(top.name)):
            if word in level.words:
                found.append((top.name, index))
    return tuple(found)


#: A context-free reading of a part: (root, start, mismatch, converted labels, conversions and
#: splits, inexact word, relative bare label, the address when nothing comes before it, and the
#: lowest level the context's last label may stand at: the levels below it, down to `start`,
#: may be skipped).
_Candidate = tuple[str, int, int, tuple[str, ...], int, int, bool, Address | None, int]


@lru_cache(maxsize=4096)
def _candidates(
    kind: str, word: str | None, labels: tuple[str, ...], scheme: Scheme
) -> tuple[bool, tuple[_Candidate, ...]]:
    """Every level a part may start at, with its labels converted to those levels, in the
    order `_placing` scores them: what does not depend on the provision it is read against.

    The labels' conversions are most of the work of placing a part, and the same few parts
    ("Clause I", "rule 2", "sub-rule C") are read against every provision of a book; the
    context only adds the labels above the level cited and decides which readings it allows.
    A bare label may be read under each level of its context; each such start is listed for
    every top level, and `_placing` keeps those under the context's own. The flag: whether any
    candidate starts below the top, so that the context matters at all."""
    options: list[tuple[str, int, int, bool]] = []  # root, start index, word mismatch, bare
    if kind == "compact":
        prefix, number = re.match(r"([A-Za-z]+)(.*)", labels[0]).groups()  # type: ignore[union-attr]
        for top in scheme.roots:
            if top.compact.format(label="") == prefix:
                options.append((top.name, 0, 0, False))
        labels = (number, *labels[1:])
    elif kind == "worded":
        assert word is not None
        options.extend((root, index, 0, False) for root, index in _word_levels(word, scheme))
        if word.lower() in ("rule", "rules"):
            # "Rule 2.I.4.B", "Rule 5.4.1": commentary cites whole-book paths as rules.
            options.append((scheme.levels[0].name, 0, 1, False))
    else:
        options.append((scheme.levels[0].name, 0, 0, False))
        for top in scheme.roots:
            depth = len(scheme.sequence(top.name))
            options.extend((top.name, start, 0, True) for start in range(1, depth + 1))
    out: list[_Candidate] = []
    for root, start, mismatch, bare in options:
        sequence = scheme.sequence(root)
        # A word that is the level's own name ("item") beats one it merely shares.
        inexact = 0 if word is None or _names_level(word, sequence[start]) else 1
        lowest = start
        while lowest > 0 and sequence[lowest - 1].optional:
            lowest -= 1
        for variant, split in _variants(labels):
            if start + len(variant) > len(sequence):
                continue
            converted: list[str] = []
            conversions = 0
            for level, label in zip(sequence[start:], variant, strict=False):
                result = _convert(label, level)
                if result is None:
                    break
                converted.append(result[0])
                conversions += result[1]
            else:
                # Valid by construction (levels rising from the top, within the sequence).
                plain = address_of(root, tuple(converted), scheme) if start == 0 else None
                out.append(
                    (
                        root,
                        start,
                        mismatch,
                        tuple(converted),
                        conversions + split,
                        inexact,
                        bare,
                        plain,
                        lowest - 1,
                    )
                )
    return any(candidate[1] for candidate in out), tuple(out)


def _place(
    part: _Part,
    scheme: Scheme,
    base: Address | None,
    *,
    absolute_only: bool,
    prefer_start: int | None,
) -> list[_Reading]:
    """Every way `part` can be read, relative to `base` where it is relative, best first.

    Read without a context (or where the part cannot be relative: a "Chapter 4" reads alike in
    every provision), the readings are remembered by the part's kind, word and labels (not its
    column), so citations in different provisions and motions share them. Read against a
    context, they are not: the contexts hardly repeat (each provision of a book, each motion's
    location), and remembering them only pushed out the readings that do; with the labels'
    conversions remembered (`_candidates`), reading again is cheap. The readings are frozen
    values."""
    if base is not None and _candidates(part.kind, part.word, part.labels, scheme)[0]:
        return list(
            _placing(part.kind, part.word, part.labels, scheme, base, absolute_only, prefer_start)
        )
    return list(_placed(part.kind, part.word, part.labels, scheme, None, False, prefer_start))


def _placing(
    kind: str,
    word: str | None,
    labels: tuple[str, ...],
    scheme: Scheme,
    base: Address | None,
    absolute_only: bool,
    prefer_start: int | None,
) -> tuple[_Reading, ...]:
    readings: list[_Reading] = []
    for root, start, mismatch, converted, conversions, inexact, bare, plain, lowest in _candidates(
        kind, word, labels, scheme
    )[1]:
        if plain is not None:
            address = plain
        else:
            if absolute_only or base is None or base.root != root:
                continue
            depth = len(base.labels)
            if bare and start > depth:
                continue  # a bare label is read under its context's levels only
            # The base's labels above the level cited: all of them, where a level between
            # may be skipped ("section 2, item 1" in a book whose subsections are optional).
            positions = base.at if base.at is not None else range(depth)
            kept = (
                start if base.at is None and start <= depth else sum(p < start for p in positions)
            )
            if not kept or positions[kept - 1] < lowest:
                continue
            at = (*positions[:kept], *range(start, start + len(converted)))
            skips = at[-1] != len(at) - 1  # else from 0 and rising: it skips nothing
            address = address_of(
                root, (*base.labels[:kept], *converted), scheme, at if skips else None
            )
        distance = abs(start - prefer_start) if prefer_start is not None else 0
        score = (conversions, mismatch, inexact, distance, -start)
        readings.append(_Reading(score, address, start))
    if len(readings) < 2:
        return tuple(readings)
    readings.sort(key=lambda r: r.score)
    unique: dict[Address, _Reading] = {}
    for reading in readings:
        unique.setdefault(reading.address, reading)
    return tuple(unique.values())


_placed = lru_cache(maxsize=8192)(_placing)


def _this_level(word: str, scheme: Scheme, context: Address | None, column: int) -> _Reading:
    if context is None:
        raise Unreadable(partial(needs_context, word))
    sequence = scheme.sequence(context.root)
    matches = [i for i, lv in enumerate(sequence[: context.depth]) if word.lower() in lv.words]
    exact = [i for i in matches if sequence[i].name == word.lower()]
    chosen = (exact or matches or [-1])[-1]
    if chosen < 0:
        raise Unreadable(partial(no_level_above, word, context.long(), scheme))
    return _Reading((0,), context.truncate(chosen + 1), chosen)


def _collect_parts(tree: Tree[Token]) -> tuple[list[tuple[str | None, _Part]], dict[str, object]]:
    """Flatten the parse tree into (separator, part) pairs and the trailing qualifiers."""
    parts: list[tuple[str | None, _Part]] = []
    extra: dict[str, object] = {}
    pending: str | None = None
    reference = tree.children[0]
    assert isinstance(reference, Tree)
    for child in reference.children:
        if not isinstance(child, Tree):
            continue
        if child.data in ("comma", "also", "through"):
            pending = str(child.data)
        elif child.data in ("worded", "compact", "bare", "this_level"):
            parts.append((pending, _part_of(child, extra)))
            pending = None
        elif child.data in ("above", "below", "following"):
            extra["direction"] = str(child.data)
        elif child.data == "of_part":
            extra["of_part"] = _part_of(Tree("worded", child.children[1:]), extra)
        elif child.data in ("of_this", "of_these"):
            extra[str(child.data)] = str(child.children[-1])
        elif child.data == "page":
            extra["page"] = int(_PAGE_RE.search(str(child.children[0])).group())  # type: ignore[union-attr]
    return parts, extra


def _part_of(tree: Tree[Token], extra: dict[str, object]) -> _Part:
    word: str | None = None
    labels: list[str] = []
    column = 1
    for child in tree.children:
        if isinstance(child, Token):
            if child.type in ("LEVEL_WORD",):
                word = str(child)
            elif child.type == "COMPACT_TOP":
                labels.append(str(child))
            column = min(column, child.column or 1) if labels or word else (child.column or 1)
        elif child.data == "path":
            for token in child.scan_values(lambda t: isinstance(t, Token)):
                if token.type == "LABEL":
                    labels.append(re.sub(r"\s|\(|\)", "", str(token)))
        elif child.data == "page":
            extra["page"] = int(_PAGE_RE.search(str(child.children[0])).group())  # type: ignore[union-attr]
    kind = {"worded": "worded", "compact": "compact", "bare": "bare"}.get(str(tree.data), "this")
    return _Part(kind, word, tuple(labels), column)


_PLAIN_COMPACT = re.compile(r"(C|App|R)([0-9]+[A-Z]?)((?:\.[0-9A-Za-z]+)*)")
_PLAIN_WORDED = re.compile(r"([A-Za-z][A-Za-z]+(?:-[A-Za-z]+)?) ([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)")


def _plain_parts(text: str) -> list[tuple[str | None, _Part]] | None:
    """The parts of the two commonest plain forms, without the grammar, or None.

    "C4.II.2.B.i" and "Chapter 4, Clause II, rule 2.B.i" (no pages, lists, ranges or direction
    words) make up most citations in motions and rule text; reading them directly doubles the
    speed of parsing a motion. Anything else goes to the grammar, and a test checks that both
    paths read these forms alike.
    """
    compact = _PLAIN_COMPACT.fullmatch(text)
    if compact is not None:
        labels = (compact.group(1) + compact.group(2), *filter(None, compact.group(3).split(".")))
        return [(None, _Part("compact", None, labels, 1))]
    parts: list[tuple[str | None, _Part]] = []
    column = 1
    for piece in text.split(", "):
        part = _plain_worded(piece, column)
        if part is None:
            return None
        parts.append(("comma" if parts else None, part))
        column += len(piece) + 2
    return parts


@lru_cache(maxsize=4096)
def _plain_worded(piece: str, column: int) -> _Part | None:
    """ "Clause II" at `column` as a part, or None. Remembered: the pieces of citations repeat
    far more than the citations ("Clause II", "rule 2.B.i" under every chapter)."""
    worded = _PLAIN_WORDED.fullmatch(piece)
    if worded is None or worded.group(1).lower() in _KEYWORDS:
        return None
    return _Part("worded", worded.group(1), tuple(worded.group(2).split(".")), column)


#: Words the grammar reads as keywords, never as level words.
_KEYWORDS = frozenset({"this", "these", "of", "above", "below", "following", "and", "or", "to"})


def parse_reference(
    text: str,
    *,
    scheme: Scheme | None = None,
    context: Address | None = None,
    filename: str = "<citation>",
) -> Reference:
    """Read a citation, with its lists and ranges, into a `Reference`.

    `context` is the provision the citation appears in (or the one a motion already named): it
    resolves relative citations such as "this clause", "Clause I.1.A above" and "sub-rule C".
    Readings are memoised: an agenda cites the same provisions again and again, and the result
    is a frozen value (errors are not memoised, so each is reported with its own file name).
    """
    scheme = scheme or (context.scheme if context is not None else default_scheme())
    try:
        return _reference(text, scheme, context, filename)
    except Unreadable as exc:
        raise exc.error() from None


def read_reference(text: str, context: Address) -> Reference | None:
    """`parse_reference(text, context=context)`, or None where that raises an `AddressError`.

    For a scan that tries many phrases which turn out not to be citations (rule text: "rule
    of", "Clause a"): it needs no error for those, and making one (a source, a span, an
    excerpt, a hint) cost as much as the reading."""
    if _hopeless(text.strip(), context.scheme):
        return None
    try:
        return _reference(text, context.scheme, context, "<citation>")
    except (Unreadable, AddressError):
        return None


@lru_cache(maxsize=4096)
def _hopeless(stripped: str, scheme: Scheme) -> bool:
    """True if `_reference` fails on `stripped` in every context: it does not parse, or one of
    its parts names no level or has labels that fit no level (`_reference` raises for any such
    part it reaches, and it reaches every part unless it raises first). The scan's phrases
    that are not citations mostly fail so, and repeat ("rule of", "Clause a")."""
    try:
        parts, _ = _syntax(stripped)
    except UnexpectedInput:
        return True
    for _, part in parts:
        if part.kind == "this":
            continue
        word = part.word
        if word is not None and not _word_levels(word, scheme) and word.lower() not in _RULE:
            return True
        if not _candidates(part.kind, word, part.labels, scheme)[1]:
            return True
    return False


_RULE = ("rule", "rules")


@lru_cache(maxsize=4096)
def _syntax(stripped: str) -> tuple[tuple[tuple[str | None, _Part], ...], dict[str, object]]:
    """The parts of a citation and its qualifiers: read plainly or by the grammar. Remembered
    by the text alone: rule text repeats a citation in many provisions, each a different
    context for `_reference`. (The qualifiers are only read, never changed.)"""
    fast = _plain_parts(stripped)
    if fast is not None:
        return tuple(fast), {}
    parts, extra = _collect_parts(_parse(stripped))
    return tuple(parts), extra


@lru_cache(maxsize=8192)
def _reference(text: str, scheme: Scheme, context: Address | None, filename: str) -> Reference:
    stripped = text.strip()
    try:
        parts, extra = _syntax(stripped)
    except UnexpectedInput as exc:
        raise Unreadable(partial(syntax_error, exc, stripped, filename)) from None
    absolute_only = "of_these" in extra
    if "of_this" in extra and context is not None:
        context = _this_level(str(extra["of_this"]), scheme, context, 1).address
    of_part = extra.get("of_part")
    if isinstance(of_part, _Part):
        # "sub-rules C to I of rule 1": the targets sit inside the provision the "of" names.
        owners = _place(of_part, scheme, context, absolute_only=False, prefer_start=None)
        if owners:
            context = owners[0].address

    targets: list[Cited | CitedRange] = []
    current: list[_Reading] = []
    range_from: Cited | None = None
    for separator, part in parts:
        if part.kind == "this":
            assert part.word is not None
            readings = [_this_level(part.word, scheme, context, part.column)]
        else:
            if (
                part.word is not None
                and not _word_levels(part.word, scheme)
                and part.word.lower() not in ("rule", "rules")
            ):
                raise Unreadable(
                    partial(unknown_word, part.word, part.column, scheme, stripped, filename)
                )
            base = current[0].address if (current and separator is not None) else context
            readings = _place(
                part,
                scheme,
                base,
                absolute_only=absolute_only and separator is None,
                # A list item names a sibling of the provision before it: "rule 1 and 2",
                # "Clause IV.5 and IV.6", "Chapters 1, 2 or 6".
                prefer_start=max(0, current[0].address.depth - len(part.labels))
                if current and separator in ("also", "through", "comma")
                else None,
            )
        if not readings:
            raise Unreadable(
                partial(unreadable, part.column, scheme, bool(context), stripped, filename)
            )
        head = current[0].address if current else None
        continuing = (
            separator == "comma"
            and head is not None
            and (
                readings[0].start == head.depth
                # ... or a level further down, the levels between skipped ("section 2,
                # item 1" where items may stand directly under a section).
                or (
                    readings[0].start > head.index + 1
                    and readings[0].address.truncate(head.depth) == head
                )
            )
        )
        if continuing:
            start = readings[0].start
            readings = [r for r in readings if r.start == start]
        if separator is None or continuing:
            current = readings
            continue
        finished = Cited(tuple(r.address for r in current), stripped)
        if range_from is not None:
            targets.append(CitedRange(range_from, finished))
            range_from = None
        elif separator == "through":
            range_from = finished
        else:
            targets.append(finished)
        current = readings
    if current:
        last = Cited(tuple(r.address for r in current), stripped)
        targets.append(CitedRange(range_from, last) if range_from is not None else last)
    page = extra.get("page")
    direction = extra.get("direction")
    return Reference(
        text=stripped,
        targets=tuple(targets),
        page=page if isinstance(page, int) else None,
        direction=direction if isinstance(direction, str) else None,
    )


def parse_citation(
    text: str,
    *,
    scheme: Scheme | None = None,
    context: Address | None = None,
    filename: str = "<citation>",
) -> Cited:
    """Read a citation of exactly one provision ("Chapter 4, Clause II, rule 2.B.i")."""
    reference = parse_reference(text, scheme=scheme, context=context, filename=filename)
    if len(reference.targets) != 1 or isinstance(reference.targets[0], CitedRange):
        raise AddressError(
            error(
                "address-not-single",
                f"'{text.strip()}' cites more than one provision",
                hint="name one provision here",
            )
        )
    target = reference.targets[0]
    assert isinstance(target, Cited)
    return target


def parse_address(
    text: str, *, scheme: Scheme | None = None, context: Address | None = None
) -> Address:
    """The best reading of a citation of one provision, without a rule book to check it."""
    return parse_citation(text, scheme=scheme, context=context).address
