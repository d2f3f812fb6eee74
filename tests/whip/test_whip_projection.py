"""Projection: weights split among delegates present, precedence, assumptions, clashes."""

from __future__ import annotations

from fractions import Fraction

import attrs
import pytest
from whip_support import tiny_conference

from motions.errors import WhipError
from motions.whip import (
    Assumption,
    Basis,
    CardVote,
    Conference,
    Delegate,
    Delegation,
    Line,
    Mandate,
    Outcome,
    Pledge,
    Position,
    Recommendation,
    Section,
    project,
)

F, A, AB, U = Position.FOR, Position.AGAINST, Position.ABSTAIN, Position.UNDECIDED


def weights(conference: Conference) -> dict[str, Fraction]:
    p = project(conference, 1)
    return {v.id: v.weight(p.scale) for v in p.voters}


def test_four_present_carry_a_quarter_each() -> None:
    conf = tiny_conference([(1000, [F, F, A, A])], [(10, F)])
    w = weights(conf)
    assert [w[f"C0D{i}"] for i in range(4)] == [Fraction(250)] * 4


def test_one_absent_the_other_three_carry_a_third() -> None:
    conf = tiny_conference([(1000, [F, F, A, Position.ABSENT])], [(10, F)])
    w = weights(conf)
    assert [w[f"C0D{i}"] for i in range(3)] == [Fraction(1000, 3)] * 3
    assert w["C0D3"] == 0
    result = project(conf, 1).result
    assert result.section(Section.CLP).for_share == Fraction(2, 3)


def test_not_attending_delegates_do_not_take_a_share() -> None:
    conf = tiny_conference([(900, [F, F, F])], [(10, F)])
    delegates = list(conf.delegates)
    delegates[2] = attrs.evolve(delegates[2], attending=False)
    conf = attrs.evolve(conf, delegates=tuple(delegates))
    w = weights(conf)
    assert (w["C0D0"], w["C0D1"], w["C0D2"]) == (450, 450, 0)


def test_abstentions_keep_their_weight_but_count_neither_way() -> None:
    conf = tiny_conference([(1000, [F, AB])], [(10, F)])
    clp = project(conf, 1).result.section(Section.CLP)
    assert clp.for_share == 1
    assert clp.votes_abstain == 500


def test_affiliates_vote_as_blocs() -> None:
    conf = tiny_conference([(10, [F])], [(300, F), (100, A)])
    aff = project(conf, 1).result.section(Section.AFFILIATE)
    assert (aff.votes_for, aff.votes_against) == (300, 100)


def test_assumptions_for_undecided_voters() -> None:
    conf = tiny_conference([(400, [F, A, U, U])], [(10, F)])
    share = {
        a: project(conf, 1, assumption=a).result.section(Section.CLP).for_share for a in Assumption
    }
    assert share[Assumption.EXCLUDE] == Fraction(1, 2)
    assert share[Assumption.SPLIT] == Fraction(1, 2)
    assert share[Assumption.FOR] == Fraction(3, 4)
    assert share[Assumption.AGAINST] == Fraction(1, 4)
    assert share[Assumption.FACTION] == Fraction(1, 2)  # no factions: left out


def _with_faction_and_mandate() -> Conference:
    return Conference(
        delegations=(
            Delegation("C1", "Ashford", Section.CLP, 300),
            Delegation("C2", "Bramley", Section.CLP, 100),
            Delegation("A1", "Union", Section.AFFILIATE, 50, faction="Forward"),
        ),
        delegates=(
            Delegate("D1", "Jo", "C1", faction="Forward"),
            Delegate("D2", "Al", "C1", faction="Forward"),
            Delegate("D3", "Sam", "C1"),
            Delegate("D4", "Kim", "C2", faction="Forward"),
        ),
        card_votes=(CardVote(1, "Test"),),
        recommendations=(Recommendation("Forward", 1, Line.OPPOSE, "No."),),
        mandates=(Mandate("C1", 1, Position.FOR),),
        pledges=(Pledge("D2", 1, Position.AGAINST, 0.8),),
    )


def test_pledge_beats_mandate_beats_assumption_and_clashes_show() -> None:
    p = project(_with_faction_and_mandate(), 1, assumption=Assumption.FACTION)
    by_id = {v.id: v for v in p.voters}
    assert (by_id["D1"].basis, by_id["D1"].projected) == (Basis.MANDATE, F)
    assert (by_id["D2"].basis, by_id["D2"].projected) == (Basis.PLEDGE, A)
    assert (by_id["D3"].basis, by_id["D3"].projected) == (Basis.MANDATE, F)
    assert (by_id["D4"].basis, by_id["D4"].projected) == (Basis.ASSUMED, A)  # faction line
    assert (by_id["A1"].basis, by_id["A1"].projected) == (Basis.ASSUMED, A)
    assert by_id["D1"].bound and not by_id["D2"].bound
    kinds = sorted((c.voter, c.kind) for c in p.clashes)
    assert kinds == [
        ("D1", "mandate-overrides-line"),
        ("D2", "mandate-overrides-line"),
        ("D2", "pledge-breaks-mandate"),
    ]
    clp = p.result.section(Section.CLP)
    assert (clp.votes_for, clp.votes_against) == (200, 200)
    assert p.result.outcome is Outcome.LOST


def test_unknown_card_vote_is_a_whip_error() -> None:
    with pytest.raises(WhipError) as err:
        project(_with_faction_and_mandate(), 2)
    assert err.value.first.code == "whip.unknown-card-vote"
    assert "CV1" in (err.value.first.hint or "")
