"""All carried: the whole agenda applied together, in the order conference takes it.

Each motion is drafted against the edition in force, so before it is applied its addresses are
re-targeted through the renumbering of the motions carried before it (`local.Numbering`); a
motion whose provision an earlier one deleted or replaced cannot be applied. Each motion is
applied to the subtrees it touches and spliced back into an `Overlay`, so carrying n motions
costs time in proportion to n and the size of what they touch, not n times the book.
"""

from __future__ import annotations

import attrs

from motions.book.address import Address
from motions.conflicts.agenda import Agenda
from motions.conflicts.effects import Outcome
from motions.conflicts.local import (
    Numbering,
    Overlay,
    apply_safely,
    extract,
    needs,
    resolved,
    retarget,
)
from motions.conflicts.model import Carried
from motions.drafting.apply import Amended
from motions.drafting.motion import (
    TEXT_OPERATIONS,
    DeleteProvisions,
    DeleteWords,
    InsertWords,
    Motion,
    ReplaceProvisions,
    ReplaceWords,
)
from motions.drafting.textedit import find
from motions.errors import Diagnostic, error


def _removed(motion: Motion, overlay: Overlay) -> tuple[Address, ...]:
    out = []
    for op in motion.operations:
        if isinstance(op, DeleteProvisions | ReplaceProvisions):
            for target in op.targets:
                found = resolved(target, overlay.get)
                if found is not None:
                    out.append(found)
    return tuple(out)


def _missing_words(motion: Motion, overlay: Overlay) -> Diagnostic | None:
    """The diagnostic `apply` would give for quoted words absent from the provision they are
    to be found in, for the first operation on each provision; None if there is none.

    A fast path: `apply` would fail the same way, but first spend milliseconds on "did you
    mean" hints that a report of all carried leaves out anyway.
    """
    seen: set[Address] = set()
    for op in motion.operations:
        if not isinstance(op, ReplaceWords | DeleteWords | InsertWords) or op.anchor is None:
            target = motion.target_of(op) if isinstance(op, TEXT_OPERATIONS) else None
            if target is not None:
                seen.add(target.address)
            continue
        target = motion.target_of(op)
        address = resolved(target, overlay.get)
        if address is None or address in seen:
            return None
        seen.add(address)
        anchor = op.anchor
        if anchor.sentence is not None or anchor.edge is not None:
            continue
        provision = overlay.get(address)
        if provision is not None and not find(provision.text, anchor.words.text):
            return error(
                "words-not-found",
                f"'{anchor.words.text}' does not occur in {address.long()}",
                span=anchor.words.span or op.span,
            )
    return None


def carry_all(agenda: Agenda, same_as: dict[int, int] | None = None) -> Carried:
    """Apply every motion in precedence order. `same_as` maps a motion to an earlier one with
    the same effect and card vote: it is carried with that one, not applied again."""
    book = agenda.book
    overlay = Overlay(book)
    numbering = Numbering()
    order = agenda.ordered(range(len(agenda.motions)))
    applied: list[int] = []
    failed: list[tuple[int, tuple[Diagnostic, ...]]] = []
    counts = {"amended": 0, "inserted": 0, "deleted": 0, "replaced": 0, "renumbered": 0}
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
        effect = agenda.effects[index]
        subtrees = needs(moved, overlay.get)
        outcome = effect.outcome
        reuse = (
            moved is agenda.motions[index]
            and effect.applies
            and outcome is not None
            and effect.subtrees is not None
            and subtrees == effect.subtrees
            and all(overlay.get(s) is book.get(s) for s in subtrees)
        )
        if not reuse:
            missing = _missing_words(moved, overlay)
            if missing is not None:
                failed.append((index, (missing,)))
                continue
        removed = _removed(moved, overlay)
        if reuse and outcome is not None and subtrees is not None:
            # Nothing carried so far touched what it touches: its own result stands.
            if _refused(outcome):
                failed.append((index, _bare(outcome.errors)))
                continue
            plain = _words_only(outcome.kinds, outcome.renumbering, removed)
            before = [] if plain else [p.address for s in subtrees for p in overlay.walk(s)]
            for provision in outcome.subtrees:
                overlay.splice(provision)
            if not plain:
                after = [p.address for s in subtrees for p in overlay.walk(s)]
                numbering.update(before, after, outcome.renumbering, removed, index)
            _count(outcome.kinds, outcome.renumbering, counts)
            applied.append(index)
            continue
        if subtrees is None:
            current = overlay.rulebook()
            amended = apply_safely(current, moved, references=False)
            if _refused(amended):
                failed.append((index, _bare(amended.errors)))
                continue
            before = [p.address for p in current.walk()]
            overlay.reset(amended.rulebook)
            after = [p.address for p in amended.rulebook.walk()]
            numbering.update(before, after, amended.renumbering, removed, index)
            _count(_kinds(amended), amended.renumbering, counts)
            applied.append(index)
            continue
        else:
            amended = apply_safely(extract(book, overlay.get, subtrees), moved, references=False)
            if _refused(amended):
                failed.append((index, _bare(amended.errors)))
                continue
        kinds = _kinds(amended)
        plain = _words_only(kinds, amended.renumbering, removed)
        before = [] if plain else [p.address for s in subtrees for p in overlay.walk(s)]
        for subtree in subtrees:
            spliced = amended.rulebook.get(subtree)
            assert spliced is not None, subtree
            overlay.splice(spliced)
        if not plain:
            after = [p.address for s in subtrees for p in overlay.walk(s)]
            numbering.update(before, after, amended.renumbering, removed, index)
        _count(kinds, amended.renumbering, counts)
        applied.append(index)
    edition = overlay.rulebook(f"{book.edition} as amended")
    return Carried(
        order=order,
        applied=tuple(applied),
        failed=tuple(failed),
        rulebook=edition,
        amended=counts["amended"],
        inserted=counts["inserted"],
        deleted=counts["deleted"],
        replaced=counts["replaced"],
        renumbered=counts["renumbered"],
    )


#: Errors that do not stop the operations from applying, but say the motion is not what the
#: drafters stated: conference votes on the stated result, so such a motion is never carried.
_CONTRADICTED = frozenset({"will-read-mismatch", "will-read-unchecked"})


def _refused(amended: Amended | Outcome) -> bool:
    """Not carried: it cannot be applied, or its stated result contradicts what it does."""
    return not amended.applied or any(d.code in _CONTRADICTED for d in amended.errors)


def _words_only(
    kinds: tuple[str, ...], renumbering: tuple[tuple[Address, Address], ...], removed: object
) -> bool:
    """A motion that only amends the text of provisions: every provision stays where it was,
    so the numbering of the original edition has nothing to record (`Numbering.update` would
    find the same addresses before and after, and leave everything as it was)."""
    return not removed and not renumbering and all(kind == "amended" for kind in kinds)


def _kinds(amended: Amended) -> tuple[str, ...]:
    return tuple(change.kind for change in amended.changes)


def _count(
    kinds: tuple[str, ...], renumbering: tuple[tuple[Address, Address], ...], counts: dict[str, int]
) -> None:
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    counts["renumbered"] += sum(1 for old, new in renumbering if old != new)


def _bare(diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """Reasons without hints: the hints of an application to a few subtrees are partial."""
    return tuple(attrs.evolve(d, hint=None) for d in diagnostics)
