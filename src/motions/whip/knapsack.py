"""The least-cost set of items whose gains reach a need: exactly, in whole numbers.

Every path to victory ends in this problem for one section once the other section's flips are
fixed: each voter flipped adds a whole-number gain to a sum that must reach a whole-number
need, and costs something (one voter, its votes, or how unlikely the flip is). It is a 0/1
knapsack ("minimum-cost cover"):

1. If every cost is the same, the largest gains first is optimal (fewest items).
2. Otherwise the greedy cover by gain per cost is tried first, with the linear relaxation's
   bound (the same order, a fraction of the last item); when the greedy cost meets the bound it
   is proven optimal with no solver.
3. Otherwise, when the greedy cost is small enough, a dynamic programme over every total cost
   up to it (`cover.cheapest_by_cost`) is exact; then a search over counts per cost.
4. Otherwise SciPy's `milp` (HiGHS branch and bound) solves it with a relative gap of zero;
   its answer is checked in integers, and the check is the proof that it covers the need.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

from motions.whip.cover import cheapest_by_cost

FEW_PRICES = 12
SEARCH_NODES = 5_000
SOLVER_SECONDS = 0.25
"""The solver's time limit per cover; past it the best cover found is kept, marked not proven."""


@attrs.frozen
class Cover:
    """The chosen items (indices), their total cost, and the bound that proves it least."""

    chosen: tuple[int, ...]
    cost: int
    lower_bound: Fraction
    proven: bool


def min_cost_cover(
    gains: Sequence[int],
    costs: Sequence[int],
    need: int,
    *,
    must_open: Sequence[bool] | None = None,
) -> Cover | None:
    """The cheapest items with total gain ≥ `need` (and, if `must_open` is given, at least one
    item marked True among them); None if no set of items does it.

    Gains may be zero or negative (an item that only opens a section); costs are positive.
    """
    count = len(gains)
    needs_opening = must_open is not None
    opening = list(must_open) if must_open is not None else [False] * count
    if must_open is not None:
        # The best cover without the rule is the best with it whenever it opens anyway (a
        # section where nobody votes yet: every flip there opens it).
        free = min_cost_cover(gains, costs, need)
        if free is not None and free.proven and any(opening[i] for i in free.chosen):
            return free
        if need <= 0:
            cheapest = min(
                (i for i in range(count) if opening[i] and gains[i] >= need),
                key=lambda i: (costs[i], i),
                default=None,
            )
            if cheapest is None:
                return None
            return Cover((cheapest,), costs[cheapest], Fraction(costs[cheapest]), True)
    useful = [i for i in range(count) if gains[i] > 0 or (needs_opening and opening[i])]
    positive = sum(gains[i] for i in useful if gains[i] > 0)
    if positive < need or (needs_opening and not any(opening[i] for i in useful)):
        return None
    if need <= 0 and not needs_opening:
        return Cover((), 0, Fraction(0), True)
    if len({costs[i] for i in useful}) <= 1 and not needs_opening:
        order = sorted(useful, key=lambda i: (-gains[i], i))
        chosen, total = [], 0
        for i in order:
            if total >= need:
                break
            chosen.append(i)
            total += gains[i]
        cost = sum(costs[i] for i in chosen)
        return Cover(tuple(sorted(chosen)), cost, Fraction(cost), True)
    bound = _relaxation(gains, costs, need, useful)
    greedy = _greedy(gains, costs, need, useful, opening if needs_opening else None)
    if greedy is not None and greedy[1] <= bound:
        return Cover(greedy[0], greedy[1], bound, True)
    if not needs_opening and greedy is not None:
        programme = cheapest_by_cost(
            [gains[i] for i in useful], [costs[i] for i in useful], need, greedy[1]
        )
        if programme is not None:
            picked = tuple(sorted(useful[j] for j in programme[0]))
            return Cover(picked, programme[1], Fraction(programme[1]), True)
    if not needs_opening and len({costs[i] for i in useful}) <= FEW_PRICES:
        few = _few_prices(gains, costs, need, useful)
        if few is not None:
            return Cover(few[0], few[1], Fraction(few[1]), True)
    solved = _solve(gains, costs, need, useful, opening if needs_opening else None)
    if solved is None:  # pragma: no cover - the solver failed; keep the greedy cover
        if greedy is None:
            return None
        return Cover(greedy[0], greedy[1], bound, False)
    picked, cost, exact = solved
    return Cover(picked, cost, Fraction(cost) if exact else bound, exact)


def _few_prices(
    gains: Sequence[int], costs: Sequence[int], need: int, useful: Sequence[int]
) -> tuple[tuple[int, ...], int] | None:
    """Exact when the costs take few values (the "most likely" path: a handful of chances).

    Within one cost, taking k items means taking the k largest gains; so the answer is a count
    per cost, found by depth-first search with the bound "the rest of the need at the best gain
    per cost left". None if the search passes `SEARCH_NODES` (the solver takes over)."""
    by_cost: dict[int, list[int]] = {}
    for i in useful:
        if gains[i] > 0:
            by_cost.setdefault(costs[i], []).append(i)
    classes = []
    for cost, items in sorted(by_cost.items()):
        items.sort(key=lambda i: (-gains[i], i))
        prefix = [0]
        for i in items:
            prefix.append(prefix[-1] + gains[i])
        classes.append((cost, items, prefix))
    # The best gain per unit of cost from class j onwards, for the bound.
    rate = [0.0] * (len(classes) + 1)
    for j in range(len(classes) - 1, -1, -1):
        cost, _items, prefix = classes[j]
        rate[j] = max(rate[j + 1], prefix[1] / cost)
    best: list[object] = [None, None]  # cost, counts
    nodes = [0]

    def search(j: int, left: int, spent: int, counts: list[int]) -> bool:
        nodes[0] += 1
        if nodes[0] > SEARCH_NODES:
            return False
        if left <= 0:
            if best[0] is None or spent < best[0]:  # type: ignore[operator]
                best[0], best[1] = spent, list(counts)
            return True
        if j == len(classes) or rate[j] == 0:
            return True
        if best[0] is not None and spent + left / rate[j] >= best[0]:  # type: ignore[operator]
            return True
        cost, _items, prefix = classes[j]
        most = len(prefix) - 1
        for k in range(most, -1, -1):
            if best[0] is not None and spent + k * cost >= best[0]:  # type: ignore[operator]
                continue
            counts.append(k)
            finished = search(j + 1, left - prefix[k], spent + k * cost, counts)
            counts.pop()
            if not finished:
                return False
            if prefix[k] == 0:
                break
        return True

    if not search(0, need, 0, []) or best[1] is None:
        return None
    counts = best[1]
    assert isinstance(counts, list)
    chosen = [i for (_c, items, _p), k in zip(classes, counts, strict=False) for i in items[:k]]
    return tuple(sorted(chosen)), sum(costs[i] for i in chosen)


def lower_bound(gains: Sequence[int], costs: Sequence[int], need: int) -> Fraction:
    """No cover costs less than this (the linear relaxation); 0 when nothing is needed."""
    if need <= 0:
        return Fraction(0)
    return _relaxation(gains, costs, need, [i for i in range(len(gains)) if gains[i] > 0])


def _relaxation(
    gains: Sequence[int], costs: Sequence[int], need: int, useful: Sequence[int]
) -> Fraction:
    """The linear relaxation's optimum: by gain per cost, a fraction of the last item."""
    order = sorted((i for i in useful if gains[i] > 0), key=lambda i: (-gains[i] / costs[i], i))
    bound = Fraction(0)
    left = need
    for i in order:
        if left <= 0:
            break
        if gains[i] >= left:
            bound += Fraction(costs[i] * left, gains[i])
            left = 0
        else:
            bound += costs[i]
            left -= gains[i]
    return bound


def _greedy(
    gains: Sequence[int],
    costs: Sequence[int],
    need: int,
    useful: Sequence[int],
    opening: Sequence[bool] | None,
) -> tuple[tuple[int, ...], int] | None:
    order = sorted(useful, key=lambda i: (-gains[i] / costs[i], costs[i], i))
    chosen: list[int] = []
    total = 0
    opened = opening is None
    for i in order:
        if total >= need and opened:
            break
        if gains[i] <= 0 and (opened or opening is None or not opening[i]):
            continue
        chosen.append(i)
        total += gains[i]
        opened = opened or bool(opening is not None and opening[i])
    if total < need or not opened:
        return None
    # Trim: drop the dearest items the cover can do without.
    for i in sorted(chosen, key=lambda i: -costs[i]):
        rest = [j for j in chosen if j != i]
        still_open = opening is None or any(opening[j] for j in rest)
        if total - gains[i] >= need and still_open:
            chosen = rest
            total -= gains[i]
    return tuple(sorted(chosen)), sum(costs[i] for i in chosen)


def _solve(
    gains: Sequence[int],
    costs: Sequence[int],
    need: int,
    useful: Sequence[int],
    opening: Sequence[bool] | None,
) -> tuple[tuple[int, ...], int, bool] | None:
    """HiGHS through `milp`; the answer re-checked in integers. The flag is False when the
    solver stopped at its time limit, or its tolerance forced asking for a little more than
    the need (then the cover is not proven least).

    Interchangeable items (the same gain, cost and opening flag, such as two delegates of one
    CLP) become one integer variable bounded by how many there are: without that, the solver
    wastes its time on symmetric copies of one answer.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

    groups: dict[tuple[int, int, bool], list[int]] = {}
    for i in useful:
        flag = bool(opening[i]) if opening is not None else False
        groups.setdefault((gains[i], costs[i], flag), []).append(i)
    kinds = list(groups)
    c = np.array([k[1] for k in kinds], dtype=float)
    rows = [np.array([k[0] for k in kinds], dtype=float)]
    lower = [float(need)]
    if opening is not None:
        rows.append(np.array([1.0 if k[2] else 0.0 for k in kinds]))
        lower.append(1.0)
    upper = np.array([len(groups[k]) for k in kinds], dtype=float)
    margin = 0
    for _attempt in range(3):
        lower[0] = float(need + margin)
        result = milp(
            c,
            constraints=LinearConstraint(np.vstack(rows), lower, np.inf),
            integrality=np.ones(len(kinds)),
            bounds=Bounds(0, upper),
            options={"mip_rel_gap": 0.0, "disp": False, "time_limit": SOLVER_SECONDS},
        )
        if result.x is None:
            return None
        chosen: list[int] = []
        for kind, value in zip(kinds, result.x, strict=True):
            chosen += groups[kind][: round(value)]
        covered = sum(gains[i] for i in chosen) >= need
        opened = opening is None or any(opening[i] for i in chosen)
        if covered and opened:
            proven = margin == 0 and result.status == 0
            return tuple(sorted(chosen)), sum(costs[i] for i in chosen), proven
        margin = max(1, 2 * margin)  # floating-point tolerance fell short: ask for a little more
    return None  # pragma: no cover
