"""Win probability: exact enumeration, seeded Monte Carlo, and that they agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whip_support import tiny_conference

from motions.whip import Method, Position, ProbabilityModel, project, win_probability

F, A, AB = Position.FOR, Position.AGAINST, Position.ABSTAIN


def test_certain_pledges_give_certainty() -> None:
    conf = tiny_conference([(100, [F, F, A])], [(10, F)], confidence=1.0)
    p = win_probability(project(conf, 1))
    assert (p.carried, p.method, p.uncertain_voters) == (1.0, Method.EXACT, 0)
    lost = tiny_conference([(100, [A, A, F])], [(10, A)], confidence=1.0)
    assert win_probability(project(lost, 1)).carried == 0.0


def test_exact_single_uncertain_voter() -> None:
    # The CLP is decided by one delegate (confidence 0.8) and affiliates are certain for:
    # carried unless that delegate votes against or abstains... abstaining leaves the CLP
    # with no votes, which is undetermined, so not carried.
    conf = tiny_conference([(100, [F])], [(10, F)], confidence=0.8)
    conf = conf.__class__(
        delegations=conf.delegations,
        delegates=conf.delegates,
        card_votes=conf.card_votes,
        pledges=tuple(
            p if p.voter != "A0" else p.__class__(p.voter, 1, F, 1.0) for p in conf.pledges
        ),
    )
    p = win_probability(project(conf, 1))
    assert p.method is Method.EXACT
    assert p.carried == pytest.approx(0.8)
    # Abstaining (0.1) leaves the CLPs with no votes: undetermined, which is not "lost"
    # (issue 13: undetermined results say so instead of counting as a loss).
    assert p.undetermined == pytest.approx(0.1)
    assert p.for_aim(Position.AGAINST) == pytest.approx(0.1)


def test_monte_carlo_agrees_with_exact_and_is_seeded() -> None:
    conf = tiny_conference(
        [(300, [F, A, F]), (200, [A, F]), (500, [F, A, A, F])],
        [(100, F), (80, A)],
        confidence=0.7,
    )
    projection = project(conf, 1)
    exact = win_probability(projection, model=ProbabilityModel(exact_limit=20))
    assert exact.method is Method.EXACT
    mc = win_probability(projection, model=ProbabilityModel(exact_limit=0, samples=20_000))
    assert mc.method is Method.MONTE_CARLO
    assert mc.standard_error > 0
    assert abs(mc.carried - exact.carried) < 4 * mc.standard_error + 1e-9
    again = win_probability(projection, model=ProbabilityModel(exact_limit=0, samples=20_000))
    assert again == mc
    other_seed = win_probability(
        projection, model=ProbabilityModel(exact_limit=0, samples=20_000, seed=7)
    )
    assert other_seed.seed == 7


def test_example_card_vote_probability_is_reported_with_its_error(example_book: object) -> None:
    from motions.whip import WhipBook

    with WhipBook.open(example_book) as book:  # type: ignore[arg-type]
        conference = book.snapshot()
    p = win_probability(project(conference, 1))
    assert p.method is Method.MONTE_CARLO
    assert 0.0 < p.carried < 1.0
    # Conditional Monte Carlo (the affiliates summed exactly under each CLP draw): its error
    # is stated, under half a point, and smaller than counting wins would give.
    assert p.error_95 <= 0.005
    assert p.standard_error <= (p.carried * (1 - p.carried) / p.samples) ** 0.5


def _brute_force(projection: object, model: ProbabilityModel) -> tuple[float, float]:
    """Every outcome of every uncertain voter, tallied with the card-vote arithmetic."""
    from itertools import product

    import attrs

    from motions.whip.arithmetic import Outcome
    from motions.whip.probability import outcome_probabilities
    from motions.whip.projection import Projection, tally_voters

    assert isinstance(projection, Projection)
    choices = []
    for voter in projection.voters:
        pf, pa = outcome_probabilities(voter, projection.assumption, model)
        options = [(F, pf), (A, pa), (Position.ABSTAIN, max(0.0, 1 - pf - pa))]
        choices.append([(voter, pos, q) for pos, q in options if q > 0])
    carried = undetermined = 0.0
    for combo in product(*choices):
        weight = 1.0
        voters = []
        for voter, pos, q in combo:
            weight *= q
            voters.append(attrs.evolve(voter, projected=pos))
        result = tally_voters(
            voters,
            projection.scale,
            projection.assumption,
            projection.result.weights,
            projection.card_vote.threshold,
        )
        if result.outcome is Outcome.CARRIED:
            carried += weight
        elif result.outcome is Outcome.UNDETERMINED:
            undetermined += weight
    return carried, undetermined


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from([F, A, AB]), min_size=1, max_size=5),
    st.lists(st.integers(1, 400), min_size=1, max_size=3),
    st.sampled_from([0.55, 0.7, 0.9]),
)
def test_exact_probability_matches_every_outcome_tallied(
    positions: list[Position], sizes: list[int], confidence: float
) -> None:
    clps = [(size, positions[i :: len(sizes)]) for i, size in enumerate(sizes)]
    clps = [c for c in clps if c[1]]
    conf = tiny_conference(clps, [(50, F)], confidence=confidence)
    projection = project(conf, 1)
    model = ProbabilityModel()
    p = win_probability(projection, model=model)
    assert p.method is Method.EXACT
    carried, undetermined = _brute_force(projection, model)
    assert p.carried == pytest.approx(carried, abs=1e-9)
    assert p.undetermined == pytest.approx(undetermined, abs=1e-9)


def test_monte_carlo_states_an_error_under_half_a_point_and_is_near_exact() -> None:
    conf = tiny_conference(
        [(300, [F, A, F]), (200, [A, F]), (500, [F, A, A, F])],
        [(100, F), (80, A)],
        confidence=0.7,
    )
    projection = project(conf, 1)
    exact = win_probability(projection)
    assert exact.method is Method.EXACT
    mc = win_probability(projection, model=ProbabilityModel(exact_limit=0))
    assert mc.method is Method.MONTE_CARLO
    assert mc.error_95 <= 0.005
    assert abs(mc.carried - exact.carried) <= 2 * mc.error_95


def test_each_card_vote_has_its_own_random_stream() -> None:
    conf = tiny_conference([(300, [F, A, F]), (200, [A, F])], [(100, F), (80, A)], confidence=0.7)
    import attrs

    from motions.whip import CardVote

    twin = attrs.evolve(conf, card_votes=(*conf.card_votes, CardVote(2, "Twin")))
    twin = attrs.evolve(
        twin, pledges=twin.pledges + tuple(attrs.evolve(p, card_vote=2) for p in twin.pledges)
    )
    model = ProbabilityModel(exact_limit=0, samples=1000, max_samples=1000)
    first = win_probability(project(twin, 1), model=model)
    second = win_probability(project(twin, 2), model=model)
    assert first.carried != second.carried  # same vote, independent draws


def test_a_vote_where_nobody_has_said_anything_is_undetermined() -> None:
    conf = tiny_conference([(300, [None, None])], [(100, F)], confidence=0.9)
    p = win_probability(project(conf, 1))
    assert (p.carried, p.undetermined, p.lost) == (0.0, 1.0, 0.0)
