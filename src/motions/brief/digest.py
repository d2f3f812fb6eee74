"""What a motion does, as a delegate reads it: where it acts, one sentence, short redlines.

`motion_brief` applies one agenda motion on its own to the rule book in force and keeps what a
sheet prints; `condense` cuts long unchanged text around each change so a redline fits a phone.
"""

from __future__ import annotations

from motions.book.address import Address
from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion
from motions.brief.model import ChangeBrief, MotionBrief
from motions.brief.summary import header_summary, sentence
from motions.drafting.apply import Amended, apply
from motions.drafting.motion import DeleteProvisions, InsertProvision, Motion, ReplaceProvisions
from motions.drafting.redline import Kind, Redline, Segment
from motions.errors import Severity


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


def missing_motion(ident: str) -> MotionBrief:
    return MotionBrief(
        id=ident,
        title=ident,
        proposer="",
        sentence="The text of this motion is not in the agenda given to the briefing.",
        applies=False,
        missing=True,
    )
