"""Inferring a document's numbering scheme from the labels it prints.

A book made by someone else numbers its provisions its own way: "Chapter 4" or a bare "4."
at the top, "4.1." below it, "(a)" or "i." below that. Each labelled line opening a heading or
a provision has a *signature*: its keyword ("Chapter", or none), the punctuation around its
label ("{label}.", "({label})", "{parent}.{label}."), the label's kind (digits, upper or lower
letters) and whether it is set as a heading. Reading the lines in order with a stack of open
levels gives the nesting: a signature not seen before opens a level below the line above it; one
seen before closes the levels below it; a list that restarts at its first label right after an
open list of the same signature is a level below it with the same marker (items and sub-items
both "1.").

The result is ordinary TOML (`scheme_toml`), parsed by `parse_scheme`, so the imported book can
carry it (`numbering.embedded_lines`) and a person can read and correct it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from motions.book.numbering import (
    Level,
    Scheme,
    Style,
    available_schemes,
    from_letters,
    from_roman,
    load_scheme,
    parse_scheme,
)
from motions.importers.layout import Block, BlockKind, Labels

#: Words that open a heading with a label after them, as real documents print them.
KEYWORDS = (
    "Chapter", "Part", "Section", "Clause", "Rule", "Article", "Appendix", "Schedule", "Annex",
    "Title", "Division", "Exhibit",
)  # fmt: skip
#: Keywords of divisions that stand beside the main sequence, as the model book's appendices do.
SIDE_KEYWORDS = ("Appendix", "Schedule", "Annex", "Exhibit")

_LABEL = r"(?:\d+|[IVXLCDM]+|[ivxlcdm]+|[A-Z]{1,2}|[a-z]{1,2})"
_KEYED = re.compile(rf"({'|'.join(KEYWORDS)})\s+({_LABEL})([.:]?)(?:\s|$)")
_DOTTED = re.compile(rf"({_LABEL})\.(\d+)(\.?)(?:\s|$)")
_BRACKETED = re.compile(rf"\(({_LABEL})\)(?:\s|$)")
_PUNCTUATED = re.compile(rf"({_LABEL})([.)])(?:\s|$)")


@attrs.frozen
class Signature:
    """How one level's line opens: keyword, marker shape, the kind of label, heading or not."""

    keyword: str
    marker: str  # "Chapter {label}", "{label}.", "({label})", "{parent}.{label}."
    case: str  # "digit", "upper" or "lower"
    heading: bool


@attrs.frozen
class Opening:
    """A labelled line's signature and label."""

    signature: Signature
    label: str


def _case(label: str) -> str:
    return "digit" if label.isdigit() else "upper" if label.isupper() else "lower"


def opening(text: str, *, heading: bool) -> Opening | None:
    """The signature and label a line opens with, or None when it opens with no label."""
    match = _KEYED.match(text)
    if match:
        keyword, label, punct = match.groups()
        sig = Signature(keyword, f"{keyword} {{label}}{punct}", _case(label), heading)
        return Opening(sig, label)
    match = _DOTTED.match(text)
    if match:
        _parent, label, punct = match.groups()
        return Opening(Signature("", f"{{parent}}.{{label}}{punct}", "digit", heading), label)
    match = _BRACKETED.match(text)
    if match:
        label = match.group(1)
        return Opening(Signature("", "({label})", _case(label), heading), label)
    match = _PUNCTUATED.match(text)
    if match:
        label, punct = match.groups()
        return Opening(Signature("", f"{{label}}{punct}", _case(label), heading), label)
    return None


def _ordinal(label: str) -> int | None:
    """The label's number, reading letters as letters (roman is decided per level later)."""
    if label.isdigit():
        return int(label)
    return from_letters(label.lower())


@attrs.define
class _Level:
    signature: Signature
    markers: list[str]
    labels: Counter[str] = attrs.field(factory=Counter)
    headings: int = 0
    lines: int = 0
    starts_at_zero: bool = False
    side: bool = False
    children_depth: int | None = None  # a side level's children: the depth they number from
    optional: bool = False  # skipped somewhere: the level below also stands right above it


def _depth(
    levels: Sequence[_Level], stack: Sequence[int | None], sig: Signature, ordinal: int | None
) -> int:
    """The depth a line with this signature and number stands at, given the open levels."""
    at = [d for d in range(min(len(stack), len(levels))) if levels[d].signature == sig]
    if at and ordinal is not None:
        # The deepest open list this label continues ...
        for d in reversed(at):
            last = stack[d]
            if last is not None and ordinal == last + 1:
                return d
        # ... else a list restarting right below an open one with the same marker.
        if ordinal in (0, 1) and at[-1] == len(stack) - 1:
            return len(stack)
        return at[-1]
    if at:
        return at[-1]
    known = [d for d, level in enumerate(levels) if level.signature == sig]
    return known[0] if known else len(stack)


def _style(level: _Level) -> Style:
    case = level.signature.case
    if case == "digit":
        return Style.ARABIC
    labels = [label.lower() for label in level.labels]
    # Every list holds its first label: a letter list "a" (not a numeral), a roman one "i".
    roman = all(from_roman(x) is not None for x in labels)
    if case == "upper":
        return Style.UPPER_ROMAN if roman else Style.UPPER_LETTER
    return Style.LOWER_ROMAN if roman else Style.LOWER_LETTER


_NAMES = ("section", "subsection", "paragraph", "item", "sub-item", "point", "sub-point")


def _bare_side(levels: Sequence[_Level], sides: Sequence[_Level], item: Opening) -> bool:
    """Whether a heading written as a bare label is an appendix beside the top level: it opens
    like the top level ("A." beside "9.") but with letters, and the first is "A"."""
    sig = item.signature
    if sig.keyword or not sig.heading or not levels:
        return False
    top = levels[0].signature
    if not top.heading or top.marker != sig.marker or top.case == sig.case:
        return False
    return any(s.signature == sig for s in sides) or item.label == "A"


def infer_scheme(openings: Iterable[Opening], *, name: str = "inferred") -> Scheme | None:
    """The scheme that the labelled lines, in reading order, follow; None if there are none."""
    levels: list[_Level] = []
    sides: list[_Level] = []
    stack: list[int | None] = []  # the last ordinal at each open depth (None: skipped)
    pending: _Level | None = None  # a side heading whose first child is still to come
    for item in openings:
        sig = item.signature
        ordinal = _ordinal(item.label)
        if (sig.keyword in SIDE_KEYWORDS and sig.heading) or _bare_side(levels, sides, item):
            side = next((s for s in sides if s.signature == sig), None)
            if side is None:
                side = _Level(sig, [sig.marker], side=True)
                sides.append(side)
            side.labels[item.label] += 1
            stack = []  # what follows an appendix heading numbers from its own level
            pending = side
            continue
        depth = _depth(levels, stack, sig, ordinal)
        first_list = next((d for d, lv in enumerate(levels) if not lv.signature.heading), None)
        if (
            depth >= len(levels)
            and "{parent}" in sig.marker
            and sig.heading
            and first_list is not None
            and 0 < first_list < depth
        ):
            # A numbered heading ("2.1.") first seen below a list that stood directly under
            # the heading above ("2." with items "1." ...): it is the level between them,
            # which the first list skipped.
            depth = first_list
            levels.insert(depth, _Level(sig, [sig.marker], optional=True))
            for side in sides:
                if side.children_depth is not None and side.children_depth >= depth:
                    side.children_depth += 1
            stack = stack[:depth]
        after_side = pending is not None
        if pending is not None:
            pending.children_depth = pending.children_depth or max(depth, 1)
            pending = None
        if depth >= len(levels):
            depth = len(levels)
            levels.append(_Level(sig, [sig.marker]))
        level = levels[depth]
        if sig.marker not in level.markers:
            level.markers.append(sig.marker)
        level.labels[item.label] += 1
        level.lines += 1
        level.headings += sig.heading
        if ordinal == 0 and (len(stack) <= depth or stack[depth] is None):
            level.starts_at_zero = True
        if stack and not after_side:  # below an appendix, its children's level is decided
            for skipped in range(len(stack), depth):
                levels[skipped].optional = True
        stack = [*stack[:depth], *([None] * (depth - len(stack))), ordinal]
    if not levels:
        return None
    return parse_scheme(scheme_toml(levels, sides, name), filename=f"{name}.toml")


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _level_toml(level: _Level, word: str, table: str) -> list[str]:
    sig = level.signature
    heading = level.headings * 2 >= max(level.lines, 1) or level.side
    out = [
        f"[[{table}]]",
        f"name = {_toml_string(word)}",
        f"style = {_toml_string(_style(level).value)}",
        "markers = [" + ", ".join(_toml_string(m) for m in level.markers) + "]",
        f"long = {_toml_string((sig.keyword or word) + ' {label}')}",
        f"id = {_toml_string(word[:3] + word[-1])}",
        f"words = [{_toml_string(word)}, {_toml_string(word + 's')}]",
    ]
    if heading:
        out.append("heading = true")
    if level.starts_at_zero:
        out.append("start = 0")
    if level.optional:
        out.append("optional = true")
    return out


def _names(levels: Sequence[_Level]) -> list[str]:
    """A distinct name per level: its keyword, else a common word for its depth."""
    names: list[str] = []
    for depth, level in enumerate(levels):
        generic = _NAMES[depth] if depth < len(_NAMES) else f"level-{depth + 1}"
        word = level.signature.keyword.lower() or generic
        names.append(word if word not in names else f"{word}-{depth + 1}")
    return names


def scheme_toml(levels: Sequence[_Level], sides: Sequence[_Level], name: str) -> str:
    """The inferred levels as a scheme's TOML text."""
    out = [
        "# Inferred by `motions import` from the labels the document prints; edit if wrong.",
        f"name = {_toml_string(name)}",
        'description = "inferred from the document"',
    ]
    names = _names(levels)
    for level, word in zip(levels, names, strict=True):
        out += ["", *_level_toml(level, word, "levels")]
    for side in sides:
        word = side.signature.keyword.lower() or "appendix"
        out += ["", *_level_toml(side, word if word not in names else f"{word}-side", "tops")]
        depth = side.children_depth or 1
        if depth < len(levels):
            out.append(f"children_from = {_toml_string(names[depth])}")
    return "\n".join(out) + "\n"


def universal_labels() -> Labels:
    """Every line opening the inference knows, for reading blocks before the scheme is known."""
    bare = re.compile(rf"{_LABEL}[.)]|\({_LABEL}\)|{_LABEL}\.\d+\.?")
    return Labels(KEYWORDS, bare)


def scheme_of_blocks(blocks: Iterable[Block]) -> Scheme | None:
    """The scheme inferred from an importer's headings and provisions, in reading order."""
    found = []
    for block in blocks:
        if block.kind in (BlockKind.HEADING, BlockKind.PROVISION):
            item = opening(block.text, heading=block.styled or block.kind is BlockKind.HEADING)
            if item is not None:
                found.append(item)
    inferred = infer_scheme(found)
    return None if inferred is None else shipped_match(inferred) or inferred


def _fits(inferred: Level, shipped: Level) -> bool:
    return (
        inferred.style is shipped.style
        and inferred.heading == shipped.heading
        and set(inferred.markers) <= set(shipped.markers)
        and inferred.start == shipped.start
        and inferred.optional == shipped.optional
    )


def shipped_match(inferred: Scheme) -> Scheme | None:
    """A shipped scheme the inferred one is a part of, level by level: it reads the book the
    same way, and its name and citation words are better than inferred ones."""
    for name in available_schemes():
        shipped = load_scheme(name)
        if len(inferred.levels) > len(shipped.levels):
            continue
        if not all(_fits(a, b) for a, b in zip(inferred.levels, shipped.levels, strict=False)):
            continue
        if all(any(_fits(side, top) for top in shipped.tops) for side in inferred.tops):
            return shipped
    return None
