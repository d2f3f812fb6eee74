"""`extract` fills the small book's address index as it builds it: the index must be the one
the constructor would make by walking the tree (every provision, in document order), and the
book the same value, however many subtrees are asked for and in whatever order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motions.book.rulebook import Rulebook
from motions.conflicts.local import extract


def _as_constructed(book: Rulebook) -> Rulebook:
    return Rulebook(book.title, book.edition, book.scheme, book.children, book.filename)


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.integers(0, 10_000), max_size=5),
    seed=st.integers(0, 1000),
    own=st.booleans(),
)
def test_the_index_is_the_walked_one(
    model: Rulebook, picks: list[int], seed: int, own: bool
) -> None:
    """With the book's own look-up (the way down its tree) and with another (each ancestor
    looked up by its address), the same book."""
    addresses = model.addresses()
    wanted = [addresses[i % len(addresses)] for i in picks]
    random.Random(seed).shuffle(wanted)
    small = extract(model, model.get if own else lambda a: model.get(a), wanted)
    walked = _as_constructed(small)
    assert small == walked
    assert small.addresses() == walked.addresses()
    assert all(small.get(a) is walked.get(a) for a in walked.addresses())
    # Keyed by the provisions' own addresses (with the book's scheme), as the constructor.
    assert all(key is provision.address for key, provision in small._index.items())
    for address in wanted:
        assert small.get(address) == model.get(address)  # whole, children and all


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
def test_one_subtree_holds_its_chain_and_nothing_else(model: Rulebook, depth: int) -> None:
    address = next(a for a in model.addresses() if a.depth == depth and model[a].children)
    small = extract(model, model.get, {address})
    inside = [p.address for p in model[address].walk()]
    assert small.addresses() == (*address.ancestors(), *inside)
    for ancestor in address.ancestors():
        assert [c.address for c in small[ancestor].children] == [
            a for a in (*address.ancestors(), address) if a.parent == ancestor
        ]
    assert small == _as_constructed(small)


def test_the_chain_is_what_get_gives_on_the_way_down(model: Rulebook) -> None:
    """`Rulebook.chain` (the tops found by a table: the model book has more than eight)."""
    assert len(model.children) > 8
    for address in model.addresses():
        chain = model.chain(address)
        assert chain is not None
        assert [p.address for p in chain] == [*address.ancestors(), address]
        assert all(p is model.get(p.address) for p in chain)
    absent = model.addresses()[-1].sibling("zz")
    assert model.chain(absent) is None
    parent = absent.parent
    assert parent is not None
    assert extract(model, model.get, {parent}) == extract(model, lambda a: model.get(a), {parent})


def test_two_tops_at_one_address_are_asked_of_get(model: Rulebook) -> None:
    twice = Rulebook(model.title, model.edition, model.scheme, (*model.children, model.children[0]))
    inside = twice.children[0].children[0].address
    assert twice.chain(inside) is None
    assert twice.chain(twice.children[1].children[0].address) is not None
    small = extract(twice, twice.get, {inside})
    assert small == extract(twice, lambda a: twice.get(a), {inside})
    assert small == _as_constructed(small)
