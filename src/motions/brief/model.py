"""Briefing sheets as frozen values, and `build_sheets`, the plain function that makes them.

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

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from motions.book.address import Address
from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion, card_vote_motions
from motions.brief.errors import BriefError
from motions.brief.findings import INTERACTIONS, REASSURING, ConflictNote
from motions.brief.summary import header_summary, sentence
from motions.drafting.apply import Amended, apply
from motions.drafting.motion import DeleteProvisions, InsertProvision, Motion, ReplaceProvisions
from motions.drafting.redline import Kind, Redline, Segment
from motions.errors import Diagnostic, Severity, error
from motions.whip.model import (
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
from motions.whip.projection import Assumption, Projection, index_conference, project


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

    @property
    def label(self) -> str:
        return f"CV{self.number}"

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


# -- building ------------------------------------------------------------------------------


def _did_you_mean(text: str, candidates: Iterable[str]) -> str | None:
    by_lower = {c.lower(): c for c in candidates}
    close = difflib.get_close_matches(text.strip().lower(), list(by_lower), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(repr(by_lower[c]) for c in close)}?" if close else None


def factions(conference: Conference) -> tuple[str, ...]:
    """Every faction the book knows a line of (and its own faction), sorted."""
    names = {r.faction for r in conference.recommendations}
    if conference.home_faction:
        names.add(conference.home_faction)
    return tuple(sorted(names))


def resolve_whip(conference: Conference, whip: str) -> str:
    """The faction named `whip` (case-insensitive), as the book spells it."""
    known = factions(conference)
    for name in known:
        if name.lower() == whip.strip().lower():
            return name
    hint = _did_you_mean(whip, known)
    if hint is None:
        hint = (
            f"the book has lines from: {', '.join(known)}"
            if known
            else "import a faction's lines first: motions whip import --recommendations FILE"
        )
    raise BriefError(
        error("brief.unknown-whip", f"the whip book has no lines from {whip.strip()!r}", hint=hint)
    )


def find_delegate(conference: Conference, text: str) -> Delegate:
    """A delegate by id or name, case-insensitively; a shared name asks for the id."""
    key = text.strip().lower()
    by_id = [d for d in conference.delegates if d.id.lower() == key]
    found = by_id or [d for d in conference.delegates if d.name.lower() == key]
    if len(found) == 1:
        return found[0]
    if found:
        names = {g.id: g for g in conference.delegations}
        listed = "; ".join(
            f"{d.id} ({names[d.delegation_id].name})" if d.delegation_id in names else d.id
            for d in found[:6]
        )
        raise BriefError(
            error(
                "brief.ambiguous-delegate",
                f"{text.strip()!r} could be any of: {listed}",
                hint="use the delegate's id instead of the name",
            )
        )
    raise BriefError(
        error(
            "brief.unknown-delegate",
            f"no delegate called {text.strip()!r} in the whip book",
            hint=_did_you_mean(text, [d.name for d in conference.delegates])
            or "check the spelling, or use the delegate's id (motions whip show)",
        )
    )


def motion_brief(rulebook: Rulebook, item: AgendaMotion) -> MotionBrief:
    """A motion applied on its own to the rule book in force, as a delegate reads it."""
    motion = item.motion
    amended = apply(rulebook, motion)
    located: list[tuple[Address, int | None]] = []
    for address, hint in _cited(motion):
        if address not in (a for a, _ in located):
            provision = rulebook.get(address) or (
                rulebook.get(address.parent) if address.parent else None
            )
            located.append((address, (provision.page if provision else None) or hint))
    if not located:
        for change in amended.changes:
            provision = rulebook.get(change.original or change.address)
            located.append((change.address, provision.page if provision else None))
    places = tuple(dict.fromkeys(f"{a.long()}, page {p}" if p else a.long() for a, p in located))
    where, page = (located[0][0].long(), located[0][1]) if located else (None, None)
    header = motion.header
    return MotionBrief(
        id=item.id,
        title=header.title or item.id,
        proposer=header.proposer or "",
        sentence=sentence(motion),
        where=where,
        page=page,
        places=places,
        package=header.package,
        nec=header.is_nec,
        own_summary=header_summary(motion) is not None,
        changes=_changes(amended),
        applies=amended.applied,
        problems=tuple(d.message for d in amended.diagnostics if d.severity is not Severity.NOTE),
        source=motion.source,
    )


#: Unchanged text kept on either side of a change in a sheet's short redline.
CONTEXT = 90


def _head(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return (cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut) + " …"


def _tail(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    return "… " + (cut.split(" ", 1)[1] if " " in cut.strip() else cut)


def condense(redline: Redline, context: int = CONTEXT) -> tuple[Segment, ...]:
    """The redline with each long unchanged stretch cut to `context` characters at the ends
    that touch a change (marked "…"); every change is kept whole."""
    segments = redline.segments
    out: list[Segment] = []
    for i, segment in enumerate(segments):
        if segment.kind is not Kind.SAME:
            out.append(segment)
            continue
        text = segment.text
        first, last = i == 0, i == len(segments) - 1
        if first and last:
            out.append(segment)
        elif first:
            out.append(Segment(Kind.SAME, _tail(text, context)))
        elif last:
            out.append(Segment(Kind.SAME, _head(text, context)))
        elif len(text) > 2 * context + 20:
            head, tail = _head(text, context), _tail(text, context)
            out.append(Segment(Kind.SAME, head.removesuffix(" …") + " … " + tail[2:]))
        else:
            out.append(segment)
    return tuple(out)


def _cited(motion: Motion) -> list[tuple[Address, int | None]]:
    """Every provision a motion names, in order, with the page it gives (a new provision is
    named where it will be)."""
    out: list[tuple[Address, int | None]] = []
    if motion.location is not None:
        out.append((motion.location.address, motion.location.page))
    for op in motion.operations:
        if isinstance(op, InsertProvision):
            out.append((op.parent.address.child(op.label), op.parent.page))
        elif isinstance(op, ReplaceProvisions | DeleteProvisions):
            out.extend((t.address, t.page) for t in op.targets)
        else:
            target = motion.target_of(op)
            if target is not None:
                out.append((target.address, target.page))
    return out


def _changes(amended: Amended) -> tuple[ChangeBrief, ...]:
    if not amended.applied:
        return ()
    return tuple(
        ChangeBrief(
            address=change.address.long(),
            kind=change.kind,
            redline=change.redline,
            short=condense(change.redline),
            was=(
                change.original.long()
                if change.original is not None and change.original != change.address
                else None
            ),
        )
        for change in amended.changes
    )


def _missing(ident: str) -> MotionBrief:
    return MotionBrief(
        id=ident,
        title=ident,
        proposer="",
        sentence="The text of this motion is not in the agenda given to the briefing.",
        applies=False,
        missing=True,
    )


def _conflicts(
    notes: Sequence[ConflictNote], ids: set[str], *, whips_view: bool
) -> tuple[ConflictNote, ...]:
    mine = [
        n for n in notes if ids.intersection(n.motions) and (whips_view or n.code not in REASSURING)
    ]
    mine.sort(key=lambda n: 0 if n.code in INTERACTIONS else 1)
    return tuple(mine)


def _tally(projection: Projection) -> TallyBrief:
    result = projection.result
    return TallyBrief(
        assumption=projection.assumption,
        threshold=result.threshold,
        outcome=result.outcome.value,
        clp_for=result.section(Section.CLP).for_percent,
        affiliates_for=result.section(Section.AFFILIATE).for_percent,
        total_for=result.total_for_percent,
        weights=result.weights.describe(),
        clashes=len(projection.clashes),
    )


def _clash(advice: Advice, mandate: Position, delegation: str) -> str | None:
    asks = advice.asks
    if asks is None or asks is mandate:
        return None
    assert advice.line is not None
    return (
        f"{delegation} mandates you to {_do(mandate)}; {advice.whip}'s line is to "
        f"{_do(asks)} ({advice.line.value})."
    )


def _do(position: Position) -> str:
    return {Position.FOR: "vote for", Position.AGAINST: "vote against"}.get(
        position, position.value
    )


def build_sheets(
    conference: Conference,
    agenda: Sequence[AgendaMotion],
    rulebook: Rulebook,
    findings: Sequence[ConflictNote] = (),
    *,
    whip: str,
    delegates: Sequence[str] | None = None,
    whips_view: bool = False,
    partial: bool = False,
    generated: str = "",
) -> Briefing:
    """Briefing sheets for `delegates` (ids or names; None: every delegate attending).

    Every card vote in the book is on every sheet, in number order. A card vote naming a motion
    the agenda does not hold is an error, unless `partial`, when the sheet says so in place.
    """
    whip = resolve_whip(conference, whip)
    if not conference.card_votes:
        raise BriefError(
            error(
                "brief.no-card-votes",
                "the whip book has no card votes",
                hint="import them first: motions whip import --card-votes FILE",
            )
        )
    card_votes = tuple(sorted(conference.card_votes, key=lambda c: c.number))
    by_id = {item.id: item for item in agenda}
    decides = card_vote_motions(card_votes, agenda)
    wanted = [ident for cv in card_votes for ident in decides[cv.number]]
    missing = tuple(dict.fromkeys(i for i in wanted if i not in by_id))
    empty = [cv for cv in card_votes if not decides[cv.number]]
    if (missing or empty) and not partial:
        raise BriefError(
            [
                error(
                    "brief.motion-not-in-agenda",
                    f"card vote {_card_vote_of(decides, ident)} names motion {ident!r}, "
                    "which is not in the agenda",
                    hint=_did_you_mean(ident, by_id)
                    or "add its .motion file to --agenda (or pass --partial to brief without it)",
                )
                for ident in missing
            ]
            + [
                error(
                    "brief.card-vote-without-motions",
                    f"card vote {cv.label} ({cv.title}) names no motion, and no motion in the "
                    f"agenda says 'Card vote: {cv.number}'",
                    hint="list its motions in the whip book's card votes, or pass --partial",
                )
                for cv in empty
            ]
        )
    chosen = _chosen(conference, delegates)
    briefs = {i: motion_brief(rulebook, by_id[i]) for i in dict.fromkeys(wanted) if i in by_id}
    index = index_conference(conference)
    lines = {
        r.card_vote: Advice(whip, r.line, r.reason)
        for r in conference.recommendations
        if r.faction == whip
    }
    projections = {cv.number: project(index, cv.number) for cv in card_votes}
    cv_briefs = tuple(
        CardVoteBrief(
            number=cv.number,
            title=cv.title,
            threshold=cv.threshold,
            motions=tuple(briefs[i] if i in briefs else _missing(i) for i in decides[cv.number]),
            advice=lines.get(cv.number, Advice(whip, None)),
            conflicts=_conflicts(findings, set(decides[cv.number]), whips_view=whips_view),
            tally=_tally(projections[cv.number]) if whips_view else None,
        )
        for cv in card_votes
    )
    context = _Context(
        whip=whip,
        whips_view=whips_view,
        weights={
            n: {v.id: Fraction(v.units, p.scale) for v in p.voters} for n, p in projections.items()
        },
        attending=Counter(d.delegation_id for d in conference.delegates if d.attending),
        mandates=index.mandates,
        pledges=index.pledges,
    )
    sheets = tuple(
        _sheet(delegate, index.delegations[delegate.delegation_id], cv_briefs, context)
        for delegate in chosen
    )
    numbered = set(wanted)
    unnumbered = tuple(motion_brief(rulebook, item) for item in agenda if item.id not in numbered)
    return Briefing(
        whip=whip,
        card_votes=cv_briefs,
        sheets=sheets,
        rulebook=f"{rulebook.title} ({rulebook.edition})",
        whips_view=whips_view,
        unnumbered=unnumbered,
        missing=missing,
        generated=generated,
    )


@attrs.frozen
class _Context:
    """What every sheet is built from, looked up once."""

    whip: str
    whips_view: bool
    weights: Mapping[int, Mapping[str, Fraction]]
    attending: Mapping[str, int]
    mandates: Mapping[int, Mapping[str, Mandate]]
    pledges: Mapping[int, Mapping[str, Pledge]]


def _card_vote_of(decides: Mapping[int, tuple[str, ...]], ident: str) -> str:
    return next((f"CV{n}" for n, ids in decides.items() if ident in ids), "?")


def _chosen(conference: Conference, delegates: Sequence[str] | None) -> tuple[Delegate, ...]:
    if delegates is None:
        everyone = [d for d in conference.delegates if d.attending]
        return tuple(sorted(everyone, key=lambda d: (d.name.lower(), d.id)))
    found: dict[str, Delegate] = {}
    problems: list[Diagnostic] = []
    for text in delegates:
        try:
            delegate = find_delegate(conference, text)
        except BriefError as exc:
            problems.extend(exc.diagnostics)
            continue
        found.setdefault(delegate.id, delegate)
    if problems:
        raise BriefError(problems)
    return tuple(found.values())


def _sheet(
    delegate: Delegate,
    delegation: Delegation,
    card_votes: tuple[CardVoteBrief, ...],
    context: _Context,
) -> Sheet:
    affiliate = delegation.section is Section.AFFILIATE
    voter_id = delegation.id if affiliate else delegate.id
    colleagues = 0 if affiliate else context.attending.get(delegation.id, 0)
    if affiliate:
        votes = Fraction(delegation.votes)
    elif delegate.attending and colleagues:
        votes = Fraction(delegation.votes, colleagues)
    else:
        votes = Fraction(0)
    items = []
    for cv in card_votes:
        mandate = None if affiliate else context.mandates.get(cv.number, {}).get(delegation.id)
        position = mandate.position if mandate is not None else None
        items.append(
            SheetItem(
                card_vote=cv,
                weight=context.weights[cv.number].get(voter_id, Fraction(0)),
                mandate=position,
                mandate_note=mandate.note if mandate is not None else "",
                clash=_clash(cv.advice, position, delegation.name) if position else None,
                pledge=(
                    context.pledges.get(cv.number, {}).get(voter_id) if context.whips_view else None
                ),
            )
        )
    return Sheet(
        delegate=DelegateBrief(
            id=delegate.id,
            name=delegate.name,
            delegation_id=delegation.id,
            delegation=delegation.name,
            section=delegation.section,
            faction=delegate.faction,
            attending=delegate.attending,
            votes=votes,
            delegation_votes=delegation.votes,
            colleagues_attending=colleagues,
        ),
        items=tuple(items),
        whip=context.whip,
        whips_view=context.whips_view,
    )
