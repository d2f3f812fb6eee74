"""The distribution of a section's sums, and the chance that two sections carry a motion.

A section's outcome is a pair of whole numbers (units for, units against); its share is
for / (for + against). The motion is carried when the weighted shares pass the bar. For one
state of section A the states of section B that carry it are exactly those whose share passes
one number (the share B must reach given A's), so with B's states sorted by share, the chance
for each state of A is a cumulative sum and a binary search: the sections combine in
O((|A| + |B|) log |B|), not |A| × |B|.

Shares are compared in floating point only where that is certain: a share within 1e-9 of the
line is decided again in whole numbers (`Judge.carried`), so ties are exact.

`states` builds a section's distribution exactly (every outcome of every uncertain voter,
equal sums merged) while it stays under a limit; `sample` draws sums by Monte Carlo.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from motions.whip.arithmetic import SectionWeights
from motions.whip.model import Threshold

Array = np.ndarray[Any, Any]
TIE = 1e-9


class Judge:
    """Decides, in whole numbers, whether section sums carry the motion."""

    def __init__(self, weights: SectionWeights, threshold: Threshold) -> None:
        common = math.lcm(weights.clp.denominator, weights.affiliate.denominator, 3, 2)
        self.wc = int(weights.clp * common)
        self.wa = int(weights.affiliate * common)
        bar = Fraction(1, 2) if threshold is Threshold.MAJORITY else Fraction(2, 3)
        self.bar = int(bar * common)
        self.strict = threshold is Threshold.MAJORITY

    def undetermined(self, dc: int, da: int) -> bool:
        return bool((self.wc and dc == 0) or (self.wa and da == 0))

    def carried(self, fc: int, ac: int, fa: int, aa: int) -> bool:
        dc = fc + ac
        da = fa + aa
        if self.undetermined(dc, da):
            return False
        dc = dc or 1
        da = da or 1
        left = self.wc * fc * da + self.wa * fa * dc
        right = self.bar * dc * da
        return left > right if self.strict else left >= right


@attrs.frozen(eq=False)
class States:
    """A section's outcomes: units for, units against, and each one's probability."""

    f: Array
    a: Array
    p: Array


def states(
    base_for: int,
    base_against: int,
    uncertain: Sequence[tuple[int, float, float]],
    limit: int,
) -> States | None:
    """Every outcome of a section exactly (voter by voter, equal sums merged); None when the
    outcomes pass `limit`. `uncertain` holds (units, P(for), P(against)) per voter."""
    total = base_for + base_against + sum(u for u, _, _ in uncertain)
    if total >= 2**52 or _most(uncertain, limit) > limit:
        return None
    f = np.array([base_for], dtype=np.int64)
    a = np.array([base_against], dtype=np.int64)
    p = np.array([1.0])
    stride = total + 1
    for units, pf, pa in sorted(uncertain, key=lambda v: -v[0]):
        pn = max(0.0, 1.0 - pf - pa)
        parts = [(f + units, a, p * pf), (f, a + units, p * pa), (f, a, p * pn)]
        parts = [part for part, q in zip(parts, (pf, pa, pn), strict=True) if q > 0.0]
        f = np.concatenate([x[0] for x in parts])
        a = np.concatenate([x[1] for x in parts])
        p = np.concatenate([x[2] for x in parts])
        if len(f) > 64:
            f, a, p = _merged(f, a, p, stride)
            if len(f) > limit:
                return None
    f, a, p = _merged(f, a, p, stride)
    return States(f, a, p)


def _merged(f: Array, a: Array, p: Array, stride: int) -> tuple[Array, Array, Array]:
    """Equal (for, against) pairs as one state (their probabilities added)."""
    if stride * stride >= 2**62:
        return f, a, p
    unique, inverse = np.unique(f * stride + a, return_inverse=True)
    return unique // stride, unique % stride, np.bincount(inverse, weights=p)


def _most(uncertain: Sequence[tuple[int, float, float]], cap: int) -> int:
    """An upper bound on a section's distinct outcomes (stops counting past `cap`): k voters
    of equal weight reach at most (k + 1)(k + 2) / 2 different (for, against) pairs."""
    groups: dict[int, int] = {}
    for units, _, _ in uncertain:
        groups[units] = groups.get(units, 0) + 1
    bound = 1
    for k in groups.values():
        bound *= (k + 1) * (k + 2) // 2
        if bound > cap:
            return bound
    return bound


def sample(
    rng: np.random.Generator,
    n: int,
    base_for: int,
    base_against: int,
    units: Array,
    pf: Array,
    pa: Array,
) -> tuple[Array, Array]:
    """`n` draws of a section's (for, against) sums (exact integers in float64)."""
    if len(units) == 0:
        return np.full(n, float(base_for)), np.full(n, float(base_against))
    # Single precision is plenty for a uniform draw compared with a probability (each voter's
    # chances move by less than 1e-7), and twice as fast as double.
    draw = rng.random((n, len(units)), dtype=np.float32)
    weights = units.astype(np.float64)
    went_for = draw < pf
    went_against = (draw < pf + pa) & ~went_for
    # einsum, not `@`: a matrix-vector product this size is faster without BLAS's threads
    # (which spin on a busy machine); the sums are whole numbers below 2**53, so exact.
    return (
        np.einsum("ij,j->i", went_for.astype(np.float64), weights) + base_for,
        np.einsum("ij,j->i", went_against.astype(np.float64), weights) + base_against,
    )


def chances(
    judge: Judge,
    outer_is_clp: bool,
    outer_f: Array,
    outer_a: Array,
    inner: States,
) -> tuple[Array, Array]:
    """For each outer state (of one section), the chance over the inner section's states that
    the motion is carried, and that the result is undetermined."""
    w_out, w_in = (judge.wc, judge.wa) if outer_is_clp else (judge.wa, judge.wc)
    f_in = inner.f.astype(np.float64)
    d_in = (inner.f + inner.a).astype(np.float64)
    empty_in = d_in == 0
    mass_empty = float(inner.p[empty_in].sum()) if w_in else 0.0
    cast = ~empty_in
    share_in = f_in[cast] / d_in[cast]
    order = np.argsort(share_in, kind="stable")
    sorted_share = share_in[order]
    sorted_p = inner.p[cast][order]
    # above[k]: the mass of inner states from position k on (the largest shares).
    above = np.concatenate([np.cumsum(sorted_p[::-1])[::-1], [0.0]])
    all_cast = float(above[0])
    d_out = outer_f + outer_a
    empty_out = (d_out == 0) if w_out else np.zeros(len(d_out), dtype=bool)
    share_out = np.divide(outer_f, d_out, out=np.zeros(len(d_out)), where=d_out > 0)
    carried = np.zeros(len(d_out))
    if w_in == 0:
        # The inner section counts for nothing: the outer share alone decides.
        right = judge.bar - w_out * share_out
        wins = right < 0 if judge.strict else right <= 0
        near = np.abs(right) <= TIE * judge.bar
        carried = np.where(wins, all_cast + (float(inner.p[empty_in].sum())), 0.0)
        undetermined = np.where(empty_out, 1.0, 0.0)
        carried[empty_out] = 0.0
        for i in np.flatnonzero(near & ~empty_out):
            carried[i] = _exact_row(judge, outer_is_clp, outer_f[i], outer_a[i], inner)[0]
        return carried, undetermined
    need = (judge.bar - w_out * share_out) / w_in  # the inner share to pass
    low = np.searchsorted(sorted_share, need - TIE, side="left")
    high = np.searchsorted(sorted_share, need + TIE, side="right")
    carried = above[high].copy()
    undetermined = np.full(len(d_out), mass_empty)
    cast_f = inner.f[cast][order]
    cast_a = inner.a[cast][order]
    for i in np.flatnonzero((high > low) & ~empty_out):
        fo, ao = int(outer_f[i]), int(outer_a[i])
        for k in range(int(low[i]), int(high[i])):
            fi, ai = int(cast_f[k]), int(cast_a[k])
            fc, ac, fa, aa = (fo, ao, fi, ai) if outer_is_clp else (fi, ai, fo, ao)
            if judge.carried(fc, ac, fa, aa):
                carried[i] += sorted_p[k]
    carried[empty_out] = 0.0
    undetermined[empty_out] = 1.0
    return carried, undetermined


def _exact_row(
    judge: Judge, outer_is_clp: bool, fo: float, ao: float, inner: States
) -> tuple[float, float]:
    """One outer state against every inner state, in whole numbers (the slow, sure way)."""
    carried = undetermined = 0.0
    for fi, ai, p in zip(inner.f.tolist(), inner.a.tolist(), inner.p.tolist(), strict=True):
        fc, ac, fa, aa = (int(fo), int(ao), fi, ai) if outer_is_clp else (fi, ai, int(fo), int(ao))
        if judge.undetermined(fc + ac, fa + aa):
            undetermined += p
        elif judge.carried(fc, ac, fa, aa):
            carried += p
    return carried, undetermined
