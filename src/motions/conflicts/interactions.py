"""Findings between motions that touch the same provisions: collision, falls, compatible, duplicate.

Nothing here compares all pairs of motions. Writes are indexed by provision: text spans are swept
per provision (`sweep.overlapping`); whole-provision deletions and replacements are found by
walking each touched address's few ancestors; new labels by the place they are inserted. Only
motions that share a provision are ever compared, and a pair that edits separate words of one
provision is verified by applying both in both orders on the few subtrees they touch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

import attrs

from motions.book.address import Address
from motions.book.rulebook import Rulebook
from motions.conflicts import parallel
from motions.conflicts.agenda import Agenda, join, quote
from motions.conflicts.ancestry import AddressTable
from motions.conflicts.effects import Effect
from motions.conflicts.local import apply_safely, extract, outermost
from motions.conflicts.model import Code, Falls, Finding, MotionRedline, Reason
from motions.conflicts.sweep import overlapping
from motions.drafting.apply import Amended
from motions.drafting.motion import Motion
from motions.errors import Diagnostic
from motions.source import constructed

Pair = tuple[int, int]


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


@attrs.define
class _Overlap:
    """Where a pair of motions touch the same words (or the same whole provision, or slot)."""

    provision: Address
    words: str | None  # the words both touch; None for a whole provision or a new label
    what: str  # how to say it: "rewrite the words '20 per cent' in C4.II.2.B.i"
    slot: bool = False  # both insert a new provision at the same place


#: Pairs to verify from which the work goes to worker processes (on an agenda large enough for
#: the effects to have gone there), and pairs per task.
VERIFY_IN_WORKERS_FROM = 400
VERIFY_BATCH = 100


class Interactions:
    def __init__(self, agenda: Agenda, *, workers: int = 1) -> None:
        self.agenda = agenda
        #: Processes to verify pairs in (see `verify`).
        self.workers = workers
        self.findings: list[Finding] = []
        #: Pairs already explained by a finding (no further interaction finding for them).
        self.settled: set[Pair] = set()

    def run(self, meanwhile: Callable[[], None] | None = None) -> list[Finding]:
        """Every interaction finding. `meanwhile`, if given, is called once: while worker
        processes verify pairs, if they do (`parallel.forked_map`), else at the end."""
        self.duplicates()
        shared = self.collisions()
        self.containment()
        if not self.verify(shared, meanwhile) and meanwhile is not None:
            meanwhile()
        return self.findings

    # -- duplicates -----------------------------------------------------------------------

    def duplicates(self) -> None:
        a = self.agenda
        groups: dict[object, list[int]] = defaultdict(list)
        for index, effect in enumerate(a.effects):
            if effect.applies and effect.signature:
                groups[effect.signature].append(index)
        for group in groups.values():
            if len(group) < 2:
                continue
            for x in group:
                for y in group:
                    if x < y:
                        self.settled.add((x, y))
            cards = {a.motions[i].header.card_vote for i in group}
            if len(cards) == 1 and None not in cards:
                continue  # already one card vote: conference decides them together
            ordered = a.ordered(group)
            provisions = a.effects[ordered[0]].written
            where = join([p.compact() for p in provisions])
            self.findings.append(
                Finding(
                    Code.DUPLICATE,
                    ordered,
                    provisions,
                    f"{a.names(ordered)} make the same change to {where}, worded differently: "
                    "they should share one card vote",
                    "Ask the Conference Arrangements Committee to give them one card vote (or "
                    "composite them); as separate votes, whichever is carried second cannot be "
                    "applied.",
                    redlines=tuple(
                        MotionRedline(i, p, r) for i in ordered for p, r in a.effects[i].redlines
                    ),
                )
            )

    # -- collisions -----------------------------------------------------------------------

    def collisions(self) -> dict[Pair, list[Address]]:
        """Overlapping words, the same provision deleted or replaced twice, the same new label.

        Returns, for each pair of motions that edit text in the same provision, the provisions
        they share (for `verify`).
        """
        a = self.agenda
        by_provision: dict[Address, list[tuple[int, int, int]]] = defaultdict(list)
        for index, effect in enumerate(a.effects):
            for address, ranges in effect.spans:
                by_provision[address].extend((s, e, index) for s, e in ranges)
        overlaps: dict[Pair, list[_Overlap]] = defaultdict(list)
        shared: dict[Pair, list[Address]] = defaultdict(list)
        for address, spans in by_provision.items():
            owners = sorted({o for _, _, o in spans})
            if len(owners) < 2:
                continue
            for i, x in enumerate(owners):
                for y in owners[i + 1 :]:
                    shared[(x, y)].append(address)
            seen: set[Pair] = set()
            for x, y, (start, end) in overlapping(spans):
                pair = _pair(x, y)
                if pair in seen:
                    continue
                seen.add(pair)
                overlaps[pair].append(self.words(address, start, end))
        removed: dict[Address, list[int]] = defaultdict(list)
        for index, effect in enumerate(a.effects):
            for address in effect.removed:
                removed[address].append(index)
        for address, removers in removed.items():
            owners = list(dict.fromkeys(removers))
            for i, x in enumerate(owners):
                for y in owners[i + 1 :]:
                    verbs = sorted({self.removes(x, address), self.removes(y, address)})
                    what = " or ".join(verbs)
                    overlaps[_pair(x, y)].append(
                        _Overlap(address, None, f"{what} {address.compact()}")
                    )
        slots: dict[tuple[Address, int], list[tuple[int, str]]] = defaultdict(list)
        for index, effect in enumerate(a.effects):
            for slot in effect.slots:
                slots[(slot.parent, slot.index)].append((index, slot.label))
        for (parent, _), inserts in slots.items():
            level = parent.scheme.sequence(parent.root)[parent.depth].name
            for i, (x, x_label) in enumerate(inserts):
                for y, y_label in inserts[i + 1 :]:
                    if x == y:
                        continue  # one motion inserting twice at one place: its own affair
                    labels = join(sorted({x_label, y_label}))
                    what = (
                        f"insert a new {level} at the same place in {parent.compact()} "
                        f"({level} {labels})"
                    )
                    overlaps[_pair(x, y)].append(_Overlap(parent, None, what, slot=True))
        for pair, found in sorted(overlaps.items()):
            if pair not in self.settled:
                self.collision(pair, found)
        return shared

    def removes(self, index: int, address: Address) -> str:
        return "delete" if address in self.agenda.effects[index].deleted else "replace"

    def words(self, address: Address, start: int, end: int) -> _Overlap:
        text = self.agenda.text(address)
        if start < end:
            words = text[start:end]
            return _Overlap(
                address, words, f"rewrite the words {quote(words)} in {address.compact()}"
            )
        if start == 0:
            where = "at the start of"
        elif start >= len(text.rstrip()):
            where = "at the end of"
        else:
            where = f"at the same place ({quote(text[max(0, start - 30) : start])} …) in"
        return _Overlap(address, None, f"add words {where} {address.compact()}")

    def collision(self, pair: Pair, found: list[_Overlap]) -> None:
        a = self.agenda
        self.settled.add(pair)
        if all(o.slot for o in found):
            self.ordered_inserts(pair, found)
            return
        falls = a.by_precedence(*pair)
        first, second = falls.if_carried, falls.motion
        what = join([o.what for o in found])
        provisions = tuple(dict.fromkeys(o.provision for o in found))
        one, two = a.shorts[first], a.shorts[second]
        if falls.reason is Reason.NEC_FIRST:
            remedy = (
                f"{two} is heard only if the NEC amendment is lost; to keep its change either "
                f"way, seek a composite with the NEC or redraft it against the text {one} would "
                "leave."
            )
        else:
            remedy = (
                f"Ask the Conference Arrangements Committee to composite them, or redraft {two} "
                f"against the text {one} would leave; as it stands, a vote for {one} decides {two}."
            )
        self.findings.append(
            Finding(
                Code.COLLISION,
                (first, second),
                provisions,
                f"{a.labels[first]} and {a.labels[second]} both {what}: they cannot both pass; "
                f"{two} falls if {one} passes ({a.because(falls)})",
                remedy,
                falls=falls,
                words=next((o.words for o in found if o.words), None),
                redlines=self.redlines((first, second), provisions),
            )
        )

    def ordered_inserts(self, pair: Pair, found: list[_Overlap]) -> None:
        """Two new provisions at the same place: both can be carried, but in which order?"""
        a = self.agenda
        first, second = a.ordered(pair)
        one, two = a.shorts[first], a.shorts[second]
        provisions = tuple(dict.fromkeys(o.provision for o in found))
        self.findings.append(
            Finding(
                Code.COLLISION,
                (first, second),
                provisions,
                f"{a.labels[first]} and {a.labels[second]} both {join([o.what for o in found])}: "
                "they cannot both pass as drafted; if both are carried, the one carried second "
                "takes the label and pushes the other along, so the order of the new text "
                "depends on the order of the votes",
                f"Composite them into one amendment, or redraft {two} to insert its text after "
                f"{one}'s; the consolidated rule book must not depend on the order of business.",
                redlines=self.redlines((first, second), provisions),
            )
        )

    def redlines(
        self, motions: tuple[int, ...], provisions: tuple[Address, ...]
    ) -> tuple[MotionRedline, ...]:
        out = []
        for provision in provisions:
            for index in motions:
                redline = self.agenda.effects[index].redline(provision)
                if redline is not None:
                    out.append(MotionRedline(index, provision, redline))
        return tuple(out)

    # -- deleted or replaced under an edit ----------------------------------------------

    def containment(self) -> None:
        a = self.agenda
        removed: dict[Address, list[int]] = defaultdict(list)
        for index, effect in enumerate(a.effects):
            for address in effect.removed:
                removed[address].append(index)
        if not removed:
            return
        found: dict[tuple[int, int], dict[Address, list[tuple[Address, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        table = AddressTable(removed.items())
        for index, effect in enumerate(a.effects):
            for touched, verb in self.touches(index):
                for step in table.at_or_above(touched):
                    for remover in removed[step]:
                        if remover == index or (step == touched and touched in effect.removed):
                            continue  # the same provision removed twice is a collision
                        found[(remover, index)][step].append((touched, verb))
        before = set(self.settled)  # collisions and duplicates already explain these
        for (remover, victim), where in sorted(found.items()):
            if _pair(remover, victim) in before:
                continue
            self.settled.add(_pair(remover, victim))
            step = next(iter(where))
            reason = Reason.DELETED if step in a.effects[remover].deleted else Reason.REPLACED
            verb = "deletes" if reason is Reason.DELETED else "replaces"
            touches = join(
                [f"{v} {t.compact()}" for s in where for t, v in dict.fromkeys(where[s])]
            )
            removed_text = join([s.compact() for s in where])
            falls = Falls(victim, remover, reason)
            provisions = tuple(dict.fromkeys([*where, *(t for s in where for t, _ in where[s])]))
            one, two = a.shorts[remover], a.shorts[victim]
            self.findings.append(
                Finding(
                    Code.FALLS,
                    (remover, victim),
                    provisions,
                    f"{a.labels[remover]} {verb} {removed_text}, where {a.labels[victim]} "
                    f"{touches}: {two} falls if {one} passes",
                    f"Delegates who want {two}'s change must vote against {one}; if {two} is "
                    f"carried first, {one} still {verb} {removed_text} and {two}'s change is "
                    "lost. The proposers may ask the Conference Arrangements Committee to "
                    "composite them.",
                    falls=falls,
                    redlines=self.redlines((remover,), tuple(where))
                    + self.redlines((victim,), tuple(t for s in where for t, _ in where[s])),
                )
            )

    def touches(self, index: int) -> Iterator[tuple[Address, str]]:
        """Each address a motion works in, with what it does there."""
        effect = self.agenda.effects[index]
        seen: set[Address] = set()
        for address, _ in effect.spans:
            seen.add(address)
            yield address, "amends words in"
        for address in effect.deleted:
            seen.add(address)
            yield address, "deletes"
        for address in effect.replaced:
            seen.add(address)
            yield address, "replaces"
        for slot in effect.slots:
            seen.add(slot.parent)
            yield slot.parent, "inserts a new provision in"
        for address in effect.addressed:
            if address not in seen:
                yield address, "cites"

    # -- separate words of one provision: verified in both orders -----------------------

    def verify(
        self, shared: dict[Pair, list[Address]], meanwhile: Callable[[], None] | None = None
    ) -> bool:
        """Pairs that amend separate words of one provision, carried in both orders; True if
        worker processes did it (and `meanwhile` was called while they did)."""
        a = self.agenda
        todo: list[tuple[Pair, tuple[Address, ...]]] = []
        for pair, provisions in sorted(shared.items()):
            if pair not in self.settled:
                x, y = a.ordered(pair)
                todo.append(((x, y), tuple(provisions)))
        verdicts = None
        if len(todo) >= VERIFY_IN_WORKERS_FROM and len(a.motions) >= parallel.PARALLEL_FROM:
            batches = [todo[i : i + VERIFY_BATCH] for i in range(0, len(todo), VERIFY_BATCH)]
            found = parallel.forked_map(
                a.book, a, _verdicts, batches, self.workers, _as_is, meanwhile
            )
            if found is not None:
                verdicts = [v for batch in found for v in batch]
        in_workers = verdicts is not None
        if verdicts is None:
            verdicts = _verdicts(a, todo)
        for ((x, y), provisions_t), verdict in zip(todo, verdicts, strict=True):
            if verdict is None:
                continue
            pair = _pair(x, y)
            where = join([p.compact() for p in provisions_t])
            redlines = self.redlines((x, y), provisions_t)
            if verdict.xy and verdict.yx:
                if verdict.same:
                    self.findings.append(
                        Finding(
                            Code.COMPATIBLE,
                            (x, y),
                            provisions_t,
                            f"{a.labels[x]} and {a.labels[y]} both amend {where}, in separate "
                            "words: carried in either order they give the same text",
                            "Nothing to do: both can be carried.",
                            redlines=redlines,
                            result=verdict.result,
                        )
                    )
                else:
                    self.settled.add(pair)
                    self.findings.append(
                        Finding(
                            Code.COLLISION,
                            (x, y),
                            provisions_t,
                            f"{a.labels[x]} and {a.labels[y]} amend separate words of {where}, "
                            "but the text they leave depends on which is carried first",
                            "Ask the Conference Arrangements Committee to composite them, or agree "
                            "the wording of the combined text before conference.",
                            redlines=redlines,
                        )
                    )
                continue
            self.settled.add(pair)
            if not verdict.xy and not verdict.yx:
                self.collision(
                    pair,
                    [
                        _Overlap(p, None, f"amend {p.compact()}, each in a way the other undoes")
                        for p in provisions_t
                    ],
                )
                continue
            first, second = (x, y) if not verdict.xy else (y, x)
            falls = Falls(second, first, Reason.ORDER)
            why = verdict.errors[0].message if verdict.errors else "it no longer applies"
            one, two = a.shorts[first], a.shorts[second]
            self.findings.append(
                Finding(
                    Code.FALLS,
                    (first, second),
                    provisions_t,
                    f"{a.labels[first]} and {a.labels[second]} amend separate words of {where}, "
                    f"but once {one} is carried, {why}: {two} falls if {one} passes",
                    f"Redraft {two} against the text {one} would leave, or ask the Conference "
                    "Arrangements Committee to composite them.",
                    falls=falls,
                    redlines=redlines,
                    diagnostics=verdict.errors,
                )
            )
        return in_workers


@attrs.frozen
class _Verdict:
    """Two motions carried in both orders, as `verify` reports them (small: it comes back from
    a worker process on a large agenda)."""

    xy: bool  # the second applies after the first, in agenda-precedence order
    yx: bool  # ... and in the other order
    same: bool  # both apply and leave the same book
    #: The text of each shared provision after both (when `same`).
    result: tuple[tuple[Address, str], ...] = ()
    #: Why the second does not apply after the first, in the order where it fails.
    errors: tuple[Diagnostic, ...] = ()

    __reduce__ = constructed  # pickled by its constructor: see motions.source


def _verdicts(
    agenda: Agenda, todo: list[tuple[Pair, tuple[Address, ...]]]
) -> list[_Verdict | None]:
    """Each pair carried in both orders (None: one of them does not apply on its own)."""
    out: list[_Verdict | None] = []
    for (x, y), provisions in todo:
        xy, yx = both_orders(agenda, x, y)
        if xy is None or yx is None:
            out.append(None)
        elif xy.applied and yx.applied:
            if xy.rulebook == yx.rulebook:
                result = tuple(
                    (p, found.text) for p in provisions if (found := xy.rulebook.get(p)) is not None
                )
                out.append(_Verdict(True, True, True, result))
            else:
                out.append(_Verdict(True, True, False))
        else:
            failed = xy if not xy.applied else yx
            out.append(_Verdict(xy.applied, yx.applied, False, (), failed.errors))
    return out


def _as_is(verdicts: list[_Verdict | None]) -> list[_Verdict | None]:
    return verdicts


def both_orders(agenda: Agenda, x: int, y: int) -> tuple[Amended | None, Amended | None]:
    """The second motion applied after the first, in each order, on the subtrees they touch.

    Without `apply`'s warnings about citations elsewhere (`references=False`): a verdict keeps
    the results and the errors only."""
    a = agenda
    mx, my = a.motions[x], a.motions[y]
    ex, ey = a.effects[x], a.effects[y]
    if ex.subtrees is None or ey.subtrees is None:
        first_x, first_y = _quiet(a.book, mx), _quiet(a.book, my)
    else:
        union = outermost(ex.subtrees | ey.subtrees)
        shared: list[Rulebook] = []

        def alone(effect: Effect, motion: Motion) -> Rulebook | None:
            """The shared subtrees after `motion` alone (None: it does not apply)."""
            outcome = effect.outcome
            if effect.subtrees == union and outcome is not None:
                # Applied to exactly these subtrees already.
                return outcome.rulebook(a.book) if outcome.applied else None
            if not shared:
                shared.append(extract(a.book, a.book.get, union))
            amended = _quiet(shared[0], motion)
            return amended.rulebook if amended.applied else None

        after_x, after_y = alone(ex, mx), alone(ey, my)
        if after_x is None or after_y is None:
            return None, None
        return _quiet(after_x, my), _quiet(after_y, mx)
    if not first_x.applied or not first_y.applied:
        return None, None
    return _quiet(first_x.rulebook, my), _quiet(first_y.rulebook, mx)


def _quiet(book: Rulebook, motion: Motion) -> Amended:
    return apply_safely(book, motion, references=False)
