"""Win probability: exact enumeration, seeded Monte Carlo, and that they agree."""

from __future__ import annotations

import pytest
from whip_support import tiny_conference

from motions.whip import Method, Position, ProbabilityModel, project, win_probability

F, A = Position.FOR, Position.AGAINST


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
    assert p.for_aim(Position.AGAINST) == pytest.approx(0.2)


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
    assert p.standard_error == pytest.approx((p.carried * (1 - p.carried) / p.samples) ** 0.5)
