"""Projecting a card vote from the whip book: who votes, with what weight, which way.

A *voter* is a CLP delegate or an affiliate's bloc (affiliates vote as delegations). Each
voter's position on a card vote comes from, in order of precedence:

1. its pledge in force (the whip's latest word from the delegate);
2. its CLP's mandate (which overrides any faction line);
3. otherwise it is undecided, and the chosen `Assumption` decides how it is counted.

A CLP's votes (its membership) are split equally among its delegates present: attending, and
not pledged absent for this card vote. Weights are kept as whole numbers of "units" (votes
times `scale`, an even common multiple of every delegation's size) so the arithmetic is exact
and fast.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from fractions import Fraction

import attrs
import numpy as np

from motions.whip import rows as rowcodes
from motions.whip.arithmetic import (
    DEFAULT_WEIGHTS,
    CardVoteResult,
    SectionResult,
    SectionWeights,
    combine,
    section_result,
)
from motions.whip.model import (
    CardVote,
    Casting,
    Conference,
    Delegate,
    Delegation,
    Line,
    Mandate,
    Pledge,
    Position,
    Section,
    Threshold,
)
from motions.whip.rows import Assumption as Assumption
from motions.whip.rows import Basis as Basis
from motions.whip.rows import Voter as Voter


@attrs.frozen
class Clash:
    """A mandate at odds with a faction line or with a pledge: shown, never hidden."""

    kind: str
    voter: str
    name: str
    delegation: str
    detail: str

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "voter": self.voter,
            "name": self.name,
            "delegation": self.delegation,
            "detail": self.detail,
        }


@attrs.frozen
class Projection:
    """A projected card vote: every voter (as columns, `rows`), the tally, the clashes."""

    card_vote: CardVote
    assumption: Assumption
    scale: int
    rows: rowcodes.VoterRows
    result: CardVoteResult
    clashes: tuple[Clash, ...]

    @functools.cached_property
    def voters(self) -> tuple[Voter, ...]:
        """Every voter as a `Voter`, made on first use (tallies and paths use `rows`)."""
        return self.rows.voters()

    def counts(self, section: Section) -> dict[str, int]:
        """How many voters of a section are projected each way (undecided: not counted)."""
        code = rowcodes.CLP if section is Section.CLP else rowcodes.AFFILIATE
        found = np.bincount(self.rows.projected[self.rows.section == code], minlength=5)
        return {p.value: int(found[i]) for i, p in enumerate(rowcodes.POSITIONS)}


@attrs.frozen
class ConferenceIndex:
    """Lookups over a `Conference`, built once and shared by every card vote's projection."""

    conference: Conference
    delegations: dict[str, Delegation]
    delegates_by_delegation: dict[str, tuple[Delegate, ...]]
    card_votes: dict[int, CardVote]
    pledges: dict[int, dict[str, Pledge]]
    mandates: dict[int, dict[str, Mandate]]
    lines: dict[int, dict[str, Line]]
    scale: int
    roster: rowcodes.Roster


def index_conference(conference: Conference) -> ConferenceIndex:
    """Build the lookups every projection needs."""
    by_delegation: dict[str, list[Delegate]] = {}
    for delegate in conference.delegates:
        by_delegation.setdefault(delegate.delegation_id, []).append(delegate)
    largest = max((len(v) for v in by_delegation.values()), default=1)
    scale = 2 * math.lcm(*range(1, max(largest, 1) + 1))
    pledges: dict[int, dict[str, Pledge]] = {}
    for pledge in conference.pledges:
        pledges.setdefault(pledge.card_vote, {})[pledge.voter] = pledge
    mandates: dict[int, dict[str, Mandate]] = {}
    for mandate in conference.mandates:
        mandates.setdefault(mandate.card_vote, {})[mandate.delegation_id] = mandate
    lines: dict[int, dict[str, Line]] = {}
    for rec in conference.recommendations:
        lines.setdefault(rec.card_vote, {})[rec.faction] = rec.line
    return ConferenceIndex(
        conference=conference,
        delegations={d.id: d for d in conference.delegations},
        delegates_by_delegation={k: tuple(v) for k, v in by_delegation.items()},
        card_votes={c.number: c for c in conference.card_votes},
        pledges=pledges,
        mandates=mandates,
        lines=lines,
        scale=scale,
        roster=rowcodes.roster(conference, scale),
    )


@attrs.frozen
class ClpBallot:
    """A delegate's part in a ballot cast once per CLP: the CLP's one paper and who shares it.

    For a sheet: "your CLP casts one ballot of 1,234 votes: agree it with your co-delegates".
    """

    card_vote: int
    delegation_id: str
    delegation_name: str
    votes: int
    co_delegates: tuple[str, ...]
    mandate: Position | None

    @property
    def text(self) -> str:
        agree = (
            f"agree it with your co-delegate{'s' if len(self.co_delegates) > 1 else ''} "
            + " and ".join(self.co_delegates)
            if self.co_delegates
            else "you hold it alone"
        )
        mandated = f"; {self.delegation_name} mandated {self.mandate.value}" if self.mandate else ""
        return (
            f"your CLP casts one ballot of {self.votes:,} votes on CV{self.card_vote}: "
            f"{agree}{mandated}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "card_vote": f"CV{self.card_vote}",
            "delegation": self.delegation_id,
            "votes": self.votes,
            "co_delegates": list(self.co_delegates),
            "mandate": None if self.mandate is None else self.mandate.value,
            "text": self.text,
        }


def clp_ballot(index: ConferenceIndex, card_vote: int, delegate_id: str) -> ClpBallot | None:
    """The one-per-CLP ballot this delegate shares, or None (not such a ballot, or not a CLP
    delegate)."""
    cv = index.card_votes.get(card_vote)
    if cv is None or not cv.one_per_clp:
        return None
    delegate = next(
        (
            d
            for group in index.delegates_by_delegation.values()
            for d in group
            if d.id == delegate_id
        ),
        None,
    )
    if delegate is None:
        return None
    delegation = index.delegations[delegate.delegation_id]
    if delegation.section is not Section.CLP:
        return None
    others = tuple(
        d.name
        for d in index.delegates_by_delegation.get(delegation.id, ())
        if d.id != delegate_id and d.attending
    )
    mandate = index.mandates.get(card_vote, {}).get(delegation.id)
    return ClpBallot(
        card_vote=card_vote,
        delegation_id=delegation.id,
        delegation_name=delegation.name,
        votes=delegation.votes,
        co_delegates=others,
        mandate=None if mandate is None else mandate.position,
    )


def _assume(assumption: Assumption, faction: str | None, lines: dict[str, Line]) -> Position:
    if assumption is Assumption.FOR:
        return Position.FOR
    if assumption is Assumption.AGAINST:
        return Position.AGAINST
    if assumption is Assumption.FACTION and faction is not None:
        line = lines.get(faction)
        position = line.position if line is not None else None
        if position is not None:
            return position
    return Position.UNDECIDED


def project(
    conference: Conference | ConferenceIndex,
    card_vote: int,
    *,
    assumption: Assumption = Assumption.EXCLUDE,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold | None = None,
) -> Projection:
    """Project card vote `card_vote`: each voter's weight and position, and the tally.

    `threshold` overrides the card vote's own.
    """
    index = conference if isinstance(conference, ConferenceIndex) else index_conference(conference)
    cv = index.card_votes.get(card_vote)
    if cv is None:
        from motions.errors import WhipError, error
        from motions.whip.names import did_you_mean

        labels = [c.label for c in index.conference.card_votes]
        raise WhipError(
            error(
                "whip.unknown-card-vote",
                f"there is no card vote CV{card_vote} in the whip book",
                hint=did_you_mean(f"CV{card_vote}", labels)
                or "import the card votes first: motions whip import --card-votes FILE",
            )
        )
    pledges = index.pledges.get(card_vote, {})
    mandates = index.mandates.get(card_vote, {})
    lines = index.lines.get(card_vote, {})
    scale = index.scale
    if cv.casting is Casting.ONE_PER_CLP:
        voters, clashes = _one_per_clp(index, pledges, mandates, lines, assumption)
        rows = rowcodes.rows_from_voters(voters)
    else:
        rows = rowcodes.rows_for(
            index.roster,
            {v: (p.position, p.confidence) for v, p in pledges.items()},
            {d: m.position for d, m in mandates.items()},
            {f: line.position for f, line in lines.items()},
            assumption,
        )
        clashes = _mandate_clashes(index, rows, pledges, mandates, lines)
    result = rowcodes.tally_rows(
        rows, rows.projected, scale, assumption, weights, threshold or cv.threshold
    )
    return Projection(
        card_vote=cv,
        assumption=assumption,
        scale=scale,
        rows=rows,
        result=result,
        clashes=tuple(clashes),
    )


def _mandate_clashes(
    index: ConferenceIndex,
    rows: rowcodes.VoterRows,
    pledges: dict[str, Pledge],
    mandates: dict[str, Mandate],
    lines: dict[str, Line],
) -> list[Clash]:
    """The clashes of mandated CLPs' attending delegates, in the book's order."""
    clashes: list[Clash] = []
    row_of = index.roster.row_of
    for delegation in index.conference.delegations:
        mandate = mandates.get(delegation.id)
        if mandate is None or delegation.section is not Section.CLP:
            continue
        for delegate in index.delegates_by_delegation.get(delegation.id, ()):
            if delegate.attending:
                voter = rows.voter(row_of[delegate.id])
                clashes.extend(_clashes(voter, mandate, pledges.get(delegate.id), lines))
    return clashes


def _one_per_clp(
    index: ConferenceIndex,
    pledges: dict[str, Pledge],
    mandates: dict[str, Mandate],
    lines: dict[str, Line],
    assumption: Assumption,
) -> tuple[list[Voter], list[Clash]]:
    """A ballot cast once per CLP: one voter per delegation (see `_ballot_voter`)."""
    scale = index.scale
    voters: list[Voter] = []
    clashes: list[Clash] = []
    for delegation in index.conference.delegations:
        mandate = mandates.get(delegation.id)
        if delegation.section is Section.AFFILIATE:
            pledge = pledges.get(delegation.id)
            voters.append(
                _voter(
                    delegation.id,
                    delegation.name,
                    delegation,
                    delegation.faction,
                    delegation.votes * scale,
                    pledge,
                    None,
                    assumption,
                    lines,
                )
            )
            continue
        members = index.delegates_by_delegation.get(delegation.id, ())
        voter = _ballot_voter(delegation, members, pledges, mandate, assumption, lines, scale)
        voters.append(voter)
        if mandate is not None:
            clashes.extend(_clashes(voter, mandate, None, lines))
    return voters, clashes


def _ballot_voter(
    delegation: Delegation,
    members: Iterable[Delegate],
    pledges: dict[str, Pledge],
    mandate: Mandate | None,
    assumption: Assumption,
    lines: dict[str, Line],
    scale: int,
) -> Voter:
    """A CLP on a ballot cast once per CLP: one voter with the CLP's whole membership.

    Its mandate decides, if it has one. Otherwise the paper goes to whichever delegate
    collects it first, so the CLP's position is known only when every delegate there has
    pledged the same way (with the least of their confidences); if they differ, or some have
    not pledged, it is undecided and counted by the stated assumption.
    """
    present = [
        d
        for d in members
        if d.attending and not (d.id in pledges and pledges[d.id].position is Position.ABSENT)
    ]
    stated, basis, confidence = Position.UNDECIDED, Basis.ASSUMED, 1.0
    if mandate is not None:
        stated, basis = mandate.position, Basis.MANDATE
    elif not present:
        stated, basis = Position.ABSENT, Basis.NOT_ATTENDING
    else:
        said = [pledges.get(d.id) for d in present]
        positions = {p.position for p in said if p is not None}
        if all(p is not None for p in said) and len(positions) == 1:
            stated, basis = positions.pop(), Basis.PLEDGE
            confidence = min(p.confidence for p in said if p is not None)
    projected = (
        _assume(assumption, delegation.faction, lines) if stated is Position.UNDECIDED else stated
    )
    return Voter(
        id=delegation.id,
        name=delegation.name,
        section=Section.CLP,
        delegation_id=delegation.id,
        delegation_name=delegation.name,
        faction=delegation.faction,
        units=0 if stated is Position.ABSENT else delegation.votes * scale,
        stated=stated,
        basis=basis,
        confidence=confidence,
        projected=projected,
        bound=basis is Basis.MANDATE or stated is Position.ABSENT,
    )


def _voter(
    voter_id: str,
    name: str,
    delegation: Delegation,
    faction: str | None,
    units: int,
    pledge: Pledge | None,
    mandate: Mandate | None,
    assumption: Assumption,
    lines: dict[str, Line],
) -> Voter:
    if pledge is not None:
        stated, basis, confidence = pledge.position, Basis.PLEDGE, pledge.confidence
    elif mandate is not None:
        stated, basis, confidence = mandate.position, Basis.MANDATE, 1.0
    else:
        stated, basis, confidence = Position.UNDECIDED, Basis.ASSUMED, 1.0
    projected = stated
    if stated is Position.UNDECIDED:
        projected = _assume(assumption, faction, lines)
    if stated is Position.ABSENT:
        units = 0
    return Voter(
        id=voter_id,
        name=name,
        section=delegation.section,
        delegation_id=delegation.id,
        delegation_name=delegation.name,
        faction=faction,
        units=units,
        stated=stated,
        basis=basis,
        confidence=confidence,
        projected=projected,
        bound=basis is Basis.MANDATE or stated is Position.ABSENT,
    )


def _clashes(
    voter: Voter, mandate: Mandate, pledge: Pledge | None, lines: dict[str, Line]
) -> Iterable[Clash]:
    line = lines.get(voter.faction) if voter.faction is not None else None
    if line is not None and line.position is not None and line.position is not mandate.position:
        yield Clash(
            kind="mandate-overrides-line",
            voter=voter.id,
            name=voter.name,
            delegation=voter.delegation_name,
            detail=(
                f"{voter.delegation_name} mandated {mandate.position.value}; "
                f"{voter.faction} says {line.value}"
            ),
        )
    if (
        pledge is not None
        and pledge.position in (Position.FOR, Position.AGAINST, Position.ABSTAIN)
        and pledge.position is not mandate.position
    ):
        yield Clash(
            kind="pledge-breaks-mandate",
            voter=voter.id,
            name=voter.name,
            delegation=voter.delegation_name,
            detail=(
                f"pledged {pledge.position.value} but {voter.delegation_name} mandated "
                f"{mandate.position.value}"
            ),
        )


def contribution(position: Position, units: int, assumption: Assumption) -> tuple[int, int]:
    """The (for, against) units a voter projected at `position` adds to its section."""
    if position is Position.FOR:
        return units, 0
    if position is Position.AGAINST:
        return 0, units
    if position is Position.UNDECIDED and assumption is Assumption.SPLIT:
        return units // 2, units // 2
    return 0, 0


def tally_voters(
    voters: Iterable[Voter],
    scale: int,
    assumption: Assumption,
    weights: SectionWeights,
    threshold: Threshold,
) -> CardVoteResult:
    """Tally voters' projected positions into both sections and the weighted total."""
    sums = {section: {"for": 0, "against": 0, "abstain": 0, "undecided": 0} for section in Section}
    for voter in voters:
        bucket = sums[voter.section]
        position = voter.projected
        if position is Position.FOR:
            bucket["for"] += voter.units
        elif position is Position.AGAINST:
            bucket["against"] += voter.units
        elif position is Position.ABSTAIN:
            bucket["abstain"] += voter.units
        elif position is Position.UNDECIDED:
            if assumption is Assumption.SPLIT:
                bucket["for"] += voter.units // 2
                bucket["against"] += voter.units // 2
            else:
                bucket["undecided"] += voter.units
    sections: list[SectionResult] = []
    for section in Section:
        bucket = sums[section]
        sections.append(
            section_result(
                section,
                Fraction(bucket["for"], scale),
                Fraction(bucket["against"], scale),
                votes_abstain=Fraction(bucket["abstain"], scale),
                votes_undecided=Fraction(bucket["undecided"], scale),
            )
        )
    return combine(tuple(sections), weights=weights, threshold=threshold)
