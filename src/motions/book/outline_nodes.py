"""The outline parser's working values: provisions under construction and what it returns.

Kept apart from the parser (`motions.book.outline`) so that its error reports
(`motions.book.outline_errors`) can name them without importing the parser.
"""

from __future__ import annotations

import re

import attrs

from motions.book.address import Address
from motions.book.location import AddressBuilder
from motions.book.numbering import LabelKey, Level, Scheme
from motions.book.rulebook import Provision, ProvisionBuilder, Rulebook
from motions.errors import Diagnostic, Severity
from motions.source import Span

_new = object.__new__


@attrs.define
class Node:
    """A provision under construction (mutable while the parser is on it)."""

    root: str
    labels: tuple[str, ...]
    key: LabelKey
    heading: str | None
    text: list[str]
    span: Span
    page: int | None
    children: list[Node] = attrs.field(factory=list)
    #: The sequence index of each label's level, where the book skips a level (else None).
    at: tuple[int, ...] | None = None
    #: Text after the children that belongs to this provision ("[2.] ..." lines).
    #: (None until a "[2.]" line names it: most provisions have none.)
    closing: list[str] | None = None

    @property
    def pad(self) -> int:
        """How far its line is indented (columns of leading white space). Read from the
        line when asked, which is only where two readings of a bare label fit in a file that
        indents its lists (`Labels.lined_up`), not worked out for every line."""
        line = self.span.line_text
        return len(line) - len(line.lstrip())

    @property
    def index(self) -> int:
        """The index in the scheme's sequence of this provision's level."""
        return self.at[-1] if self.at is not None else len(self.labels) - 1

    def positions(self) -> tuple[int, ...]:
        return self.at if self.at is not None else tuple(range(len(self.labels)))

    def freeze(
        self, scheme: Scheme, index: list[Address | Provision | None] | None = None
    ) -> Provision:
        """The frozen provision, children first; each value is built once, directly (the
        parser has checked every label and level, which is all the constructors would do:
        `address_of`, `provision_of`, whose slot setting is repeated here because a parse
        freezes one provision per line). With `index`, every provision's address and the
        provision are added to that flat list, in document order (the place taken before the
        children, filled after them): `dict(zip(flat, flat))` of an iterator over it is the
        book's address index, one hash per address and no pair objects."""
        address = _new(AddressBuilder)
        root, labels, at = self.root, self.labels, self.at
        address.root = root
        address.labels = labels
        address.scheme = scheme
        address.at = at
        address._hash = hash((root, labels, at))  # as `Address.__hash__` computes it
        address.__class__ = Address
        place = -1
        if index is not None:
            place = len(index) + 1
            index += (address, None)
        kids = self.children
        children = tuple([child.freeze(scheme, index) for child in kids]) if kids else ()
        text = self.text
        provision = _new(ProvisionBuilder)
        provision.address = address
        provision.label = labels[-1]
        provision.heading = self.heading
        provision.text = text[0] if len(text) == 1 else joined(text)
        provision.children = children
        provision.span = self.span
        provision.page = self.page
        provision.closing = joined(self.closing) if self.closing else ""
        provision.__class__ = Provision
        if index is not None:
            index[place] = provision
        return provision  # type: ignore[no-any-return]


#: A paragraph break among a provision's pieces of text (a blank line between two lines).
BREAK = "\n"


def joined(pieces: list[str]) -> str:
    """Lines of one provision joined with a space, paragraphs with a line break."""
    if BREAK not in pieces:
        return " ".join(pieces)
    paragraphs: list[list[str]] = [[]]
    for piece in pieces:
        if piece == BREAK:
            paragraphs.append([])
        else:
            paragraphs[-1].append(piece)
    return "\n".join(" ".join(p) for p in paragraphs if p)


#: One way to read a bare label: the sequence index it takes, its level, its key, the match,
#: the open provision it would stand under (None: a top) and the provision it would follow in
#: that list (None: it starts the list).
Reading = tuple[int, Level, LabelKey, re.Match[str], "Node | None", "Node | None"]


@attrs.frozen
class Outline:
    """What the outline parser made of a text: the book (if it could) and every diagnostic."""

    rulebook: Rulebook | None
    diagnostics: tuple[Diagnostic, ...]
    #: Bare labels that more than one reading fitted, decided by the rule (deepest first) and
    #: not by the file's indentation: (line, the label as written, the reading taken, the
    #: others). The importers turn these into warnings naming the page.
    ambiguities: tuple[tuple[int, str, str, tuple[str, ...]], ...] = ()

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)
