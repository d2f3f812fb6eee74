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

With at most `exact_limit` uncertain voters the probability is computed exactly by enumerating
every outcome; otherwise it is estimated by seeded Monte Carlo and reported with its standard
error, sqrt(p(1 - p) / samples). The sampler draws, for each voter, only the samples in which
it departs from its most likely outcome (geometric skipping), which is exact and several times
faster than drawing every voter in every sample when pledges are confident.
"""

from __future__ import annotations

import math
import random
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
    exact_limit: int = 10


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

    def for_aim(self, aim: Position) -> float:
        """The chance of winning for whips who want the motion carried (for) or lost."""
        return self.carried if aim is Position.FOR else 1.0 - self.carried

    def to_json(self) -> dict[str, object]:
        return {
            "card_vote": f"CV{self.card_vote}",
            "carried": self.carried,
            "method": self.method.value,
            "uncertain_voters": self.uncertain_voters,
            "samples": self.samples,
            "seed": self.seed,
            "standard_error": self.standard_error,
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

    def carried(self, fc: int, ac: int, fa: int, aa: int) -> bool:
        dc = fc + ac
        da = fa + aa
        if (self.wc and dc == 0) or (self.wa and da == 0):
            return False
        dc = dc or 1
        da = da or 1
        left = self.wc * fc * da + self.wa * fa * dc
        right = self.bar * dc * da
        return left > right if self.strict else left >= right


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
    uncertain: list[tuple[Section, int, float, float]] = []
    for voter in projection.voters:
        p_for, p_against = outcome_probabilities(voter, projection.assumption, model)
        if p_for >= 1.0:
            base[voter.section][0] += voter.units
        elif p_against >= 1.0:
            base[voter.section][1] += voter.units
        elif p_for > 0.0 or p_against > 0.0:
            uncertain.append((voter.section, voter.units, p_for, p_against))
    number = projection.card_vote.number
    if len(uncertain) <= model.exact_limit:
        carried = _exact(base, uncertain, judge)
        return WinProbability(
            card_vote=number,
            carried=carried,
            method=Method.EXACT,
            uncertain_voters=len(uncertain),
            samples=None,
            seed=None,
            standard_error=0.0,
        )
    carried = _monte_carlo(base, uncertain, judge, model.samples, model.seed)
    return WinProbability(
        card_vote=number,
        carried=carried,
        method=Method.MONTE_CARLO,
        uncertain_voters=len(uncertain),
        samples=model.samples,
        seed=model.seed,
        standard_error=math.sqrt(carried * (1.0 - carried) / model.samples),
    )


def _exact(
    base: dict[Section, list[int]],
    uncertain: list[tuple[Section, int, float, float]],
    judge: _Judge,
) -> float:
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
    total = sum(p for (fc, ac, fa, aa), p in states.items() if judge.carried(fc, ac, fa, aa))
    return min(1.0, max(0.0, total))


def _monte_carlo(
    base: dict[Section, list[int]],
    uncertain: list[tuple[Section, int, float, float]],
    judge: _Judge,
    samples: int,
    seed: int,
) -> float:
    rng = random.Random(seed)
    rand = rng.random
    log = math.log
    # sums[section][0 = for, 1 = against][sample]
    sums = {
        Section.CLP: ([base[Section.CLP][0]] * samples, [base[Section.CLP][1]] * samples),
        Section.AFFILIATE: (
            [base[Section.AFFILIATE][0]] * samples,
            [base[Section.AFFILIATE][1]] * samples,
        ),
    }
    # The modal outcome of each voter is added to every sample at once (a constant per
    # section), then the samples where the voter departs from it are visited one by one.
    modal_const = {Section.CLP: [0, 0], Section.AFFILIATE: [0, 0]}
    for section, units, p_for, p_against in uncertain:
        p_none = max(0.0, 1.0 - p_for - p_against)
        probs = (p_for, p_against, p_none)
        modal = max(range(3), key=lambda i: probs[i])
        if modal < 2:
            modal_const[section][modal] += units
        others = [i for i in range(3) if i != modal]
        q = 1.0 - probs[modal]
        if q <= 0.0:
            continue
        first_share = probs[others[0]] / q
        log_keep = log(1.0 - q) if q < 1.0 else -math.inf
        columns = sums[section]
        j = -1
        while True:
            if log_keep == -math.inf:
                j += 1
            else:
                j += 1 + int(log(1.0 - rand()) / log_keep)
            if j >= samples:
                break
            other = others[0] if rand() < first_share else others[1]
            if modal < 2:
                columns[modal][j] -= units
            if other < 2:
                columns[other][j] += units
    fc_list, ac_list = sums[Section.CLP]
    fa_list, aa_list = sums[Section.AFFILIATE]
    kc_f, kc_a = modal_const[Section.CLP]
    ka_f, ka_a = modal_const[Section.AFFILIATE]
    carried = 0
    check = judge.carried
    for j in range(samples):
        if check(fc_list[j] + kc_f, ac_list[j] + kc_a, fa_list[j] + ka_f, aa_list[j] + ka_a):
            carried += 1
    return carried / samples
