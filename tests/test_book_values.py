"""The rule book's values built directly (`motions.book.values`, `address_of`, `provision_of`,
`Rulebook.indexed`) are the values the constructors make: equal, with the same fields, hashes
and index, so the parser's and the conflict check's fast paths change nothing."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given, settings
from strategies import addresses

from motions import Rulebook
from motions.book.location import Address, address_of
from motions.book.numbering import load_scheme
from motions.book.outline import outline, parse_rulebook
from motions.book.rulebook import Provision, provision_of
from motions.book.values import builder, slot_setters, span_of
from motions.errors import AddressError
from motions.source import Span


def fields_of(value: object) -> tuple[object, ...]:
    return tuple(getattr(value, f.name) for f in attrs.fields(type(value)))


def test_a_parsed_book_is_the_book_its_constructor_makes(model: Rulebook) -> None:
    rebuilt = Rulebook(model.title, model.edition, model.scheme, model.children, model.filename)
    assert rebuilt == model
    # The index the parser fills while freezing is the constructor's walk, in the same order.
    assert list(model._index.items()) == list(rebuilt._index.items())
    for provision in model.walk():
        made = Provision(
            Address(
                provision.address.root,
                provision.address.labels,
                provision.address.scheme,
                provision.address.at,
            ),
            provision.label,
            provision.heading,
            provision.text,
            provision.children,
            provision.span,
            provision.page,
            provision.closing,
        )
        assert made == provision and fields_of(made) == fields_of(provision)
        assert hash(made.address) == hash(provision.address)


def test_an_index_with_duplicate_addresses_matches_the_walk() -> None:
    """A book with errors still gets a tree; where two provisions share an address, the
    index keeps the place of the first and the value of the last, as a walk would."""
    text = "Chapter 1 A\nClause I. B\n1. one\n1. again\n  A. under\n2. two\n"
    result = outline(text)
    assert result.errors  # the duplicate label is reported
    book = result.rulebook
    assert book is not None
    rebuilt = Rulebook(book.title, book.edition, book.scheme, book.children, book.filename)
    assert list(book._index.items()) == list(rebuilt._index.items())


def test_built_values_equal_constructed_ones() -> None:
    scheme = load_scheme("labour")
    assert span_of("f", 3, 4, 1, "line") == Span("f", 3, 4, 1, "line")
    assert fields_of(span_of("f", 3, 4, 2, "x")) == fields_of(Span("f", 3, 4, 2, "x"))
    plain = address_of("chapter", ("4", "II", "2"), scheme)
    assert plain == Address("chapter", ("4", "II", "2"), scheme)
    assert hash(plain) == hash(Address("chapter", ("4", "II", "2"), scheme))
    leaf = provision_of(plain, "2", None, "text", (), None, None, "")
    assert leaf == Provision(plain, "2", None, "text")
    assert leaf.with_text("other") == Provision(plain, "2", None, "other")
    assert leaf.with_children((leaf,)) == Provision(plain, "2", None, "text", (leaf,))


def test_relatives_of_a_skipping_address_are_in_their_plain_form() -> None:
    scheme = load_scheme("labour")
    skipping = Address("chapter", ("4", "II", "2", "i"), scheme, (0, 1, 2, 4))
    assert skipping.at == (0, 1, 2, 4)
    assert skipping.parent == Address("chapter", ("4", "II", "2"), scheme)
    assert skipping.parent is not None and skipping.parent.at is None
    assert [a.compact() for a in skipping.ancestors()] == ["C4", "C4.II", "C4.II.2"]
    deeper = Address("chapter", ("4", "2", "i"), scheme, (0, 2, 4))
    assert deeper.truncate(2).at == (0, 2) and deeper.truncate(2).compact() == "C4.-.2"
    assert deeper.truncate(2) == Address("chapter", ("4", "2"), scheme, (0, 2))
    assert deeper.truncate(3) is deeper and deeper.truncate(9) is deeper
    with pytest.raises(ValueError, match="at least one label"):
        deeper.truncate(0)


def test_with_provision_replaces_along_the_path_only(model: Rulebook) -> None:
    target = model["C4.II.2.B.i"]
    changed = model.with_provision(target.with_text("new words"))
    assert changed["C4.II.2.B.i"].text == "new words"
    expected = Rulebook(
        changed.title, changed.edition, changed.scheme, changed.children, changed.filename
    )
    assert changed == expected
    assert dict(changed._index) == dict(expected._index)
    # Only the path is copied: a chapter off the path is the same object.
    assert changed["C1"] is model["C1"]
    assert changed["C4"] is not model["C4"] and model["C4.II.2.B.i"].text != "new words"


def test_a_builder_refuses_a_class_it_was_not_written_for() -> None:
    with pytest.raises(TypeError, match="fields"):
        slot_setters(Span, ("filename", "line"))
    with pytest.raises(TypeError, match="converts or validates"):
        slot_setters(Address, ("root", "labels", "scheme", "at"))
    with pytest.raises(TypeError, match="fields"):
        builder(Span, ("filename", "line"))
    with pytest.raises(TypeError, match="converts or validates"):
        builder(Address, ("root", "labels", "scheme", "at"))


def test_built_values_are_of_the_frozen_class_itself(model: Rulebook) -> None:
    """A value made through its writable stand-in (`builder`) ends up of the class itself:
    frozen again, equal to and pickled as the constructor's."""
    scheme = load_scheme("labour")
    values: list[object] = [
        span_of("f", 3, 4, 1, "line"),
        address_of("chapter", ("4", "II"), scheme),
        provision_of(address_of("chapter", ("4",), scheme), "4", "H", "", (), None, None, ""),
    ]
    for provision in model.walk():
        values += [provision, provision.address, provision.span]
    for value in values:
        assert type(value) in (Span, Address, Provision)
    for value in values[:3]:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            value.label = "x"  # type: ignore[attr-defined]
        assert pickle.loads(pickle.dumps(value)) == value


def test_the_generated_book_parses_to_equal_values_twice() -> None:
    text = "Chapter 1 A\nClause I. B\n1. one\n  A. under\n    i. item\n2. two\n"
    first, second = parse_rulebook(text), parse_rulebook(text)
    assert first == second and hash(first) == hash(second)
    assert [a.compact() for a in first.addresses()] == [
        "C1", "C1.I", "C1.I.1", "C1.I.1.A", "C1.I.1.A.i", "C1.I.2",
    ]  # fmt: skip


def test_children_and_siblings_built_directly_are_the_constructors() -> None:
    scheme = load_scheme("labour")
    rule = Address("chapter", ("4", "II", "2"), scheme)
    assert rule.child("B") == Address("chapter", ("4", "II", "2", "B"), scheme)
    assert hash(rule.child("B")) == hash(Address("chapter", ("4", "II", "2", "B"), scheme))
    assert rule.child("i", 4) == Address("chapter", ("4", "II", "2", "i"), scheme, (0, 1, 2, 4))
    assert rule.sibling("3") == Address("chapter", ("4", "II", "3"), scheme)
    skipping = Address("chapter", ("4", "II", "2", "i"), scheme, (0, 1, 2, 4))
    assert skipping.sibling("ii") == Address(
        "chapter", ("4", "II", "2", "ii"), scheme, (0, 1, 2, 4)
    )
    deepest = Address("chapter", ("4", "II", "2", "B", "i", "a"), scheme)
    with pytest.raises(ValueError, match="deeper than the labour scheme"):
        deepest.child("x")


@given(addresses(), addresses())
@settings(max_examples=200, deadline=None)
def test_contains_is_the_prefix_of_labels_and_levels(outer: Address, inner: Address) -> None:
    depth = outer.depth
    expected = (
        inner.root == outer.root
        and inner.labels[:depth] == outer.labels
        and inner.positions[:depth] == outer.positions
    )
    assert outer.contains(inner) == expected
    for ancestor in inner.ancestors():
        assert ancestor.contains(inner)
        assert ancestor == Address(ancestor.root, ancestor.labels, ancestor.scheme, ancestor.at)


def test_contains_across_skipping_and_plain_addresses() -> None:
    scheme = load_scheme("labour")
    clause = Address("chapter", ("4", "II"), scheme)
    item = Address("chapter", ("4", "II", "2", "i"), scheme, (0, 1, 2, 4))
    assert clause.contains(item) and item.parent is not None and item.parent.contains(item)
    rule_under_chapter = Address("chapter", ("4", "2"), scheme, (0, 2))
    assert not rule_under_chapter.contains(Address("chapter", ("4", "2", "1"), scheme))
    assert rule_under_chapter.contains(Address("chapter", ("4", "2", "B"), scheme, (0, 2, 3)))
    assert not Address("chapter", ("4", "2"), scheme).contains(rule_under_chapter)


def test_remembered_readings_of_a_citations_parts_change_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`_placed` remembers a part's readings by kind, word, labels, base and preferences
    (not the part's column): citations read without that memo, and read again, shuffled,
    through it (in the other order), give the same references, readings in the same order."""
    from motions.book import address

    scheme = load_scheme("labour")
    texts = [
        f"Chapter {c}, Clause {k}, rule {r}.{s}"
        for c in (1, 4, 12)
        for k in ("I", "II", "V")
        for r in (1, 2, 4)
        for s in ("A", "C")
    ] + [
        "C4.II.2.B.i",
        "rule 4F",
        "Rule 5.4.1",
        "sub-rules C to E of rule 1",
        "Clause IV.5 and IV.6",
        "rules 1 and 2",
        "sub-rule C",
    ]
    contexts = [
        Address("chapter", ("4", "II", "2"), scheme),
        Address("chapter", ("1", "V"), scheme),
        None,
    ]

    def read(text: str, context: Address | None) -> list[object]:
        try:
            reference = address.parse_reference(text, scheme=scheme, context=context)
        except AddressError as exc:
            return [str(exc)]
        return [reference, *(c.readings for c in reference.cited())]

    address._reference.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(address, "_placed", address._placed.__wrapped__)
        unremembered = {(t, c): read(t, c) for t in texts for c in contexts}
    address._reference.cache_clear()
    address._placed.cache_clear()
    for text, context in reversed(unremembered):
        assert read(text, context) == unremembered[text, context], (text, context)


@given(addresses())
def test_a_pickled_address_is_the_address(address: Address) -> None:
    """Addresses pickle as their parts and come back through `address_of` (worker processes
    send them by the hundred thousand): equal, with the same fields, hash and scheme object."""
    import pickle

    scheme = address.scheme
    for value in (address, Address(address.root, (*address.labels[:1], "2"), scheme, (0, 2))):
        back = pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        assert type(back) is Address and back == value and hash(back) == hash(value)
        assert fields_of(back) == fields_of(value) and back.scheme is value.scheme


def test_an_address_hash_is_its_fields_whoever_built_it(model: Rulebook) -> None:
    """The parser sets each address's hash as it builds it; the constructor, `address_of`
    and unpickling leave it to the first `hash()`: all give the hash of the fields equality
    compares, and the kept hash is no field of the value."""
    assert [f.name for f in attrs.fields(Address)] == ["root", "labels", "scheme", "at"]
    for address in model.addresses():
        parts = (address.root, address.labels, address.scheme, address.at)
        for other in (Address(*parts), address_of(*parts), pickle.loads(pickle.dumps(address))):
            assert other == address and hash(other) == hash(address)
        assert hash(address) == hash((address.root, address.labels, address.at))
