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

Exact where it can be: the distribution of the four section sums (for and against in each
section, in whole-number units) is built by dynamic programming, voter by voter, merging equal
sums; it is used whenever it stays under `state_limit` distinct sums (and there are at most
`exact_limit` uncertain voters). No rounding: the sums are exact integers; only the
probabilities are floating point.

Otherwise it is estimated by Monte Carlo, with an independent random stream per card vote
(NumPy's SeedSequence of the seed and the card-vote number, so the card votes of one `tally
--all` are not correlated), in batches of `samples` until the 95% interval (Wilson) is within
`target_error` (0.5 points) or `max_samples` is reached; the stated error is that half-width.
A sample in which a weighted section casts no votes is *undetermined*, counted apart from
carried and lost.
"""

from __future__ import annotations

import math
from enum import StrEnum
from fractions import Fraction

import attrs

from motions.whip.arithmetic import DEFAULT_WEIGHTS, SectionWeights
from motions.whip.model import Position, Section, Threshold
from motions.whip.projection import Assumption, Basis, Projection, Voter


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


class _Judge:
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


_Uncertain = tuple[Section, int, float, float]


def win_probability(
    projection: Projection,
    *,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold | None = None,
    model: ProbabilityModel | None = None,
) -> WinProbability:
    """The probability that the projected card vote is carried (see the module's model)."""
    model = model if model is not None else ProbabilityModel()
    judge = _Judge(weights, threshold or projection.card_vote.threshold)
    base = {Section.CLP: [0, 0], Section.AFFILIATE: [0, 0]}
    uncertain: list[_Uncertain] = []
    for voter in projection.voters:
        p_for, p_against = outcome_probabilities(voter, projection.assumption, model)
        if p_for >= 1.0:
            base[voter.section][0] += voter.units
        elif p_against >= 1.0:
            base[voter.section][1] += voter.units
        elif p_for > 0.0 or p_against > 0.0:
            uncertain.append((voter.section, voter.units, p_for, p_against))
    number = projection.card_vote.number
    exact = (
        _exact(base, uncertain, judge, model.state_limit)
        if len(uncertain) <= model.exact_limit
        and _most_states(uncertain, model.state_limit) <= model.state_limit
        else None
    )
    if exact is not None:
        return WinProbability(
            card_vote=number,
            carried=exact[0],
            method=Method.EXACT,
            uncertain_voters=len(uncertain),
            samples=None,
            seed=None,
            standard_error=0.0,
            undetermined=exact[1],
        )
    carried, undetermined, samples = _monte_carlo(base, uncertain, judge, model, number)
    return WinProbability(
        card_vote=number,
        carried=carried,
        method=Method.MONTE_CARLO,
        uncertain_voters=len(uncertain),
        samples=samples,
        seed=model.seed,
        standard_error=math.sqrt(carried * (1.0 - carried) / samples),
        undetermined=undetermined,
        error_95=_wilson_half_width(carried, samples),
    )


def _wilson_half_width(p: float, n: int, z: float = 1.959964) -> float:
    """Half the width of the Wilson 95% interval: honest even when p is 0 or 1."""
    denominator = 1.0 + z * z / n
    return z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denominator


def _most_states(uncertain: list[_Uncertain], cap: int) -> int:
    """An upper bound on the distinct sums the exact method can meet (stops counting past
    `cap`): voters of one section with equal weights only add up, so k of them give at most
    (k + 1)(k + 2) / 2 different (for, against) pairs."""
    groups: dict[tuple[Section, int], int] = {}
    for section, units, _, _ in uncertain:
        groups[(section, units)] = groups.get((section, units), 0) + 1
    bound = 1
    for k in groups.values():
        bound *= (k + 1) * (k + 2) // 2
        if bound > cap:
            return bound
    return bound


def _exact(
    base: dict[Section, list[int]],
    uncertain: list[_Uncertain],
    judge: _Judge,
    state_limit: int,
) -> tuple[float, float] | None:
    """(P(carried), P(undetermined)) by dynamic programming over exact sums; None if the
    number of distinct sums passes `state_limit`."""
    start = (base[Section.CLP][0], base[Section.CLP][1])
    start_a = (base[Section.AFFILIATE][0], base[Section.AFFILIATE][1])
    states: dict[tuple[int, int, int, int], float] = {(*start, *start_a): 1.0}
    for section, units, p_for, p_against in uncertain:
        p_none = max(0.0, 1.0 - p_for - p_against)
        offset = 0 if section is Section.CLP else 2
        nxt: dict[tuple[int, int, int, int], float] = {}
        for state, p in states.items():
            for slot, q in ((0, p_for), (1, p_against), (None, p_none)):
                if q <= 0.0:
                    continue
                key = list(state)
                if slot is not None:
                    key[offset + slot] += units
                k = (key[0], key[1], key[2], key[3])
                nxt[k] = nxt.get(k, 0.0) + p * q
        states = nxt
        if len(states) > state_limit:
            return None
    carried = undetermined = 0.0
    for (fc, ac, fa, aa), p in states.items():
        if judge.undetermined(fc + ac, fa + aa):
            undetermined += p
        elif judge.carried(fc, ac, fa, aa):
            carried += p
    return min(1.0, max(0.0, carried)), min(1.0, max(0.0, undetermined))


def _monte_carlo(
    base: dict[Section, list[int]],
    uncertain: list[_Uncertain],
    judge: _Judge,
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
