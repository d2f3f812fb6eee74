from __future__ import annotations

import pytest
from hypothesis import given, settings
from strategies import LABOUR, rulebooks

from motions import Rulebook, RulebookError, outline, parse_rulebook, render_rulebook

HEAD = "Title: Test book\nEdition: 2026\n\n"


def book(body: str) -> Rulebook:
    return parse_rulebook(HEAD + body, filename="test.txt")


def errors(body: str) -> list[str]:
    with pytest.raises(RulebookError) as info:
        book(body)
    return [d.format() for d in info.value.diagnostics]


def test_header_and_structure() -> None:
    rb = book(
        "Chapter 4 Elections\nClause I. General\n1. x\nClause II. Leader\nThe clause's own text.\n"
        "1. When elections happen.\n2. Nominations\n  A. On a vacancy:\n    i. 20 per cent of MPs\n"
    )
    assert (rb.title, rb.edition, rb.scheme.name) == ("Test book", "2026", "labour")
    assert rb["C4.II"].heading == "Leader" and rb["C4.II"].text == "The clause's own text."
    assert rb["C4.II.2.A.i"].text == "20 per cent of MPs"
    assert rb["C4.II.2.A.i"].span is not None and rb["C4.II.2.A.i"].span.line == 12


def test_continuation_lines_are_joined_and_escapes_kept() -> None:
    rb = book(
        "Chapter 1 A\nClause I. B\n1. The first line\n   goes on here\n"
        "\\A. is text, not a sub-rule\n"
    )
    assert rb["C1.I.1"].text == "The first line goes on here A. is text, not a sub-rule"


def test_letter_i_after_h_but_roman_one_under_a_sub_rule() -> None:
    letters = "".join(f"      {c}. item {c}\n" for c in "abcdefghijk")
    rb = book(
        f"Chapter 1 A\nClause I. B\n1. r\n  A. s\n    i. roman one\n{letters}    ii. roman two\n"
    )
    assert [p.label for p in rb["C1.I.1.A.i"].children] == list("abcdefghijk")
    assert rb["C1.I.1.A.i.i"].text == "item i"
    assert rb["C1.I.1.A.ii"].text == "roman two"


@pytest.mark.parametrize("letter", ["C", "D", "I", "L", "M", "V", "X"])
def test_upper_letters_that_look_roman(letter: str) -> None:
    subs = "".join(f"  {chr(c)}. s\n" for c in range(ord("A"), ord(letter) + 1))
    rb = book(f"Chapter 1 A\nClause I. B\n1. r\n{subs}")
    assert rb[f"C1.I.1.{letter}"].address.level.name == "sub-rule"


def test_v_after_iv_is_roman_but_after_u_a_letter() -> None:
    romans = "".join(f"    {r}. x\n" for r in ("i", "ii", "iii", "iv", "v"))
    letters = "".join(f"      {chr(c)}. y\n" for c in range(ord("a"), ord("w")))
    rb = book(f"Chapter 1 A\nClause I. B\n1. r\n  A. s\n{romans}{letters}")
    assert rb["C1.I.1.A.v"].level == "item"
    assert rb["C1.I.1.A.v.v"].level == "sub-item"
    assert len(rb["C1.I.1.A.v"].children) == 22


def test_inserted_labels_and_divided_chapters() -> None:
    rb = book(
        "Chapter 8 A\nClause I. B\n1. one\n1A. inserted\n1B. again\n2. two\n"
        "Chapter 9 (A) Regions\nClause I. X\n1. r\nChapter 9 (B) More\nClause I. Y\n1. r\n"
        "Chapter 10 After\nClause I. Z\n1. r\n"
    )
    assert [p.label for p in rb["C8.I"].children] == ["1", "1A", "1B", "2"]
    assert [t.label for t in rb.children] == ["8", "9A", "9B", "10"]


def test_skipped_label_is_an_error_with_line_column_caret_and_hint() -> None:
    (message,) = errors("Chapter 1 A\nClause I. B\n1. r\n  A. one\n  C. three\n")
    assert message.startswith("test.txt:8:3: error[outline-skipped-label]")
    assert "expected 'B.'" in message and "found 'C.'" in message
    assert "    8 |   C. three\n      |   ^" in message
    assert "hint:" in message


def test_duplicate_and_out_of_order_labels() -> None:
    assert "appears twice" in errors("Chapter 1 A\nClause I. B\n1. r\n2. s\n2. t\n")[0]
    assert (
        "comes after" in errors("Chapter 1 A\nClause I. B\n1. r\n2. s\n  A. x\n  B. y\n1. t\n")[0]
    )


def test_out_of_place_labels_are_never_silently_placed() -> None:
    # An item straight under a rule: no sub-rule for it to stand in.
    (message,) = errors("Chapter 1 A\nClause I. B\n1. r\n    i. item\n")
    assert "error[outline-out-of-place]" in message
    # A clause before any chapter.
    assert "comes before any chapter" in errors("Clause I. B\n")[0]
    # Text before the first heading.
    assert "belongs to no provision" in errors("stray words\nChapter 1 A\n")[0]
    # Every error is reported, not just the first.
    assert len(errors("Chapter 1 A\nClause I. B\n1. r\n3. s\n5. t\n")) == 2


def test_lists_start_at_the_first_label() -> None:
    assert "start at 'Clause I.'" in errors("Chapter 1 A\nClause II. B\n")[0]


def test_page_markers_set_pages_but_not_equality() -> None:
    paged = book("[page 3]\nChapter 1 A\nClause I. B\n1. r\n[page 4]\n2. s\n")
    plain = book("Chapter 1 A\nClause I. B\n1. r\n2. s\n")
    assert paged["C1.I.1"].page == 3 and paged["C1.I.2"].page == 4
    assert paged == plain


def test_union_scheme() -> None:
    rb = parse_rulebook(
        "Scheme: union\n\nRule 17 Branches\n17.1 Branches meet monthly.\n"
        "17.2 Quorum\n(a) five\n(b) six\n"
        "Rule 18 Funds\n18.1 Kept.\n",
        filename="union.txt",
    )
    assert rb["Rule 17.2"].address.compact() == "R17.2"
    assert rb["R17.2.b"].text == "six"
    with pytest.raises(RulebookError, match="numbered for 19"):
        parse_rulebook("Scheme: union\n\nRule 18 Funds\n19.1 misnumbered\n")


def test_empty_input_is_an_error() -> None:
    with pytest.raises(RulebookError, match="holds no chapters"):
        parse_rulebook("Title: nothing\n")


def test_diagnostics_available_without_raising() -> None:
    result = outline(HEAD + "Chapter 1 A\nClause I. B\n1. r\n3. s\n")
    assert result.rulebook is not None and len(result.errors) == 1


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(rulebooks())
def test_render_then_parse_gives_an_equal_rulebook(rb: Rulebook) -> None:
    again = parse_rulebook(render_rulebook(rb))
    assert again == rb


@settings(max_examples=50, deadline=None)
@given(rulebooks(scheme=__import__("motions").load_scheme("union"), max_depth=3))
def test_union_books_round_trip(rb: Rulebook) -> None:
    assert parse_rulebook(render_rulebook(rb)) == rb


def test_model_book_round_trips(model: Rulebook) -> None:
    text = render_rulebook(model)
    again = parse_rulebook(text)
    assert again == model
    assert [p.page for p in again.walk()] == [p.page for p in model.walk()]
    assert LABOUR.name == model.scheme.name
