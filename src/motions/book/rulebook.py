"""The rule book as a tree of frozen values: `Rulebook` and its `Provision`s.

Provisions compare by address, label, heading, text and children; where they were written
(`span`) and printed (`page`) are kept but left out of equality, so a book parsed from
differently spaced text, or imported from a PDF, compares equal to its source.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import attrs

from motions.book.address import Address, Cited, parse_citation
from motions.book.location import SKIPPED
from motions.book.numbering import Scheme, load_scheme
from motions.book.values import builder, slot_setters
from motions.contract import envelope
from motions.errors import AddressError, ProvisionNotFoundError, error
from motions.source import Span

T = TypeVar("T")


@attrs.frozen
class Provision:
    """One numbered provision (or chapter, clause, appendix) and everything below it."""

    address: Address
    label: str
    heading: str | None = None
    text: str = ""
    children: tuple[Provision, ...] = ()
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    page: int | None = attrs.field(default=None, eq=False)
    #: Text after the children that belongs to this provision, not to its last child (the
    #: closing paragraph of a section after its list of items). Paragraphs are separated by
    #: "\n" here, as in `text`.
    closing: str = ""

    @property
    def level(self) -> str:
        """The name of this provision's level ("clause", "sub-rule" ...)."""
        return self.address.level.name

    def with_children(self, children: tuple[Provision, ...]) -> Provision:
        """This provision with other children. (Built directly, not with `attrs.evolve`, which
        inspects the class on every call: amending a book does this along every path.)"""
        return provision_of(
            self.address, self.label, self.heading, self.text, children, self.span, self.page,
            self.closing,
        )  # fmt: skip

    def with_text(self, text: str) -> Provision:
        """This provision with other text (see `with_children`)."""
        return provision_of(
            self.address, self.label, self.heading, text, self.children, self.span, self.page,
            self.closing,
        )  # fmt: skip

    def walk(self) -> Iterator[Provision]:
        """This provision and every one below it, in document order.

        With a stack, not recursion: a recursive generator passes each provision up through
        the generator of every provision above it."""
        stack = [self]
        pop, extend = stack.pop, stack.extend
        while stack:
            provision = pop()
            yield provision
            if provision.children:
                extend(reversed(provision.children))

    def full_text(self) -> str:
        """Its own text, all its children's and its closing text, as one string (for word
        counts and search)."""
        return " ".join(
            piece for p in self.walk() for piece in (p.text, p.closing) if piece
        ).replace("\n", " ")

    def title(self) -> str:
        """The marker and heading as printed: "Clause II. Party objects", "2.", "B."."""
        parent = self.address.parent
        marker = self.address.level.marker(self.label, parent.label if parent else "")
        return f"{marker} {self.heading}" if self.heading else marker

    def to_dict(self, *, depth: int | None = None) -> dict[str, object]:
        """Plain data, as `motions show --format json` gives its `provision` (docs/json.md);
        `depth` cuts `children` that many levels down (deeper ones are empty lists)."""
        children: list[object] = []
        if depth is None or depth > 0:
            below = None if depth is None else depth - 1
            children = [c.to_dict(depth=below) for c in self.children]
        return {
            "address": self.address.to_dict(),
            "level": self.level,
            "label": self.label,
            "heading": self.heading,
            "text": self.text,
            "page": self.page,
            "children": children,
            # Only where there is some: most books have none, and their JSON stays as it was.
            **({"closing": self.closing} if self.closing else {}),
        }


#: `Provision` being built (`motions.book.values.builder`): `provision_of`, and the parser's
#: freeze, which repeats it inline.
ProvisionBuilder = builder(
    Provision, ("address", "label", "heading", "text", "children", "span", "page", "closing")
)
_new = object.__new__


def provision_of(
    address: Address,
    label: str,
    heading: str | None,
    text: str,
    children: tuple[Provision, ...],
    span: Span | None,
    page: int | None,
    closing: str,
) -> Provision:
    """`Provision(...)` with every field given, built directly (`motions.book.values`): the
    parser makes one per line of the book and an amendment one per provision on its path."""
    provision = _new(ProvisionBuilder)
    provision.address = address
    provision.label = label
    provision.heading = heading
    provision.text = text
    provision.children = children
    provision.span = span
    provision.page = page
    provision.closing = closing
    provision.__class__ = Provision
    return provision  # type: ignore[no-any-return]


@attrs.frozen
class Rulebook:
    """A whole rule book: title, edition, numbering scheme and the top-level provisions."""

    title: str
    edition: str
    scheme: Scheme = attrs.field(eq=False, repr=False)
    children: tuple[Provision, ...] = ()
    filename: str = attrs.field(default="<rulebook>", eq=False)
    _index: dict[Address, Provision] = attrs.field(init=False, eq=False, repr=False)
    _memo: dict[str, Any] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    @property
    def scheme_name(self) -> str:
        return self.scheme.name

    def __attrs_post_init__(self) -> None:
        index: dict[Address, Provision] = {}
        for top in self.children:
            for provision in top.walk():
                index[provision.address] = provision
        object.__setattr__(self, "_index", index)

    @classmethod
    def indexed(
        cls,
        title: str,
        edition: str,
        scheme: Scheme,
        children: tuple[Provision, ...],
        filename: str,
        index: dict[Address, Provision],
    ) -> Rulebook:
        """A book whose address index is already made: every provision under `children` by
        its address, in document order (what the constructor would build by walking the
        tree). The parser fills it as it freezes each provision, and `with_provision` from the
        book it amends, so neither walks the whole tree again."""
        book: Rulebook = _new(cls)
        set_title, set_edition, set_scheme, set_children, set_filename, set_index, set_memo = (
            _RULEBOOK
        )
        set_title(book, title)
        set_edition(book, edition)
        set_scheme(book, scheme)
        set_children(book, children)
        set_filename(book, filename)
        set_index(book, index)
        set_memo(book, {})
        return book

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rulebook):
            return NotImplemented
        return (
            self.title == other.title
            and self.edition == other.edition
            and self.scheme.name == other.scheme.name
            and self.children == other.children
        )

    def __hash__(self) -> int:
        return hash((self.title, self.edition, self.scheme.name, self.children))

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value derived from this (frozen) book, computed once: e.g. its cross-references."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, Address):
            return key in self._index
        if isinstance(key, str):
            try:
                self.resolve(key)
            except AddressError:
                return False
            return True
        return False

    def __getitem__(self, key: str | Address) -> Provision:
        """The provision at an address, or cited in any style ("C4.II.2.B.i", "Rule 5.4.1").

        Raises `ProvisionNotFoundError`, which is both an `AddressError` and a `KeyError`.
        """
        try:
            return self.resolve(key)
        except AddressError as exc:
            raise ProvisionNotFoundError(exc.diagnostics) from None

    def get(self, address: Address) -> Provision | None:
        return self._index.get(address)

    def addresses(self) -> tuple[Address, ...]:
        """Every address in the book, in document order."""
        return tuple(self._index)

    def walk(self) -> Iterator[Provision]:
        """Every provision in document order."""
        for top in self.children:
            yield from top.walk()

    def numbered(self) -> Iterator[Provision]:
        """The numbered provisions: those below the levels that carry headings."""
        return (p for p in self.walk() if not p.address.level.heading)

    def resolve(self, key: str | Address | Cited, *, context: Address | None = None) -> Provision:
        """The provision a citation names; an `AddressError` naming the nearest if absent."""
        if isinstance(key, Address):
            readings: tuple[Address, ...] = (key,)
            text = key.compact()
        elif isinstance(key, Cited):
            readings, text = key.readings, key.text or key.address.compact()
        elif SKIPPED in key.split(".") and key in self.skipping():
            readings, text = (self.skipping()[key],), key
        else:
            cited = parse_citation(key, scheme=self.scheme, context=context)
            readings, text = cited.readings, key
        for reading in readings:
            found = self._index.get(reading)
            if found is not None:
                return found
        raise self.absent(readings[0], text)

    def skipping(self) -> dict[str, Address]:
        """The compact forms of the addresses that skip a level ("2.-.1"), which citations
        cannot spell otherwise: `motions outline` prints them, so they resolve."""
        return self.memo(
            "skipping", lambda: {a.compact(): a for a in self._index if a.at is not None}
        )

    def absent(self, address: Address, text: str | None = None) -> AddressError:
        """The error for a well-formed address the book does not have, naming the nearest."""
        nearest = self.nearest(address)
        shown = text or address.compact()
        return AddressError(
            error(
                "address-absent",
                f"{self.title} ({self.edition}) has no {address.long()}"
                + (f" (cited as '{shown}')" if shown != address.compact() else ""),
                hint="nearest existing: " + ", ".join(a.compact() for a in nearest)
                if nearest
                else "the book has no provision under that top level",
            )
        )

    def nearest(self, address: Address, limit: int = 5) -> tuple[Address, ...]:
        """Existing addresses closest to `address`: its deepest existing ancestor's family."""
        deepest: Address | None = None
        for ancestor in (*address.ancestors(), address):
            if ancestor in self._index:
                deepest = ancestor
        found: list[Address] = []
        if deepest is not None:
            children = [c.address for c in self._index[deepest].children]
            if len(children) > limit - 1:
                position = address.labels[deepest.depth] if address.depth > deepest.depth else ""
                close = difflib.get_close_matches(
                    position, [c.label for c in children], n=limit - 1, cutoff=0
                )
                by_label = {c.label: c for c in children}
                children = [by_label[label] for label in close]
            found.extend(children[: limit - 1])
            found.append(deepest)
        if len(found) < limit:
            spelled = [a.compact() for a in self._index]
            for text in difflib.get_close_matches(address.compact(), spelled, n=limit, cutoff=0.6):
                candidate = next(a for a in self._index if a.compact() == text)
                if candidate not in found:
                    found.append(candidate)
        return tuple(found[:limit])

    def parent_of(self, provision: Provision) -> Provision | None:
        parent = provision.address.parent
        return None if parent is None else self._index.get(parent)

    def path_to(self, provision: Provision) -> tuple[Provision, ...]:
        """The provisions enclosing `provision`, outermost first, then the provision itself."""
        return (*(self._index[a] for a in provision.address.ancestors()), provision)

    def with_provision(self, provision: Provision) -> Rulebook:
        """This book with the provision at `provision.address` (and everything below it)
        replaced, its enclosing provisions copied along the path. The index is updated rather
        than rebuilt, so one amended provision costs its own size, not the book's: carrying a
        motion replaces one or two provisions of a book of thousands."""
        address = provision.address
        old = self._index[address]
        index = dict(self._index)
        if old.children or provision.children:
            for gone in old.walk():
                del index[gone.address]
            for new in provision.walk():
                index[new.address] = new
        else:  # a leaf for a leaf (most amendments): what the two walks come to
            del index[address]
            index[address] = provision
        path = self._path(address, old)
        if path is None:  # an irregular tree (two provisions at one address): as it always was
            replacement = provision
            for above in reversed(tuple(address.ancestors())):
                ancestor = index[above]
                replacement = ancestor.with_children(_replaced(ancestor.children, replacement))
                index[above] = replacement
            tops = _replaced(self.children, replacement)
            return Rulebook.indexed(
                self.title, self.edition, self.scheme, tops, self.filename, index
            )
        replacement = rebuilt_along(path, provision, index)
        siblings, position = path[0]
        tops = (*siblings[:position], replacement, *siblings[position + 1 :])
        book = Rulebook.indexed(self.title, self.edition, self.scheme, tops, self.filename, index)
        known = self._memo.get("tops")
        if known is not None:  # the same tops at the same places: the table holds
            book._memo["tops"] = known
        return book

    def chain(self, address: Address) -> tuple[Provision, ...] | None:
        """The provisions from the top down to the one at `address`, each the one `get` gives
        for its own address; None if the book has none there, or holds two at one address
        on the way (then ask `get` for each ancestor).

        In a book whose provisions all have addresses of their own (any parsed book), the
        first sibling with the label on the way down is the one: no sibling after it need be
        read, nor the index asked."""
        if not self.memo("distinct", self._distinct):
            path = self._path(address)
            return None if path is None else tuple(siblings[i] for siblings, i in path)
        labels = address.labels
        siblings = self.children
        if len(siblings) > _SCAN_TOPS:
            position = self._tops().get((address.root, labels[0]), -1)
            if position < 0:
                return None
            holder = siblings[position]
            if not holds_at(holder.address, address, 1):
                return None
            chain = [holder]
            siblings = holder.children
            start = 2
        else:
            chain = []
            start = 1
        for depth in range(start, len(labels) + 1):
            label = labels[depth - 1]
            for candidate in siblings:
                there = candidate.address
                if there.labels[-1] == label and holds_at(there, address, depth):
                    chain.append(candidate)
                    siblings = candidate.children
                    break
            else:
                return None
        return tuple(chain)

    def _distinct(self) -> bool:
        """Whether no two provisions share an address (the index holds every one)."""
        return len(self._index) == sum(1 for _ in self.walk())

    def _path(self, address: Address, old: Provision | None = None) -> WayDown | None:
        """The way down to `address` (and to `old` there, if given): at each depth, the
        siblings and the place among them of the one that holds it; None unless exactly one
        sibling at each depth has the address and the index holds that one (a tree built by
        hand may repeat one).

        Found by the labels, without building the addresses above (`ancestors` makes each
        anew, and looking a new address up costs its hash and a comparison)."""
        index = self._index
        path: WayDown = []
        siblings = self.children
        start = 1
        if len(siblings) > _SCAN_TOPS:  # the top found by its root and label, not a scan
            found = self._tops().get((address.root, address.labels[0]), -1)
            if found < 0 or not holds_at(siblings[found].address, address, 1):
                return None
            top = siblings[found]
            if index.get(top.address) is not top:
                return None
            path.append((siblings, found))
            siblings, start = top.children, 2
        if way_down(index, siblings, address, start, path) is None:
            return None
        if old is not None and path[-1][0][path[-1][1]] is not old:
            return None
        return path

    def _tops(self) -> dict[tuple[str, str], int]:
        """Where each top-level provision stands among the tops, by its root and label (-1
        for a label two tops share)."""

        def positions() -> dict[tuple[str, str], int]:
            out: dict[tuple[str, str], int] = {}
            for position, top in enumerate(self.children):
                key = (top.address.root, top.address.labels[-1])
                out[key] = -1 if key in out else position
            return out

        return self.memo("tops", positions)

    def to_dict(self, *, depth: int | None = None) -> dict[str, object]:
        """The book as `motions outline --format json` prints it (every level unless `depth`)."""
        below = None if depth is None else depth - 1
        return envelope(
            "outline",
            {
                "title": self.title,
                "edition": self.edition,
                "scheme": self.scheme.name,
                "children": [top.to_dict(depth=below) for top in self.children],
            },
        )

    def word_count(self) -> int:
        return sum(
            len(p.text.split()) + len((p.heading or "").split()) + len(p.closing.split())
            for p in self.walk()
        )

    def render(self) -> str:
        """The book in its source format; parsing it again gives an equal `Rulebook`."""
        from motions.book.text import render_rulebook

        return render_rulebook(self)


_RULEBOOK = slot_setters(
    Rulebook, ("title", "edition", "scheme", "children", "filename", "_index", "_memo")
)


#: Above this many top-level provisions, the one holding an address is found by its label in a
#: table made once per book (`Rulebook._tops`), not by reading every top.
_SCAN_TOPS = 8


#: A way down a tree (`Rulebook._path`): at each depth, the siblings and the place among them
#: of the one on the way.
WayDown = list[tuple[tuple[Provision, ...], int]]


def way_down(
    index: dict[Address, Provision],
    siblings: tuple[Provision, ...],
    address: Address,
    start: int,
    path: WayDown,
) -> WayDown | None:
    """`path` continued from `siblings` (at depth `start`) down to `address`; None unless
    exactly one sibling at each depth has the address and `index` holds that one."""
    labels = address.labels
    for depth in range(start, len(labels) + 1):
        found = only_child(siblings, labels[depth - 1], address, depth)
        if found < 0:
            return None
        holder = siblings[found]
        if index.get(holder.address) is not holder:
            return None
        path.append((siblings, found))
        siblings = holder.children
    return path


def rebuilt_along(
    path: WayDown,
    provision: Provision,
    index: dict[Address, Provision],
) -> Provision:
    """`provision` put at the end of `path` (`Rulebook._path`): each provision above it on the
    path rebuilt with its new child and indexed; the rebuilt one at the path's first step
    returned (it is for the caller to put among its siblings)."""
    replacement = provision
    for depth in range(len(path) - 1, 0, -1):
        siblings, position = path[depth]
        above_siblings, above_position = path[depth - 1]
        ancestor = above_siblings[above_position]
        kids = (*siblings[:position], replacement, *siblings[position + 1 :])
        replacement = ancestor.with_children(kids)
        index[ancestor.address] = replacement
    return replacement


def only_child(siblings: tuple[Provision, ...], label: str, address: Address, depth: int) -> int:
    """The position among `siblings` of the one whose address is `address.truncate(depth)`
    (`label` being its last label); -1 if none is, or more than one (a tree built by hand may
    repeat one)."""
    found = -1
    for position, candidate in enumerate(siblings):
        there = candidate.address
        if there.labels[-1] == label and holds_at(there, address, depth):
            if found >= 0:
                return -1
            found = position
    return found


def holds_at(there: Address, address: Address, depth: int) -> bool:
    """Whether `there` is `address.truncate(depth)` (compared without building it)."""
    if len(there.labels) != depth or there.root != address.root:
        return False
    if depth == len(address.labels):
        return there is address or there == address
    if there.labels != address.labels[:depth]:
        return False
    at = address.at
    if at is None:
        return there.at is None
    cut = at[:depth]
    return there.at == (None if cut[-1] == depth - 1 else cut)


def _replaced(provisions: tuple[Provision, ...], new: Provision) -> tuple[Provision, ...]:
    """`provisions` with every one at `new`'s address replaced by `new`. The last labels are
    compared first (a string comparison), the whole addresses only where those are equal:
    siblings differ in their last label, and an address's comparison is a Python call."""
    address = new.address
    last = address.labels[-1]
    return tuple(
        new if p.address.labels[-1] == last and p.address == address else p for p in provisions
    )


def make_rulebook(
    title: str,
    edition: str,
    children: tuple[Provision, ...],
    *,
    scheme: Scheme | None = None,
    filename: str = "<rulebook>",
) -> Rulebook:
    """A `Rulebook`, with the scheme defaulting to the Labour-style one."""
    return Rulebook(
        title=title,
        edition=edition,
        scheme=scheme or load_scheme("labour"),
        children=children,
        filename=filename,
    )
