"""Rendering whip-book results as text for a terminal and as JSON-ready data.

Renderers never compute: they format values the other modules produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs
from tabulate import tabulate

from motions.whip.arithmetic import CardVoteResult, Outcome, percent
from motions.whip.model import CardVote, Conference, PledgeEvent, Position, Section, Threshold
from motions.whip.path import PathToVictory, Status
from motions.whip.probability import Method, WinProbability
from motions.whip.projection import Assumption, Projection

if TYPE_CHECKING:
    from motions.whip.entitlement import Entitlement

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


def table(
    rows: Iterable[Sequence[object]], headers: Sequence[str], widths: Sequence[int | None] = ()
) -> str:
    """A plain-text table (tabulate); long cells wrap within `widths` instead of overflowing."""
    return tabulate(
        [list(r) for r in rows],
        headers=list(headers),
        tablefmt="simple",
        disable_numparse=True,
        maxcolwidths=list(widths) or None,
    )


def _half(weight: Fraction, share: Fraction) -> Decimal:
    """A section's "half-share" row: its share of the whole conference's vote, as published."""
    return percent(weight * share)


def result_lines(result: CardVoteResult) -> list[str]:
    """The section table, the total and the outcome."""
    abstentions = any(s.votes_abstain is not None for s in result.sections)
    rows = []
    for s in result.sections:
        weight = result.weights.of(s.section)
        half = (
            ("", "")
            if s.for_share is None
            else (
                _pct(_half(weight, s.for_share)),
                _pct(_half(weight, 1 - s.for_share)),
            )
        )
        row = [
            s.section.label,
            _pct(s.for_percent).strip(),
            _pct(s.against_percent).strip(),
            half[0].strip(),
            half[1].strip(),
            _votes(s.votes_for),
            _votes(s.votes_against),
        ]
        if abstentions:
            row.append(_votes(s.votes_abstain))
        rows.append(row)
    total = [
        "Total",
        _pct(result.total_for_percent).strip(),
        _pct(result.total_against_percent).strip(),
        "",
        "",
        f"(sections weighted {result.weights.describe()})",
        "",
    ]
    rows.append(total + ([""] if abstentions else []))
    headers = ["section", "for %", "against %", "half for", "half against"]
    headers += ["votes for", "votes against"] + (["abstained"] if abstentions else [])
    lines = table(rows, headers).splitlines()
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
    if p.undetermined >= 1.0:
        return (
            "Chance: UNDETERMINED: under this assumption a section casts no votes at all "
            "(try --undecided split or faction)"
        )
    if p.method is Method.EXACT:
        how = f"exact, {p.uncertain_voters:,} uncertain voters"
    else:
        how = (
            f"Monte Carlo ± {100 * p.error_95:.2f} points (95%), {p.samples:,} samples, "
            f"seed {p.seed}, {p.uncertain_voters:,} uncertain voters"
        )
    text = f"Chance it is carried: {100 * p.carried:.1f}%"
    if aim is not None and aim.position is Position.AGAINST:
        text += f"; chance it is lost: {100 * p.lost:.1f}%"
    if p.undetermined > 0:
        text += f"; undetermined (a section casts no votes): {100 * p.undetermined:.1f}%"
    return f"{text} ({how})"


def path_lines(path: PathToVictory, *, limit: int = 25) -> list[str]:
    want = "carry it" if path.aim is Position.FOR else "defeat it"
    title = path.objective.heading
    if path.status is Status.ALREADY_WINNING:
        return [f"  {title}: nothing to do, the projection already does what we want"]
    if path.status is Status.IMPOSSIBLE:
        return [
            f"  {title}: cannot {want} even if every voter who could be flipped is "
            f"(re-tally {_pct(path.after.total_for_percent).strip()}%)"
        ]
    weight = _votes(path.total_weight)
    proven = "proven least" if path.minimal else "not proven least"
    head = (
        f"  {title}: {plural(len(path.flips), 'flips')} carrying {weight} votes ({proven}); "
        f"chance every flip happens {100 * path.chance:.1f}%"
    )
    rows = [
        (
            flip.voter,
            flip.name,
            flip.delegation,
            f"{flip.from_position.value} -> {flip.to_position.value}",
            "-" if flip.confidence is None else f"{flip.confidence:g}",
            _votes(flip.weight),
        )
        for flip in path.flips[:limit]
    ]
    lines = [head]
    body = table(
        rows,
        ("id", "name", "delegation", "flip", "confidence", "votes"),
        (10, 28, 28, None, None, None),
    )
    lines += ["    " + line for line in body.splitlines()]
    if len(path.flips) > limit:
        lines.append(f"    ... and {len(path.flips) - limit} more (use --format json for all)")
    after = path.after
    parts = ", ".join(f"{s.section.label} {_pct(s.for_percent).strip()}" for s in after.sections)
    lines.append(
        f"    proof (re-tally): {parts}; total {_pct(after.total_for_percent).strip()}% for "
        f"-> {after.outcome.value.upper()}"
    )
    return lines


def plural(count: int, things: str) -> str:
    """`1 flip`, `2 flips`, `1 woman`, `2 women`: `things` is the plural."""
    if count != 1:
        return f"{count:,} {things}"
    singular = {"women": "woman", "delegates": "delegate", "card votes": "card vote"}
    return f"{count:,} {singular.get(things, things[:-1] if things.endswith('s') else things)}"


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
    if projection.card_vote.one_per_clp:
        clps = sum(1 for v in projection.voters if v.section is Section.CLP)
        lines.append(
            f"One ballot per CLP: each of the {clps:,} CLPs casts its whole membership once, "
            "as its delegates agree; each CLP below is one voter"
        )
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
        # Null when no aim was chosen (`--no-path`): nothing was computed, as with `aim`.
        "path": None if aim is None else {p.objective.value: p.to_json() for p in paths},
        "risk": None if aim is None else {p.objective.value: p.to_json() for p in risks},
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
) -> tuple[str, ...]:
    """One card vote's cells in `tally --all`."""
    r = projection.result
    clp = r.section(Section.CLP).for_percent
    aff = r.section(Section.AFFILIATE).for_percent
    if probability is None:
        chance = ""
    elif probability.undetermined >= 1.0:
        chance = "UNDETERMINED"
    else:
        chance = f"{100 * probability.carried:.1f}%"
    needs = "> 50%" if r.threshold is Threshold.MAJORITY else ">= 66.67%"
    cells = (
        projection.card_vote.label,
        projection.card_vote.title,
        _pct(clp).strip(),
        _pct(aff).strip(),
        _pct(r.total_for_percent).strip(),
        needs,
        r.outcome.value.upper(),
    )
    return (*cells, chance, line or "") if probability is not None else (*cells, line or "")


def summary_table(
    rows: Iterable[Sequence[str]], with_probability: bool, *, with_path: bool = False
) -> str:
    """`tally --all`: one row per card vote, with the threshold each needs."""
    headers = ["CV", "title", "CLP %", "aff %", "total", "needs", "projected"]
    headers += ["carried", "line"] if with_probability else ["line"]
    headers += ["to win"] if with_path else []
    return table(rows, headers, (None, 40))


def path_cell(aim: Position, path: PathToVictory) -> str:
    """`tally --all --path`: what the fewest-voters path needs, toward the aim."""
    goal = "carry" if aim is Position.FOR else "defeat"
    if path.status is Status.ALREADY_WINNING:
        return f"{goal}: on course"
    if path.status is Status.IMPOSSIBLE:
        return f"{goal}: impossible"
    return f"{goal}: flip {plural(len(path.flips), 'voters')}"


def entitlement_text(e: Entitlement) -> str:
    extras = []
    if e.extra_woman:
        extras.append("+1 woman")
    if e.extra_young:
        extras.append("+1 under 27")
    capped = " (capped)" if e.capped else ""
    extra = f", {', '.join(extras)}" if extras else ""
    return (
        f"{e.members:,} members: {plural(e.total, 'delegates')} "
        f"({e.base} by membership{capped}{extra}); at least {plural(e.min_women, 'women')}"
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
