"""Briefing sheets as frozen values (`build.build_sheets` makes them).

    whip book (Conference) ─┐
    agenda (AgendaMotion)  ─┼─ build_sheets → Briefing ─ render → HTML | Markdown | PDF | site
    rule book, findings    ─┘

A `Briefing` holds one `CardVoteBrief` per card vote (what every delegate reads alike: the
motions, where they act, a plain sentence, the redlines, the whip's line and reason, what falls
or collides) and one `Sheet` per delegate, whose `SheetItem`s add what is theirs alone: their
voting weight on that card vote, their CLP's mandate and any clash with the line, and (in the
whips' view only) their pledge. Renderers format these values; they compute nothing.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from motions.brief.findings import ConflictNote
from motions.brief.schedule import Session
from motions.drafting.redline import Redline, Segment
from motions.whip.model import (
    Line,
    Pledge,
    Position,
    Section,
    Threshold,
)
from motions.whip.projection import Assumption


@attrs.frozen
class ChangeBrief:
    """What a motion does to one provision: the redline, and what the provision will read."""

    address: str
    kind: str  # amended, inserted, deleted, replaced
    redline: Redline
    was: str | None = None  # where it was before, if the motion moves it
    #: The redline with long unchanged stretches cut to their ends (for the sheets).
    short: tuple[Segment, ...] = ()

    @property
    def will_read(self) -> str | None:
        """The provision's text once carried; None when the motion deletes it."""
        return None if self.kind == "deleted" else self.redline.after


@attrs.frozen
class MotionBrief:
    """One motion as a delegate needs it: who, where, what in one sentence, and the redline."""

    id: str
    title: str
    proposer: str
    sentence: str
    where: str | None = None
    page: int | None = None
    #: Every provision it cites, each once, with its page: "Chapter 4, ..., rule 2.B.i, page 16".
    places: tuple[str, ...] = ()
    package: str | None = None
    nec: bool = False
    own_summary: bool = False
    changes: tuple[ChangeBrief, ...] = ()
    applies: bool = True
    problems: tuple[str, ...] = ()
    missing: bool = False
    source: str = ""


@attrs.frozen
class Advice:
    """The whip's line on a card vote and the one-line reason; `line` None: no line given."""

    whip: str
    line: Line | None
    reason: str = ""

    @property
    def asks(self) -> Position | None:
        """The vote the line asks for (None for remit, free vote or no line)."""
        return self.line.position if self.line is not None else None


@attrs.frozen
class TallyBrief:
    """The projected result of a card vote (whips' view), already rounded for printing."""

    assumption: Assumption
    threshold: Threshold
    outcome: str
    clp_for: Decimal | None
    affiliates_for: Decimal | None
    total_for: Decimal | None
    weights: str
    clashes: int = 0

    @staticmethod
    def _against(value: Decimal | None) -> Decimal | None:
        return None if value is None else Decimal(100) - value

    @property
    def clp_against(self) -> Decimal | None:
        return self._against(self.clp_for)

    @property
    def affiliates_against(self) -> Decimal | None:
        return self._against(self.affiliates_for)

    @property
    def total_against(self) -> Decimal | None:
        return self._against(self.total_for)


@attrs.frozen
class CardVoteBrief:
    """One card vote, the same on every delegate's sheet."""

    number: int
    title: str
    motions: tuple[MotionBrief, ...]
    advice: Advice
    threshold: Threshold = Threshold.MAJORITY
    conflicts: tuple[ConflictNote, ...] = ()
    tally: TallyBrief | None = None
    #: One ballot paper per CLP, cast by whichever delegate collects it (not a card vote).
    one_per_clp: bool = False

    @property
    def label(self) -> str:
        """ "CV 7": the one way a card vote is named on a sheet."""
        return f"CV {self.number}"

    @property
    def anchor(self) -> str:
        """ "cv7": its detail's id on a sheet, and its page's stem on a site."""
        return f"cv{self.number}"

    @property
    def proposers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.proposer for m in self.motions if m.proposer))

    @property
    def places(self) -> tuple[str, ...]:
        """Where its motions act, each once: "Chapter 4, Clause II, rule 2.B.i, page 16"."""
        return tuple(dict.fromkeys(place for m in self.motions for place in m.places))


@attrs.frozen
class DelegateBrief:
    """Who a sheet is for: name, delegation, and voting weight with every colleague present."""

    id: str
    name: str
    delegation_id: str
    delegation: str
    section: Section
    faction: str | None
    attending: bool
    votes: Fraction
    delegation_votes: int
    colleagues_attending: int


@attrs.frozen
class SheetItem:
    """One card vote on one delegate's sheet, with what is theirs alone."""

    card_vote: CardVoteBrief
    weight: Fraction
    mandate: Position | None = None
    mandate_note: str = ""
    clash: str | None = None
    pledge: Pledge | None = None  # whips' view only

    @property
    def mandate_differs(self) -> bool:
        return self.clash is not None


@attrs.frozen
class Sheet:
    """One delegate's briefing: every card vote, in the order conference takes them."""

    delegate: DelegateBrief
    items: tuple[SheetItem, ...]
    whip: str
    whips_view: bool = False

    @property
    def clashes(self) -> tuple[SheetItem, ...]:
        return tuple(item for item in self.items if item.clash is not None)

    def item(self, number: int) -> SheetItem:
        """This sheet's entry for card vote `number`."""
        return next(item for item in self.items if item.card_vote.number == number)


@attrs.frozen
class Briefing:
    """Everything the renderers need: the card votes, the sheets, and where it came from."""

    whip: str
    card_votes: tuple[CardVoteBrief, ...]
    sheets: tuple[Sheet, ...]
    rulebook: str
    whips_view: bool = False
    #: Agenda motions no card vote decides (remitted, withdrawn, or not yet numbered).
    unnumbered: tuple[MotionBrief, ...] = ()
    #: Motion ids card votes name that the agenda does not hold (with partial=True).
    missing: tuple[str, ...] = ()
    generated: str = ""
    #: The sittings, in order, each naming its card votes (every card vote is in one) and its
    #: ballots; without a schedule, one unnamed session holding every card vote.
    sessions: tuple[Session, ...] = ()
    #: Each delegate's file-name stem, by delegate id: made from the whole book, so a sheet has
    #: the same name in a batch and alone.
    stems: dict[str, str] = attrs.field(factory=dict, eq=False)
