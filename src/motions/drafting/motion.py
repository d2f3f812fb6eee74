"""Motions and their operations: a small closed union of frozen types.

A motion is what a CLP, an affiliate or the NEC submits: a header (title, proposer, edition,
card vote, package), the location it amends with the current text it quotes ("reads as
follows"), one or more operations, optionally the text it claims will result ("the amended rule
will read"), and a supporting argument kept as prose.

Every operation type below is consumed by `apply`, the canonical renderer and the conflict
checker; adding one means teaching all three. Positions (`span`) are kept for diagnostics and
left out of equality.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from motions.book.address import Address
from motions.book.location import address_of
from motions.book.numbering import Scheme
from motions.drafting.quoting import Quoted
from motions.source import Span, constructed


@attrs.frozen
class Location:
    """A cited provision: its best reading, the other readings a book may need, the page hint."""

    address: Address
    alternatives: tuple[Address, ...] = attrs.field(default=(), eq=False, repr=False)
    page: int | None = attrs.field(default=None, eq=False)
    text: str = attrs.field(default="", eq=False, repr=False)
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def readings(self) -> tuple[Address, ...]:
        return (self.address, *self.alternatives)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled by its fields, its address by the address's own: rebuilt by `address_of`
        (the address was checked when first made), not by attrs' `__setstate__`, which took a
        third of the time of unpickling a large agenda's motions from the parse workers."""
        address = self.address
        return _location, (
            address.root,
            address.labels,
            address.scheme,
            address.at,
            self.alternatives,
            self.page,
            self.text,
            self.span,
        )


def _location(
    root: str,
    labels: tuple[str, ...],
    scheme: Scheme,
    at: tuple[int, ...] | None,
    alternatives: tuple[Address, ...],
    page: int | None,
    text: str,
    span: Span | None,
) -> Location:
    """A pickled `Location` rebuilt (see `Location.__reduce__`)."""
    return Location(address_of(root, labels, scheme, at), alternatives, page, text, span)


class Position(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    START = "start"
    END = "end"


@attrs.frozen
class Anchor:
    """Quoted words in a provision: which occurrence (1-based, -1 the last), or every one."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    words: Quoted
    occurrence: int | None = None
    every: bool = False
    #: Limit the search to one sentence (1-based, -1 the last), as in "in the third sentence".
    sentence: int | None = None
    #: "At the start (end) of the last sentence": the occurrence nearest that edge.
    edge: Position | None = None


@attrs.frozen
class ReplaceWords:
    """Delete 'X' and insert 'Y' / Replace 'X' with 'Y' / For 'X' substitute 'Y'."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    anchor: Anchor
    new: Quoted
    target: Location | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class DeleteWords:
    """Delete 'X' (wherever it occurs)."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    anchor: Anchor
    target: Location | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class InsertWords:
    """After 'X' insert 'Y' / Insert before 'X': 'Y' / At the end add 'Y'."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    position: Position
    new: Quoted
    anchor: Anchor | None = None  # None for the start or end of the provision (or sentence)
    target: Location | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    #: With no anchor: "at the end of the first sentence insert ..." (1-based, -1 the last).
    sentence: int | None = None


@attrs.frozen
class ReplaceQuoted:
    """Delete these words and replace them with 'Y': replaces the text quoted as the location."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    new: Quoted
    target: Location | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class ReplaceSentence:
    """Replace the fifth sentence, which reads 'X', with: 'Y' (1-based; -1 the last)."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    sentence: int
    new: Quoted
    expected: Quoted | None = None
    target: Location | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class InsertProvision:
    """Insert a new sub-clause I after sub-clause H, as follows: '...'.

    `label` is the new provision's label; `parent` is where it goes; `after`/`before` name the
    sibling it follows or precedes (neither: at the end). `text` is the quoted structure, which
    may hold children of its own.
    """

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    parent: Location
    label: str
    text: Quoted
    after: Location | None = None
    before: Location | None = None
    renumber: bool = False
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class ReplaceProvisions:
    """Replace Clause IV.5 and IV.6 with the following: '5. ... A. ... 6. ...'."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    targets: tuple[Location, ...]
    text: Quoted
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class DeleteProvisions:
    """Delete rule 2.B.iii (and renumber accordingly)."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    targets: tuple[Location, ...]
    renumber: bool = False
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Consequential:
    """'Consequential amendments wherever X is mentioned': names no location (a drafting smell)."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    words: Quoted | None
    wording: str = attrs.field(eq=False, default="")
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


Operation = (
    ReplaceWords
    | DeleteWords
    | InsertWords
    | ReplaceQuoted
    | ReplaceSentence
    | InsertProvision
    | ReplaceProvisions
    | DeleteProvisions
    | Consequential
)

TEXT_OPERATIONS = (ReplaceWords, DeleteWords, InsertWords, ReplaceQuoted, ReplaceSentence)
PROVISION_OPERATIONS = (InsertProvision, ReplaceProvisions, DeleteProvisions)


@attrs.frozen
class Header:
    """The motion's header lines."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    title: str | None = None
    proposer: str | None = None
    edition: str | None = None
    card_vote: str | None = None
    package: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    #: Free-text lines before the drafting: a title with no key, the submitting body's name.
    heading: tuple[str, ...] = ()

    @property
    def is_nec(self) -> bool:
        """The NEC's own amendments are taken first and may span several clauses."""
        proposer = (self.proposer or "").lower()
        return proposer in ("nec", "the nec") or "national executive" in proposer


@attrs.frozen
class Motion:
    """One rule change as submitted."""

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled flat when it is of the commonest kind (`_pack_motion`), else by its
        constructor (see motions.source)."""
        return _reduce_motion(self)

    header: Header
    location: Location | None
    operations: tuple[Operation, ...]
    reads: Quoted | None = None
    will_read: Quoted | None = None
    argument: str | None = attrs.field(default=None, eq=False)
    #: Where it came from: the file and its number in the file ("agenda.motion#3").
    source: str = attrs.field(default="<motion>", eq=False)
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    #: Statements that change nothing ("Make no changes to sub-clauses A to E"), as written.
    statements: tuple[str, ...] = attrs.field(default=(), eq=False)

    @property
    def title(self) -> str | None:
        """The title: the `Title:` header, else the first free-text heading line."""
        return self.header.title or (self.header.heading[0] if self.header.heading else None)

    @property
    def name(self) -> str:
        """How reports name it: card vote and title where known, else its source."""
        pieces = []
        if self.header.card_vote:
            pieces.append(f"CV {self.header.card_vote}")
        if self.title:
            pieces.append(self.title)
        return " ".join(pieces) or self.source

    def target_of(self, operation: Operation) -> Location | None:
        """The location an operation acts on: its own, else the motion's."""
        own = getattr(operation, "target", None)
        return own if isinstance(own, Location) else self.location


# -- sending a motion from a parse worker ------------------------------------------------------


def _pack_motion(motion: Motion) -> tuple[object, ...] | None:
    """The commonest motion (one word operation at its own citation, no location of its own)
    as one flat tuple of plain values, or None.

    Pickling a motion value by value calls a Python `__reduce__` for each of its eleven or so
    values (the motion, its header, operation, anchor, quotes, location and five spans): most
    of what a parse worker spends sending a large agenda back. A flat tuple of strings and
    numbers is pickled by pickle's own C code, and `_unpack_motion` builds the same values
    with the same constructors (a test compares every field)."""
    if motion.location is not None or motion.reads is not None or motion.will_read is not None:
        return None
    if len(motion.operations) != 1 or motion.span is None:
        return None
    operation: Any = motion.operations[0]  # one of the three word operations, below
    kind = type(operation)
    if kind is InsertWords:
        head: tuple[object, ...] = (
            "I",
            operation.position.value,
            operation.sentence,
            *_quoted(operation.new),
        )
    elif kind is ReplaceWords:
        head = ("R", None, None, *_quoted(operation.new))
    elif kind is DeleteWords:
        head = ("D", None, None, None, None, None, None, None, None, None)
    else:
        return None
    anchor: Anchor | None = operation.anchor  # None: at the start or end ("At the end add")
    target: Location | None = operation.target
    span: Span | None = operation.span
    if target is None or target.span is None or span is None:
        return None
    if anchor is None:
        words: tuple[object, ...] = (None,) * 11
    elif anchor.words.span is None:
        return None
    else:
        edge = anchor.edge.value if anchor.edge is not None else None
        words = (*_quoted(anchor.words), anchor.occurrence, anchor.every, anchor.sentence, edge)
    header = motion.header
    address = target.address
    return (
        *head,
        *words,
        address.root,
        address.labels,
        address.scheme,
        address.at,
        target.alternatives,
        target.page,
        target.text,
        *_span(target.span),
        *_span(span),
        header.title,
        header.proposer,
        header.edition,
        header.card_vote,
        header.package,
        header.extra,
        header.heading,
        motion.argument,
        motion.source,
        motion.statements,
        *_span(motion.span),
    )


def _quoted(quoted: Quoted) -> tuple[object, ...]:
    span = quoted.span
    if span is None:
        return (quoted.text, quoted.raw, None, None, None, None, None)
    return (quoted.text, quoted.raw, *_span(span))


def _span(span: Span) -> tuple[object, ...]:
    return (span.filename, span.line, span.column, span.length, span.line_text)


_POSITIONS = {position.value: position for position in Position}


def _unpack_motion(flat: tuple[Any, ...]) -> Motion:
    """A motion `_pack_motion` packed, rebuilt with its values' own constructors."""
    (kind, position, sentence, n_text, n_raw, n_file, n_line, n_column, n_length, n_line_text,
     w_text, w_raw, w_file, w_line, w_column, w_length, w_line_text,
     occurrence, every, anchor_sentence, edge,
     root, labels, scheme, at, alternatives, page, text,
     t_file, t_line, t_column, t_length, t_line_text,
     o_file, o_line, o_column, o_length, o_line_text,
     title, proposer, edition, card_vote, package, extra, heading,
     argument, source, statements,
     m_file, m_line, m_column, m_length, m_line_text) = flat  # fmt: skip
    anchor = (
        None
        if w_text is None
        else Anchor(
            Quoted(w_text, w_raw, Span(w_file, w_line, w_column, w_length, w_line_text)),
            occurrence,
            every,
            anchor_sentence,
            None if edge is None else _POSITIONS[edge],
        )
    )
    target = _location(
        root,
        labels,
        scheme,
        at,
        alternatives,
        page,
        text,
        Span(t_file, t_line, t_column, t_length, t_line_text),
    )
    span = Span(o_file, o_line, o_column, o_length, o_line_text)
    operation: Operation
    if kind == "D":
        operation = DeleteWords(anchor, target, span)  # type: ignore[arg-type]
    else:
        new_span = None if n_file is None else Span(n_file, n_line, n_column, n_length, n_line_text)
        new = Quoted(n_text, n_raw, new_span)
        if kind == "R":
            operation = ReplaceWords(anchor, new, target, span)  # type: ignore[arg-type]
        else:
            operation = InsertWords(_POSITIONS[position], new, anchor, target, span, sentence)
    return Motion(
        Header(title, proposer, edition, card_vote, package, extra, heading),
        None,
        (operation,),
        None,
        None,
        argument,
        source,
        Span(m_file, m_line, m_column, m_length, m_line_text),
        statements,
    )


def _reduce_motion(motion: Motion) -> tuple[object, tuple[object, ...]]:
    """`Motion.__reduce__`: the commonest motions packed flat (`_pack_motion`), any other
    value by value (`motions.source.constructed`)."""
    flat = _pack_motion(motion)
    if flat is None:
        return constructed(motion)
    return _unpack_motion, (flat,)
