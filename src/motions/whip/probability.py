"""The chance that a card vote is carried, given how sure each pledge is.

The model (documented in docs/whip.md):

- A voter with a pledge of confidence ``c`` votes as pledged with probability ``c``; otherwise
  it does each of the two other things (of for, against, abstain) with probability
  ``(1 - c) / 2``. A CLP mandate is a pledge of confidence ``mandate_confidence`` (0.95).
- Undecided voters follow the projection's `Assumption`: ``exclude`` → they do not vote;
  ``split`` → for or against with probability one half each; ``faction`` → they follow their
  faction's line with confidence ``faction_confidence`` (0.7) as if pledged, or do not vote
  where there is no line; ``for`` / ``against`` → that way, surely.
- Absent voters do not vote, and their CLP's weight is split among those present (fixed).
- Voters act independently. A sample in which a weighted section casts no votes at all is not
  carried.

Exact where it can be: each section's outcomes (units for and against, whole numbers, equal
sums merged; nothing rounded) are built voter by voter, and the two sections are combined by
sorting the affiliates' outcomes by share (`distribution.chances`): used while the CLP section
stays under `state_limit` outcomes (and there are at most `exact_limit` uncertain voters) and
the affiliates under `inner_limit`. Only the probabilities are floating point.

Otherwise conditional Monte Carlo: the CLP section is drawn, with an independent random stream
per card vote (NumPy's SeedSequence of the seed and the card-vote number, so the card votes of
one `tally --all` are not correlated), and for each draw the affiliates are summed exactly; the
estimate is the mean of the per-draw chances, in batches until its stated 95% error is within
`target_error` (0.5 points) or `max_samples` is reached. Plain Monte Carlo (counting wins,
Wilson's interval) only when the affiliates have too many outcomes to sum. An outcome in which
a weighted section casts no votes is *undetermined*, counted apart from carried and lost.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

import attrs
import numpy as np

from motions.whip.arithmetic import DEFAULT_WEIGHTS, SectionWeights
from motions.whip.distribution import Judge, States, chances, sample, states
from motions.whip.model import Position, Section, Threshold
from motions.whip.projection import Assumption, Basis, Projection, Voter
from motions.whip.rows import ABSENT, ABSTAIN, AFFILIATE, AGAINST, CLP, FOR, UNDECIDED, VoterRows

Array = np.ndarray[Any, Any]


def _probability(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be 1 or more, got {value}")


@attrs.frozen
class ProbabilityModel:
    """The stated assumptions behind a win probability, and the sampler's settings."""

    mandate_confidence: float = attrs.field(default=0.95, validator=_probability)
    faction_confidence: float = attrs.field(default=0.7, validator=_probability)
    samples: int = attrs.field(default=4000, validator=_positive)
    seed: int = 2026
    exact_limit: int = 100_000
    state_limit: int = 20_000
    inner_limit: int = 600_000
    """The most affiliate-section outcomes summed exactly under each CLP draw."""
    max_samples: int = 200_000
    target_error: float = 0.005


class Method(StrEnum):
    EXACT = "exact"
    MONTE_CARLO = "monte-carlo"


@attrs.frozen
class WinProbability:
    """The probability that the motion is carried, and how it was worked out."""

    card_vote: int
    carried: float
    method: Method
    uncertain_voters: int
    samples: int | None
    seed: int | None
    standard_error: float
    undetermined: float = 0.0
    """The chance a weighted section casts no votes at all (neither carried nor lost)."""
    error_95: float = 0.0
    """Half the width of the 95% interval around `carried` (0 when exact)."""

    @property
    def lost(self) -> float:
        return max(0.0, 1.0 - self.carried - self.undetermined)

    def for_aim(self, aim: Position) -> float:
        """The chance of winning for whips who want the motion carried (for) or lost."""
        return self.carried if aim is Position.FOR else self.lost

    def to_json(self) -> dict[str, object]:
        return {
            "card_vote": f"CV{self.card_vote}",
            "carried": self.carried,
            "method": self.method.value,
            "uncertain_voters": self.uncertain_voters,
            "samples": self.samples,
            "seed": self.seed,
            "standard_error": self.standard_error,
            "undetermined": self.undetermined,
            "lost": self.lost,
            "error_95": self.error_95,
        }


def outcome_probabilities(
    voter: Voter, assumption: Assumption, model: ProbabilityModel
) -> tuple[float, float]:
    """(P(for), P(against)) for one voter; the rest is P(does not vote)."""
    if voter.units == 0 or voter.stated is Position.ABSENT:
        return 0.0, 0.0
    if voter.basis is Basis.PLEDGE or voter.basis is Basis.MANDATE:
        confidence = voter.confidence if voter.basis is Basis.PLEDGE else model.mandate_confidence
        return _as_pledged(voter.stated, confidence)
    if voter.basis is Basis.ASSUMED:
        if assumption is Assumption.SPLIT:
            return 0.5, 0.5
        if assumption is Assumption.FOR:
            return 1.0, 0.0
        if assumption is Assumption.AGAINST:
            return 0.0, 1.0
        if assumption is Assumption.FACTION and voter.projected is not Position.UNDECIDED:
            return _as_pledged(voter.projected, model.faction_confidence)
    return 0.0, 0.0


def _as_pledged(position: Position, confidence: float) -> tuple[float, float]:
    other = (1.0 - confidence) / 2.0
    if position is Position.FOR:
        return confidence, other
    if position is Position.AGAINST:
        return other, confidence
    if position is Position.ABSTAIN:
        return other, other
    return 0.0, 0.0


def outcome_arrays(
    rows: VoterRows, assumption: Assumption, model: ProbabilityModel
) -> tuple[Array, Array]:
    """`outcome_probabilities` for every voter of `rows` at once: (P(for), P(against))."""
    n = len(rows)
    pf = np.zeros(n)
    pa = np.zeros(n)
    bases = list(Basis)
    basis = rows.basis
    conf = np.where(basis == bases.index(Basis.MANDATE), model.mandate_confidence, rows.confidence)
    position = rows.stated.copy()
    pledged = (basis == bases.index(Basis.PLEDGE)) | (basis == bases.index(Basis.MANDATE))
    assumed = basis == bases.index(Basis.ASSUMED)
    if assumption is Assumption.SPLIT:
        pf[assumed], pa[assumed] = 0.5, 0.5
    elif assumption is Assumption.FOR:
        pf[assumed] = 1.0
    elif assumption is Assumption.AGAINST:
        pa[assumed] = 1.0
    elif assumption is Assumption.FACTION:
        follows = assumed & (rows.projected != UNDECIDED)
        conf = np.where(follows, model.faction_confidence, conf)
        position = np.where(follows, rows.projected, position)
        pledged = pledged | follows
    other = (1.0 - conf) / 2.0
    for code, (p_for, p_against) in (
        (FOR, (conf, other)),
        (AGAINST, (other, conf)),
        (ABSTAIN, (other, other)),
    ):
        hit = pledged & (position == code)
        pf[hit] = p_for[hit]
        pa[hit] = p_against[hit]
    silent = (rows.units == 0) | (rows.stated == ABSENT)
    pf[silent] = 0.0
    pa[silent] = 0.0
    return pf, pa


def win_probability(
    projection: Projection,
    *,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold | None = None,
    model: ProbabilityModel | None = None,
) -> WinProbability:
    """The probability that the projected card vote is carried (see the module's model)."""
    model = model if model is not None else ProbabilityModel()
    judge = Judge(weights, threshold or projection.card_vote.threshold)
    rows = projection.rows
    pf, pa = outcome_arrays(rows, projection.assumption, model)
    units = rows.units
    sure_for = pf >= 1.0
    sure_against = (pa >= 1.0) & ~sure_for
    unsure = ~sure_for & ~sure_against & ((pf > 0.0) | (pa > 0.0))
    parts = {}
    for code in (CLP, AFFILIATE):
        mine = rows.section == code
        sure = (int(units[mine & sure_for].sum()), int(units[mine & sure_against].sum()))
        each = [int(u) for u in units[mine & unsure]]
        # Only each section's share counts, so its units may be divided by their common
        # divisor: smaller numbers, exact in floating point far more often.
        g = math.gcd(*sure, *each) or 1
        parts[code] = _Part(
            sure[0] // g, sure[1] // g, [u // g for u in each], pf[mine & unsure], pa[mine & unsure]
        )
    count = int(np.count_nonzero(unsure))
    number = projection.card_vote.number
    exact_ok = count <= model.exact_limit
    aff = parts[AFFILIATE].states(model.inner_limit)
    clp = parts[CLP].states(model.state_limit) if exact_ok else None
    if clp is not None and aff is not None:
        carried_each, undetermined_each = chances(judge, True, clp.f, clp.a, aff)
        return WinProbability(
            card_vote=number,
            carried=_unit(float(clp.p @ carried_each)),
            method=Method.EXACT,
            uncertain_voters=count,
            samples=None,
            seed=None,
            standard_error=0.0,
            undetermined=_unit(float(clp.p @ undetermined_each)),
        )
    if aff is not None:
        carried, undetermined, samples, error = _conditional(parts[CLP], aff, judge, model, number)
        return WinProbability(
            card_vote=number,
            carried=carried,
            method=Method.MONTE_CARLO,
            uncertain_voters=count,
            samples=samples,
            seed=model.seed,
            standard_error=error / Z95,
            undetermined=undetermined,
            error_95=error,
        )
    base = {
        Section.CLP: [parts[CLP].base_for, parts[CLP].base_against],
        Section.AFFILIATE: [parts[AFFILIATE].base_for, parts[AFFILIATE].base_against],
    }
    uncertain: list[_Uncertain] = [
        (section, u, float(f), float(a))
        for code, section in ((CLP, Section.CLP), (AFFILIATE, Section.AFFILIATE))
        for u, f, a in zip(parts[code].units, parts[code].pf, parts[code].pa, strict=True)
    ]
    carried, undetermined, samples = _monte_carlo(base, uncertain, judge, model, number)
    return WinProbability(
        card_vote=number,
        carried=carried,
        method=Method.MONTE_CARLO,
        uncertain_voters=count,
        samples=samples,
        seed=model.seed,
        standard_error=math.sqrt(carried * (1.0 - carried) / samples),
        undetermined=undetermined,
        error_95=_wilson_half_width(carried, samples),
    )


Z95 = 1.959964
CONDITIONAL_BATCH = 1024
"""Draws per batch of conditional Monte Carlo (each draw's chance varies little)."""


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))


@attrs.frozen(eq=False)
class _Part:
    """One section: the units surely for and against, and the uncertain voters."""

    base_for: int
    base_against: int
    units: list[int]
    pf: Array
    pa: Array

    def states(self, limit: int) -> States | None:
        return states(
            self.base_for,
            self.base_against,
            list(zip(self.units, self.pf.tolist(), self.pa.tolist(), strict=True)),
            limit,
        )


def _conditional(
    clp: _Part, aff: States, judge: Judge, model: ProbabilityModel, card_vote: int
) -> tuple[float, float, int, float]:
    """Monte Carlo over the CLP section only, the affiliates' section summed exactly for each
    draw (conditional Monte Carlo): (P(carried), P(undetermined), draws, 95% error).

    Each draw contributes the exact chance of carrying given its CLP sums, so the estimate
    varies far less than counting wins; the error is 1.96 standard errors of those chances,
    or 3 / draws when every draw gave the same chance (what no draw happened to show)."""
    rng = np.random.default_rng(np.random.SeedSequence([model.seed, card_vote]))
    units = np.array(clp.units, dtype=np.float64)
    total = sum_sq = und = 0.0
    drawn = 0
    error = 1.0
    pf = clp.pf.astype(np.float32)
    pa = clp.pa.astype(np.float32)
    while drawn < model.max_samples:
        n = min(CONDITIONAL_BATCH, model.samples, model.max_samples - drawn)
        f, a = sample(rng, n, clp.base_for, clp.base_against, units, pf, pa)
        carried_each, undetermined_each = chances(judge, True, f, a, aff)
        total += float(carried_each.sum())
        sum_sq += float(carried_each @ carried_each)
        und += float(undetermined_each.sum())
        drawn += n
        mean = total / drawn
        spread = max(0.0, sum_sq / drawn - mean * mean)
        error = max(Z95 * math.sqrt(spread / max(1, drawn - 1)), 3.0 / drawn)
        if error <= model.target_error:
            break
    return _unit(total / drawn), _unit(und / drawn), drawn, error


_Uncertain = tuple[Section, int, float, float]


def _wilson_half_width(p: float, n: int, z: float = 1.959964) -> float:
    """Half the width of the Wilson 95% interval: honest even when p is 0 or 1."""
    denominator = 1.0 + z * z / n
    return z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denominator


def _monte_carlo(
    base: dict[Section, list[int]],
    uncertain: list[_Uncertain],
    judge: Judge,
    model: ProbabilityModel,
    card_vote: int,
) -> tuple[float, float, int]:
    """(P(carried), P(undetermined), samples drawn), in batches until the 95% interval is
    within the target or the sample budget is spent."""
    import numpy as np

    rng = np.random.default_rng(np.random.SeedSequence([model.seed, card_vote]))
    # Shares do not change when a section's units are divided by a common factor: keep the
    # numbers small, so the products below stay exact in floating point far more often.
    divisor = {
        s: math.gcd(*base[s], *(u for sec, u, _, _ in uncertain if sec is s)) or 1 for s in Section
    }
    groups = {
        s: [(u // divisor[s], pf, pa) for sec, u, pf, pa in uncertain if sec is s] for s in Section
    }
    carried = undetermined = drawn = 0
    while drawn < model.max_samples:
        n = min(model.samples, model.max_samples - drawn)
        sums = {}
        for s in Section:
            f = np.full(n, base[s][0] // divisor[s], dtype=np.float64)
            a = np.full(n, base[s][1] // divisor[s], dtype=np.float64)
            for units, pf, pa in groups[s]:
                draw = rng.random(n)
                f += units * (draw < pf)
                a += units * ((draw >= pf) & (draw < pf + pa))
            sums[s] = (f, a)
        fc, ac = sums[Section.CLP]
        fa, aa = sums[Section.AFFILIATE]
        dc, da = fc + ac, fa + aa
        empty = np.zeros(n, dtype=bool)
        if judge.wc:
            empty |= dc == 0
        if judge.wa:
            empty |= da == 0
        safe_dc = np.where(dc == 0, 1.0, dc)
        safe_da = np.where(da == 0, 1.0, da)
        left = judge.wc * fc * safe_da + judge.wa * fa * safe_dc
        right = judge.bar * safe_dc * safe_da
        wins = left > right if judge.strict else left >= right
        # Where floating point cannot tell (a near tie), decide in exact integers.
        close = np.abs(left - right) <= 1e-9 * np.maximum(right, 1.0)
        for j in np.flatnonzero(close & ~empty):
            wins[j] = judge.carried(int(fc[j]), int(ac[j]), int(fa[j]), int(aa[j]))
        carried += int(np.count_nonzero(wins & ~empty))
        undetermined += int(np.count_nonzero(empty))
        drawn += n
        if _wilson_half_width(carried / drawn, drawn) <= model.target_error:
            break
    return carried / drawn, undetermined / drawn, drawn
