"""The least-weight cover exactly, by dynamic programming over whole-number weights.

For the least-weight path every flip in the larger section is one of two kinds: a *closing*
flip (a voter on the other side) adds q·w to the sum that must reach the need, an *opening*
flip (an abstainer) adds (q − p)·w, where w is its weight and y = p/q the share the section must
reach. So the cheapest cover is: whole-number A (closing weights) and B (opening weights), each
a subset sum of its kind, with q·A + (q − p)·B ≥ need and A + B least. The subset sums of each
kind are a bitset (a Python integer: bit s set when some flips weigh exactly s), built once per
card vote, since the weights do not depend on y; each y is then a short search, and the flips
that make up the chosen sums are recovered by walking the bitsets back.

Weights are divided by their greatest common divisor first (a CLP's membership split among its
delegates is a fraction of a vote; the book keeps it in whole "units"), and the bitsets are cut
at the largest sum that can matter, so their size is the need in units, not the conference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MAX_BITS = 16_000_000
"""Past this many bits of subset sums the caller falls back to the solver (`knapsack`)."""

CHECKPOINT = 32
"""Every how many items a bitset is kept for walking back (the rest are recomputed)."""


class SubsetSums:
    """Which totals some subset of `weights` reaches, up to `limit`; and one subset for each."""

    def __init__(self, weights: Sequence[int], limit: int) -> None:
        self.weights = tuple(weights)
        self.limit = limit
        self._mask = (1 << (limit + 1)) - 1
        self._saved: list[int] = []
        reach = 1
        for i, w in enumerate(self.weights):
            if i % CHECKPOINT == 0:
                self._saved.append(reach)
            reach = (reach | (reach << w)) & self._mask
        self.reach = reach

    def reachable(self, total: int) -> bool:
        return 0 <= total <= self.limit and bool(self.reach >> total & 1)

    def at_least(self, total: int) -> int | None:
        """The smallest reachable total ≥ `total`, or None."""
        total = max(0, total)
        if total > self.limit:
            return None
        rest = self.reach >> total
        if not rest:
            return None
        return total + (rest & -rest).bit_length() - 1

    def at_most(self, total: int) -> int | None:
        """The largest reachable total ≤ `total`, or None."""
        if total < 0:
            return None
        below = self.reach & ((1 << (min(total, self.limit) + 1)) - 1)
        return below.bit_length() - 1 if below else None

    def subset(self, total: int) -> tuple[int, ...]:
        """Indices of weights that add up to exactly `total` (which must be reachable)."""
        assert self.reachable(total)
        chosen: list[int] = []
        for block in range(len(self._saved) - 1, -1, -1):
            start = block * CHECKPOINT
            stop = min(start + CHECKPOINT, len(self.weights))
            states = [self._saved[block]]
            for i in range(start, stop - 1):
                states.append((states[-1] | (states[-1] << self.weights[i])) & self._mask)
            for i in range(stop - 1, start - 1, -1):
                before = states[i - start]  # reachable with the items before i
                if not before >> total & 1:
                    chosen.append(i)
                    total -= self.weights[i]
        assert total == 0
        return tuple(sorted(chosen))


def least_weight_cover(
    closing: Sequence[int],
    opening: Sequence[int],
    q: int,
    p: int,
    need: int,
    *,
    must_open: bool,
    cache: dict[str, SubsetSums],
) -> tuple[tuple[int, ...], tuple[int, ...], int] | None:
    """(closing indices, opening indices, total weight) of the least-weight cover of `need`,
    with at least one opening flip if `must_open`; None if none exists, or if the sums would
    pass `MAX_BITS` (then the caller uses the solver). Needs 0 < p < q.

    `cache` keeps the bitsets between calls for the same card vote (different y, same
    weights); it is rebuilt if a later call needs larger sums."""
    assert 0 < p < q
    if need <= 0 and not must_open:
        return (), (), 0
    unit = math.gcd(*closing, *opening) or 1
    a_weights = [w // unit for w in closing]
    b_weights = [w // unit for w in opening]
    largest = max([*a_weights, *b_weights, 0])
    # A least cover never passes its bare need by a whole flip: sums above need + the
    # largest weight cannot be in it (and one opening flip is at most the largest weight).
    a_limit = min(sum(a_weights), max(0, -(-need // (q * unit))) + largest)
    b_limit = min(sum(b_weights), max(0, -(-need // ((q - p) * unit))) + largest)
    if a_limit + b_limit > MAX_BITS:
        return None
    sums_a = _cached(cache, "closing", a_weights, a_limit)
    sums_b = _cached(cache, "opening", b_weights, b_limit)
    # B can start where the closing flips, all of them, stop being enough.
    most_a = sums_a.reach.bit_length() - 1
    start = max(1 if must_open else 0, -(-(need - q * unit * most_a) // ((q - p) * unit)))
    best: tuple[int, int] | None = None
    b_total = sums_b.at_least(start)
    while b_total is not None:
        if best is not None and (need + p * unit * b_total) > q * unit * (best[0] + best[1]):
            break  # every larger B costs more than the best (see the module)
        left = need - (q - p) * unit * b_total
        a_total = 0 if left <= 0 else sums_a.at_least(-(-left // (q * unit)))
        if a_total is not None and (best is None or a_total + b_total < sum(best)):
            best = (a_total, b_total)
        b_total = sums_b.at_least(b_total + 1)
    if best is None:
        return None
    return sums_a.subset(best[0]), sums_b.subset(best[1]), (best[0] + best[1]) * unit


def _cached(cache: dict[str, SubsetSums], key: str, weights: list[int], limit: int) -> SubsetSums:
    found = cache.get(key)
    if found is None or found.limit < limit or found.weights != tuple(weights):
        found = SubsetSums(weights, limit)
        cache[key] = found
    return found
