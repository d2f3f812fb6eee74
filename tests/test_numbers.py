"""Numbers in rule books and citations (issue 17, items 1, 2, 17, 18): ASCII digits of bounded
length, roman numerals up to MMMCMXCIX, schemes of bounded depth; everything else gets our error,
never a ValueError, RecursionError or a silently normalised value."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from motions import parse_rulebook
from motions.book.address import parse_address
from motions.book.numbering import (
    MAX_LEVELS,
    ROMAN_LIMIT,
    LabelKey,
    Style,
    can_format,
    label_key,
    parse_scheme,
    successors,
)
from motions.book.references import find_references
from motions.cli import main
from motions.errors import AddressError, MotionsError, RulebookError, SchemeError
from motions.numbers import MAX_DIGITS, natural

HEAD = "Title: T\nEdition: 2026\nScheme: labour\n\n"
HUGE = "9" * 5000


def show(citation: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["show", citation])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("text", ["1__0", "1_0", "１", "٤", "²", " 1", "+1", "-1", "", "1" * 19])
def test_natural_reads_only_plain_ascii_digits(text: str) -> None:
    assert natural(text) is None


@given(st.integers(min_value=0, max_value=10**MAX_DIGITS - 1))
@settings(max_examples=50)
def test_natural_reads_every_number_it_writes(number: int) -> None:
    assert natural(str(number)) == number


@pytest.mark.parametrize(
    "citation",
    [f"C{HUGE}", f"C4.{HUGE}", f"Chapter {HUGE}", f"C4.II.2.B.i (page {HUGE})", f"rule {HUGE}"],
)
def test_citations_with_5000_digits_get_our_error(citation: str) -> None:
    code, err = show(citation)
    assert code == 2 and "error[address-" in err and "internal error" not in err


@pytest.mark.parametrize("citation", ["C1.4000", "C1.9999.1", "Chapter 1, Clause 4000"])
def test_roman_numerals_past_3999_get_our_error(citation: str) -> None:
    code, err = show(citation)
    assert code == 2 and "error[address-unreadable]" in err


@pytest.mark.parametrize("citation", ["C１", "C٤", "Chapter ٤", "C4.II.２", "C1__0", "C4.II.²"])
def test_other_digits_are_not_numbers_in_citations(citation: str) -> None:
    code, err = show(citation)
    assert code == 2 and "error[address-syntax]" in err
    assert ("digits 0 to 9" in err) == (citation != "C1__0")
    with pytest.raises(AddressError):
        parse_address(citation)


def test_roman_successors_stop_at_the_limit() -> None:
    assert successors(LabelKey(ROMAN_LIMIT), Style.UPPER_ROMAN) == ()
    assert not can_format(LabelKey(ROMAN_LIMIT + 1), Style.LOWER_ROMAN)
    assert can_format(LabelKey(ROMAN_LIMIT + 1), Style.ARABIC)


@pytest.mark.parametrize(
    "body, code",
    [
        ("Chapter 1 X\n\nClause MMMM. Y\n1. text\n", "outline-bad-label"),
        ("Chapter 1 X\n\nClause I. Y\n1. text\nClause IIII. Z\n", "outline-bad-label"),
        ("Chapter 1 X\n\nClause MMMCMXCIX. Y\n1. text\nClause I. Z\n1. t\n", "outline-bad-start"),
        (f"Chapter {HUGE} X\n\nClause I. Y\n1. text\n", "outline-bad-label"),
        (f"[page {HUGE}]\nChapter 1 X\n\nClause I. Y\n1. text\n", "outline-bad-page"),
        ("Chapter ١ X\n\nClause I. Y\n1. text\n", "outline-orphan-text"),
    ],
    ids=["MMMM", "IIII", "after-3999", "huge-chapter", "huge-page", "arabic-indic-chapter"],
)
def test_bad_numbers_in_a_rule_book_get_our_error(body: str, code: str) -> None:
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(HEAD + body, filename="t.txt")
    assert code in {d.code for d in caught.value.diagnostics}


def test_other_digits_do_not_open_a_provision() -> None:
    book = parse_rulebook(HEAD + "Chapter 1 X\n\nClause I. Y\n1. text\n１. more\n", filename="t")
    rule = book["C1.I.1"]
    assert rule.text == "text １. more" and not rule.children
    assert label_key("１", Style.ARABIC) is None and label_key("1__0", Style.ARABIC) is None


def test_huge_citations_inside_rule_text_do_not_break_refs() -> None:
    body = f"Chapter 1 X\n\nClause I. Y\n1. see rule {HUGE} above and C{HUGE} and C1.4000\n"
    book = parse_rulebook(HEAD + body, filename="t")
    found = find_references(book)  # no exception: the unreadable citations are findings at most
    # None of them resolves to a provision (none exists with such a label).
    assert all(target in book for r in found.references for target in r.targets)
    assert not any(r.targets for r in found.references if HUGE in r.text or "4000" in r.text)


def test_a_scheme_of_1100_levels_gets_our_error() -> None:
    levels = "".join(
        f'[[levels]]\nname = "l{i}"\nstyle = "arabic"\nmarkers = ["L{i} {{label}}."]\n'
        for i in range(1100)
    )
    with pytest.raises(SchemeError, match="scheme-too-deep"):
        parse_scheme(levels)
    nested = "levels = " + "[" * 1100 + "]" * 1100
    with pytest.raises(SchemeError, match="scheme-toml"):
        parse_scheme(nested)
    with pytest.raises(SchemeError, match="scheme-toml"):
        parse_scheme(f"levels = {HUGE}")


def test_a_scheme_at_the_level_limit_still_works() -> None:
    levels = "".join(
        f'[[levels]]\nname = "l{i}"\nstyle = "arabic"\nmarkers = ["L{i} {{label}}."]\n'
        for i in range(MAX_LEVELS)
    )
    scheme = parse_scheme(levels)
    text = "Title: T\n\n" + "".join(f"L{i} 1. t\n" for i in range(MAX_LEVELS))
    book = parse_rulebook(text, scheme=scheme)
    assert book == parse_rulebook(text, scheme=scheme)


def test_every_error_here_is_ours() -> None:
    assert issubclass(AddressError, MotionsError) and issubclass(SchemeError, MotionsError)


@pytest.mark.parametrize(
    "argv",
    [
        ["outline", "--depth", "２"],
        ["outline", "--depth", "1_0"],
        ["outline", "--depth", HUGE],
        ["check", "examples/motions/threshold.motion", "--conference", "２０２６"],
        ["check", "examples/motions/threshold.motion", "--conference", "2_026"],
    ],
)
def test_number_options_take_only_ascii_digits(argv: list[str]) -> None:
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2 and "is not a whole number in ASCII digits" in result.stderr


def test_number_options_still_take_numbers() -> None:
    result = CliRunner().invoke(main, ["outline", "--depth", "1"])
    assert result.exit_code == 0 and "Chapter 1" in result.stdout


@pytest.mark.parametrize("card_vote", ["9" * 5000, "٣", "CV１"])
def test_check_orders_card_votes_of_any_length(tmp_path: Path, card_vote: str) -> None:
    source = Path("examples/agenda-2026/01-electronic-card-votes.motion").read_text("utf-8")
    motion = tmp_path / "m.motion"
    motion.write_text(source.replace("Card vote: 1\n", f"Card vote: {card_vote}\n"), "utf-8")
    other = "examples/agenda-2026/02-ncc-notice.motion"
    result = CliRunner().invoke(main, ["check", str(motion), other, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 2) and "internal error" not in result.stderr
