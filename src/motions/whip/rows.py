"""A card vote's voters as columns (NumPy arrays), not one object per voter.

A conference of 1,500 voters and 60 card votes is 90,000 voters to project; an attrs object
each costs more than everything else a tally does. So a projection keeps its voters as
columns: a `Roster`, built once per conference (who votes, in which section and delegation,
with which faction, attending or not, in the order projections list them), and per card vote
a `VoterRows` of positions, bases, confidences and weights. `Voter` objects are made only
when something asks for them (`VoterRows.voter(i)`, `Projection.voters`).

Weights are whole "units" (see `projection`). They are int64 when every sum of them fits
(checked once per conference, with room to spare); otherwise Python integers in object
arrays, slower and still exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from motions.whip.arithmetic import CardVoteResult, SectionResult, SectionWeights, combine
from motions.whip.arithmetic import section_result as _section_result
from motions.whip.model import Conference, Delegate, Position, Section, Threshold

POSITIONS: tuple[Position, ...] = tuple(Position)
FOR, AGAINST, ABSTAIN, UNDECIDED, ABSENT = (POSITIONS.index(p) for p in Position)
CODE = {p: i for i, p in enumerate(POSITIONS)}
SECTIONS: tuple[Section, ...] = (Section.CLP, Section.AFFILIATE)
CLP, AFFILIATE = 0, 1

Array = np.ndarray[Any, Any]


class Assumption(StrEnum):
    """How undecided voters (no pledge, no mandate) are counted in a projection.

    - ``exclude`` (default): they are left out, like abstentions. For a section's share this is
      the same as splitting them in the proportion of the decided votes in their section.
    - ``split``: half of each undecided voter's weight for, half against.
    - ``faction``: they follow their faction's line (support → for, oppose or oppose if not
      remitted → against, abstain → abstain); with no faction or no line, left out.
    - ``for`` / ``against``: all of them one way (the best and worst cases).
    """

    EXCLUDE = "exclude"
    SPLIT = "split"
    FACTION = "faction"
    FOR = "for"
    AGAINST = "against"


class Basis(StrEnum):
    """Where a voter's position came from."""

    PLEDGE = "pledge"
    MANDATE = "mandate"
    ASSUMED = "assumed"
    NOT_ATTENDING = "not-attending"


@attrs.frozen
class Voter:
    """One voter on one card vote, with its weight and its stated and projected positions."""

    id: str
    name: str
    section: Section
    delegation_id: str
    delegation_name: str
    faction: str | None
    units: int
    stated: Position
    basis: Basis
    confidence: float
    projected: Position
    bound: bool

    def weight(self, scale: int) -> Fraction:
        return Fraction(self.units, scale)


def _bases() -> tuple[Basis, ...]:
    return tuple(Basis)


@attrs.frozen(eq=False)
class Roster:
    """Who votes on a card vote cast by delegates, in the order projections list them: each
    affiliate as one voter, each CLP's delegates one by one, delegations in the book's order.
    Built once per conference by `roster`."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    factions: tuple[str | None, ...]
    delegation_ids: tuple[str, ...]
    delegation_names: tuple[str, ...]
    section: Array  # int8: CLP or AFFILIATE
    delegation: Array  # intp: the voter's delegation, an index into the book's delegations
    attending: Array  # bool
    delegation_units: Array  # the voter's delegation's votes × scale
    faction_code: Array  # intp: index into `faction_names`, −1 for none
    faction_names: tuple[str, ...]
    row_of: dict[str, int]
    delegations: int
    dtype: Any  # np.int64, or object when sums could pass int64


def roster(conference: Conference, scale: int) -> Roster:
    """The conference's voters as columns (see `Roster`)."""
    members: dict[str, list[Delegate]] = {}
    for delegate in conference.delegates:
        members.setdefault(delegate.delegation_id, []).append(delegate)
    ids: list[str] = []
    names: list[str] = []
    factions: list[str | None] = []
    section: list[int] = []
    delegation: list[int] = []
    attending: list[bool] = []
    units: list[int] = []
    for d_index, group in enumerate(conference.delegations):
        if group.section is Section.AFFILIATE:
            people: list[tuple[str, str, str | None, bool]] = [
                (group.id, group.name, group.faction, True)
            ]
        else:
            people = [(d.id, d.name, d.faction, d.attending) for d in members.get(group.id, ())]
        for ident, name, faction, present in people:
            ids.append(ident)
            names.append(name)
            factions.append(faction)
            section.append(CLP if group.section is Section.CLP else AFFILIATE)
            delegation.append(d_index)
            attending.append(present)
            units.append(group.votes * scale)
    total = sum(g.votes for g in conference.delegations) * scale
    dtype: Any = np.int64 if total * 4 < 2**62 else object
    faction_names = tuple(sorted({f for f in factions if f is not None}))
    code = {f: i for i, f in enumerate(faction_names)}
    return Roster(
        ids=tuple(ids),
        names=tuple(names),
        factions=tuple(factions),
        delegation_ids=tuple(g.id for g in conference.delegations),
        delegation_names=tuple(g.name for g in conference.delegations),
        section=np.array(section, dtype=np.int8),
        delegation=np.array(delegation, dtype=np.intp),
        attending=np.array(attending, dtype=bool),
        delegation_units=np.array(units, dtype=dtype),
        faction_code=np.array([code.get(f, -1) if f else -1 for f in factions], dtype=np.intp),
        faction_names=faction_names,
        row_of={ident: i for i, ident in enumerate(ids)},
        delegations=len(conference.delegations),
        dtype=dtype,
    )


@attrs.frozen(eq=False)
class VoterRows:
    """One card vote's voters as columns; `voter(i)` makes the i-th as a `Voter`."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    factions: tuple[str | None, ...]
    delegation_ids: Sequence[str]  # per voter
    delegation_names: Sequence[str]  # per voter
    section: Array  # int8
    units: Array
    stated: Array  # int8 position codes
    basis: Array  # int8 basis codes
    confidence: Array  # float64
    projected: Array  # int8 position codes
    bound: Array  # bool

    def __len__(self) -> int:
        return len(self.ids)

    def voter(self, i: int) -> Voter:
        bases = _bases()
        return Voter(
            id=self.ids[i],
            name=self.names[i],
            section=SECTIONS[int(self.section[i])],
            delegation_id=self.delegation_ids[i],
            delegation_name=self.delegation_names[i],
            faction=self.factions[i],
            units=int(self.units[i]),
            stated=POSITIONS[int(self.stated[i])],
            basis=bases[int(self.basis[i])],
            confidence=float(self.confidence[i]),
            projected=POSITIONS[int(self.projected[i])],
            bound=bool(self.bound[i]),
        )

    def voters(self) -> tuple[Voter, ...]:
        return tuple(self.voter(i) for i in range(len(self.ids)))


class _Lookup(Sequence[str]):
    """A per-voter view of a per-delegation tuple, without copying it per card vote."""

    def __init__(self, values: tuple[str, ...], index: Array) -> None:
        self._values = values
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self._values[int(j)] for j in self._index[i]]
        return self._values[int(self._index[i])]


def rows_from_voters(voters: Sequence[Voter]) -> VoterRows:
    """Columns from `Voter` objects (ballots cast once per CLP are projected that way)."""
    bases = {b: i for i, b in enumerate(_bases())}
    big = sum(v.units for v in voters) * 4 >= 2**62
    return VoterRows(
        ids=tuple(v.id for v in voters),
        names=tuple(v.name for v in voters),
        factions=tuple(v.faction for v in voters),
        delegation_ids=tuple(v.delegation_id for v in voters),
        delegation_names=tuple(v.delegation_name for v in voters),
        section=np.array([CLP if v.section is Section.CLP else AFFILIATE for v in voters], np.int8),
        units=np.array([v.units for v in voters], dtype=object if big else np.int64),
        stated=np.array([CODE[v.stated] for v in voters], dtype=np.int8),
        basis=np.array([bases[v.basis] for v in voters], dtype=np.int8),
        confidence=np.array([v.confidence for v in voters], dtype=np.float64),
        projected=np.array([CODE[v.projected] for v in voters], dtype=np.int8),
        bound=np.array([v.bound for v in voters], dtype=bool),
    )


def rows_for(
    the_roster: Roster,
    pledges: dict[str, tuple[Position, float]],
    mandates: dict[str, Position],
    lines: dict[str, Position | None],
    assumption: Assumption,
) -> VoterRows:
    """Project a card vote cast by delegates, in columns (the rules are `projection`'s:
    pledge, then the CLP's mandate, then the assumption; CLP votes split among those present).

    `pledges` maps voter id to (position, confidence); `mandates` a CLP's id to its mandated
    position; `lines` a faction to its line's position on this card vote."""
    r = the_roster
    n = len(r.ids)
    base_codes = {b: i for i, b in enumerate(_bases())}
    stated = np.full(n, UNDECIDED, dtype=np.int8)
    basis = np.full(n, base_codes[Basis.ASSUMED], dtype=np.int8)
    confidence = np.ones(n, dtype=np.float64)
    if mandates:
        by_index = {i: CODE[p] for i, d in enumerate(r.delegation_ids) if (p := mandates.get(d))}
        if by_index:
            mandated = np.full(r.delegations, -1, dtype=np.int8)
            for i, code in by_index.items():
                mandated[i] = code
            per_voter = mandated[r.delegation]
            hit = (per_voter >= 0) & (r.section == CLP)
            stated[hit] = per_voter[hit]
            basis[hit] = base_codes[Basis.MANDATE]
    if pledges:
        rows: list[int] = []
        codes: list[int] = []
        confidences: list[float] = []
        for ident, (position, conf) in pledges.items():
            row = r.row_of.get(ident)
            if row is not None:
                rows.append(row)
                codes.append(CODE[position])
                confidences.append(conf)
        where = np.array(rows, dtype=np.intp)
        stated[where] = np.array(codes, dtype=np.int8)
        basis[where] = base_codes[Basis.PLEDGE]
        confidence[where] = np.array(confidences, dtype=np.float64)
    away = ~r.attending
    stated[away] = ABSENT
    basis[away] = base_codes[Basis.NOT_ATTENDING]
    confidence[away] = 1.0
    present = stated != ABSENT
    counts = np.bincount(r.delegation[present & (r.section == CLP)], minlength=r.delegations)
    sharing = counts[r.delegation]
    units = r.delegation_units.copy()
    clp = r.section == CLP
    if r.dtype is object:
        for j in np.flatnonzero(clp):
            units[j] = units[j] // int(sharing[j]) if sharing[j] else 0
    else:
        units[clp] = np.where(sharing[clp] > 0, units[clp] // np.maximum(sharing[clp], 1), 0)
    units[~present] = 0
    projected = stated.copy()
    undecided = stated == UNDECIDED
    if assumption is Assumption.FOR:
        projected[undecided] = FOR
    elif assumption is Assumption.AGAINST:
        projected[undecided] = AGAINST
    elif assumption is Assumption.FACTION and r.faction_names:
        line_codes = np.array(
            [CODE[p] if (p := lines.get(f)) is not None else UNDECIDED for f in r.faction_names]
            + [UNDECIDED],
            dtype=np.int8,
        )
        follow = line_codes[r.faction_code]  # −1 indexes the trailing UNDECIDED
        projected[undecided] = follow[undecided]
    bound = (basis == base_codes[Basis.MANDATE]) | ~present
    return VoterRows(
        ids=r.ids,
        names=r.names,
        factions=r.factions,
        delegation_ids=_Lookup(r.delegation_ids, r.delegation),
        delegation_names=_Lookup(r.delegation_names, r.delegation),
        section=r.section,
        units=units,
        stated=stated,
        basis=basis,
        confidence=confidence,
        projected=projected,
        bound=bound,
    )


def section_sums(
    rows: VoterRows, projected: Array, assumption: Assumption
) -> dict[int, tuple[int, int, int, int]]:
    """Per section (CLP, AFFILIATE): units (for, against, abstain, undecided) as projected;
    with the "split" assumption an undecided voter gives half its units each way (rounded
    down, voter by voter)."""
    sums = {}
    for s in (CLP, AFFILIATE):
        mine = rows.section == s
        units = rows.units
        totals = [int(units[mine & (projected == code)].sum()) for code in (FOR, AGAINST, ABSTAIN)]
        undecided = mine & (projected == UNDECIDED)
        if assumption is Assumption.SPLIT:
            half = int((units[undecided] // 2).sum())
            totals[0] += half
            totals[1] += half
            totals.append(0)
        else:
            totals.append(int(units[undecided].sum()))
        sums[s] = (totals[0], totals[1], totals[2], totals[3])
    return sums


def tally_rows(
    rows: VoterRows,
    projected: Array,
    scale: int,
    assumption: Assumption,
    weights: SectionWeights,
    threshold: Threshold,
) -> CardVoteResult:
    """The tally of `rows` with the given projected positions (the rules of `tally_voters`)."""
    sums = section_sums(rows, projected, assumption)
    sections: list[SectionResult] = []
    for code, section in zip((CLP, AFFILIATE), SECTIONS, strict=True):
        f, a, ab, und = sums[code]
        sections.append(
            _section_result(
                section,
                Fraction(f, scale),
                Fraction(a, scale),
                votes_abstain=Fraction(ab, scale),
                votes_undecided=Fraction(und, scale),
            )
        )
    return combine(tuple(sections), weights=weights, threshold=threshold)
