from __future__ import annotations

import pytest
from hypothesis import given
from strategies import addresses

from motions import AddressError, Rulebook, parse_address, parse_citation, parse_reference
from motions.book.address import Address, CitedRange

TARGET = ("4", "II", "2", "B", "i")


@pytest.mark.parametrize(
    "citation",
    [
        "Chapter 4, Clause II, rule 2.B.i",
        "Chapter 4, Clause II, Section 2, Subsection B, (i) (page 14)",
        "Chapter 4, Clause II, Section 2, Subsection B, (i)",
        "C4.II.2.B.i",
        "Rule 4.II.2.B.i",
        "4.II.2.B.i",
        "4.2.2.2.1",
        "Chapter 4.II.2.B.i",
        "Chapter 4, Clause 2, Rule 2.B.i",
        "chapter 4, clause II, sub-clause 2.B.i pg 33",
        "C4.II.2.B.i (p. 14)",
    ],
)
def test_every_citation_style_gives_one_address(citation: str) -> None:
    assert parse_address(citation).labels == TARGET


@pytest.mark.parametrize(
    ("citation", "compact"),
    [
        ("C3.I.1.B", "C3.I.1.B"),
        ("Rule 2.I.4.B", "C2.I.4.B"),
        ("Rule 5.4.1", "C5.IV.1"),
        ("3.3.1.B", "C3.III.1.B"),
        ("3.III.2.2", "C3.III.2.B"),
        ("5.IV.5.F", "C5.IV.5.F"),
        ("Chapter 1.VI.1", "C1.VI.1"),
        ("Chapter 9 (A), Clause I, rule 2", "C9A.I.2"),
        ("C9A.I.2", "C9A.I.2"),
        ("Appendix 2, rule 3.A", "App2.3.A"),
        ("App2.3.A", "App2.3.A"),
    ],
)
def test_domain_citation_styles(citation: str, compact: str) -> None:
    assert parse_address(citation).compact() == compact


def test_arabic_clause_with_glued_sub_rule_resolves_against_the_book(model: Rulebook) -> None:
    cited = parse_citation("Chapter 3, Clause 1, Rule 3A")
    assert [a.compact() for a in cited.readings] == ["C3.I.3A", "C3.I.3.A"]
    # The book has no inserted rule 3A, so the split reading wins.
    assert model.resolve(cited).address.compact() == "C3.I.3.A"
    # ...whereas Chapter 7 really has an inserted rule 5A.
    assert model["Chapter 7, Clause IV, rule 5A"].address.compact() == "C7.IV.5A"


def test_relative_citations_need_and_use_a_context() -> None:
    context = parse_address("Chapter 5, Clause IV")
    assert parse_address("Sub-clause 5.F", context=context).compact() == "C5.IV.5.F"
    inner = parse_address("C5.IV.5.A")
    assert parse_address("sub-rule C", context=inner).compact() == "C5.IV.5.C"
    assert parse_address("this clause", context=inner).compact() == "C5.IV"
    assert parse_address("Clause I.1.A", context=inner).compact() == "C5.I.1.A"
    with pytest.raises(AddressError, match="needs a context"):
        parse_address("this clause")
    with pytest.raises(AddressError, match="cannot read"):
        parse_address("sub-rule C")


def test_lists_and_ranges() -> None:
    context = parse_address("C7.II.1")
    reference = parse_reference("rules 2 to 11 below", context=context)
    (target,) = reference.targets
    assert isinstance(target, CitedRange)
    assert (target.start.address.compact(), target.end.address.compact()) == ("C7.II.2", "C7.II.11")
    assert reference.direction == "below"
    chapters = parse_reference("Chapters 1, 2 or 6")
    assert [t.address.compact() for t in chapters.cited()] == ["C1", "C2", "C6"]
    clauses = parse_reference("Clause IV.5 and IV.6", context=parse_address("C5"))
    assert [t.address.compact() for t in clauses.cited()] == ["C5.IV.5", "C5.IV.6"]
    following = parse_reference("Clause I.1 above and following", context=context)
    assert following.direction == "following"
    assert parse_reference("C4.II.2.B.i (page 14)").page == 14


def test_address_printing() -> None:
    address = parse_address("C4.II.2.B.i")
    assert address.long() == "Chapter 4, Clause II, rule 2.B.i"
    assert address.compact() == "C4.II.2.B.i"
    assert address.id() == "chp_4__cls_II__rul_2__sub_B__itm_i"
    assert parse_address("C9A").long() == "Chapter 9 (A)"
    assert parse_address("Appendix 1, rule 2.A").long() == "Appendix 1, rule 2.A"


@given(addresses())
def test_every_printed_form_parses_back(address: Address) -> None:
    assert parse_address(address.long()) == address
    assert parse_address(address.compact()) == address


def test_syntax_errors_point_at_the_column() -> None:
    with pytest.raises(AddressError) as info:
        parse_address("Chapter 4, Clause II, rule 2.B.!")
    diagnostic = info.value.first
    assert diagnostic.code == "address-syntax"
    assert diagnostic.span is not None and diagnostic.span.column == 32
    assert "^" in diagnostic.format()


def test_unknown_level_word_suggests_one() -> None:
    with pytest.raises(AddressError) as info:
        parse_address("Chapter 4, Clasue II")
    assert "did you mean 'clause'" in info.value.format()


def test_absent_address_names_the_nearest(model: Rulebook) -> None:
    with pytest.raises(AddressError) as info:
        model["C4.II.2.B.iv"]
    message = info.value.format()
    assert "has no Chapter 4, Clause II, rule 2.B.iv" in message
    assert "C4.II.2.B.iii" in message and "C4.II.2.B" in message


@given(addresses())
def test_plain_forms_read_alike_with_and_without_the_grammar(address: Address) -> None:
    from motions.book.address import _collect_parts, _parse, _plain_parts

    for text in (address.long(), address.compact()):
        fast = _plain_parts(text)
        if fast is None:
            continue
        slow, _ = _collect_parts(_parse(text))
        assert [(s, p.kind, p.word, p.labels) for s, p in fast] == [
            (s, p.kind, p.word, p.labels) for s, p in slow
        ]
