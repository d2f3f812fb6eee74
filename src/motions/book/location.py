"""`Address`: where a provision is, as a value (its top level's name and its labels).

Kept apart from the reading of citations (`motions.book.address`, which re-exports it): an
address is a plain value that every wing builds and compares; reading what people write is a
parser of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise

import attrs

from motions.book.numbering import Level, Scheme, label_key, load_scheme
from motions.book.values import builder


def _as_labels(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(labels)


def _as_at(at: Iterable[int] | None) -> tuple[int, ...] | None:
    return None if at is None else tuple(at)


def default_scheme() -> Scheme:
    return load_scheme("labour")


#: How `compact()` writes a level an address skips: "S2.-.1" is item 1 directly under
#: section 2, where "S2.1" would be its subsection 1.
SKIPPED = "-"


class _Hashed:
    """The slot where an `Address` keeps its hash once computed (None until then). Not one of
    its attrs fields (as attrs' own `cache_hash` slot is not): a value's fields are what it
    is, and an address unpickled or rebuilt is the same address before its hash is asked."""

    __slots__ = ("_hash",)
    _hash: int | None


@attrs.frozen(order=False, unsafe_hash=False)
class Address(_Hashed):
    """Where a provision is: its top level's name and its labels, top to bottom.

    Each label stands at the next level down, unless `at` says otherwise: `at` gives, for a
    book whose scheme lets a level be skipped (`optional = true`), the index in the scheme's
    sequence of each label's level (`(0, 2)`: a section, then an item directly under it).
    An address that skips nothing keeps `at` None, so it is the same value, with the same
    strings, as before skipping existed.

    Addresses are dictionary keys everywhere (the book's index, the checker's overlays), so the
    hash is computed once; relatives are built with the constructor (`attrs.evolve` inspects
    the class on every call)."""

    root: str
    labels: tuple[str, ...] = attrs.field(converter=_as_labels)
    scheme: Scheme = attrs.field(factory=default_scheme, eq=False, repr=False)
    at: tuple[int, ...] | None = attrs.field(default=None, converter=_as_at)

    def __hash__(self) -> int:
        """`hash((root, labels, at))`, the fields equality compares, computed once (`_Hashed`).
        Ours rather than attrs' `cache_hash`, so that a parse can set it while it builds the
        address (one tuple hashed, no call), and attrs' first call, which wraps the value in
        an object of its own, is never paid for a book's addresses."""
        found = self._hash
        if found is None:
            found = hash((self.root, self.labels, self.at))
            object.__setattr__(self, "_hash", found)
        return found

    def __reduce__(self) -> tuple[Callable[..., Address], tuple[object, ...]]:
        """Pickled as its parts, rebuilt by `address_of` (they made a valid address when it was
        first built): attrs' own pickling of a slotted class sets each field through a Python
        `__setstate__`, about ten times slower, and worker processes send addresses back by
        the hundred thousand."""
        return address_of, (self.root, self.labels, self.scheme, self.at)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_hash", None)
        if not self.labels:
            raise ValueError("an address names at least one label")
        if self.at is not None:
            at = self.at
            if len(at) != len(self.labels) or at[0] != 0:
                raise ValueError(f"levels {at!r} do not fit the labels {self.labels!r}")
            if any(b <= a for a, b in pairwise(at)):
                raise ValueError(f"levels {at!r} do not go down the scheme")
            if at == tuple(range(len(at))):
                object.__setattr__(self, "at", None)
        if self.index >= len(self.scheme.sequence(self.root)):
            raise ValueError(f"{self.labels!r} is deeper than the {self.scheme.name} scheme")

    @property
    def positions(self) -> tuple[int, ...]:
        """The index in the scheme's sequence of each label's level."""
        return self.at if self.at is not None else tuple(range(len(self.labels)))

    @property
    def index(self) -> int:
        """The index in the scheme's sequence of the provision's own level."""
        return self.at[-1] if self.at is not None else len(self.labels) - 1

    @property
    def levels(self) -> tuple[Level, ...]:
        """The level of each label."""
        sequence = self.scheme.sequence(self.root)
        if self.at is None:
            return sequence[: len(self.labels)]
        return tuple(sequence[i] for i in self.at)

    @property
    def level(self) -> Level:
        """The level of the provision itself."""
        return self.scheme.sequence(self.root)[self.index]

    @property
    def depth(self) -> int:
        return len(self.labels)

    @property
    def label(self) -> str:
        return self.labels[-1]

    @property
    def parent(self) -> Address | None:
        """The enclosing provision's address, or None at the top."""
        if len(self.labels) == 1:
            return None
        return self.truncate(len(self.labels) - 1)

    def child(self, label: str, index: int | None = None) -> Address:
        """The address of a child labelled `label`, at the next level down or at `index`."""
        if self.at is None and index in (None, len(self.labels)):
            labels = (*self.labels, label)
            if len(labels) > len(self.scheme.sequence(self.root)):
                raise ValueError(f"{labels!r} is deeper than the {self.scheme.name} scheme")
            return address_of(self.root, labels, self.scheme)
        at = (*self.positions, self.index + 1 if index is None else index)
        return Address(self.root, (*self.labels, label), self.scheme, at)

    def sibling(self, label: str) -> Address:
        return address_of(self.root, (*self.labels[:-1], label), self.scheme, self.at)

    def truncate(self, depth: int) -> Address:
        """The enclosing address `depth` labels deep (this one at its own depth or more)."""
        labels = self.labels
        if depth >= len(labels):
            return self
        if depth < 1:
            raise ValueError("an address names at least one label")
        at = self.at
        if at is not None:
            at = at[:depth]
            if at[-1] == depth - 1:  # skips nothing above the cut: the plain form
                at = None
        return address_of(self.root, labels[:depth], self.scheme, at)

    def ancestors(self) -> Iterator[Address]:
        """The enclosing addresses, outermost first, not including this one."""
        for depth in range(1, len(self.labels)):
            yield self.truncate(depth)

    def contains(self, other: Address) -> bool:
        """True if `other` is this provision or lies inside it."""
        depth = len(self.labels)
        if self.at is None and other.at is None:  # the usual case: no level skipped
            return other.root == self.root and other.labels[:depth] == self.labels
        return (
            other.root == self.root
            and other.labels[:depth] == self.labels
            and other.positions[:depth] == self.positions
        )

    def sort_key(self) -> tuple[object, ...]:
        """Document order within one top level, by label keys."""
        keys: list[object] = [self.root != self.scheme.levels[0].name]
        for level, label in zip(self.levels, self.labels, strict=True):
            key = label_key(label, level.style)
            keys.append((key.ordinal, key.suffix) if key else (0, label))
        return tuple(keys)

    def long(self) -> str:
        """ "Chapter 4, Clause II, rule 2.B.i"."""
        sequence = self.scheme.sequence(self.root)
        dotted = next(
            (i for i, lv in enumerate(sequence) if lv.name == self.scheme.dotted_from),
            len(sequence),
        )
        positions = self.positions
        pieces = [
            sequence[at].long.format(label=sequence[at].display_label(label))
            for at, label in zip(positions, self.labels, strict=True)
            if at < dotted
        ]
        rest = [label for at, label in zip(positions, self.labels, strict=True) if at >= dotted]
        if rest:
            first = next(at for at in positions if at >= dotted)
            pieces.append(sequence[first].long.format(label=".".join(rest)))
        return ", ".join(pieces)

    def compact(self) -> str:
        """ "C4.II.2.B.i"; a skipped level shows as "-" ("S2.-.1")."""
        # The first label's level is the sequence's first, skipping or not (`at` starts at 0).
        top = self.scheme.sequence(self.root)[0].compact.format(label=self.labels[0])
        if self.at is None:
            return ".".join((top, *self.labels[1:]))
        pieces = [top]
        for (before, at), label in zip(pairwise(self.at), self.labels[1:], strict=True):
            pieces.extend([SKIPPED] * (at - before - 1))
            pieces.append(label)
        return ".".join(pieces)

    def id(self) -> str:
        """A stable identifier safe in URLs, HTML ids and file names."""
        return "__".join(
            f"{level.id}_{label}" for level, label in zip(self.levels, self.labels, strict=True)
        )

    def to_dict(self) -> dict[str, str]:
        """The three forms, as every JSON document gives an address (docs/json.md)."""
        return {"long": self.long(), "compact": self.compact(), "id": self.id()}

    def __str__(self) -> str:
        return self.compact()


#: `Address` being built (`motions.book.values.builder`): `address_of`, and
#: `outline_nodes.Node.freeze`, which repeats it inline; checked: only labels and levels of a
#: valid address are given.
AddressBuilder = builder(Address, ("root", "labels", "scheme", "at"), checked=True)
_new = object.__new__


def address_of(
    root: str, labels: tuple[str, ...], scheme: Scheme, at: tuple[int, ...] | None = None
) -> Address:
    """`Address(root, labels, scheme, at)` built directly, for parts already known to make a
    valid address in their plain form (a parsed provision's; a part of a valid address):
    labels a tuple within the scheme's depth, `at` None or going down the scheme and not the
    plain `0, 1, 2 ...`. Addresses are made by the hundred thousand (every provision of a
    parse, every ancestor looked up in the conflict check); the constructor's checks and
    conversions are most of their cost."""
    address = _new(AddressBuilder)
    address.root = root
    address.labels = labels
    address.scheme = scheme
    address.at = at
    address._hash = None
    address.__class__ = Address
    return address  # type: ignore[no-any-return]
