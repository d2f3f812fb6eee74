"""Two exact shortcuts for the larger section's cover, each with its own proof of optimality.

**Least weight, by hitting the bound.** A closing flip of weight w adds q·w to the sum that must
reach `need`, an opening flip only (q − p)·w; so any cover weighs at least need / q, and (every
weight being a multiple of their common divisor g) at least T = g·⌈need / (q·g)⌉. A set of
closing flips weighing exactly T is therefore a least-weight cover, proven by that bound alone
(and when all the closing flips are not enough, all of them plus opening flips weighing
exactly the rest, by the same argument: see `least_weight_by_bound`).
`exact_subset` looks for one: the largest weights first, greedily, until what is left to reach
is two or three of the largest weights; then the exact subset sums of the remaining weights
(a bitset, smallest weights first, stopped as soon as the remainder is reachable) finish it.
With hundreds of delegates of varied weights the remainder is nearly always reachable; when
not, the caller falls back to the full method (`subsetsum`, then the solver).

**Fewest "likely" points, by dynamic programming over cost.** The "most likely" objective's
costs are whole numbers from a handful of chances, and taking k flips of one cost means taking
the k largest gains of that cost. So the best gain for every exact total cost up to an upper
bound (the greedy cover's cost) is a dynamic programme over the cost classes, vectorised with
NumPy over the costs; the least cost whose best gain reaches the need is optimal by
construction. Whole numbers throughout (int64, checked to have room).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from motions.whip.subsetsum import MAX_BITS, SubsetSums

WORK_LIMIT = 40_000_000
"""The most cost-times-choices cells the cost programme may touch before giving up."""


def exact_subset(weights: Sequence[int], target: int) -> tuple[int, ...] | None:
    """Indices of `weights` adding up to exactly `target`, or None if this quick search finds
    none (which does not prove there is none)."""
    if target == 0:
        return ()
    total_weight = sum(weights)
    if target < 0 or not weights or total_weight < target:
        return None
    if 2 * target > total_weight:
        # Nearly everything: find what to leave out instead.
        left_out = exact_subset(weights, total_weight - target)
        if left_out is None:
            return None
        out = set(left_out)
        return tuple(i for i in range(len(weights)) if i not in out)
    order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
    room = 2 * weights[order[0]]
    taken: list[int] = []
    rest: list[int] = []
    total = 0
    for i in order:
        if total + weights[i] <= target - room:
            taken.append(i)
            total += weights[i]
        else:
            rest.append(i)
    left = target - total
    rest.sort(key=lambda i: (weights[i], i))
    mask = (1 << (left + 1)) - 1
    reach = 1
    used = 0
    for step, i in enumerate(rest):
        reach = (reach | (reach << weights[i])) & mask
        if (step % 8 == 7 or step == len(rest) - 1) and reach >> left & 1:
            used = step + 1
            break
    if not used:
        return None
    chosen = rest[:used]
    sums = SubsetSums([weights[i] for i in chosen], left)
    picked = [chosen[j] for j in sums.subset(left)]
    return tuple(sorted(taken + picked))


def least_weight_by_bound(
    closing: Sequence[int], opening: Sequence[int], q: int, p: int, need: int
) -> tuple[tuple[int, ...], tuple[int, ...], int] | None:
    """(closing indices, opening indices, total weight) of a cover proven least by the bound
    (see the module), or None. Closing flips add q·w to the sum, opening ones (q − p)·w.

    If the closing flips together cannot reach the need, every cover is at least all of them
    plus (need − q·A) / (q − p) of opening weight (A their total): then all of them and
    opening flips weighing exactly the rest (rounded up to the common divisor) is least."""
    if need <= 0:
        return (), (), 0
    g = math.gcd(*closing, *opening) or 1
    most = sum(closing)
    if q * most >= need:
        target = -(-need // (q * g))  # in multiples of g
        found = exact_subset([w // g for w in closing], target)
        return None if found is None else (found, (), target * g)
    rest = -(-(need - q * most) // ((q - p) * g))
    found = exact_subset([w // g for w in opening], rest)
    if found is None:
        return None
    return tuple(range(len(closing))), found, most + rest * g


def cheapest_by_cost(
    gains: Sequence[int], costs: Sequence[int], need: int, upper: int
) -> tuple[tuple[int, ...], int] | None:
    """The least-cost items with total gain ≥ `need`, exactly, when the costs are whole
    numbers and a cover costing `upper` is known; None when the programme would be too large
    (or the numbers too big for int64): the caller uses another exact method.

    Gains are positive; items of equal cost are interchangeable except for their gains, so
    only "how many of each cost" is searched, taking the largest gains of each."""
    if need <= 0:
        return (), 0
    positive = sum(g for g in gains if g > 0)
    if positive >= 2**62 or need > positive or upper < 0:
        return None
    classes: dict[int, list[int]] = {}
    for i, (gain, cost) in enumerate(zip(gains, costs, strict=True)):
        if gain > 0 and 0 < cost <= upper:
            classes.setdefault(cost, []).append(i)
    plan = []
    work = 0
    for cost, items in sorted(classes.items()):
        items.sort(key=lambda i: (-gains[i], i))
        most = min(len(items), upper // cost)
        prefix = np.cumsum([0] + [gains[i] for i in items[:most]], dtype=np.int64)
        plan.append((cost, items, prefix))
        work += most * (upper + 1)
    if work > WORK_LIMIT:
        return None
    best = np.full(upper + 1, -1, dtype=np.int64)  # best gain at exactly this cost
    best[0] = 0
    picks = []
    for cost, _items, prefix in plan:
        new = best.copy()
        pick = np.zeros(upper + 1, dtype=np.int32)
        for k in range(1, len(prefix)):
            shift = k * cost
            before = best[: upper + 1 - shift]
            candidate = np.where(before >= 0, before + prefix[k], -1)
            better = candidate > new[shift:]
            new[shift:][better] = candidate[better]
            pick[shift:][better] = k
        best = new
        picks.append(pick)
    reaching = np.flatnonzero(best >= need)
    if len(reaching) == 0:
        return None
    total = int(reaching[0])
    spent = total
    chosen: list[int] = []
    for (cost, items, _prefix), pick in zip(reversed(plan), reversed(picks), strict=True):
        k = int(pick[spent])
        chosen += items[:k]
        spent -= k * cost
    assert spent == 0
    return tuple(sorted(chosen)), total


def least_weight_leaving_out(
    closing: Sequence[int], opening: Sequence[int], q: int, p: int, need: int
) -> tuple[tuple[int, ...], tuple[int, ...], int] | None:
    """The least-weight cover when it takes nearly every closing flip, exactly: choose what to
    leave out instead (closing weight A′ left out, opening weight B taken), maximising A′ − B
    subject to q·A′ ≤ slack + (q − p)·B, where slack = q·(all closing) − need. Every reachable
    B is tried in increasing order until A′ − B cannot improve (A′ − B ≤ slack / q − (p/q)·B),
    each with the largest reachable A′: exhaustive, so the answer is proven least. The bitsets
    are the size of the slack, not of the need. None if the slack is negative (the closing
    flips are not enough) or the bitsets would be too large."""
    g = math.gcd(*closing, *opening) or 1
    c = [w // g for w in closing]
    o = [w // g for w in opening]
    total = sum(c)
    slack = q * g * total - need
    if slack < 0 or q <= p:
        return None
    unit = q * g

    def room(b: int) -> int:  # the most closing weight that may be left out, taking b
        return (slack + (q - p) * g * b) // unit

    # With B = 0, the best A′ is at least ... whatever is reachable; B beyond b_most cannot
    # beat leaving out nothing at all (A′ − B ≥ 0), so that bounds the opening bitset.
    b_most = slack * q // (unit * p) if p > 0 else 0
    if room(b_most) + b_most > MAX_BITS:
        return None
    left_out = SubsetSums(c, room(b_most))
    taken = SubsetSums(o, b_most)
    best: tuple[int, int, int] | None = None  # value, A′, B
    b: int | None = 0
    while b is not None:
        if best is not None and slack * q - p * b * unit < best[0] * unit * q:
            break  # slack/(q·g) − (p/q)·B < best: no larger B can do better
        a = left_out.at_most(room(b))
        if a is not None and (best is None or a - b > best[0]):
            best = (a - b, a, b)
        b = taken.at_least(b + 1)
    if best is None:
        return None
    _, a, b = best
    out = set(left_out.subset(a))
    return (
        tuple(i for i in range(len(c)) if i not in out),
        taken.subset(b),
        g * (total - a + b),
    )
