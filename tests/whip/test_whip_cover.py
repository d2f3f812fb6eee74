"""The exact cover shortcuts against every subset (small cases, chosen to make ties likely)."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from motions.whip.cover import (
    cheapest_by_cost,
    exact_subset,
    least_weight_by_bound,
    least_weight_leaving_out,
)
from motions.whip.knapsack import min_cost_cover

WEIGHTS = st.lists(st.integers(1, 40).map(lambda w: 2 * w), min_size=1, max_size=9)


def _subsets(n: int) -> list[tuple[int, ...]]:
    return [c for k in range(n + 1) for c in combinations(range(n), k)]


@settings(max_examples=200, deadline=None)
@given(WEIGHTS, st.integers(0, 400))
def test_exact_subset_hits_the_target_or_says_none(weights: list[int], target: int) -> None:
    found = exact_subset(weights, target)
    if found is not None:
        assert sum(weights[i] for i in found) == target
        assert len(set(found)) == len(found)
    else:
        # It may miss (it is a quick search), but never when nothing else could be asked of it.
        assert target != 0


def _least_weight(closing: list[int], opening: list[int], q: int, p: int, need: int) -> int:
    best = None
    for a in _subsets(len(closing)):
        for b in _subsets(len(opening)):
            wa = sum(closing[i] for i in a)
            wb = sum(opening[i] for i in b)
            if q * wa + (q - p) * wb >= need and (best is None or wa + wb < best):
                best = wa + wb
    assert best is not None
    return best


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(1, 30).map(lambda w: 2 * w), min_size=0, max_size=6),
    st.lists(st.integers(1, 30).map(lambda w: 2 * w), min_size=0, max_size=5),
    st.integers(2, 9),
    st.data(),
)
def test_least_weight_shortcuts_are_least_when_they_answer(
    closing: list[int], opening: list[int], q: int, data: st.DataObject
) -> None:
    p = data.draw(st.integers(1, q - 1))
    most = q * sum(closing) + (q - p) * sum(opening)
    need = data.draw(st.integers(1, max(1, most)))
    if most < need:
        return
    truth = _least_weight(closing, opening, q, p, need)
    for method in (least_weight_by_bound, least_weight_leaving_out):
        found = method(closing, opening, q, p, need)
        if found is None:
            continue
        chosen_c, chosen_o, weight = found
        wa = sum(closing[i] for i in chosen_c)
        wb = sum(opening[i] for i in chosen_o)
        assert q * wa + (q - p) * wb >= need, method.__name__
        assert wa + wb == weight == truth, method.__name__


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 30), st.sampled_from([3, 5, 8])), min_size=1, max_size=9),
    st.data(),
)
def test_the_cost_programme_is_the_cheapest_cover(
    items: list[tuple[int, int]], data: st.DataObject
) -> None:
    gains = [g for g, _ in items]
    costs = [c for _, c in items]
    need = data.draw(st.integers(1, sum(gains)))
    truth = min(
        sum(costs[i] for i in s) for s in _subsets(len(items)) if sum(gains[i] for i in s) >= need
    )
    found = cheapest_by_cost(gains, costs, need, sum(costs))
    assert found is not None
    chosen, cost = found
    assert sum(gains[i] for i in chosen) >= need and sum(costs[i] for i in chosen) == cost == truth
    cover = min_cost_cover(gains, costs, need)
    assert cover is not None and cover.cost == truth and cover.proven


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.sampled_from([3, 5, 8]), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    st.integers(-5, 60),
)
def test_a_cover_that_must_open_is_the_cheapest_that_does(
    items: list[tuple[int, int, bool]], need: int
) -> None:
    gains = [g for g, _, _ in items]
    costs = [c for _, c, _ in items]
    opening = [o for _, _, o in items]
    feasible = [
        sum(costs[i] for i in s)
        for s in _subsets(len(items))
        if sum(gains[i] for i in s) >= need and any(opening[i] for i in s)
    ]
    cover = min_cost_cover(gains, costs, need, must_open=opening)
    if not feasible:
        assert cover is None
        return
    assert cover is not None and cover.cost == min(feasible)
    assert any(opening[i] for i in cover.chosen)
    assert sum(gains[i] for i in cover.chosen) >= need


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(1, 30), st.integers(1, 9)), min_size=1, max_size=10
    ),
    st.integers(2, 9),
    st.data(),
)
def test_the_merged_relaxation_is_the_sorted_one(
    items: list[tuple[bool, int, int]], q: int, data: st.DataObject
) -> None:
    from fractions import Fraction

    from motions.whip.knapsack import lower_bound
    from motions.whip.model import Section
    from motions.whip.path import _Candidate, _Floor, _SectionState

    y = Fraction(data.draw(st.integers(0, q - 1)), q)
    p, q = y.numerator, y.denominator
    need = data.draw(st.integers(-3, 200))
    candidates = tuple(
        _Candidate(i, closing, units, units, 0.5, price)
        for i, (closing, units, price) in enumerate(items)
    )
    state = _SectionState(Section.CLP, Fraction(1, 2), 0, 10, candidates)
    gains = [q * c.gain if c.closing else c.units * (q - p) for c in candidates]
    prices = [c.price for c in candidates]
    floor = _Floor(state)
    merged = floor.bound(y, need)
    quick = floor.quick(y, need)
    if sum(g for g in gains if g > 0) < need:
        assert merged is None and quick is None
    else:
        assert merged == lower_bound(gains, prices, need)
        # The planning figure is the same bound in floating point, never above it.
        assert quick is not None and quick <= merged
        assert abs(quick - float(merged)) <= 1e-6 * (1 + float(merged))
