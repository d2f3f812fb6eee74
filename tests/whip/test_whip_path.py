"""Path to victory: the re-tally wins, and the fewest flips are really the fewest."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whip_support import conferences, tiny_conference

from motions.whip import (
    Assumption,
    Conference,
    Objective,
    Outcome,
    Position,
    Projection,
    Status,
    Voter,
    path_to_victory,
    project,
)
from motions.whip.arithmetic import SectionWeights
from motions.whip.path import _price, flip_chance
from motions.whip.projection import tally_voters

F, A, AB, U = Position.FOR, Position.AGAINST, Position.ABSTAIN, Position.UNDECIDED


def wins(projection: Projection, flipped: set[str], aim: Position) -> bool:
    voters = [attrs.evolve(v, projected=aim) if v.id in flipped else v for v in projection.voters]
    result = tally_voters(
        voters,
        projection.scale,
        projection.assumption,
        projection.result.weights,
        projection.card_vote.threshold,
    )
    return result.outcome is (Outcome.CARRIED if aim is F else Outcome.LOST)


def candidates(projection: Projection, aim: Position) -> list[Voter]:
    return [v for v in projection.voters if not v.bound and v.units > 0 and v.projected is not aim]


def brute_force(projection: Projection, aim: Position) -> tuple[int | None, Fraction | None]:
    pool = candidates(projection, aim)
    best_count: int | None = None
    best_weight: Fraction | None = None
    for k in range(len(pool) + 1):
        for subset in combinations(pool, k):
            if wins(projection, {v.id for v in subset}, aim):
                weight = sum((v.weight(projection.scale) for v in subset), Fraction(0))
                best_count = k if best_count is None else min(best_count, k)
                best_weight = weight if best_weight is None else min(best_weight, weight)
    return best_count, best_weight


def test_one_flip_in_the_clps_carries_it() -> None:
    conf = tiny_conference([(1000, [F, A, A, U])], [(100, F), (100, A)])
    projection = project(conf, 1)
    assert projection.result.outcome is Outcome.LOST
    path = path_to_victory(projection, aim=F)
    assert path.status is Status.FOUND
    assert [f.voter for f in path.flips] in (["C0D1"], ["C0D2"], ["A1"])
    assert path.after.outcome is Outcome.CARRIED
    assert path.minimal


def test_already_winning_and_impossible() -> None:
    conf = tiny_conference([(1000, [F, F])], [(100, F)])
    path = path_to_victory(project(conf, 1), aim=F)
    assert path.status is Status.ALREADY_WINNING and path.flips == ()
    # Every voter is bound by a mandate (none here) or absent: nothing to flip.
    hopeless = tiny_conference([(1000, [Position.ABSENT])], [(100, F)])
    path = path_to_victory(project(hopeless, 1), aim=F)
    assert path.status is Status.IMPOSSIBLE


def test_opposing_whips_flip_the_other_way() -> None:
    conf = tiny_conference([(1000, [F, F, A, U])], [(100, F), (60, A)])
    projection = project(conf, 1)
    path = path_to_victory(projection, aim=A)
    assert path.status is Status.FOUND
    assert all(f.to_position is A for f in path.flips)
    assert path.after.outcome is Outcome.LOST


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    conferences(max_clps=3, max_affiliates=2, max_delegates=3),
    st.sampled_from([F, A]),
    st.sampled_from([Assumption.EXCLUDE, Assumption.SPLIT]),
)
def test_path_retally_wins_and_is_minimal(
    conference: Conference, aim: Position, assumption: Assumption
) -> None:
    projection = project(conference, 1, assumption=assumption)
    best_count, best_weight = brute_force(projection, aim)
    by_count = path_to_victory(projection, aim=aim, objective=Objective.COUNT)
    by_weight = path_to_victory(projection, aim=aim, objective=Objective.WEIGHT)
    if by_count.status is Status.ALREADY_WINNING:
        assert best_count == 0
        return
    if best_count is None:
        assert by_count.status is Status.IMPOSSIBLE
        assert by_weight.status is Status.IMPOSSIBLE
        return
    for path in (by_count, by_weight):
        assert path.status is Status.FOUND
        flipped = {f.voter for f in path.flips}
        assert wins(projection, flipped, aim)  # the re-tally really wins
        assert path.after.outcome is (Outcome.CARRIED if aim is F else Outcome.LOST)
    assert by_count.minimal
    assert len(by_count.flips) == best_count
    assert best_weight is not None
    # The least-weight path is exact now (knapsack by integers and milp), not greedy.
    assert by_weight.minimal
    assert by_weight.total_weight == best_weight
    assert by_weight.weight_lower_bound == best_weight
    likely = path_to_victory(projection, aim=aim, objective=Objective.LIKELY)
    best_price = brute_force_likely(projection, aim)
    if best_price is None:
        assert likely.status is Status.IMPOSSIBLE
    else:
        assert likely.status is Status.FOUND and likely.minimal
        assert wins(projection, {f.voter for f in likely.flips}, aim)
        assert sum(_price(Objective.LIKELY, 0, f.chance) for f in likely.flips) == best_price


def brute_force_likely(projection: Projection, aim: Position) -> int | None:
    pool = [v for v in candidates(projection, aim) if flip_chance(v) > 0]
    best: int | None = None
    for k in range(len(pool) + 1):
        for subset in combinations(pool, k):
            if wins(projection, {v.id for v in subset}, aim):
                price = sum(_price(Objective.LIKELY, 0, flip_chance(v)) for v in subset)
                best = price if best is None else min(best, price)
    return best


def test_likely_path_prefers_soft_supporters_and_shows_confidence() -> None:
    # Two CLPs of equal weight against; one firm (1.0), one soft (0.6): flip the soft one.
    conference = tiny_conference([(100, [F]), (100, [A]), (100, [A])], [], confidence=0.6)
    firm = attrs.evolve(conference.pledges[1], confidence=1.0)
    conference = attrs.evolve(
        conference, pledges=(conference.pledges[0], firm, conference.pledges[2])
    )
    projection = project(attrs.evolve(conference), 1, weights=SectionWeights(1, 0))
    path = path_to_victory(
        projection, aim=F, objective=Objective.LIKELY, weights=SectionWeights(1, 0)
    )
    assert [f.voter for f in path.flips] == [conference.pledges[2].voter]
    assert path.flips[0].confidence == 0.6
    assert abs(path.chance - 0.4) < 1e-9


def test_example_paths_are_proven_by_retally(example_book: object) -> None:
    from motions.whip import WhipBook

    with WhipBook.open(example_book) as book:  # type: ignore[arg-type]
        conference = book.snapshot()
    projection = project(conference, 1)
    for aim in (F, A):
        for objective in Objective:
            path = path_to_victory(projection, aim=aim, objective=objective)
            if path.status is Status.FOUND:
                assert wins(projection, {f.voter for f in path.flips}, aim)
                assert path.to_json()["proof"] == path.after.to_json()
