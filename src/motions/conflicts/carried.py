"""All carried: the whole agenda applied together, in the order conference takes it.

Each motion is drafted against the edition in force, so before it is applied its addresses are
re-targeted through the renumbering of the motions carried before it (`local.Numbering`); a
motion whose provision an earlier one deleted or replaced cannot be applied. Each motion is
applied to the subtrees it touches and spliced back into an `Overlay`, so carrying n motions
costs time in proportion to n and the size of what they touch, not n times the book.
"""

from __future__ import annotations

import attrs

from motions.address import Address
from motions.apply import apply
from motions.conflicts.agenda import Agenda
from motions.conflicts.local import Numbering, Overlay, extract, needs, resolved, retarget
from motions.conflicts.model import Carried
from motions.errors import Diagnostic, error
from motions.motion import DeleteProvisions, Motion, ReplaceProvisions


def _removed(motion: Motion, overlay: Overlay) -> tuple[Address, ...]:
    out = []
    for op in motion.operations:
        if isinstance(op, DeleteProvisions | ReplaceProvisions):
            for target in op.targets:
                found = resolved(target, overlay.get)
                if found is not None:
                    out.append(found)
    return tuple(out)


def carry_all(agenda: Agenda, same_as: dict[int, int] | None = None) -> Carried:
    """Apply every motion in precedence order. `same_as` maps a motion to an earlier one with
    the same effect and card vote: it is carried with that one, not applied again."""
    book = agenda.book
    overlay = Overlay(book)
    numbering = Numbering()
    order = agenda.ordered(range(len(agenda.motions)))
    applied: list[int] = []
    failed: list[tuple[int, tuple[Diagnostic, ...]]] = []
    counts = {"amended": 0, "inserted": 0, "deleted": 0, "replaced": 0}
    renumbered = 0
    for index in order:
        if same_as and index in same_as:
            if same_as[index] in applied:
                applied.append(index)
            else:
                reason = "its card vote also carries an identical motion that cannot be applied"
                failed.append((index, (error("carried-same-card-vote", reason),)))
            continue
        moved = retarget(agenda.motions[index], book.get, numbering)
        if isinstance(moved, Address):
            by = numbering.removed_by.get(moved)
            who = agenda.labels[by] if by is not None else "a motion carried before it"
            failed.append(
                (
                    index,
                    (error("carried-gone", f"{moved.compact()} is deleted or replaced by {who}"),),
                )
            )
            continue
        removed = _removed(moved, overlay)
        subtrees = needs(moved, overlay.get)
        if subtrees is None:
            current = overlay.rulebook()
            amended = apply(current, moved)
            if not amended.applied:
                failed.append((index, _bare(amended.errors)))
                continue
            before = [p.address for p in current.walk()]
            overlay.reset(amended.rulebook)
            after = [p.address for p in amended.rulebook.walk()]
        else:
            amended = apply(extract(book, overlay.get, subtrees), moved)
            if not amended.applied:
                failed.append((index, _bare(amended.errors)))
                continue
            before = [p.address for s in subtrees for p in overlay.walk(s)]
            for subtree in subtrees:
                spliced = amended.rulebook.get(subtree)
                assert spliced is not None, subtree
                overlay.splice(spliced)
            after = [p.address for s in subtrees for p in overlay.walk(s)]
        numbering.update(before, after, amended.renumbering, removed, index)
        applied.append(index)
        for change in amended.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        renumbered += sum(1 for old, new in amended.renumbering if old != new)
    edition = attrs.evolve(overlay.rulebook(), edition=f"{book.edition} as amended")
    return Carried(
        order=order,
        applied=tuple(applied),
        failed=tuple(failed),
        rulebook=edition,
        amended=counts["amended"],
        inserted=counts["inserted"],
        deleted=counts["deleted"],
        replaced=counts["replaced"],
        renumbered=renumbered,
    )


def _bare(diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """Reasons without hints: the hints of an application to a few subtrees are partial."""
    return tuple(attrs.evolve(d, hint=None) for d in diagnostics)
