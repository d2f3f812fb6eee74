"""Results entered as published: totals alone (2019), half-share rows (2021), abstentions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from motions.cli import main
from motions.errors import WhipError
from motions.whip import Outcome, Section, tally_counts
from motions.whip.published import half_shares, total_only

# Labour conference 2019, card votes 1 to 8 on rule changes, as published (totals only).
PUBLISHED_2019 = [
    ("95.52", Outcome.CARRIED),
    ("97.26", Outcome.CARRIED),
    ("96.91", Outcome.CARRIED),
    ("81.47", Outcome.CARRIED),
    ("84.01", Outcome.CARRIED),
    ("72.54", Outcome.CARRIED),
    ("97.29", Outcome.CARRIED),
    ("14.58", Outcome.LOST),
]


@pytest.mark.parametrize(("total", "outcome"), PUBLISHED_2019)
def test_2019_totals_alone_reproduce_as_published(total: str, outcome: Outcome) -> None:
    result = total_only(total)
    assert result.outcome is outcome
    assert result.total_for_percent == Decimal(total)
    assert result.total_against_percent == Decimal(100) - Decimal(total)
    assert all(s.for_share is None for s in result.sections)


def test_2021_card_vote_1_half_share_rows_from_the_raw_counts() -> None:
    out = CliRunner().invoke(
        main,
        [
            "tally",
            "--clp-for",
            "342921",
            "--clp-against",
            "8723",
            "--aff-for",
            "1810113",
            "--aff-against",
            "4825",
        ],
    )
    assert out.exit_code == 0, out.output
    clp = next(line for line in out.stdout.splitlines() if line.startswith("CLPs"))
    aff = next(line for line in out.stdout.splitlines() if line.startswith("Affiliates"))
    assert clp.split()[1:5] == ["97.52", "2.48", "48.76", "1.24"]
    assert aff.split()[1:5] == ["99.73", "0.27", "49.87", "0.13"]


def test_2021_half_share_rows_entered_give_the_published_total() -> None:
    result = half_shares("48.76, 1.24, 49.87, 0.13")
    assert result.total_for_percent == Decimal("98.63")
    assert result.section(Section.CLP).for_percent == Decimal("97.52")
    assert result.outcome is Outcome.CARRIED


def test_half_share_rows_that_do_not_add_up_are_refused() -> None:
    with pytest.raises(WhipError) as caught:
        half_shares("48.76,1.24,49.87,0.20")
    assert "50.07" in caught.value.diagnostics[0].message
    with pytest.raises(WhipError):
        half_shares("48.76,1.24")


def test_abstentions_are_shown_and_count_in_neither_share() -> None:
    plain = tally_counts(342921, 8723, 1810113, 4825)
    with_abstentions = tally_counts(342921, 8723, 1810113, 4825, clp_abstain=12000)
    assert with_abstentions.total_for == plain.total_for
    assert with_abstentions.section(Section.CLP).votes_abstain == 12000
    out = CliRunner().invoke(
        main,
        [
            "tally",
            "--clp-for",
            "10",
            "--clp-against",
            "5",
            "--aff-for",
            "3",
            "--aff-against",
            "1",
            "--aff-abstain",
            "7",
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0
    assert '"votes_abstain": 7' in out.stdout


def test_mixed_shapes_are_a_usage_error() -> None:
    out = CliRunner().invoke(main, ["tally", "--total-percent", "50.1", "--clp-percent", "40"])
    assert out.exit_code == 2 and "one published shape" in out.stderr
