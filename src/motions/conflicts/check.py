"""`check(rulebook, motions) -> Report`: every finding about an agenda, then all carried."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from motions.book.address import Address
from motions.book.rulebook import Rulebook
from motions.conflicts.admissible import admissible
from motions.conflicts.agenda import Agenda
from motions.conflicts.carried import Carrying, carry_all
from motions.conflicts.citations import Numbering
from motions.conflicts.decisions import Decisions
from motions.conflicts.effects import effect_of
from motions.conflicts.interactions import Interactions
from motions.conflicts.model import CODE_ORDER, Carried, Entry, Finding, Report
from motions.conflicts.parallel import effects_in_workers
from motions.conflicts.precedence import Precedence, label
from motions.drafting.motion import Motion

#: The processes a check runs in when not told (`workers`): this one. Forked workers resolve
#: and verify a large agenda sooner, but each ends up with its own copy of most of this
#: process's memory (CPython writes the reference count of every object it reads, so every page
#: a worker reads becomes its own). Measured at 100,000 motions on two CPUs (issue 15): the
#: check took 13-15 s in two workers and 17 s here, and the processes together needed about
#: 1,950 MiB against 900; the whole job stays under 30 s either way. Reading the motion files
#: stays parallel by default (`drafting.files`): those workers read only their own files.
CHECK_WORKERS = 1


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Keep the cyclic garbage collector off while checking (and reading the agenda), then
    turn it back on if it was on.

    A check allocates millions of small frozen values that live as long as the report: the
    collector, run every so many allocations, would traverse them again and again and free
    nothing, since a check makes no reference cycles (`tests/conflicts/test_properties.py`
    holds it to that: each one made would stay in memory until the collector ran again).
    With the thresholds merely raised, the collections still cost a seventh of the CPU this
    process spends on a check of 20,000 motions (issue 15's note).

    Turned back on, the collector would traverse at its next young collection every object
    made meanwhile (all still in the youngest generation): 2.3 s after a check of 100,000
    motions, and again as they aged. So they are first moved to the oldest generation
    (`gc.freeze` then `gc.unfreeze`, which only moves lists of objects), where only a full
    collection looks at them; the caller's own young objects move with them, so a cycle among
    those is freed at the next full collection rather than the next young one.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def analyse(
    rulebook: Rulebook,
    motions: Sequence[Motion],
    precedence: Precedence | None = None,
    *,
    workers: int | None = None,
) -> Agenda:
    """Each motion resolved against the book on its own, ranked by precedence.

    `workers`: processes to resolve a large agenda in (default `CHECK_WORKERS`, this one; more
    are faster on thousands of motions and need about as much memory again each). The agenda
    is the same either way (`motions.conflicts.parallel`).
    """
    agenda, _ = _analysed(rulebook, motions, precedence, workers, carrying=False)
    return agenda


def _analysed(
    rulebook: Rulebook,
    motions: Sequence[Motion],
    precedence: Precedence | None,
    workers: int | None,
    *,
    carrying: bool,
) -> tuple[Agenda, Carried | None]:
    """`analyse`, and (if `carrying`) all carried, when the effects came from workers: each
    motion is carried as its effect arrives, in precedence order, while the workers resolve
    the motions after it (None: not carried yet)."""
    precedence = precedence or Precedence()
    motions = tuple(motions)
    workers = CHECK_WORKERS if workers is None else workers
    ranks = precedence.ranks(motions)
    labels = _labels(motions)
    order = tuple(sorted(range(len(motions)), key=lambda i: ranks[i]))
    carry = Carrying(rulebook, motions, labels, order) if carrying else None
    found = effects_in_workers(
        rulebook, motions, workers, order, carry.take if carry is not None else None
    )
    if found is None:
        effects, references = tuple(effect_of(rulebook, m) for m in motions), None
        carry = None  # nothing was taken: carried after, from the agenda
    else:
        effects, references = found
    agenda = Agenda(
        book=rulebook,
        motions=motions,
        effects=effects,
        precedence=precedence,
        ranks=ranks,
        labels=labels,
        shorts=_shorts(motions, labels),
        references=references,
    )
    assert agenda.ordered(range(len(motions))) == order
    return agenda, carry.result() if carry is not None else None


def _labels(motions: tuple[Motion, ...]) -> tuple[str, ...]:
    """Each motion's label, made unique where two would read the same."""
    labels = [label(m) for m in motions]
    counts = Counter(labels)
    return tuple(
        f"{text} [{m.source}]" if counts[text] > 1 else text
        for text, m in zip(labels, motions, strict=True)
    )


def _shorts(motions: tuple[Motion, ...], labels: tuple[str, ...]) -> tuple[str, ...]:
    """Each motion's short name ("CV 12" where its card vote is its own), else its label."""
    cards = [m.header.card_vote for m in motions]
    counted = Counter(cards)
    return tuple(
        f"CV {card}" if card and counted[card] == 1 else text
        for card, text in zip(cards, labels, strict=True)
    )


def _in_order(addresses: tuple[Address, ...]) -> tuple[Address, ...]:
    if len(addresses) < 2:
        return addresses
    return tuple(sorted(addresses, key=lambda a: a.sort_key()))


def _order(agenda: Agenda, finding: Finding) -> tuple[object, ...]:
    first = min((agenda.ranks[m] for m in finding.motions), default=-1)
    return (
        first,
        CODE_ORDER[finding.code],
        tuple(agenda.ranks[m] for m in finding.motions),
        tuple(p.sort_key() for p in finding.provisions),
        finding.message,
    )


def check(
    rulebook: Rulebook,
    motions: Sequence[Motion],
    *,
    precedence: Precedence | None = None,
    decisions: Decisions | None = None,
    carried: bool = True,
    workers: int | None = None,
) -> Report:
    """Every collision, fall, duplicate, numbering problem and admissibility problem in an
    agenda; then (unless `carried` is False) the whole agenda carried in precedence order.
    `workers`: see `analyse`."""
    with fewer_collections():
        agenda, all_carried = _analysed(rulebook, motions, precedence, workers, carrying=carried)
        return _report(agenda, decisions, carried, workers, all_carried)


def report_on(
    agenda: Agenda,
    *,
    decisions: Decisions | None = None,
    carried: bool = True,
    workers: int | None = None,
) -> Report:
    """`check` for an agenda already analysed."""
    return _report(agenda, decisions, carried, workers, None)


def _report(
    agenda: Agenda,
    decisions: Decisions | None,
    carried: bool,
    workers: int | None,
    all_carried: Carried | None,
) -> Report:
    """`report_on`, with the agenda already carried when `all_carried` is given."""
    workers = CHECK_WORKERS if workers is None else workers
    rest = _Rest(agenda, decisions)
    interactions = Interactions(agenda, workers=workers).run(meanwhile=rest)
    assert rest.done, "Interactions.run calls `meanwhile` once"
    findings = [*rest.admissible, *interactions, *rest.numbering]
    findings.sort(key=lambda f: _order(agenda, f))
    return Report(
        rulebook=agenda.book,
        entries=rest.entries,
        findings=tuple(findings),
        carried=(all_carried or carry_all(agenda)) if carried else None,
        precedence=agenda.precedence.describe(),
    )


class _Rest:
    """The parts of a report that do not need the pairs `Interactions` verifies: the
    findings about single motions and about numbering, and the entries.

    On a large agenda they are worked out here while worker processes verify the pairs
    (`Interactions.run`'s `meanwhile`): done after the verification, they were seconds of this
    process alone with the other CPU idle (at 100,000 motions about 2 s of CPU). (The
    edition all carried is built before: while the overlay it is built from is still held,
    the report's peak memory would be higher.)"""

    def __init__(self, agenda: Agenda, decisions: Decisions | None) -> None:
        self.agenda = agenda
        self.decisions = decisions
        self.admissible: list[Finding] = []
        self.numbering: list[Finding] = []
        self.entries: tuple[Entry, ...] = ()
        self.done = False

    def __call__(self) -> None:
        agenda = self.agenda
        self.done = True
        self.admissible = admissible(agenda, self.decisions)
        self.numbering = Numbering(agenda).run()
        self.entries = tuple(
            Entry(
                index=i,
                rank=agenda.ranks[i],
                label=agenda.labels[i],
                motion=m,
                applies=agenda.effects[i].applies,
                provisions=_in_order(agenda.effects[i].written),
            )
            for i, m in enumerate(agenda.motions)
        )
