"""The whip book's values: sections, delegations, delegates, card votes, lines, mandates, pledges.

Every value is frozen; collections are tuples. Invariants are checked at construction, so a
value that exists is a value that makes sense (a confidence between 0 and 1, a card vote
numbered from 1, a delegation with a non-negative voting strength).
"""

from __future__ import annotations

from enum import StrEnum

import attrs

#: How sure a pledge is when its recorder does not say (a CSV cell left empty, `whip pledge`
#: without `--confidence`).
DEFAULT_CONFIDENCE = 0.9


class Section(StrEnum):
    """The two sections of a card vote, each weighted separately (see docs/whip.md)."""

    CLP = "clp"
    AFFILIATE = "affiliate"

    @property
    def label(self) -> str:
        return "CLPs" if self is Section.CLP else "Affiliates"


class Position(StrEnum):
    """How a delegate (or an affiliate's bloc) will vote on one card vote."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    UNDECIDED = "undecided"
    ABSENT = "absent"

    @property
    def opposite(self) -> Position:
        if self is Position.FOR:
            return Position.AGAINST
        if self is Position.AGAINST:
            return Position.FOR
        return self


class Line(StrEnum):
    """A faction's published line on a card vote (see docs/whip.md)."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    ABSTAIN = "abstain"
    OPPOSE_IF_NOT_REMITTED = "oppose-if-not-remitted"
    REMIT = "remit"
    FREE_VOTE = "free-vote"

    @property
    def position(self) -> Position | None:
        """The vote the line asks for, or None where it asks for none (remit, free vote)."""
        return _LINE_POSITION[self]


_LINE_POSITION: dict[Line, Position | None] = {
    Line.SUPPORT: Position.FOR,
    Line.OPPOSE: Position.AGAINST,
    Line.ABSTAIN: Position.ABSTAIN,
    Line.OPPOSE_IF_NOT_REMITTED: Position.AGAINST,
    Line.REMIT: None,
    Line.FREE_VOTE: None,
}


class Threshold(StrEnum):
    """What a card vote needs: a simple majority (rule changes) or two thirds (policy)."""

    MAJORITY = "majority"
    TWO_THIRDS = "two-thirds"


class Casting(StrEnum):
    """Who casts a vote: every delegate with a share of the CLP's weight (card votes), or the
    CLP once with its whole membership, by whichever delegate collects the ballot paper first
    (the priorities ballot, the NCC and CAC elections)."""

    DELEGATES = "delegates"
    ONE_PER_CLP = "one-per-clp"


class EventKind(StrEnum):
    """A pledge event either records a pledge or undoes the latest one still in force."""

    PLEDGE = "pledge"
    UNDO = "undo"


def _non_empty(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def _non_negative(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


def _optional_non_negative(
    _instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


def _probability(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


def _card_vote_number(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be 1 or more, got {value}")


def card_vote_label(number: int) -> str:
    """The printed name of card vote `number`: `CV7`."""
    return f"CV{number}"


@attrs.frozen
class Delegation:
    """A CLP or an affiliate (union or socialist society) sending delegates to conference.

    `votes` is the voting strength: for a CLP its membership at 31 December of the previous
    year, split equally among its delegates present; for an affiliate the votes its bloc casts.
    `faction` is the faction an affiliate's bloc usually follows (used only by the "faction"
    assumption for undecided voters). `women_members` and `young_members` are only used to
    check a CLP's entitlement.
    """

    id: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    section: Section
    votes: int = attrs.field(validator=_non_negative)
    faction: str | None = None
    women_members: int | None = attrs.field(default=None, validator=_optional_non_negative)
    young_members: int | None = attrs.field(default=None, validator=_optional_non_negative)


@attrs.frozen
class VoterRef:
    """A resolved voter: a CLP delegate, or an affiliate's delegation (its bloc)."""

    id: str
    name: str
    is_delegation: bool


@attrs.frozen
class Delegate:
    """One person on conference floor, belonging to one delegation."""

    id: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    delegation_id: str = attrs.field(validator=_non_empty)
    faction: str | None = None
    woman: bool = False
    under_27: bool = False
    attending: bool = True


@attrs.frozen
class CardVote:
    """A numbered card vote, the motions it decides, and the majority it needs."""

    number: int = attrs.field(validator=_card_vote_number)
    title: str = attrs.field(validator=_non_empty)
    motions: tuple[str, ...] = ()
    threshold: Threshold = Threshold.MAJORITY
    casting: Casting = Casting.DELEGATES

    @property
    def label(self) -> str:
        return card_vote_label(self.number)

    @property
    def one_per_clp(self) -> bool:
        """True for a ballot each CLP casts once, with its whole membership (the priorities
        ballot, the NCC and CAC elections), rather than each delegate with a share."""
        return self.casting is Casting.ONE_PER_CLP


@attrs.frozen
class Recommendation:
    """A faction's line on one card vote, with its one-line reason."""

    faction: str = attrs.field(validator=_non_empty)
    card_vote: int = attrs.field(validator=_card_vote_number)
    line: Line
    reason: str = ""


@attrs.frozen
class Mandate:
    """A CLP's instruction to its delegates on one card vote; it overrides any faction line."""

    delegation_id: str = attrs.field(validator=_non_empty)
    card_vote: int = attrs.field(validator=_card_vote_number)
    position: Position
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.position not in (Position.FOR, Position.AGAINST, Position.ABSTAIN):
            raise ValueError(f"a mandate is for, against or abstain, not {self.position.value}")


@attrs.frozen
class PledgeEvent:
    """One entry of the append-only pledge history.

    `voter` is a delegate id (CLP delegates) or a delegation id (an affiliate's bloc). A
    `PLEDGE` event carries a position and a confidence; an `UNDO` event names in `undoes` the
    pledge event it takes back, so the pledge before that one is in force again.
    """

    seq: int
    voter: str
    card_vote: int
    kind: EventKind
    position: Position | None
    confidence: float | None
    note: str
    recorded_at: str
    undoes: int | None = None


@attrs.frozen
class Pledge:
    """A pledge in force: the voter's latest pledge on a card vote that was not undone.

    `confidence` is the probability that the voter votes as pledged (see `probability`).
    """

    voter: str = attrs.field(validator=_non_empty)
    card_vote: int = attrs.field(validator=_card_vote_number)
    position: Position
    confidence: float = attrs.field(default=0.9, validator=_probability)
    note: str = ""
    seq: int = attrs.field(default=0, eq=False)
    recorded_at: str = attrs.field(default="", eq=False)


@attrs.frozen
class Conference:
    """Everything in a whip book at one moment: the input to every tally."""

    delegations: tuple[Delegation, ...] = ()
    delegates: tuple[Delegate, ...] = ()
    card_votes: tuple[CardVote, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    mandates: tuple[Mandate, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    home_faction: str | None = None


def current_pledges(events: tuple[PledgeEvent, ...] | list[PledgeEvent]) -> tuple[Pledge, ...]:
    """Replay a pledge history (in `seq` order) into the pledges in force.

    Each voter and card vote has a stack of pledges: a pledge pushes, an undo pops the pledge it
    names. The top of each non-empty stack is in force.
    """
    stacks: dict[tuple[str, int], list[PledgeEvent]] = {}
    for event in sorted(events, key=lambda e: e.seq):
        key = (event.voter, event.card_vote)
        if event.kind is EventKind.PLEDGE:
            stacks.setdefault(key, []).append(event)
        else:
            stack = stacks.get(key)
            if stack and stack[-1].seq == event.undoes:
                stack.pop()
    pledges = []
    for (voter, card_vote), stack in stacks.items():
        if not stack:
            continue
        top = stack[-1]
        assert top.position is not None and top.confidence is not None
        pledges.append(
            Pledge(
                voter=voter,
                card_vote=card_vote,
                position=top.position,
                confidence=top.confidence,
                note=top.note,
                seq=top.seq,
            )
        )
    pledges.sort(key=lambda p: (p.card_vote, p.voter))
    return tuple(pledges)
