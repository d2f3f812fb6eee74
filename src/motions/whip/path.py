"""The shortest path to victory: the fewest voters (or the least weight) whose flip wins.

For whips who want a motion carried, a flip turns a voter projected against, abstaining or
undecided into a vote for; for whips who want it lost, the reverse. Voters bound by their CLP's
mandate (and no pledge of their own) and absent voters are never flipped.

Why the search is exact for the fewest voters: once the share a section must reach is fixed
(say y), the condition "share ≥ y" is linear in the flips: each flip adds `ΔX − y·ΔD` to a
sum that must pass `y·D − X`, where X is the section's votes for the aim, D its votes cast,
and a flip adds ΔX to X and ΔD to D. Taking the largest gains first is then the fewest flips.
The other section (the one with fewer candidates, usually the affiliates) is searched over every
number of flips k, taking for each k the flips that give it the highest share (the best k flips
are the heaviest "closing" ones — voters on the other side, ΔD = 0 — and the heaviest
"opening" ones — abstainers and excluded undecided, ΔD = their weight — for some split of k,
and every split is tried). The smallest total over k is the minimum.

By weight the problem is a knapsack; the answer is a greedy cover, trimmed, reported with a
lower bound from the linear relaxation (proven when the smaller section's subsets could all be
enumerated). Every answer is re-tallied and the re-tally is part of the result: the proof.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction
from itertools import combinations

import attrs

from motions.whip.arithmetic import (
    DEFAULT_WEIGHTS,
    CardVoteResult,
    Outcome,
    SectionWeights,
)
from motions.whip.model import Position, Section, Threshold
from motions.whip.projection import Assumption, Projection, Voter, contribution, tally_voters

ENUMERATE_LIMIT = 12


class Objective(StrEnum):
    """Fewest voters, or least weight (votes) moved."""

    COUNT = "count"
    WEIGHT = "weight"


class Status(StrEnum):
    ALREADY_WINNING = "already-winning"
    FOUND = "found"
    IMPOSSIBLE = "impossible"


@attrs.frozen
class Flip:
    """One voter to turn, and the votes it carries on this card vote."""

    voter: str
    name: str
    section: Section
    delegation: str
    from_position: Position
    to_position: Position
    weight: Fraction

    def to_json(self) -> dict[str, object]:
        return {
            "voter": self.voter,
            "name": self.name,
            "section": self.section.value,
            "delegation": self.delegation,
            "from": self.from_position.value,
            "to": self.to_position.value,
            "weight": float(round(self.weight, 2)),
        }


@attrs.frozen
class PathToVictory:
    """The flips, the re-tally that proves they win, and how sure we are it is the least."""

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
            "flips": [f.to_json() for f in self.flips],
            "proof": self.after.to_json(),
        }


@attrs.frozen
class _Candidate:
    voter: Voter
    closing: bool  # True: ΔD = 0, ΔX = gain; False: ΔD = ΔX = units
    gain: int  # ΔX in units
    cost: int  # the voter's units


@attrs.frozen
class _SectionState:
    section: Section
    weight: Fraction
    x: int  # units for the aim
    d: int  # units cast
    closing: tuple[_Candidate, ...]  # by gain, largest first
    opening: tuple[_Candidate, ...]  # by units, largest first

    @property
    def size(self) -> int:
        return len(self.closing) + len(self.opening)


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


def _sections(
    projection: Projection, aim: Position, weights: SectionWeights
) -> dict[Section, _SectionState]:
    assumption = projection.assumption
    other = aim.opposite
    x = {s: 0 for s in Section}
    d = {s: 0 for s in Section}
    closing: dict[Section, list[_Candidate]] = {s: [] for s in Section}
    opening: dict[Section, list[_Candidate]] = {s: [] for s in Section}
    for voter in projection.voters:
        votes_for, votes_against = contribution(voter.projected, voter.units, assumption)
        mine, theirs = (
            (votes_for, votes_against)
            if aim is Position.FOR
            else (
                votes_against,
                votes_for,
            )
        )
        x[voter.section] += mine
        d[voter.section] += mine + theirs
        if voter.bound or voter.units == 0 or voter.projected is aim:
            continue
        if voter.projected is other:
            closing[voter.section].append(_Candidate(voter, True, voter.units, voter.units))
        elif voter.projected is Position.UNDECIDED and assumption is Assumption.SPLIT:
            closing[voter.section].append(_Candidate(voter, True, voter.units // 2, voter.units))
        else:
            opening[voter.section].append(_Candidate(voter, False, voter.units, voter.units))
    return {
        s: _SectionState(
            section=s,
            weight=weights.of(s),
            x=x[s],
            d=d[s],
            closing=tuple(sorted(closing[s], key=lambda c: (-c.gain, c.voter.id))),
            opening=tuple(sorted(opening[s], key=lambda c: (-c.cost, c.voter.id))),
        )
        for s in Section
    }


def _share(state: _SectionState, chosen: Sequence[_Candidate]) -> Fraction | None:
    x = state.x + sum(c.gain for c in chosen)
    d = state.d + sum(c.cost for c in chosen if not c.closing)
    return None if d == 0 else Fraction(x, d)


def _best_with(state: _SectionState, k: int) -> tuple[Fraction, tuple[_Candidate, ...]] | None:
    """The highest share reachable with exactly k flips in this section, and those flips."""
    best: tuple[Fraction, tuple[_Candidate, ...]] | None = None
    for kc in range(max(0, k - len(state.opening)), min(k, len(state.closing)) + 1):
        chosen = state.closing[:kc] + state.opening[: k - kc]
        share = _share(state, chosen)
        if share is not None and (best is None or share > best[0]):
            best = (share, chosen)
    return best


def _satisfied(total: Fraction, need: Fraction, strict: bool) -> bool:
    return total > need if strict else total >= need


def _fewest_in(state: _SectionState, y: Fraction, strict: bool) -> tuple[_Candidate, ...] | None:
    """The fewest flips that bring this section's share to y (or past it, if strict)."""
    if y > 1 or (y == 1 and strict):
        return None
    need = y * state.d - state.x
    gains: list[tuple[Fraction, _Candidate]] = [(Fraction(c.gain), c) for c in state.closing]
    gains += [(c.cost * (1 - y), c) for c in state.opening]
    gains.sort(key=lambda gc: (-gc[0], gc[1].voter.id))
    chosen: list[_Candidate] = []
    total = Fraction(0)
    opened = state.d > 0
    for gain, candidate in gains:
        if _satisfied(total, need, strict) and opened:
            break
        if gain <= 0 and opened:
            break
        chosen.append(candidate)
        total += gain
        opened = opened or not candidate.closing
    if _satisfied(total, need, strict) and opened:
        return tuple(chosen)
    return None


def _cover_by_weight(
    state: _SectionState, y: Fraction, strict: bool
) -> tuple[tuple[_Candidate, ...], Fraction] | None:
    """A light set of flips bringing this section to share y, and the LP lower bound."""
    if y > 1 or (y == 1 and strict):
        return None
    need = y * state.d - state.x
    items = [(Fraction(c.gain), c) for c in state.closing]
    items += [(c.cost * (1 - y), c) for c in state.opening]
    # Opening flips with no gain still matter when the section has cast no votes yet.
    items = [(g, c) for g, c in items if g > 0 or (g == 0 and not c.closing)]
    items.sort(key=lambda gc: (-(gc[0] / gc[1].cost), -gc[1].cost, gc[1].voter.id))
    opened = state.d > 0

    def done(total: Fraction, is_open: bool) -> bool:
        return _satisfied(total, need, strict) and is_open

    # The linear relaxation: fill by efficiency, a fraction of the last item.
    bound = Fraction(0)
    remaining = need
    for gain, c in items:
        if remaining <= 0:
            break
        if gain == 0:
            continue
        take = min(Fraction(1), remaining / gain)
        bound += take * c.cost
        remaining -= take * gain
    if not done(sum((g for g, _ in items), Fraction(0)), opened or bool(state.opening)):
        return None
    chosen: list[tuple[Fraction, _Candidate]] = []
    total = Fraction(0)
    is_open = opened
    for gain, c in items:
        if done(total, is_open):
            break
        if not _satisfied(total + gain, need, strict):
            chosen.append((gain, c))
            total += gain
            is_open = is_open or not c.closing
    if not done(total, is_open):
        taken = {id(c) for _, c in chosen}
        finishers = [
            (g, c)
            for g, c in items
            if id(c) not in taken and done(total + g, is_open or not c.closing)
        ]
        if finishers:
            g, c = min(finishers, key=lambda gc: (gc[1].cost, gc[1].voter.id))
            chosen.append((g, c))
            total += g
            is_open = is_open or not c.closing
        else:
            for g, c in items:
                if done(total, is_open):
                    break
                if id(c) in taken:
                    continue
                chosen.append((g, c))
                total += g
                is_open = is_open or not c.closing
    # Trim: drop the heaviest flips the cover can do without.
    for gain, c in sorted(chosen, key=lambda gc: -gc[1].cost):
        rest = [(g, o) for g, o in chosen if o is not c]
        rest_open = opened or any(not o.closing for _, o in rest)
        if done(total - gain, rest_open):
            chosen = rest
            total -= gain
    return tuple(c for _, c in chosen), bound


def _retally(
    projection: Projection,
    chosen: Sequence[_Candidate],
    aim: Position,
    weights: SectionWeights,
    threshold: Threshold,
) -> CardVoteResult:
    flipped = {c.voter.id for c in chosen}
    voters = [attrs.evolve(v, projected=aim) if v.id in flipped else v for v in projection.voters]
    return tally_voters(voters, projection.scale, projection.assumption, weights, threshold)


def path_to_victory(
    projection: Projection,
    *,
    aim: Position = Position.FOR,
    objective: Objective = Objective.COUNT,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold | None = None,
) -> PathToVictory:
    """The fewest voters (or least weight) whose flip makes the card vote go the aim's way."""
    if aim not in (Position.FOR, Position.AGAINST):
        raise ValueError("the aim is for (carry the motion) or against (defeat it)")
    threshold = threshold or projection.card_vote.threshold
    before = tally_voters(
        projection.voters, projection.scale, projection.assumption, weights, threshold
    )
    number = projection.card_vote.number

    def answer(
        status: Status,
        chosen: Sequence[_Candidate],
        after: CardVoteResult,
        minimal: bool,
        bound: Fraction | None = None,
    ) -> PathToVictory:
        scale = projection.scale
        flips = tuple(
            Flip(
                voter=c.voter.id,
                name=c.voter.name,
                section=c.voter.section,
                delegation=c.voter.delegation_name,
                from_position=c.voter.projected,
                to_position=aim,
                weight=Fraction(c.cost, scale),
            )
            for c in sorted(chosen, key=lambda c: (c.voter.section.value, -c.cost, c.voter.id))
        )
        return PathToVictory(
            card_vote=number,
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
    states = _sections(projection, aim, weights)
    active = [s for s in states.values() if s.weight > 0]
    target, strict = _target(aim, threshold)
    if len(active) == 1:
        small: _SectionState | None = None
        big = active[0]
    else:
        small, big = sorted(active, key=lambda s: (s.size, s.section.value))
    # Candidate choices in the small section: (flips, share).
    options: list[tuple[tuple[_Candidate, ...], Fraction]] = []
    exhaustive = True
    if small is None:
        options.append(((), Fraction(0)))
    elif objective is Objective.COUNT or small.size > ENUMERATE_LIMIT:
        exhaustive = objective is Objective.COUNT
        for k in range(small.size + 1):
            best = _best_with(small, k)
            if best is not None:
                options.append((best[1], best[0]))
    else:
        pool = small.closing + small.opening
        frontier: list[tuple[int, Fraction, tuple[_Candidate, ...]]] = []
        for k in range(len(pool) + 1):
            for subset in combinations(pool, k):
                share = _share(small, subset)
                if share is not None:
                    frontier.append((sum(c.cost for c in subset), share, subset))
        frontier.sort(key=lambda t: (t[0], -t[1]))
        best_share: Fraction | None = None
        for _cost, share, subset in frontier:
            if best_share is None or share > best_share:
                best_share = share
                options.append((subset, share))
    best_choice: tuple[_Candidate, ...] | None = None
    best_key: tuple[int, int] | None = None
    lower: Fraction | None = None
    for small_flips, small_share in options:
        rest = target if small is None else target - small.weight * small_share
        y = rest / big.weight
        if objective is Objective.COUNT:
            big_flips = _fewest_in(big, y, strict)
            if big_flips is None:
                continue
            chosen = small_flips + big_flips
            key = (len(chosen), sum(c.cost for c in chosen))
        else:
            covered = _cover_by_weight(big, y, strict)
            if covered is None:
                continue
            big_flips, bound = covered
            small_cost = sum(c.cost for c in small_flips)
            lower = small_cost + bound if lower is None else min(lower, small_cost + bound)
            chosen = small_flips + big_flips
            key = (sum(c.cost for c in chosen), len(chosen))
        if best_key is None or key < best_key:
            best_key, best_choice = key, chosen
    if best_choice is None:
        everyone = [c for s in active for c in s.closing + s.opening]
        after = _retally(projection, everyone, aim, weights, threshold)
        return answer(Status.IMPOSSIBLE, (), after, True)
    after = _retally(projection, best_choice, aim, weights, threshold)
    if not _wins(after, aim):  # pragma: no cover - the arithmetic above is exact
        raise AssertionError(f"path to victory on CV{number} does not re-tally as a win")
    if objective is Objective.COUNT:
        return answer(Status.FOUND, best_choice, after, exhaustive)
    cost = sum(c.cost for c in best_choice)
    proven = exhaustive and lower is not None and cost <= lower
    return answer(Status.FOUND, best_choice, after, proven, lower if exhaustive else None)
