"""Cross-references inside rule text: found, read, and resolved to provisions.

Rule text cites other rules constantly and in many ways: "Clause I.1.A above", "rules 2 to 11
below", "this clause", "chapter 5 of these rules", "Chapters 1, 2 or 6". A regex built from the
scheme's level words finds where a citation may start and how far it may run; the address
grammar reads it, backing off clause by clause when a trailing "and a member" turns out not to
be part of it; the book resolves each cited provision, a range to every sibling between its
ends. What resolves to nothing is reported, never dropped: the conflict checker builds its
graph from these edges.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import accumulate

import attrs

from motions.book.address import Address, Cited, CitedRange, Reference, read_reference
from motions.book.numbering import Scheme
from motions.book.rulebook import Provision, Rulebook
from motions.errors import Diagnostic, warning
from motions.source import Span

_LABEL = r"(?:[0-9]+(?:\s\([A-Z]\)|[A-Za-z]{1,2})?|[IVXLCDM]+|[ivxlcdm]+|[A-Z]{1,2}|[a-z])"
_PATH = rf"{_LABEL}(?:\.{_LABEL})*(?:\([a-z0-9]{{1,4}}\))*(?![\w])"
_TAIL = (
    r"(?:\s+(?:above\s+and\s+following|above|below|of\s+this\s+\w+|of\s+these\s+rules"
    rf"|of\s+(?:rule|clause|sub-rule|chapter)\s+{_PATH}(?:\s+(?:above|below))?))?"
)


@cache
def _patterns(scheme: Scheme) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = sorted(
        {w for level in (*scheme.levels, *scheme.tops) for w in level.words}, key=len, reverse=True
    )
    word = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    prefixes = [level.compact.format(label="") for level in scheme.roots if level.compact]
    compacts = "|".join(re.escape(prefix) for prefix in prefixes)
    # The characters a citation can open with, as a lookahead: without it the engine tries the
    # whole alternation of level words at every character of the text (twice as slow).
    openings = {w[0] for w in (*words, "this", *prefixes) if w} | (
        set("0123456789") if "" in prefixes else set()
    )
    opening = "".join(sorted(re.escape(c) for c in openings))
    head = re.compile(
        rf"(?=[{opening}])\b(?:this\s+{word}\b|{word}\s+{_PATH}"
        rf"|(?:{compacts})[0-9]+[A-Z]?(?:\.{_LABEL})*(?![\w]))",
        re.IGNORECASE,
    )
    more = re.compile(
        rf"(?:\s*,\s*|\s*,?\s+(?:and|or|to|and/or)\s+|\s*[-–]\s*)(?:{word}\s+)?{_PATH}",
        re.IGNORECASE,
    )
    return head, more


@attrs.frozen
class CrossReference:
    """A citation inside one provision's text, and the provisions it resolves to."""

    source: Address
    text: str
    start: int  # offset of the citation in the provision's text
    end: int
    targets: tuple[Address, ...]
    unresolved: tuple[str, ...] = ()
    direction: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def resolved(self) -> bool:
        return not self.unresolved


@attrs.frozen
class References:
    """Every cross-reference in a text or a book, and a diagnostic for each that is broken."""

    references: tuple[CrossReference, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    def citing(self, address: Address) -> tuple[CrossReference, ...]:
        """The references whose targets include `address` (what cites it)."""
        return tuple(r for r in self.references if address in r.targets)

    def from_(self, address: Address) -> tuple[CrossReference, ...]:
        """The references written in the provision at `address` (what it cites)."""
        return tuple(r for r in self.references if r.source == address)


@cache
def _tail() -> re.Pattern[str]:
    return re.compile(_TAIL, re.IGNORECASE)


_Trie = dict[str, "_Trie"]


def _trie(entries: Iterable[list[str]]) -> str:
    """A pattern matching any of `entries` (each a list of regex atoms), with shared beginnings
    written once: the engine then checks each character once, not once per word."""
    tree: _Trie = {}
    for atoms in entries:
        node = tree
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        body = "|".join(branches)
        if "" in node:
            return f"(?:{body})?" if body else ""
        return body if len(branches) == 1 else f"(?:{body})"

    return emit(tree)


@cache
def _gate(scheme: Scheme) -> re.Pattern[str] | None:
    """Where a citation may start, in the text lower-cased with a space put before it: a
    character that ends a word, then a level word, spaces and what a label can open with
    (`_LABEL_AHEAD`); or "this " or a compact top ("c4").

    A superset of the places where the citation pattern matches: that pattern is case-blind
    and opens with a look-ahead, so the engine tries it at every character, which was most of
    the scan's time. The gate is case-sensitive and opens with a character class, so the
    engine skips from one word boundary to the next in C; the pattern then runs only where
    the gate matched. The class is wider than "not a word character" (every character but
    the ASCII lower-case letters, digits and "_"), which only lets more places through. None
    when a word or prefix is not ASCII: the lower-casing argument (`_starts`) needs them so.
    """
    words = {w.lower() for level in (*scheme.levels, *scheme.tops) for w in level.words}
    prefixes = {level.compact.format(label="").lower() for level in scheme.roots if level.compact}
    if not all(w.isascii() for w in (*words, *prefixes)):
        return None
    entries = [[re.escape(c) for c in w] + [_LABEL_AHEAD] for w in words if w]
    entries += [[*"this", r"\s"]] + [[re.escape(c) for c in p] + ["[0-9]"] for p in prefixes]
    # The boundary character is consumed and the rest looked ahead, so no match hides another.
    return re.compile(f"[^0-9a-z_](?={_trie(entries)})")


#: ASCII text folded for `_ascii_gate`: letters to lower case, digits and "_" kept, every other
#: character (all that are not word characters) to a space.
_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c == 95) else 32
    for c in range(256)
)


@cache
def _ascii_gate(scheme: Scheme) -> re.Pattern[bytes] | None:
    """`_gate` for ASCII text folded by `_FOLD`, with a space put before it: a space, then
    what `_gate` looks for (its words folded alike, "sub-rule" as "sub rule").

    An ASCII character is a word character exactly when `_FOLD` keeps it, so the space before
    a place is the word boundary there; a pattern that opens with a fixed character lets the
    engine jump from one space to the next, a third faster than `_gate`'s class."""
    if _gate(scheme) is None:
        return None
    words = {w.lower() for level in (*scheme.levels, *scheme.tops) for w in level.words}
    prefixes = {level.compact.format(label="").lower() for level in scheme.roots if level.compact}

    def folded(word: str) -> list[str]:
        return [re.escape(chr(c)) for c in word.encode("ascii").translate(_FOLD)]

    entries = [[*folded(w), _LABEL_AHEAD] for w in words if w]
    entries += [[*"this", r"\s"]] + [[*folded(p), "[0-9]"] for p in prefixes]
    return re.compile(f" (?={_trie(entries)})".encode("ascii"))


#: What may follow a level word in the gate: the spaces and the first label of a path, lower
#: case (a digit; one or two letters, or roman letters, then no letter or digit). Wider than
#: `_PATH`, as the gate must be.
_LABEL_AHEAD = r"\s+(?:[0-9]|[a-z]{1,2}(?![0-9a-z_])|[ivxlcdm]+(?![0-9a-z_]))"


#: Characters that a case-blind pattern matches to an ASCII letter but that `str.lower` does
#: not turn into it ("ſ" matches "s", dotless "ı" matches "i"); and "İ", which lower-cases to
#: two characters and would shift every offset after it. A text holding one is scanned plainly.
#: (`tests/test_references_scan.py` checks the list against every Unicode character.)
_UNFOLDED = ("\u017f", "\u0131", "\u0130")


def _starts(text: str, scheme: Scheme) -> Iterator[int] | None:
    """Offsets where the citation pattern may match, in order, or None to scan plainly.

    For an ASCII pattern, a text character matches a pattern letter case-blind exactly when
    its lower case is that letter, except for `_UNFOLDED`; and lower-casing never turns a
    character that is not a word character into one, so the word boundary survives it."""
    gate = _gate(scheme)
    if gate is None:
        return None
    if not text.isascii() and any(c in text for c in _UNFOLDED):
        return None
    # The gate's match at offset i of " " + lowered is the boundary before offset i of text.
    return (m.start() for m in gate.finditer(" " + text.lower()))


#: Texts gated together (a few hundred kilobytes of rule text): one pass of the gate over many
#: short texts instead of a call per text, without a copy of the whole book.
_BATCH = 2000


def _starts_in(texts: list[str], scheme: Scheme) -> Iterator[tuple[int, list[int] | None]]:
    """For each text that may hold a citation, its index and where one may start (None: scan
    that text alone). Texts the gate finds nothing in are left out: most of a book's."""
    gate, ascii_gate = _gate(scheme), _ascii_gate(scheme)
    for first in range(0, len(texts), _BATCH):
        batch = texts[first : first + _BATCH]
        joined = "\n".join(batch)
        matches: Iterator[re.Match[str]] | Iterator[re.Match[bytes]]
        # As in `_starts`: the match at offset i of " " + the text is a start at offset i.
        if ascii_gate is not None and joined.isascii():
            matches = ascii_gate.finditer(b" " + joined.encode("ascii").translate(_FOLD))
        elif gate is not None and not any(c in joined for c in _UNFOLDED):
            matches = gate.finditer(" " + joined.lower())
        else:
            yield from ((first + i, None) for i in range(len(batch)))
            continue
        offsets = list(accumulate((len(t) + 1 for t in batch[:-1]), initial=0))
        found: dict[int, list[int]] = {}
        for match in matches:
            at = match.start()
            index = bisect_right(offsets, at) - 1
            found.setdefault(index, []).append(at - offsets[index])
        yield from ((first + i, found[i]) for i in sorted(found))


def _phrases(
    text: str, scheme: Scheme, starts: Iterable[int] | None = None
) -> Iterator[tuple[int, list[int]]]:
    """Start offsets of candidate citations and their possible end offsets, longest last.

    `starts`: where a citation may start, in order (from `_starts_in`); by default the gate is
    run on `text` alone."""
    head, more = _patterns(scheme)
    candidates = _starts(text, scheme) if starts is None else iter(starts)
    position = 0
    while True:
        if candidates is None:
            match = head.search(text, position)
        else:
            # The first place at or after `position` where the pattern matches: what
            # `head.search` finds, trying only the places the gate lets through.
            match = next(
                (m for at in candidates if at >= position and (m := head.match(text, at))), None
            )
        if match is None:
            return
        ends = [match.end()]
        while True:
            extension = more.match(text, ends[-1])
            if extension is None:
                break
            ends.append(extension.end())
        tail = _tail().match(text, ends[-1])
        if tail and tail.end() > ends[-1]:
            ends.append(tail.end())
        yield match.start(), ends
        position = ends[-1]


def _lookup(cited: Cited, book: Rulebook) -> Provision | None:
    """The first reading the book has (no "nearest" search: a miss is only reported)."""
    return next((p for p in map(book.get, cited.readings) if p is not None), None)


def _expand(target: Cited | CitedRange, book: Rulebook) -> tuple[list[Address], list[str]]:
    """The addresses a target stands for in `book`, and the texts that resolve to nothing."""
    if isinstance(target, Cited):
        found = _lookup(target, book)
        return ([found.address], []) if found else ([], [target.address.compact()])
    first, last = _lookup(target.start, book), _lookup(target.end, book)
    if first is None or last is None:
        return [], [f"{target.start.address.compact()} to {target.end.address.compact()}"]
    parent = book.parent_of(first)
    if parent is None or book.parent_of(last) is not parent:
        siblings = [t for t in book.children if t.address.root == first.address.root]
    else:
        siblings = list(parent.children)
    try:
        i, j = siblings.index(first), siblings.index(last)
    except ValueError:
        return [], [f"{first.address.compact()} to {last.address.compact()}"]
    if i > j:
        return [], [f"{first.address.compact()} to {last.address.compact()} (backwards)"]
    return [p.address for p in siblings[i : j + 1]], []


def _read(text: str, start: int, ends: list[int], context: Address) -> tuple[Reference, int] | None:
    """The longest phrase that reads as a citation, and where it ends."""
    for end in reversed(ends):
        reference = read_reference(text[start:end], context)
        if reference is not None:
            return reference, end
    return None


def references_in(
    text: str, context: Address, book: Rulebook, *, span: Span | None = None
) -> tuple[CrossReference, ...]:
    """The cross-references in `text` written at `context` (a provision, or inserted text)."""
    return tuple(_references(text, context, book, span, None))


def _references(
    text: str, context: Address, book: Rulebook, span: Span | None, starts: list[int] | None
) -> Iterator[CrossReference]:
    for start, ends in _phrases(text, book.scheme, starts):
        read = _read(text, start, ends, context)
        if read is None:
            continue
        reference, end = read
        targets: list[Address] = []
        unresolved: list[str] = []
        for target in reference.targets:
            addresses, missing = _expand(target, book)
            targets.extend(a for a in addresses if a not in targets)
            unresolved.extend(missing)
        yield CrossReference(
            source=context,
            text=text[start:end],
            start=start,
            end=end,
            targets=tuple(targets),
            unresolved=tuple(unresolved),
            direction=reference.direction,
            span=_span_in(span, text[start:end]),
        )


def _span_in(span: Span | None, phrase: str) -> Span | None:
    """The span of `phrase` on the provision's source line, when it is on that line."""
    if span is None:
        return None
    column = span.line_text.find(phrase)
    if column < 0:
        return span
    return attrs.evolve(span, column=column + 1, length=len(phrase))


def find_references(book: Rulebook, provisions: Iterable[Provision] | None = None) -> References:
    """Every cross-reference in the book (or in the given provisions), with broken ones reported."""
    refs: list[CrossReference] = []
    written = [p for p in (provisions if provisions is not None else book.walk()) if p.text]
    for index, starts in _starts_in([p.text for p in written], book.scheme):
        provision = written[index]
        refs.extend(_references(provision.text, provision.address, book, provision.span, starts))
    diagnostics = tuple(
        warning(
            "reference-unresolved",
            f"{ref.source.long()} cites '{ref.text}', which resolves to nothing in "
            f"{book.title} ({', '.join(ref.unresolved)})",
            span=ref.span,
            hint="check the citation against the book, or amend it consequentially",
        )
        for ref in refs
        if ref.unresolved
    )
    return References(tuple(refs), diagnostics)
