"""The column projection and the section-by-section probability, against plain references."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from whip_support import conferences, tiny_conference

from motions.whip import (
    Assumption,
    Basis,
    Conference,
    Position,
    ProbabilityModel,
    Section,
    Threshold,
    project,
    win_probability,
)
from motions.whip.arithmetic import DEFAULT_WEIGHTS, SectionWeights
from motions.whip.distribution import Judge, States, _exact_row, chances, states
from motions.whip.probability import Method, outcome_arrays, outcome_probabilities
from motions.whip.projection import tally_voters

F, A, AB = Position.FOR, Position.AGAINST, Position.ABSTAIN


def _reference(conference: Conference, assumption: Assumption) -> list[tuple[object, ...]]:
    """Each voter of card vote 1 by the rules of docs/whip.md, one at a time, plainly."""
    pledges = {p.voter: p for p in conference.pledges if p.card_vote == 1}
    mandates = {m.delegation_id: m for m in conference.mandates if m.card_vote == 1}
    scale = 2 * 60 * 7 * 11 * 13  # any common multiple will do: compare as fractions
    out: list[tuple[object, ...]] = []
    for d in conference.delegations:
        if d.section is Section.AFFILIATE:
            pledge = pledges.get(d.id)
            stated = pledge.position if pledge else Position.UNDECIDED
            units = Fraction(0) if stated is Position.ABSENT else Fraction(d.votes)
            out.append((d.id, stated, units))
            continue
        members = [x for x in conference.delegates if x.delegation_id == d.id]
        present = [
            x
            for x in members
            if x.attending and not (x.id in pledges and pledges[x.id].position is Position.ABSENT)
        ]
        for x in members:
            pledge = pledges.get(x.id)
            if not x.attending:
                out.append((x.id, Position.ABSENT, Fraction(0)))
                continue
            if pledge:
                stated = pledge.position
            elif d.id in mandates:
                stated = mandates[d.id].position
            else:
                stated = Position.UNDECIDED
            share = Fraction(d.votes * scale // len(present), scale) if present else Fraction(0)
            out.append((x.id, stated, Fraction(0) if stated is Position.ABSENT else share))
    return out


@settings(max_examples=60, deadline=None)
@given(conferences(), st.sampled_from(list(Assumption)))
def test_the_column_projection_matches_the_rules_voter_by_voter(
    conference: Conference, assumption: Assumption
) -> None:
    projection = project(conference, 1, assumption=assumption)
    got = [(v.id, v.stated, v.weight(projection.scale)) for v in projection.voters]
    assert got == _reference(conference, assumption)
    # The tally of the columns is the tally of the voters one by one.
    again = tally_voters(
        projection.voters,
        projection.scale,
        assumption,
        DEFAULT_WEIGHTS,
        projection.card_vote.threshold,
    )
    assert again == projection.result
    counts = projection.counts(Section.CLP)
    assert sum(counts.values()) == sum(1 for v in projection.voters if v.section is Section.CLP)


@settings(max_examples=60, deadline=None)
@given(conferences(), st.sampled_from(list(Assumption)), st.sampled_from([0.55, 0.8, 1.0]))
def test_outcome_arrays_are_outcome_probabilities_for_every_voter(
    conference: Conference, assumption: Assumption, confidence: float
) -> None:
    import attrs

    conference = attrs.evolve(
        conference,
        pledges=tuple(attrs.evolve(p, confidence=confidence) for p in conference.pledges),
    )
    projection = project(conference, 1, assumption=assumption)
    model = ProbabilityModel()
    pf, pa = outcome_arrays(projection.rows, assumption, model)
    expected = [outcome_probabilities(v, assumption, model) for v in projection.voters]
    assert list(zip(pf.tolist(), pa.tolist(), strict=True)) == expected
    assert {v.basis for v in projection.voters} <= set(Basis)


_STATES = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 6), st.floats(0.01, 1.0)), min_size=1, max_size=8
)


@settings(max_examples=150, deadline=None)
@given(
    _STATES,
    _STATES,
    st.booleans(),
    st.sampled_from(list(Threshold)),
    st.sampled_from([(1, 1), (1, 0), (0, 1), (3, 1)]),
)
def test_sections_combine_as_every_pair_tallied(
    outer: list[tuple[int, int, float]],
    inner: list[tuple[int, int, float]],
    outer_is_clp: bool,
    threshold: Threshold,
    ratio: tuple[int, int],
) -> None:
    """Small whole numbers make exact ties common: the float shortcut must not miss them."""
    weights = SectionWeights(Fraction(ratio[0], sum(ratio)), Fraction(ratio[1], sum(ratio)))
    judge = Judge(weights, threshold)
    total = sum(p for _, _, p in inner)
    inside = States(
        np.array([f for f, _, _ in inner]),
        np.array([a for _, a, _ in inner]),
        np.array([p / total for _, _, p in inner]),
    )
    fo = np.array([float(f) for f, _, _ in outer])
    ao = np.array([float(a) for _, a, _ in outer])
    carried, undetermined = chances(judge, outer_is_clp, fo, ao, inside)
    for i in range(len(outer)):
        want = _exact_row(judge, outer_is_clp, fo[i], ao[i], inside)
        assert carried[i] == np.float64(want[0]) or abs(carried[i] - want[0]) < 1e-12
        assert abs(undetermined[i] - want[1]) < 1e-12


@settings(max_examples=40, deadline=None)
@given(
    # Probabilities on a grid of twentieths: no subnormal products, whose rounding would depend
    # on the order of multiplication rather than on the code under test.
    st.lists(
        st.tuples(
            st.integers(1, 9),
            st.integers(0, 20).map(lambda k: k / 20),
            st.integers(0, 20).map(lambda k: k / 20),
        ),
        max_size=6,
    ),
    st.integers(0, 5),
    st.integers(0, 5),
)
def test_a_sections_states_are_every_outcome_merged(
    voters: list[tuple[int, float, float]], base_for: int, base_against: int
) -> None:
    voters = [(u, pf, min(pa, 1 - pf)) for u, pf, pa in voters]
    found = states(base_for, base_against, voters, 10_000)
    assert found is not None
    got = {(int(f), int(a)): p for f, a, p in zip(found.f, found.a, found.p, strict=True) if p > 0}
    assert len(set(zip(found.f.tolist(), found.a.tolist(), strict=True))) == len(found.f)
    want: dict[tuple[int, int], float] = {}
    for combo in product(range(3), repeat=len(voters)):
        f, a, p = base_for, base_against, 1.0
        for (units, pf, pa), pick in zip(voters, combo, strict=True):
            q = (pf, pa, max(0.0, 1 - pf - pa))[pick]
            p *= q
            f += units if pick == 0 else 0
            a += units if pick == 1 else 0
        if p > 0:
            want[(f, a)] = want.get((f, a), 0.0) + p
    assert set(got) <= set(want)
    for key, p in want.items():
        assert abs(got.get(key, 0.0) - p) < 1e-9


def test_conditional_monte_carlo_is_within_its_stated_error_of_exact() -> None:
    conf = tiny_conference(
        [(300, [F, A, F]), (200, [A, F]), (500, [F, A, A, F]), (700, [AB, F]), (90, [A])],
        [(100, F), (80, A), (120, AB)],
        confidence=0.7,
    )
    projection = project(conf, 1)
    exact = win_probability(projection)
    assert exact.method is Method.EXACT
    # Too many voters for the exact method: the CLPs are drawn, the affiliates summed.
    conditional = win_probability(projection, model=ProbabilityModel(exact_limit=3))
    assert conditional.method is Method.MONTE_CARLO
    assert 0 < conditional.error_95 <= 0.005
    assert abs(conditional.carried - exact.carried) <= 2 * conditional.error_95
    assert abs(conditional.undetermined - exact.undetermined) <= 2 * conditional.error_95
    # Too many affiliate outcomes to sum: plain Monte Carlo, also within its error.
    plain = win_probability(projection, model=ProbabilityModel(exact_limit=3, inner_limit=2))
    assert plain.method is Method.MONTE_CARLO and plain.error_95 <= 0.005
    assert abs(plain.carried - exact.carried) <= 2 * plain.error_95


def test_a_delegation_too_big_for_int64_is_still_exact() -> None:
    """40 delegates make the common multiple of shares 2·lcm(1..40) ≈ 10**16: the columns fall
    back to Python integers, and the projection, chance and paths stay exact."""
    positions: list[Position | None] = [F, A, None, AB] * 10
    conf = tiny_conference(
        [(2999, positions), (1500, [A, A])], [(400_000, F), (390_000, A)], confidence=0.8
    )
    projection = project(conf, 1)
    assert projection.rows.units.dtype == object
    got = [(v.id, v.stated, v.weight(projection.scale)) for v in projection.voters]
    assert got == _reference(conf, Assumption.EXCLUDE)
    again = tally_voters(
        projection.voters, projection.scale, Assumption.EXCLUDE, DEFAULT_WEIGHTS, Threshold.MAJORITY
    )
    assert again == projection.result
    chance = win_probability(projection)
    assert 0.0 < chance.carried < 1.0 and chance.error_95 <= 0.005
    from motions.whip import Objective, path_to_victory

    for objective in Objective:
        path = path_to_victory(projection, aim=Position.AGAINST, objective=objective)
        assert path.minimal and path.after.outcome.value in ("lost", "carried")
