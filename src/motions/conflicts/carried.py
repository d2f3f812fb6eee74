"""All carried: the whole agenda applied together, in the order conference takes it.

Each motion is drafted against the edition in force, so before it is applied its addresses are
re-targeted through the renumbering of the motions carried before it (`local.Numbering`); a
motion whose provision an earlier one deleted or replaced cannot be applied. Each motion is
applied to the subtrees it touches and spliced back into an `Overlay`, so carrying n motions
costs time in proportion to n and the size of what they touch, not n times the book.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from motions.book.address import Address
from motions.book.rulebook import Rulebook
from motions.conflicts.agenda import Agenda
from motions.conflicts.alone import apply_alone
from motions.conflicts.effects import Effect, Outcome
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
from motions.conflicts.rebase import rebased, write_in
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
                found = resolved(target, overlay.own)
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
        address = resolved(target, overlay.own)
        if address is None or address in seen:
            return None
        seen.add(address)
        anchor = op.anchor
        if anchor.sentence is not None or anchor.edge is not None:
            continue
        provision = overlay.own(address)
        if provision is not None and not find(provision.text, anchor.words.text):
            return error(
                "words-not-found",
                f"'{anchor.words.text}' does not occur in {address.long()}",
                span=anchor.words.span or op.span,
            )
    return None


def carry_all(agenda: Agenda, same_as: dict[int, int] | None = None) -> Carried:
    """Apply every motion in precedence order. `same_as` maps a motion to an earlier one with
    the same effect and card vote: it is carried with that one, not applied again (None: find
    them, as `Carrying` does)."""
    order = agenda.ordered(range(len(agenda.motions)))
    carrying = Carrying(agenda.book, agenda.motions, agenda.labels, order, same_as)
    for index in order:
        carrying.take(index, agenda.effects[index])
    return carrying.result()


class Carrying:
    """All carried, built one motion at a time in precedence order (`take`), so that a check
    can carry each motion as soon as its effect is known (`parallel.effects_in_workers`
    computes them in this order), while the effects of the ones after it are still being
    worked out.

    Motions with the same effect and card vote as one taken before them are one decision:
    carried with it, not applied again (`same_as`, or found as they come when None).
    """

    def __init__(
        self,
        book: Rulebook,
        motions: Sequence[Motion],
        labels: Sequence[str],
        order: tuple[int, ...],
        same_as: dict[int, int] | None = None,
    ) -> None:
        self.book = book
        self.motions = motions
        self.labels = labels
        self.order = order
        self.same_as = same_as
        #: (card vote, signature) → the first motion in order with them (when finding them).
        self.first: dict[tuple[object, ...], int] = {}
        self.overlay = Overlay(book)
        self.numbering = Numbering()
        self.applied: list[int] = []
        self.carried: set[int] = set()
        self.failed: list[tuple[int, tuple[Diagnostic, ...]]] = []
        self.counts = {"amended": 0, "inserted": 0, "deleted": 0, "replaced": 0, "renumbered": 0}

    def _same(self, index: int, effect: Effect) -> int | None:
        """The earlier motion this one is the same decision as, if any."""
        if self.same_as is not None:
            return self.same_as.get(index)
        card_vote = self.motions[index].header.card_vote
        if not (effect.applies and effect.signature and card_vote):
            return None
        key = (card_vote, effect.signature)
        first = self.first.setdefault(key, index)
        return first if first != index else None

    def _carried(self, index: int) -> None:
        self.applied.append(index)
        self.carried.add(index)

    def take(self, index: int, effect: Effect) -> None:
        """Carry the motion at `index` (the next in precedence order), or record why not."""
        book, overlay, numbering = self.book, self.overlay, self.numbering
        failed, counts = self.failed, self.counts
        same = self._same(index, effect)
        if same is not None:
            if same in self.carried:
                self._carried(index)
            else:
                reason = "its card vote also carries an identical motion that cannot be applied"
                failed.append((index, (error("carried-same-card-vote", reason),)))
            return
        motion = self.motions[index]
        moved = retarget(motion, book.get, numbering)
        if isinstance(moved, Address):
            by = numbering.removed_by.get(moved)
            who = self.labels[by] if by is not None else "a motion carried before it"
            failed.append(
                (
                    index,
                    (error("carried-gone", f"{moved.compact()} is deleted or replaced by {who}"),),
                )
            )
            return
        subtrees = needs(moved, overlay.own)
        outcome = effect.outcome
        reuse = (
            moved is motion
            and effect.applies
            and outcome is not None
            and effect.subtrees is not None
            and subtrees == effect.subtrees
            and all(not overlay.is_stale(s) and overlay.own(s) is book.get(s) for s in subtrees)
        )
        if not reuse:
            words = rebased(book, overlay, motion, moved, effect)
            if words is not None and outcome is not None:
                # It only amends words, and they are as it found them: its new texts stand.
                write_in(overlay, words)
                _count(outcome.kinds, outcome.renumbering, counts)
                self._carried(index)
                return
            missing = _missing_words(moved, overlay)
            if missing is not None:
                failed.append((index, (missing,)))
                return
        removed = _removed(moved, overlay)
        if reuse and outcome is not None and subtrees is not None:
            # Nothing carried so far touched what it touches: its own result stands.
            if _refused(outcome):
                failed.append((index, _bare(outcome.errors)))
                return
            plain = _words_only(outcome.kinds, outcome.renumbering, removed)
            before = [] if plain else [p.address for s in subtrees for p in overlay.walk(s)]
            for provision in outcome.subtrees:
                overlay.splice(provision)
            if not plain:
                after = [p.address for s in subtrees for p in overlay.walk(s)]
                numbering.update(before, after, outcome.renumbering, removed, index)
            _count(outcome.kinds, outcome.renumbering, counts)
            self._carried(index)
            return
        if subtrees is None:
            current = overlay.rulebook()
            amended = apply_safely(current, moved, references=False)
            if _refused(amended):
                failed.append((index, _bare(amended.errors)))
                return
            before = [p.address for p in current.walk()]
            overlay.reset(amended.rulebook)
            after = [p.address for p in amended.rulebook.walk()]
            numbering.update(before, after, amended.renumbering, removed, index)
            _count(_kinds(amended), amended.renumbering, counts)
            self._carried(index)
            return
        amended = _applied_again(book, overlay, moved, subtrees)
        if _refused(amended):
            failed.append((index, _bare(amended.errors)))
            return
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
        self._carried(index)

    def result(self) -> Carried:
        """The agenda carried (every motion of `order` taken). Once only: the overlay's index
        goes first, so that it and the amended edition's (one entry per provision, in
        document order) are not both held at once."""
        edition = self.overlay.rulebook(f"{self.book.edition} as amended", last=True)
        counts = self.counts
        return Carried(
            order=self.order,
            applied=tuple(self.applied),
            failed=tuple(self.failed),
            rulebook=edition,
            amended=counts["amended"],
            inserted=counts["inserted"],
            deleted=counts["deleted"],
            replaced=counts["replaced"],
            renumbered=counts["renumbered"],
        )


def _applied_again(
    book: Rulebook, overlay: Overlay, motion: Motion, subtrees: frozenset[Address]
) -> Amended:
    """`motion` applied to `subtrees` as they are now: to the one subtree alone where it
    touches one and `alone` can stand for the extract (most), else to the extract."""
    if len(subtrees) == 1:
        [only] = subtrees
        amended = apply_alone(book, motion, only, overlay.own, overlay.get)
        if amended is not None:
            return amended
    extracted = extract(book, overlay.own, subtrees, whole=overlay.get)
    return apply_safely(extracted, motion, references=False)


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
