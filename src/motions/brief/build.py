"""`build_sheets`: the plain function that turns a whip book and an agenda into a `Briefing`.

It looks everything up once (lines, mandates, pledges, voting weights, each motion's digest)
and then makes one `Sheet` per delegate from those lookups; renderers only format the result.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion, card_vote_motions
from motions.brief.digest import missing_motion, motion_brief
from motions.brief.errors import BriefError
from motions.brief.findings import DRAFTING, INTERACTIONS, REASSURING, ConflictNote
from motions.brief.model import (
    Advice,
    Briefing,
    CardVoteBrief,
    DelegateBrief,
    Sheet,
    SheetItem,
    TallyBrief,
)
from motions.brief.names import file_stems
from motions.brief.schedule import sessions
from motions.errors import Diagnostic, error
from motions.whip.model import (
    Casting,
    Conference,
    Delegate,
    Delegation,
    Mandate,
    Pledge,
    Position,
    Section,
)
from motions.whip.projection import Projection, index_conference, project
from motions.whip.schedule import Schedule


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


def _conflicts(
    notes: Sequence[ConflictNote], ids: set[str], *, whips_view: bool
) -> tuple[ConflictNote, ...]:
    mine = [
        n
        for n in notes
        if ids.intersection(n.motions)
        and (whips_view or (n.code not in REASSURING and n.code not in DRAFTING))
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
    schedule: Schedule | None = None,
) -> Briefing:
    """Briefing sheets for `delegates` (ids or names; None: every delegate attending).

    Every card vote in the book is on every sheet, in number order. A card vote naming a motion
    the agenda does not hold is an error, unless `partial`, when the sheet says so in place.
    With a `schedule` (the whip book's, `WhipBook.schedule()`), the sheets group the card votes
    by day and session and carry its ballots with `whip`'s slates (see schedule.py).
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
                    f"card vote CV {cv.number} ({cv.title}) names no motion, and no motion in the "
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
    # Every voter's projection for the tallies and for a whole conference's weights; for a few
    # sheets (--delegate) only their delegations', which is all a weight depends on.
    projections = (
        {cv.number: project(index, cv.number) for cv in card_votes}
        if whips_view or delegates is None
        else {}
    )
    weighed = projections or {
        cv.number: project(index_conference(_around(conference, chosen)), cv.number)
        for cv in card_votes
    }
    cv_briefs = tuple(
        CardVoteBrief(
            number=cv.number,
            title=cv.title,
            threshold=cv.threshold,
            motions=tuple(
                briefs[i] if i in briefs else missing_motion(i) for i in decides[cv.number]
            ),
            advice=lines.get(cv.number, Advice(whip, None)),
            conflicts=_conflicts(findings, set(decides[cv.number]), whips_view=whips_view),
            tally=_tally(projections[cv.number]) if whips_view else None,
            one_per_clp=cv.casting is Casting.ONE_PER_CLP,
        )
        for cv in card_votes
    )
    context = _Context(
        whip=whip,
        whips_view=whips_view,
        weights={
            n: {v.id: Fraction(v.units, p.scale) for v in p.voters} for n, p in weighed.items()
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
        sessions=sessions(schedule, tuple(cv.number for cv in card_votes), whip),
        stems=file_stems((d.id, d.name) for d in conference.delegates),
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
    return next((f"CV {n}" for n, ids in decides.items() if ident in ids), "?")


def _around(conference: Conference, chosen: Sequence[Delegate]) -> Conference:
    """The part of `conference` that the weights of `chosen` depend on: their delegations, every
    member of those, and their pledges and mandates (a weight is a delegation's votes shared
    among its members attending and not pledged absent: `project` computes it exactly)."""
    ids = {d.delegation_id for d in chosen}
    members = tuple(d for d in conference.delegates if d.delegation_id in ids)
    voters = ids | {d.id for d in members}
    return attrs.evolve(
        conference,
        delegations=tuple(d for d in conference.delegations if d.id in ids),
        delegates=members,
        mandates=tuple(m for m in conference.mandates if m.delegation_id in ids),
        pledges=tuple(p for p in conference.pledges if p.voter in voters),
    )


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
