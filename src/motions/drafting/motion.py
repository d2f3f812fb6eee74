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

    __reduce__ = constructed  # pickled by its constructor: see motions.source

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
