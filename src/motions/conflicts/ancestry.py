"""An address's ancestors (`lineage`), and a table that finds the ones it holds (`AddressTable`).

The checker asks, for every address every motion names, which provisions above it have moved,
gone or been removed by another motion: almost always none. Building each ancestor's `Address`
and looking it up costs a Python hash and comparison a step; a table that also keeps its
addresses by their root and labels answers with tuples the dictionary hashes in C.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Generic, TypeVar

from motions.book.address import Address
from motions.book.location import address_of

V = TypeVar("V")


def lineage(address: Address) -> tuple[Address, ...]:
    """The address's ancestors, outermost first, then the address itself.

    Remembered: a check asks for the lineage of the same few addresses (each motion's
    subtrees, their parents) many times over, and shared results make the dictionary look-ups
    that follow hit by identity. Addresses compare without their scheme, so the scheme's
    identity is part of the key: a book in another scheme must not be handed ancestors that
    carry this one's (the cached addresses keep their scheme alive, so its id is not reused).
    """
    return _lineage(address, id(address.scheme))


@lru_cache(maxsize=16_384)
def _lineage(address: Address, scheme: int) -> tuple[Address, ...]:
    """Built from the parent's (remembered) lineage: siblings share their ancestors, and a
    miss builds only the addresses not remembered, directly (the parts of a valid address
    are valid). A cache of 65,536 held 18 MiB more at the peak of a check of 100,000 motions
    and saved no time (issue 15's note, session 5)."""
    if address.at is not None:  # a skipped level: truncate keeps each label's level
        return (*address.ancestors(), address)
    labels = address.labels
    if len(labels) == 1:
        return (address,)
    parent = address_of(address.root, labels[:-1], address.scheme)
    return (*_lineage(parent, scheme), address)


class AddressTable(Generic[V]):
    """A dictionary by address that also says which of its addresses are a given one or
    above it (`at_or_above`).

    Its addresses are kept by root and labels as well, unless one skips a level
    (`Address.at`): only the addresses themselves compare those rightly, so from then on the
    table asks `lineage`."""

    def __init__(self, items: Iterable[tuple[Address, V]] = ()) -> None:
        self.values: dict[Address, V] = {}
        self.keys: dict[tuple[str, tuple[str, ...]], Address] | None = {}
        for address, value in items:
            self[address] = value

    def __len__(self) -> int:
        return len(self.values)

    def __contains__(self, address: Address) -> bool:
        return address in self.values

    def __iter__(self) -> Iterator[Address]:
        return iter(self.values)

    def __getitem__(self, address: Address) -> V:
        return self.values[address]

    def get(self, address: Address, default: V | None = None) -> V | None:
        return self.values.get(address, default)

    def __setitem__(self, address: Address, value: V) -> None:
        self.values[address] = value
        if self.keys is not None:
            if address.at is None:
                self.keys[(address.root, address.labels)] = address
            else:
                self.keys = None

    def discard(self, address: Address) -> None:
        if address in self.values:
            del self.values[address]
            if self.keys is not None:
                del self.keys[(address.root, address.labels)]

    def at_or_above(self, address: Address) -> list[Address]:
        """The table's addresses that are `address` or enclose it, outermost first."""
        if not self.values:
            return []
        keys = self.keys
        if keys is None or address.at is not None:
            return [step for step in lineage(address) if step in self.values]
        root, labels = address.root, address.labels
        return [
            found
            for depth in range(1, len(labels) + 1)
            if (found := keys.get((root, labels[:depth]))) is not None
        ]
