"""The exact least-weight cover (subset sums) against every subset, and its bitsets."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from motions.whip.subsetsum import SubsetSums, least_weight_cover

weights = st.lists(st.integers(1, 12).map(lambda w: 6 * w), max_size=5)


@settings(max_examples=300, deadline=None)
@given(weights, weights, st.integers(2, 9), st.data(), st.integers(-30, 400), st.booleans())
def test_least_weight_cover_is_the_least(
    closing: list[int], opening: list[int], q: int, data: st.DataObject, need: int, must: bool
) -> None:
    p = data.draw(st.integers(1, q - 1))
    best = None
    for a in itertools.chain.from_iterable(
        itertools.combinations(range(len(closing)), k) for k in range(len(closing) + 1)
    ):
        for b in itertools.chain.from_iterable(
            itertools.combinations(range(len(opening)), k) for k in range(len(opening) + 1)
        ):
            if must and not b:
                continue
            total_a = sum(closing[i] for i in a)
            total_b = sum(opening[i] for i in b)
            if q * total_a + (q - p) * total_b >= need:
                best = total_a + total_b if best is None else min(best, total_a + total_b)
    found = least_weight_cover(closing, opening, q, p, need, must_open=must, cache={})
    if best is None:
        assert found is None
        return
    assert found is not None
    chosen_a, chosen_b, weight = found
    total_a = sum(closing[i] for i in chosen_a)
    total_b = sum(opening[i] for i in chosen_b)
    assert weight == best == total_a + total_b
    assert q * total_a + (q - p) * total_b >= need
    assert chosen_b or not must


def test_subset_sums_walk_back_to_the_items() -> None:
    sums = SubsetSums([5, 3, 9, 3, 7] * 20, 400)
    for total in (0, 3, 6, 17, 399, 400):
        if sums.reachable(total):
            picked = sums.subset(total)
            assert sum(sums.weights[i] for i in picked) == total
    assert sums.at_least(1) == 3
    assert not sums.reachable(1) and not sums.reachable(2)
