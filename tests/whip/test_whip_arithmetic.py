"""Card-vote arithmetic against the published 2021 figures, and its laws."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motions.errors import WhipError
from motions.whip import (
    Outcome,
    Section,
    SectionWeights,
    Threshold,
    combine,
    combine_percentages,
    parse_weights,
    percent,
    section_result,
    tally_counts,
)

PUBLISHED_2021 = [
    # name, CLP %, affiliates %, total %
    ("Getting Labour Election Ready", "47.14", "60.20", "53.67"),
    ("EHRC", "64.74", "82.53", "73.64"),
    ("Safeguarding", "61.88", "61.30", "61.59"),
    ("Party Conference", "50.84", "61.40", "56.12"),
]


@pytest.mark.parametrize(("name", "clp", "aff", "total"), PUBLISHED_2021)
def test_2021_totals_are_reproduced_exactly(name: str, clp: str, aff: str, total: str) -> None:
    result = combine_percentages(clp, aff)
    assert result.total_for_percent == Decimal(total), name
    assert result.outcome is Outcome.CARRIED


def test_getting_labour_election_ready_in_full() -> None:
    result = combine_percentages("47.14", "60.20")
    assert result.section(Section.CLP).for_percent == Decimal("47.14")
    assert result.section(Section.CLP).against_percent == Decimal("52.86")
    assert result.section(Section.AFFILIATE).against_percent == Decimal("39.80")
    assert (result.total_for_percent, result.total_against_percent) == (
        Decimal("53.67"),
        Decimal("46.33"),
    )
    # Carried although the CLP section voted against.
    assert result.carried


def test_ehrc_needs_exact_half_up_rounding() -> None:
    # 64.74 and 82.53 average to exactly 73.635; binary floats print 73.63.
    assert round((64.74 + 82.53) / 2, 2) == 73.63
    assert combine_percentages("64.74", "82.53").total_for_percent == Decimal("73.64")


def test_card_vote_1_raw_counts() -> None:
    result = tally_counts(342_921, 8_723, 1_810_113, 4_825)
    clp = result.section(Section.CLP)
    aff = result.section(Section.AFFILIATE)
    assert clp.for_share == Fraction(342_921, 342_921 + 8_723)
    assert (clp.for_percent, clp.against_percent) == (Decimal("97.52"), Decimal("2.48"))
    assert (aff.for_percent, aff.against_percent) == (Decimal("99.73"), Decimal("0.27"))
    assert result.total_for == (clp.for_share + aff.for_share) / 2
    assert result.total_for_percent == Decimal("98.63")
    assert result.carried


def test_percent_rounds_half_up() -> None:
    assert percent(Fraction(73635, 100000)) == Decimal("73.64")
    assert percent(Fraction(73634999, 100000000)) == Decimal("73.63")
    assert percent(Fraction(1, 3)) == Decimal("33.33")
    assert percent(Fraction(2, 3)) == Decimal("66.67")
    assert percent(Fraction(1)) == Decimal("100.00")


def test_majority_tie_falls_and_two_thirds_boundary_passes() -> None:
    assert tally_counts(1, 1, 1, 1).outcome is Outcome.LOST
    two_thirds = tally_counts(2, 1, 2, 1, threshold=Threshold.TWO_THIRDS)
    assert two_thirds.total_for == Fraction(2, 3)
    assert two_thirds.outcome is Outcome.CARRIED
    assert tally_counts(199, 101, 2, 1, threshold=Threshold.TWO_THIRDS).outcome is Outcome.LOST


def test_a_section_with_no_votes_leaves_the_total_undetermined() -> None:
    result = tally_counts(10, 0, 0, 0)
    assert result.section(Section.AFFILIATE).for_share is None
    assert result.outcome is Outcome.UNDETERMINED
    assert result.total_for_percent is None


def test_weights_are_configurable() -> None:
    weights = parse_weights("60/40")
    assert weights == SectionWeights(Fraction(3, 5), Fraction(2, 5))
    result = combine_percentages("50", "100", weights=weights)
    assert result.total_for_percent == Decimal("70.00")
    assert parse_weights("1:1") == SectionWeights()
    with pytest.raises(WhipError, match="pair of section weights"):
        parse_weights("50")
    with pytest.raises(WhipError):
        parse_weights("0/0")


def test_bad_counts_and_percentages_are_whip_errors() -> None:
    with pytest.raises(WhipError, match="must not be negative"):
        tally_counts(-1, 0, 1, 1)
    with pytest.raises(WhipError, match="percentage"):
        combine_percentages("101", "50")
    with pytest.raises(WhipError) as err:
        combine_percentages("abc", "50")
    assert err.value.first.hint


counts = st.integers(min_value=0, max_value=10**7)


@given(counts, counts, counts, counts)
def test_section_percentages_sum_to_100(cf: int, ca: int, af: int, aa: int) -> None:
    result = tally_counts(cf, ca, af, aa)
    for section in result.sections:
        if section.for_share is None:
            continue
        against = Fraction(ca if section.section is Section.CLP else aa)
        assert section.for_share + against / (section.votes_for + section.votes_against) == 1
        assert section.for_percent + section.against_percent == Decimal(100)


@given(
    counts.filter(bool),
    counts,
    counts.filter(bool),
    counts,
    st.integers(min_value=0, max_value=100),
)
def test_total_is_the_weighted_mean_of_the_sections(
    cf: int, ca: int, af: int, aa: int, clp_weight: int
) -> None:
    weights = SectionWeights(Fraction(clp_weight, 100), Fraction(100 - clp_weight, 100))
    result = tally_counts(cf, ca, af, aa, weights=weights)
    clp, aff = Fraction(cf, cf + ca), Fraction(af, af + aa)
    assert result.total_for == weights.clp * clp + weights.affiliate * aff
    assert min(clp, aff) <= result.total_for <= max(clp, aff)
    assert result.total_for_percent + result.total_against_percent == Decimal(100)


@given(st.fractions(min_value=0, max_value=1), st.fractions(min_value=0, max_value=1))
def test_combine_with_equal_weights_is_the_plain_mean(a: Fraction, b: Fraction) -> None:
    from motions.whip.arithmetic import SectionResult

    result = combine((SectionResult(Section.CLP, a), SectionResult(Section.AFFILIATE, b)))
    assert result.total_for == (a + b) / 2


def test_section_result_keeps_counts() -> None:
    s = section_result(Section.CLP, 3, 1, votes_abstain=5)
    assert s.for_share == Fraction(3, 4)
    assert s.to_json()["votes_abstain"] == 5
