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
@given(picks=st.lists(st.integers(0, 10_000), max_size=5), seed=st.integers(0, 1000))
def test_the_index_is_the_walked_one(model: Rulebook, picks: list[int], seed: int) -> None:
    addresses = model.addresses()
    wanted = [addresses[i % len(addresses)] for i in picks]
    random.Random(seed).shuffle(wanted)
    small = extract(model, model.get, wanted)
    walked = _as_constructed(small)
    assert small == walked
    assert small.addresses() == walked.addresses()
    assert all(small.get(a) is walked.get(a) for a in walked.addresses())
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
