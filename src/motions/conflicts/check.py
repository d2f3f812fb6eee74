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
from motions.conflicts.carried import carry_all
from motions.conflicts.citations import Numbering
from motions.conflicts.decisions import Decisions
from motions.conflicts.effects import effect_of
from motions.conflicts.interactions import Interactions
from motions.conflicts.model import CODE_ORDER, Entry, Finding, Report
from motions.conflicts.parallel import effects_in_workers
from motions.conflicts.precedence import Precedence, label
from motions.drafting.files import default_workers
from motions.drafting.motion import Motion


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while checking, then restore its thresholds.

    A check allocates hundreds of thousands of small frozen values, none in reference cycles;
    with the default thresholds the collector re-traverses the whole heap (rule book included)
    over and over, which on a large agenda costs a third of the time. mypy does the same.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def analyse(
    rulebook: Rulebook,
    motions: Sequence[Motion],
    precedence: Precedence | None = None,
    *,
    workers: int | None = None,
) -> Agenda:
    """Each motion resolved against the book on its own, ranked by precedence.

    `workers`: processes to resolve a large agenda in (default: the CPUs available; 1 resolves
    everything here). The agenda is the same either way (`motions.conflicts.parallel`).
    """
    precedence = precedence or Precedence()
    motions = tuple(motions)
    workers = default_workers() if workers is None else workers
    found = effects_in_workers(rulebook, motions, workers)
    if found is None:
        effects, references = tuple(effect_of(rulebook, m) for m in motions), None
    else:
        effects, references = found
    labels = _labels(motions)
    return Agenda(
        book=rulebook,
        motions=motions,
        effects=effects,
        precedence=precedence,
        ranks=precedence.ranks(motions),
        labels=labels,
        shorts=_shorts(motions, labels),
        references=references,
    )


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
        agenda = analyse(rulebook, motions, precedence, workers=workers)
        return report_on(agenda, decisions=decisions, carried=carried, workers=workers)


def report_on(
    agenda: Agenda,
    *,
    decisions: Decisions | None = None,
    carried: bool = True,
    workers: int | None = None,
) -> Report:
    """`check` for an agenda already analysed."""
    workers = default_workers() if workers is None else workers
    findings = [
        *admissible(agenda, decisions),
        *Interactions(agenda, workers=workers).run(),
        *Numbering(agenda).run(),
    ]
    findings.sort(key=lambda f: _order(agenda, f))
    entries = tuple(
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
    return Report(
        rulebook=agenda.book,
        entries=entries,
        findings=tuple(findings),
        carried=carry_all(agenda, _same_card_vote_duplicates(agenda)) if carried else None,
        precedence=agenda.precedence.describe(),
    )


def _same_card_vote_duplicates(agenda: Agenda) -> dict[int, int]:
    """Motions with the same effect and card vote as one taken before them: one decision."""
    first: dict[tuple[object, ...], int] = {}
    same: dict[int, int] = {}
    for index in agenda.ordered(range(len(agenda.motions))):
        effect = agenda.effects[index]
        card_vote = agenda.motions[index].header.card_vote
        if not (effect.applies and effect.signature and card_vote):
            continue
        key = (card_vote, effect.signature)
        if key in first:
            same[index] = first[key]
        else:
            first[key] = index
    return same
