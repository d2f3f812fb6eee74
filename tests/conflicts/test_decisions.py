"""The three-year rule: reading a decisions file, and what it bars."""

from __future__ import annotations

from pathlib import Path

import pytest
from conflict_support import motion, replace

from motions import Rulebook, parse_address
from motions.conflicts import Code, DecisionsError, check, load_decisions, parse_decisions

TOML = """
conference = 2026
years = 3
granularity = "clause"

[[decision]]
year = 2024
address = "Chapter 3, Clause III, rule 2.H"
outcome = "lost"
title = "Shorter bar"

[[decision]]
year = 2022
address = "C4.II"
outcome = "carried"

[[decision]]
year = 2025
address = "C6.II.2"
outcome = "remitted"
"""


def motions_on(*citations: str) -> list:  # type: ignore[type-arg]
    found = {
        "C3.III.4.A": ("three minutes", "five minutes"),
        "C3.III.2.E": ("in the year following its submission", "in the year of its submission"),
        "C4.II.2.B.i": ("20 per cent", "10 per cent"),
        "C6.II.2.A": ("28 days", "21 days"),
    }
    return [motion(replace(c, *found[c]), cv=str(i + 1)) for i, c in enumerate(citations)]


def test_a_decision_bars_its_clause_for_three_years(model: Rulebook) -> None:
    decisions = parse_decisions(TOML, filename="d.toml", scheme=model.scheme)
    agenda = motions_on("C3.III.4.A", "C3.III.2.E", "C4.II.2.B.i", "C6.II.2.A")
    report = check(model, agenda, decisions=decisions)
    barred = [f for f in report.findings if f.code is Code.THREE_YEAR_RULE]
    # Clause granularity: both amendments to Chapter 3, Clause III are barred (2024 + 3 ≥ 2026);
    # Chapter 4, Clause II was decided in 2022 (free again in 2026); remitted does not bar.
    assert [f.motions for f in barred] == [(0,), (1,)]
    assert barred[0].decision is not None and barred[0].decision.year == 2024
    assert "cannot be heard before 2028" in barred[0].message


def test_rule_granularity_narrows_the_part(model: Rulebook) -> None:
    decisions = parse_decisions(TOML, filename="d.toml", scheme=model.scheme).with_settings(
        granularity="rule"
    )
    report = check(model, motions_on("C3.III.4.A", "C3.III.2.E"), decisions=decisions)
    assert [f.motions for f in report.findings if f.code is Code.THREE_YEAR_RULE] == [(1,)]


def test_the_window_follows_the_conference_year(model: Rulebook) -> None:
    decisions = parse_decisions(TOML, filename="d.toml", scheme=model.scheme)
    for year, barred in ((2024, 0), (2025, 1), (2027, 1), (2028, 0)):
        report = check(
            model, motions_on("C3.III.2.E"), decisions=decisions.with_settings(conference=year)
        )
        assert sum(f.code is Code.THREE_YEAR_RULE for f in report.findings) == barred, year
    longer = decisions.with_settings(conference=2028, years=4)
    assert any(
        f.code is Code.THREE_YEAR_RULE
        for f in check(model, motions_on("C3.III.2.E"), decisions=longer).findings
    )


def test_the_nec_is_not_barred(model: Rulebook) -> None:
    decisions = parse_decisions(TOML, filename="d.toml", scheme=model.scheme)
    nec = motion(
        replace("C3.III.2.E", "in the year following its submission", "at once"), proposer="NEC"
    )
    assert check(model, [nec], decisions=decisions).findings == ()


def test_csv_decisions(model: Rulebook, tmp_path: Path) -> None:
    path = tmp_path / "decisions.csv"
    path.write_text(
        'year,address,outcome,title\n2024,"Chapter 3, Clause III",lost,x\n2020,C4.II,carried,\n',
        encoding="utf-8",
    )
    decisions = load_decisions(path, scheme=model.scheme)
    assert [d.address for d in decisions.entries] == [
        parse_address("C3.III"),
        parse_address("C4.II"),
    ]
    assert decisions.conference is None and decisions.granularity == "clause"
    # Without a conference year the book's edition (2026) is used.
    report = check(model, motions_on("C3.III.4.A"), decisions=decisions)
    assert [f.code for f in report.findings] == [Code.THREE_YEAR_RULE]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[decision]]\nyear = 'soon'\naddress = 'C3.III'\noutcome = 'lost'\n", "is not a number"),
        (
            "[[decision]]\nyear = 2024\naddress = 'the whole thing'\noutcome = 'lost'\n",
            "decision 1",
        ),
        ("[[decision]]\nyear = 2024\naddress = 'C3.III'\noutcome = 'won'\n", "is not one of"),
        ("granularity = 'page'\n", "granularity must be clause or rule"),
        ("colour = 'red'\n", "unknown setting"),
        ("this is = not toml", "d.toml"),
    ],
)
def test_bad_decisions_are_reported_together(model: Rulebook, text: str, message: str) -> None:
    with pytest.raises(DecisionsError) as caught:
        parse_decisions(text, filename="d.toml", scheme=model.scheme)
    assert message in caught.value.format()


def test_csv_without_the_columns(model: Rulebook) -> None:
    with pytest.raises(DecisionsError, match="lacks the column"):
        parse_decisions("year,where\n2024,C3.III\n", filename="d.csv", scheme=model.scheme)
