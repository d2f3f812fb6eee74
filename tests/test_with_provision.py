"""`Rulebook.with_provision` finds the way down by the labels (not by building each ancestor's
address): it must give what the old way gave, on the model book, on a book whose addresses
skip a level (two siblings with the same label at different levels), and on a tree built by
hand that holds two provisions at one address."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motions.book.numbering import parse_scheme
from motions.book.outline import parse_rulebook
from motions.book.rulebook import Provision, Rulebook, _replaced
from tests.test_outline_shapes import BOOK, SCHEME


def _old_way(book: Rulebook, provision: Provision) -> Rulebook:
    """`with_provision` as it was: each ancestor's address built, looked up, and its children
    scanned for every one at the new provision's address."""
    index = dict(book._index)
    for gone in book._index[provision.address].walk():
        del index[gone.address]
    for new in provision.walk():
        index[new.address] = new
    replacement = provision
    for above in reversed(tuple(provision.address.ancestors())):
        ancestor = index[above]
        replacement = ancestor.with_children(_replaced(ancestor.children, replacement))
        index[above] = replacement
    tops = _replaced(book.children, replacement)
    return Rulebook.indexed(book.title, book.edition, book.scheme, tops, book.filename, index)


def assert_same_book(new: Rulebook, old: Rulebook) -> None:
    """Asserts `new` is `old`: equal, with the same index, and the index its constructor makes."""
    assert new == old
    assert dict(new._index) == dict(old._index)
    for address, provision in old._index.items():
        assert new._index[address] == provision
    walked = Rulebook(new.title, new.edition, new.scheme, new.children, new.filename)
    assert dict(walked._index) == dict(new._index)


def _changed(provision: Provision, how: int) -> Provision:
    if how == 0 or not provision.children:
        return provision.with_text(provision.text + " and more")
    if how == 1:
        return provision.with_children(provision.children[:-1])
    return provision.with_children(provision.children[1:] + provision.children[:1])


@settings(max_examples=150, deadline=None)
@given(pick=st.integers(0, 100_000), how=st.integers(0, 2))
def test_the_model_book_as_the_old_way(model: Rulebook, pick: int, how: int) -> None:
    addresses = model.addresses()
    provision = _changed(model[addresses[pick % len(addresses)]], how)
    assert_same_book(model.with_provision(provision), _old_way(model, provision))


def test_a_book_that_skips_a_level() -> None:
    book = parse_rulebook(BOOK, scheme=parse_scheme(SCHEME, filename="constitution.toml"))
    two = book.children[1]
    direct, sub = two.children[0], two.children[2]
    assert direct.address.labels == sub.address.labels  # "2.-.1" and "2.1"
    for provision in book.walk():
        for how in range(3):
            changed = _changed(provision, how)
            assert_same_book(book.with_provision(changed), _old_way(book, changed))
    amended = book.with_provision(direct.with_text("direct, amended"))
    assert amended[direct.address].text == "direct, amended"
    assert amended[sub.address] == sub


@pytest.mark.parametrize("which", [0, 1])
def test_a_tree_with_two_provisions_at_one_address(model: Rulebook, which: int) -> None:
    rule = model["C4.II.2"]
    twice = rule.with_children((*rule.children, rule.children[0]))  # sub-rule A twice
    book = model.with_provision(twice)
    target = book["C4.II.2"].children[-1 if which else 0]
    changed = target.with_text("one of two")
    assert_same_book(book.with_provision(changed), _old_way(book, changed))
    assert [c.text for c in book.with_provision(changed)["C4.II.2"].children].count(
        "one of two"
    ) == 2  # as it always was: every one at the address is replaced


def test_amendments_in_turn_keep_the_table_of_tops_true(model: Rulebook) -> None:
    """The table of where each top stands (`_tops`, used above eight tops) passes to the
    amended book: the tops stand where they stood. Amend, in turn, a top, a rule and a leaf."""
    assert len(model.children) > 8
    book, old = model, model
    for citation in ("C2", "C4.II.2", "C4.II.2.B.i", "C1"):
        provision = _changed(book[citation], 1)
        book, old = book.with_provision(provision), _old_way(old, provision)
        assert_same_book(book, old)
        for address in book.addresses():
            chain = book.chain(address)
            assert chain is not None and chain[-1] is book.get(address)
