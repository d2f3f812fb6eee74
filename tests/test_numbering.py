from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motions.book.numbering import (
    LabelKey,
    Style,
    canonical_label,
    format_label,
    from_roman,
    label_key,
    load_scheme,
    parse_scheme,
    successors,
    to_roman,
)
from motions.errors import SchemeError


@given(st.integers(1, 3999))
def test_roman_round_trips(n: int) -> None:
    assert from_roman(to_roman(n)) == n


@pytest.mark.parametrize("style", list(Style))
@given(n=st.integers(1, 400))
def test_labels_round_trip_in_every_style(style: Style, n: int) -> None:
    label = format_label(LabelKey(n), style)
    assert label_key(label, style) == LabelKey(n)


@pytest.mark.parametrize(
    ("label", "style", "ordinal"),
    [
        ("iv", Style.LOWER_ROMAN, 4),
        ("i", Style.LOWER_LETTER, 9),
        ("v", Style.LOWER_LETTER, 22),
        ("x", Style.LOWER_ROMAN, 10),
        ("X", Style.UPPER_LETTER, 24),
        ("XIV", Style.UPPER_ROMAN, 14),
        ("aa", Style.LOWER_LETTER, 27),
    ],
)
def test_ambiguous_labels_read_in_their_style(label: str, style: Style, ordinal: int) -> None:
    key = label_key(label, style)
    assert key is not None and key.ordinal == ordinal


def test_invalid_labels_are_rejected() -> None:
    assert label_key("iiii", Style.LOWER_ROMAN) is None
    assert label_key("IV", Style.LOWER_ROMAN) is None
    assert label_key("b", Style.UPPER_LETTER) is None
    assert label_key("5A", Style.UPPER_ROMAN) is None


def test_inserted_labels_sort_between_their_neighbours() -> None:
    five, five_a, five_b, six = (label_key(x, Style.ARABIC) for x in ("5", "5A", "5B", "6"))
    assert five is not None and five_a is not None and five_b is not None and six is not None
    assert five < five_a < five_b < six
    assert canonical_label("9 (A)", Style.ARABIC) == "9A"
    assert canonical_label("2a", Style.ARABIC) == "2A"
    assert five_a in successors(five, Style.ARABIC)
    assert five_b in successors(five_a, Style.ARABIC)
    assert six in successors(five_a, Style.ARABIC)


def test_labour_scheme_levels() -> None:
    scheme = load_scheme("labour")
    assert [lv.name for lv in scheme.levels] == [
        "chapter", "clause", "rule", "sub-rule", "item", "sub-item",
    ]  # fmt: skip
    assert scheme.levels[0].marker("9A") == "Chapter 9 (A)"
    assert scheme.levels[1].marker("II") == "Clause II."
    assert [lv.name for lv in scheme.sequence("appendix")] == [
        "appendix", "rule", "sub-rule", "item", "sub-item",
    ]  # fmt: skip
    assert "sub-clause" in scheme.levels[2].words and "section" in scheme.levels[3].words


def test_union_scheme_levels() -> None:
    scheme = load_scheme("union")
    assert [lv.name for lv in scheme.levels] == ["rule", "paragraph", "sub-paragraph"]
    assert scheme.levels[1].marker("7", "17") == "17.7"
    assert scheme.levels[2].marker("a") == "(a)"


def test_unknown_scheme_suggests_the_nearest() -> None:
    with pytest.raises(SchemeError) as info:
        load_scheme("labor")
    assert "did you mean 'labour'" in info.value.format()


def test_malformed_scheme_is_our_error() -> None:
    with pytest.raises(SchemeError, match="style"):
        parse_scheme('name = "x"\n[[levels]]\nname = "a"\nstyle = "greek"\nmarkers = ["{label}"]\n')
    with pytest.raises(SchemeError):
        parse_scheme("name = ")
