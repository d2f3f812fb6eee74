"""Paths to victory: the fewest voters, the least weight, or the likeliest flips that win.

For whips who want a motion carried, a flip turns a voter projected against, abstaining or
undecided into a vote for; for whips who want it lost, the reverse. Voters bound by their CLP's
mandate (and no pledge of their own) and absent voters are never flipped.

Three objectives, each solved exactly:

- **count**: the fewest voters;
- **weight**: the fewest votes moved;
- **likely**: the flips most likely all to happen: each flip's chance is 1 − confidence for a
  pledged voter (a firm 1.0 pledger cannot be moved), 0.5 for an undecided one and 0.3 for one
  assumed to follow a faction line; the path maximises the product of the chances (minimises
  the sum of −log chance, in thousandths, rounded up).

Why it is exact. Once the share one section must reach is fixed (say y), "share ≥ y" is linear
in the flips: a flip adds ΔX − y·ΔD to a sum that must pass y·D − X, where X is the section's
votes for the aim and D its votes cast ("closing" flips, of voters on the other side, add
ΔX = their weight and ΔD = 0; "opening" flips, of abstainers and undecided voters left out, add
ΔX = ΔD = their weight). Multiplying by y's denominator makes every number whole. The smaller
section (usually the affiliates) is enumerated outright (every subset of its candidates, up to
`ENUMERATE_LIMIT`), keeping its Pareto frontier of cost against share. Every point gets a
lower bound (its cost plus the larger section's linear relaxation) and the points are solved
in order of their bounds, so points that cannot beat the best so far are never solved. For
each point solved, the larger section is a minimum-cost cover solved exactly: least weight by
`cover.least_weight_by_bound` / `cover.least_weight_leaving_out` / `subsetsum`, the rest by
`knapsack.min_cost_cover` (largest gains first, a dynamic programme over cost, a search over
counts, or the solver). Every answer is re-tallied with the exact card-vote arithmetic, and the
re-tally is part of the result. Candidates are read from the projection's columns; `Voter`
objects are made only for the flips a path names.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction

import attrs
import numpy as np

from motions.whip.arithmetic import DEFAULT_WEIGHTS, CardVoteResult, Outcome, SectionWeights
from motions.whip.cover import least_weight_by_bound, least_weight_leaving_out
from motions.whip.knapsack import min_cost_cover
from motions.whip.model import Position, Section, Threshold
from motions.whip.projection import Assumption, Basis, Projection, Voter
from motions.whip.rows import AFFILIATE, CLP, CODE, UNDECIDED, section_sums, tally_rows
from motions.whip.subsetsum import SubsetSums, least_weight_cover

ENUMERATE_LIMIT = 16
FACTION_FOLLOW = 0.7
"""How surely a voter assumed to follow its faction's line does so (its flip's chance is 0.3)."""


class Objective(StrEnum):
    """Fewest voters, least weight (votes) moved, or the flips most likely to happen."""

    COUNT = "count"
    WEIGHT = "weight"
    LIKELY = "likely"

    @property
    def heading(self) -> str:
        return {"count": "fewest voters", "weight": "least weight", "likely": "most likely"}[
            self.value
        ]


class Status(StrEnum):
    ALREADY_WINNING = "already-winning"
    FOUND = "found"
    IMPOSSIBLE = "impossible"


@attrs.frozen
class Flip:
    """One voter to turn, the votes it carries, and how sure its current word is."""

    voter: str
    name: str
    section: Section
    delegation: str
    from_position: Position
    to_position: Position
    weight: Fraction
    confidence: float | None = None
    """The confidence of the voter's pledge; None if it has not pledged (undecided)."""
    chance: float = 0.5
    """The chance this flip can be made (see the module)."""

    def to_json(self) -> dict[str, object]:
        return {
            "voter": self.voter,
            "name": self.name,
            "section": self.section.value,
            "delegation": self.delegation,
            "from": self.from_position.value,
            "to": self.to_position.value,
            "weight": float(round(self.weight, 2)),
            "confidence": self.confidence,
            "chance": round(self.chance, 4),
        }


@attrs.frozen
class PathToVictory:
    """The flips, the re-tally that proves they win, and whether it is proven the least."""

    card_vote: int
    aim: Position
    objective: Objective
    status: Status
    flips: tuple[Flip, ...]
    before: CardVoteResult
    after: CardVoteResult
    minimal: bool
    weight_lower_bound: Fraction | None = None

    @property
    def total_weight(self) -> Fraction:
        return sum((f.weight for f in self.flips), Fraction(0))

    @property
    def chance(self) -> float:
        """The chance every flip happens (independent voters)."""
        return math.prod(f.chance for f in self.flips)

    def to_json(self) -> dict[str, object]:
        return {
            "card_vote": f"CV{self.card_vote}",
            "aim": self.aim.value,
            "objective": self.objective.value,
            "status": self.status.value,
            "minimal": self.minimal,
            "count": len(self.flips),
            "total_weight": float(round(self.total_weight, 2)),
            "weight_lower_bound": None
            if self.weight_lower_bound is None
            else float(round(self.weight_lower_bound, 2)),
            "chance_all_flips": round(self.chance, 6),
            "flips": [f.to_json() for f in self.flips],
            "proof": self.after.to_json(),
        }


@attrs.frozen
class _Candidate:
    row: int  # the voter's row in the projection's columns
    closing: bool  # True: ΔD = 0, ΔX = gain; False: ΔD = ΔX = units
    gain: int  # ΔX in units
    units: int  # the voter's units
    chance: float
    price: int  # what the objective counts


@attrs.frozen
class _SectionState:
    section: Section
    weight: Fraction
    x: int  # units for the aim
    d: int  # units cast
    candidates: tuple[_Candidate, ...]


def _target(aim: Position, threshold: Threshold) -> tuple[Fraction, bool]:
    """The weighted aim-side share to reach, and whether it must be passed strictly."""
    if threshold is Threshold.MAJORITY:
        return Fraction(1, 2), aim is Position.FOR
    if aim is Position.FOR:
        return Fraction(2, 3), False
    return Fraction(1, 3), True


def _wins(result: CardVoteResult, aim: Position) -> bool:
    wanted = Outcome.CARRIED if aim is Position.FOR else Outcome.LOST
    return result.outcome is wanted


def flip_chance(voter: Voter) -> float:
    """The chance a voter can be turned (see the module)."""
    if voter.basis is Basis.PLEDGE:
        return max(0.0, 1.0 - voter.confidence)
    if voter.projected is not Position.UNDECIDED:
        return 1.0 - FACTION_FOLLOW
    return 0.5


def _price(objective: Objective, units: int, chance: float) -> int:
    if objective is Objective.COUNT:
        return 1
    if objective is Objective.WEIGHT:
        return units
    return 1 + math.ceil(-1000 * math.log(chance))


def _sections(
    projection: Projection, aim: Position, weights: SectionWeights, objective: Objective
) -> dict[Section, _SectionState]:
    """Each section's aim-side and cast units, and its voters who could be flipped (read from
    the projection's columns; no `Voter` objects)."""
    rows = projection.rows
    assumption = projection.assumption
    sums = section_sums(rows, rows.projected, assumption)
    aim_code, other_code = CODE[aim], CODE[aim.opposite]
    pledged = rows.basis == list(Basis).index(Basis.PLEDGE)
    chance = np.where(
        pledged,
        np.maximum(0.0, 1.0 - rows.confidence),
        np.where(rows.projected != UNDECIDED, 1.0 - FACTION_FOLLOW, 0.5),
    )
    movable = ~rows.bound & (rows.units != 0) & (rows.projected != aim_code)
    if objective is Objective.LIKELY:
        movable &= chance > 0.0
    split = assumption is Assumption.SPLIT
    found: dict[Section, list[_Candidate]] = {s: [] for s in Section}
    for i in np.flatnonzero(movable).tolist():
        units = int(rows.units[i])
        projected = int(rows.projected[i])
        odds = float(chance[i])
        price = _price(objective, units, odds)
        section = Section.CLP if rows.section[i] == CLP else Section.AFFILIATE
        if projected == other_code:
            candidate = _Candidate(i, True, units, units, odds, price)
        elif projected == UNDECIDED and split:
            candidate = _Candidate(i, True, units // 2, units, odds, price)
        else:
            candidate = _Candidate(i, False, units, units, odds, price)
        found[section].append(candidate)
    states = {}
    for code, section in ((CLP, Section.CLP), (AFFILIATE, Section.AFFILIATE)):
        votes_for, votes_against = sums[code][0], sums[code][1]
        mine = votes_for if aim is Position.FOR else votes_against
        states[section] = _SectionState(
            section, weights.of(section), mine, votes_for + votes_against, tuple(found[section])
        )
    return states


def _share(state: _SectionState, chosen: Sequence[_Candidate]) -> Fraction | None:
    x = state.x + sum(c.gain for c in chosen)
    d = state.d + sum(c.units for c in chosen if not c.closing)
    return None if d == 0 else Fraction(x, d)


_Option = tuple[int, Fraction, tuple[_Candidate, ...]]  # price, share, flips


def _small_options(state: _SectionState, objective: Objective) -> tuple[list[_Option], bool]:
    """The Pareto frontier of (price, share) over the small section's flips; and whether it is
    every subset's (exact) rather than the best k flips for each k."""
    items = state.candidates
    raw: list[tuple[int, Fraction, int, tuple[_Candidate, ...]]] = []  # ..., subset mask
    if len(items) <= ENUMERATE_LIMIT and _fits(state):
        # Every subset at once: index m of these arrays is the subset whose bits are m.
        gain = np.zeros(1, dtype=np.int64)
        opened = np.zeros(1, dtype=np.int64)
        price = np.zeros(1, dtype=np.int64)
        for c in items:
            gain = np.concatenate([gain, gain + c.gain])
            opened = np.concatenate([opened, opened + (0 if c.closing else c.units)])
            price = np.concatenate([price, price + c.price])
        cast = state.d + opened
        masks = np.flatnonzero(cast > 0)
        approx = (state.x + gain[masks]) / cast[masks]
        order = np.lexsort((-approx, price[masks]))
        approx, masks = approx[order], masks[order]
        # A subset can be on the frontier only if its share is not below every cheaper one's;
        # floating point decides only what is clear by far more than its error (1e-12), and
        # the few that remain are sorted out exactly below.
        before = np.concatenate([[-np.inf], np.maximum.accumulate(approx)[:-1]])
        best_num, best_den = -1, 1
        for mask in masks[approx >= before - 1e-12].tolist():
            num, den = state.x + int(gain[mask]), int(cast[mask])
            # Exactly better than every cheaper (or equally cheap, earlier) subset: keep it.
            # (A near tie sorted the wrong way round only keeps one point too many.)
            if num * best_den > best_num * den:
                raw.append((int(price[mask]), Fraction(num, den), mask, ()))
                best_num, best_den = num, den
        exact = True
    else:
        closing = sorted((c for c in items if c.closing), key=lambda c: -c.gain)
        opening = sorted((c for c in items if not c.closing), key=lambda c: -c.units)
        for k in range(len(items) + 1):
            for kc in range(max(0, k - len(opening)), min(k, len(closing)) + 1):
                chosen = tuple(closing[:kc]) + tuple(opening[: k - kc])
                share = _share(state, chosen)
                if share is not None:
                    raw.append((sum(c.price for c in chosen), share, -1, chosen))
        exact = objective is Objective.COUNT
    raw.sort(key=lambda o: (o[0], -o[1]))
    frontier: list[_Option] = []
    for price_, share, mask, flips in raw:
        if not frontier or share > frontier[-1][1]:
            if mask >= 0:
                flips = tuple(c for i, c in enumerate(items) if mask >> i & 1)
            frontier.append((price_, share, flips))
    return frontier, exact


def _fits(state: _SectionState) -> bool:
    """Whether every subset's sums fit in int64 with room to spare."""
    most = (
        abs(state.x) + abs(state.d) + sum(abs(c.gain) + c.units + c.price for c in state.candidates)
    )
    return most < 2**60


def _big_problem(
    state: _SectionState, y: Fraction, strict: bool
) -> tuple[list[int], int, list[bool] | None] | None:
    """The larger section's cover problem in whole numbers: gains, need, must-open flags."""
    if y > 1 or (y == 1 and strict):
        return None
    p, q = y.numerator, y.denominator
    gains = [q * c.gain if c.closing else c.units * (q - p) for c in state.candidates]
    need = p * state.d - q * state.x + (1 if strict else 0)
    must_open = None if state.d > 0 else [not c.closing for c in state.candidates]
    return gains, need, must_open


def _by_rate(s: tuple[int, int], t: tuple[int, int]) -> int:
    """Order (gain, cost) pairs by gain per cost, largest first, exactly."""
    return t[0] * s[1] - s[0] * t[1]


class _Floor:
    """The linear relaxation's bound on the larger section's cover, for any share y, without
    building its gains: by gain per cost, closing flips (gain q·g) and opening flips (gain
    (q − p)·w) each keep one order whatever y is, so the relaxation merges two lists sorted
    once per path (the same bound as `knapsack.lower_bound`, in whole numbers)."""

    def __init__(self, state: _SectionState) -> None:
        closing = [(c.gain, c.price) for c in state.candidates if c.closing and c.gain > 0]
        opening = [(c.units, c.price) for c in state.candidates if not c.closing and c.units > 0]
        self._closing = closing
        self._opening_pairs = opening
        self.closing_total = sum(g for g, _ in closing)
        self.opening_total = sum(u for u, _ in opening)
        arrays = [np.array(part, dtype=np.float64).reshape(-1, 2) for part in (closing, opening)]
        self._gain = np.concatenate([a[:, 0] for a in arrays])
        self._cost = np.concatenate([a[:, 1] for a in arrays])
        self._rate = self._gain / np.where(self._cost > 0, self._cost, 1.0)
        self._opening = np.concatenate([np.zeros(len(closing), bool), np.ones(len(opening), bool)])

    def quick(self, y: Fraction, need: int) -> float | None:
        """`bound` in floating point, for planning: None exactly when `bound` is None, else
        within a relative 1e-9 below it (safe for pruning: costs are whole numbers, so a bound
        off by far less than 1 never discards a cheaper cover)."""
        p, q = y.numerator, y.denominator
        if need <= 0:
            return 0.0
        if q * self.closing_total + (q - p if q > p else 0) * self.opening_total < need:
            return None
        scale = np.where(self._opening, (q - p) / q if q > p else 0.0, 1.0)
        gain = self._gain * scale * q
        order = np.argsort(-(self._rate * scale), kind="stable")
        gains = np.cumsum(gain[order])
        costs = np.cumsum(self._cost[order])
        k = int(np.searchsorted(gains, need, side="left"))
        k = min(k, len(order) - 1)
        before_gain = gains[k - 1] if k else 0.0
        before_cost = costs[k - 1] if k else 0.0
        item = order[k]
        value = before_cost + (need - before_gain) * self._cost[item] / gain[item]
        return float(value) * (1 - 1e-9)

    def bound(self, y: Fraction, need: int) -> Fraction | None:
        """The least cost of a fractional cover of `need` at share y, exactly; None if none
        exists. (Planning uses `quick`; this is its exact reference.)"""
        if need <= 0:
            return Fraction(0)
        p, q = y.numerator, y.denominator
        # Largest gain per cost first, compared exactly in whole numbers.
        order = functools.cmp_to_key(_by_rate)
        closing = sorted(self._closing, key=order)
        opening = sorted(self._opening_pairs, key=order) if q > p else []
        i = j = 0
        left = need
        total = 0
        while left > 0:
            if i < len(closing) and (
                j >= len(opening)
                or q * closing[i][0] * opening[j][1] >= (q - p) * opening[j][0] * closing[i][1]
            ):
                gain, price = q * closing[i][0], closing[i][1]
                i += 1
            elif j < len(opening):
                gain, price = (q - p) * opening[j][0], opening[j][1]
                j += 1
            else:
                return None
            if gain >= left:
                return Fraction(total * gain + price * left, gain)
            total += price
            left -= gain
        return Fraction(total)


def _two_kinds(state: _SectionState) -> bool:
    """Every candidate either closes (gain = its weight) or opens: no half-counted undecided."""
    return all(not c.closing or c.gain == c.units for c in state.candidates)


def _least_weight(
    state: _SectionState,
    y: Fraction,
    need: int,
    must_open: bool,
    bitsets: dict[str, SubsetSums],
) -> tuple[int, ...] | None:
    """The least-weight cover of the larger section, exactly, by subset sums (`subsetsum`)."""
    closing = [i for i, c in enumerate(state.candidates) if c.closing]
    opening = [i for i, c in enumerate(state.candidates) if not c.closing]
    gains = [state.candidates[i].units for i in closing]
    costs = [state.candidates[i].units for i in opening]
    problem = (gains, costs, y.denominator, y.numerator, need)
    # The cheap exact methods first (a cover that hits its lower bound is least); the subset
    # sums when neither proves one, or when the cover must open a new voter.
    found = None
    if not must_open:
        found = least_weight_by_bound(*problem) or least_weight_leaving_out(*problem)
    if found is None:
        found = least_weight_cover(*problem, must_open=must_open, cache=bitsets)
    if found is None:
        return None
    return tuple(sorted([closing[i] for i in found[0]] + [opening[i] for i in found[1]]))


def _retally(
    projection: Projection,
    chosen: Sequence[_Candidate],
    aim: Position,
    weights: SectionWeights,
    threshold: Threshold,
) -> CardVoteResult:
    projected = projection.rows.projected.copy()
    projected[[c.row for c in chosen]] = CODE[aim]
    return tally_rows(
        projection.rows, projected, projection.scale, projection.assumption, weights, threshold
    )


def path_to_victory(
    projection: Projection,
    *,
    aim: Position = Position.FOR,
    objective: Objective = Objective.COUNT,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold | None = None,
) -> PathToVictory:
    """The least flips (by `objective`) that make the card vote go the aim's way."""
    if aim not in (Position.FOR, Position.AGAINST):
        raise ValueError("the aim is for (carry the motion) or against (defeat it)")
    threshold = threshold or projection.card_vote.threshold
    before = (
        projection.result
        if weights == projection.result.weights and threshold == projection.result.threshold
        else tally_rows(
            projection.rows,
            projection.rows.projected,
            projection.scale,
            projection.assumption,
            weights,
            threshold,
        )
    )

    def answer(
        status: Status,
        chosen: Sequence[_Candidate],
        after: CardVoteResult,
        minimal: bool,
        bound: Fraction | None = None,
    ) -> PathToVictory:
        scale = projection.scale
        voters = {c.row: projection.rows.voter(c.row) for c in chosen}
        flips = tuple(
            Flip(
                voter=voters[c.row].id,
                name=voters[c.row].name,
                section=voters[c.row].section,
                delegation=voters[c.row].delegation_name,
                from_position=voters[c.row].projected,
                to_position=aim,
                weight=Fraction(c.units, scale),
                confidence=voters[c.row].confidence
                if voters[c.row].basis is Basis.PLEDGE
                else None,
                chance=c.chance,
            )
            for c in sorted(
                chosen,
                key=lambda c: (voters[c.row].section.value, -c.units, voters[c.row].id),
            )
        )
        return PathToVictory(
            card_vote=projection.card_vote.number,
            aim=aim,
            objective=objective,
            status=status,
            flips=flips,
            before=before,
            after=after,
            minimal=minimal,
            weight_lower_bound=None if bound is None else bound / scale,
        )

    if _wins(before, aim):
        return answer(Status.ALREADY_WINNING, (), before, True, Fraction(0))
    states = _sections(projection, aim, weights, objective)
    active = [s for s in states.values() if s.weight > 0]
    target, strict = _target(aim, threshold)
    small: _SectionState | None = None
    if len(active) == 1:
        big = active[0]
        options: list[_Option] = [(0, Fraction(0), ())]
        exhaustive = True
    else:
        small, big = sorted(active, key=lambda s: (len(s.candidates), s.section.value))
        options, exhaustive = _small_options(small, objective)
    prices = [c.price for c in big.candidates]
    best: tuple[tuple[int, int], tuple[_Candidate, ...]] | None = None
    proven = exhaustive
    bitsets: dict[str, SubsetSums] = {}
    # Every option's bound first, then the options in order of their bounds: the first covers
    # found are usually the best, and every option whose bound cannot beat them is skipped
    # (with its cover never computed, so never left unproven).
    planned = []
    floor_of = _Floor(big)
    for order, (small_price, small_share, small_flips) in enumerate(options):
        rest = target if small is None else target - small.weight * small_share
        y = rest / big.weight
        if y > 1 or (y == 1 and strict):
            continue
        need = y.numerator * big.d - y.denominator * big.x + (1 if strict else 0)
        big_floor = floor_of.quick(y, need)
        if big_floor is None:
            continue
        planned.append((small_price + big_floor, order, small_price, small_flips, y))
    planned.sort(key=lambda entry: (entry[0], entry[1]))
    for floor, _order, small_price, small_flips, y in planned:
        if best is not None and floor > best[0][0]:
            break
        problem = _big_problem(big, y, strict)
        if problem is None:  # pragma: no cover - excluded when planned
            continue
        gains, need, must_open = problem
        picked: tuple[int, ...] | None = None
        exact_weight = objective is Objective.WEIGHT and 0 < y < 1 and _two_kinds(big)
        if exact_weight:
            picked = _least_weight(big, y, need, must_open is not None, bitsets)
        if picked is None:
            cover = min_cost_cover(gains, prices, need, must_open=must_open)
            picked = None if cover is None else cover.chosen
            proven = proven and (cover is None or cover.proven)
        if picked is None:
            continue
        chosen = small_flips + tuple(big.candidates[i] for i in picked)
        key = (small_price + sum(prices[i] for i in picked), sum(c.units for c in chosen))
        if best is None or key < best[0]:
            best = (key, chosen)
    if best is None:
        everyone = [c for s in active for c in s.candidates]
        after = _retally(projection, everyone, aim, weights, threshold)
        return answer(Status.IMPOSSIBLE, (), after, True)
    chosen = best[1]
    after = _retally(projection, chosen, aim, weights, threshold)
    if not _wins(after, aim):  # pragma: no cover - the arithmetic above is exact
        raise AssertionError(f"path to victory on CV{projection.card_vote.number} fails")
    bound = Fraction(best[0][0]) if objective is Objective.WEIGHT and proven else None
    return answer(Status.FOUND, chosen, after, proven, bound)
