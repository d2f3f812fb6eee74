"""Rendering whip-book results as text for a terminal and as JSON-ready data.

Renderers never compute: they format values the other modules produced.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from motions.whip.arithmetic import CardVoteResult, Outcome, SectionResult
from motions.whip.entitlement import Entitlement
from motions.whip.model import CardVote, Conference, PledgeEvent, Position, Section, Threshold
from motions.whip.path import PathToVictory, Status
from motions.whip.probability import Method, WinProbability
from motions.whip.projection import Assumption, Projection

ASSUMPTION_TEXT = {
    Assumption.EXCLUDE: "undecided voters left out (as if abstaining)",
    Assumption.SPLIT: "undecided voters split half for, half against",
    Assumption.FACTION: "undecided voters follow their faction's line",
    Assumption.FOR: "undecided voters all vote for (best case)",
    Assumption.AGAINST: "undecided voters all vote against (worst case)",
}


@attrs.frozen
class Aim:
    """Which way the whips want a card vote to go, and why."""

    position: Position
    reason: str


def _pct(value: Decimal | None) -> str:
    return "  n/a" if value is None else f"{value:6.2f}"


def _votes(value: Fraction | None) -> str:
    if value is None:
        return "-"
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f}"


def threshold_text(threshold: Threshold) -> str:
    if threshold is Threshold.MAJORITY:
        return "a simple majority (more than 50%)"
    return "two thirds (at least 66.67%)"


def result_lines(result: CardVoteResult) -> list[str]:
    """The section table, the total and the outcome."""
    lines = [
        f"{'section':<12} {'for %':>7} {'against %':>10} {'votes for':>16} {'votes against':>16}"
    ]

    def row(name: str, s: SectionResult) -> str:
        return (
            f"{name:<12} {_pct(s.for_percent):>7} {_pct(s.against_percent):>10} "
            f"{_votes(s.votes_for):>16} {_votes(s.votes_against):>16}"
        )

    for s in result.sections:
        lines.append(row(s.section.label, s))
    weights = result.weights.describe()
    lines.append(
        f"{'Total':<12} {_pct(result.total_for_percent):>7} "
        f"{_pct(result.total_against_percent):>10}   (sections weighted {weights})"
    )
    outcome = result.outcome.value.upper()
    if result.outcome is Outcome.UNDETERMINED:
        outcome += " (a section cast no votes)"
    lines.append(f"Result: {outcome}; it needs {threshold_text(result.threshold)}")
    return lines


def card_vote_heading(cv: CardVote) -> str:
    motions = ", ".join(cv.motions) if cv.motions else "no motions listed"
    casting = "; one ballot per CLP" if cv.casting.value == "one-per-clp" else ""
    return f"{cv.label}  {cv.title}  [{cv.threshold.value}{casting}; {motions}]"


def probability_line(p: WinProbability, aim: Aim | None = None) -> str:
    if p.method is Method.EXACT:
        how = f"exact, {p.uncertain_voters} uncertain voters"
    else:
        how = (
            f"Monte Carlo ± {100 * p.standard_error:.1f} points (1 s.e.), {p.samples:,} samples, "
            f"seed {p.seed}, {p.uncertain_voters:,} uncertain voters"
        )
    text = f"Chance it is carried: {100 * p.carried:.1f}% ({how})"
    if aim is not None and aim.position is Position.AGAINST:
        text += f"; chance it is lost: {100 * (1 - p.carried):.1f}%"
    return text


def path_lines(path: PathToVictory, *, limit: int = 25) -> list[str]:
    want = "carry it" if path.aim is Position.FOR else "defeat it"
    title = "fewest voters" if path.objective.value == "count" else "least weight"
    if path.status is Status.ALREADY_WINNING:
        return [f"  {title}: nothing to do, the projection already does what we want"]
    if path.status is Status.IMPOSSIBLE:
        return [
            f"  {title}: cannot {want} even if every voter who could be flipped is "
            f"(re-tally {_pct(path.after.total_for_percent).strip()}%)"
        ]
    weight = _votes(path.total_weight)
    head = f"  {title}: {len(path.flips)} flip(s) carrying {weight} votes"
    if path.objective.value == "count":
        head += " (proven fewest)" if path.minimal else " (not proven fewest)"
    elif path.weight_lower_bound is not None:
        head += f" (no set under {_votes(path.weight_lower_bound)} votes can do it)"
    else:
        head += " (greedy; no lower bound)"
    lines = [head]
    for flip in path.flips[:limit]:
        lines.append(
            f"    {flip.voter:<8} {flip.name:<28} {flip.delegation:<28} "
            f"{flip.from_position.value:>9} -> {flip.to_position.value:<8} "
            f"{_votes(flip.weight):>10}"
        )
    if len(path.flips) > limit:
        lines.append(f"    ... and {len(path.flips) - limit} more (use --format json for all)")
    after = path.after
    parts = ", ".join(f"{s.section.label} {_pct(s.for_percent).strip()}" for s in after.sections)
    lines.append(
        f"    proof (re-tally): {parts}; total {_pct(after.total_for_percent).strip()}% for "
        f"-> {after.outcome.value.upper()}"
    )
    return lines


def counts_line(projection: Projection, section: Section) -> str:
    counts = projection.counts(section)
    shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
    return f"{section.label}: {shown or 'none'}"


def projection_text(
    projection: Projection,
    *,
    probability: WinProbability | None,
    aim: Aim | None,
    paths: Iterable[PathToVictory] = (),
    risks: Iterable[PathToVictory] = (),
) -> str:
    lines = [card_vote_heading(projection.card_vote)]
    lines.append(f"Assumption: {ASSUMPTION_TEXT[projection.assumption]}")
    lines.append("")
    lines += result_lines(projection.result)
    lines.append("")
    lines.append("Voters projected: " + "; ".join(counts_line(projection, s) for s in Section))
    if probability is not None:
        lines.append(probability_line(probability, aim))
    if projection.clashes:
        lines.append("")
        lines.append(f"Clashes with mandates ({len(projection.clashes)}):")
        for clash in projection.clashes[:20]:
            lines.append(f"  {clash.voter:<8} {clash.name}: {clash.detail}")
        if len(projection.clashes) > 20:
            lines.append(f"  ... and {len(projection.clashes) - 20} more")
    paths = list(paths)
    if aim is not None and paths:
        lines.append("")
        want = "carried" if aim.position is Position.FOR else "lost"
        lines.append(f"Path to victory (we want it {want}: {aim.reason}):")
        for path in paths:
            lines += path_lines(path)
    risks = list(risks)
    if risks:
        lines.append("At risk: what the other side needs to turn it:")
        for path in risks:
            lines += path_lines(path)
    return "\n".join(lines)


def projection_json(
    projection: Projection,
    *,
    probability: WinProbability | None,
    aim: Aim | None,
    paths: Iterable[PathToVictory] = (),
    risks: Iterable[PathToVictory] = (),
) -> dict[str, object]:
    return {
        "card_vote": card_vote_json(projection.card_vote),
        "assumption": projection.assumption.value,
        "result": projection.result.to_json(),
        "voters": {s.value: projection.counts(s) for s in Section},
        "probability": None if probability is None else probability.to_json(),
        "aim": None if aim is None else {"position": aim.position.value, "reason": aim.reason},
        "path": {p.objective.value: p.to_json() for p in paths},
        "risk": {p.objective.value: p.to_json() for p in risks},
        "clashes": [c.to_json() for c in projection.clashes],
    }


def card_vote_json(cv: CardVote) -> dict[str, object]:
    return {
        "number": cv.number,
        "label": cv.label,
        "title": cv.title,
        "motions": list(cv.motions),
        "threshold": cv.threshold.value,
        "casting": cv.casting.value,
    }


def summary_row(
    projection: Projection, probability: WinProbability | None, line: str | None
) -> str:
    r = projection.result
    clp = r.section(Section.CLP).for_percent
    aff = r.section(Section.AFFILIATE).for_percent
    chance = "" if probability is None else f"{100 * probability.carried:6.1f}%"
    title = projection.card_vote.title
    title = title if len(title) <= 40 else title[:39] + "…"
    return (
        f"{projection.card_vote.label:<5} {title:<40} {_pct(clp)} {_pct(aff)} "
        f"{_pct(r.total_for_percent)}  {r.outcome.value:<12} {chance:>7}  {line or ''}"
    )


def summary_header(with_probability: bool) -> str:
    chance = "carried" if with_probability else ""
    return (
        f"{'CV':<5} {'title':<40} {'CLP %':>6} {'aff %':>6} {'total':>6}  {'projected':<12} "
        f"{chance:>7}  line"
    )


def entitlement_text(e: Entitlement) -> str:
    extras = []
    if e.extra_woman:
        extras.append("+1 woman")
    if e.extra_young:
        extras.append("+1 under 27")
    capped = " (capped)" if e.capped else ""
    extra = f", {', '.join(extras)}" if extras else ""
    return (
        f"{e.members:,} members: {e.total} delegate(s) "
        f"({e.base} by membership{capped}{extra}); at least {e.min_women} women"
    )


def history_text(events: Iterable[PledgeEvent], names: dict[str, str]) -> str:
    lines = []
    for e in events:
        who = f"{e.voter} {names.get(e.voter, '')}".strip()
        if e.position is not None:
            what = f"{e.position.value} (confidence {e.confidence:g})"
        else:
            what = f"undo of #{e.undoes}"
        note = f"  — {e.note}" if e.note else ""
        lines.append(f"#{e.seq:<6} {e.recorded_at}  CV{e.card_vote:<3} {who:<36} {what}{note}")
    return "\n".join(lines) if lines else "no pledges recorded"


def event_json(e: PledgeEvent) -> dict[str, object]:
    return {
        "seq": e.seq,
        "recorded_at": e.recorded_at,
        "voter": e.voter,
        "card_vote": f"CV{e.card_vote}",
        "kind": e.kind.value,
        "position": None if e.position is None else e.position.value,
        "confidence": e.confidence,
        "note": e.note,
        "undoes": e.undoes,
    }


def voter_names(conference: Conference) -> dict[str, str]:
    names = {d.id: d.name for d in conference.delegates}
    names.update({g.id: g.name for g in conference.delegations})
    return names
