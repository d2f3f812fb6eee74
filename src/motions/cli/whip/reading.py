"""Reading a whip book: `whip history`, `whip show`, `whip export`."""

from __future__ import annotations

from pathlib import Path

import click

from motions.cli.whip.group import whip
from motions.cli.whip.options import (
    book_option,
    emit_json,
    format_option,
    plain,
    reports_whip_errors,
)
from motions.contract import dumps, envelope
from motions.errors import WhipError, error
from motions.files import atomic_write_text
from motions.whip import (
    Conference,
    Section,
    WhipBook,
    project,
)
from motions.whip.report import (
    card_vote_heading,
    card_vote_json,
    event_json,
    history_text,
    voter_names,
)


@whip.command()
@book_option
@click.argument("delegate", required=False)
@click.option("--card-vote", help="Only this card vote.")
@click.option("--limit", type=int, default=0, help="Only the last N events.")
@format_option
@reports_whip_errors
def history(book: Path, delegate: str | None, card_vote: str | None, limit: int, fmt: str) -> None:
    """The pledge history, oldest first (append-only; undos are events too)."""
    with WhipBook.open(book, write=False) as opened:
        events = opened.history(voter=delegate, card_vote=card_vote)
        names = voter_names(opened.snapshot()) if fmt == "text" else {}
    if limit > 0:
        events = events[-limit:]
    if fmt == "json":
        emit_json("history", {"events": [event_json(e) for e in events]})
    else:
        click.echo(history_text(events, names))


@whip.command()
@book_option
@click.argument("card_vote", required=False)
@click.option("--delegate", help="Show one delegate (or affiliate) instead.")
@format_option
@reports_whip_errors
def show(book: Path, card_vote: str | None, delegate: str | None, fmt: str) -> None:
    """The book at a glance, one card vote's whip sheet, or one delegate."""
    with WhipBook.open(book, write=False) as opened:
        conference = opened.snapshot()
        counts = opened.counts()
        if delegate is not None:
            ref = opened.resolve_voter(delegate)
            _show_voter(conference, ref.id, fmt)
            return
        if card_vote is not None:
            number = opened.card_vote(card_vote).number
            _show_card_vote(conference, number, fmt)
            return
    home = conference.home_faction
    lines = {r.card_vote: r for r in conference.recommendations if r.faction == home}
    if fmt == "json":
        emit_json(
            "show",
            {
                "book": str(book),
                "home_faction": home,
                "counts": counts,
                "card_votes": [
                    card_vote_json(cv)
                    | {"line": lines[cv.number].line.value if cv.number in lines else None}
                    for cv in conference.card_votes
                ],
            },
        )
        return
    click.echo(
        f"{book}: {counts['clps']} CLPs, {counts['affiliates']} affiliates, "
        f"{counts['delegates']} delegates, {counts['card_votes']} card votes, "
        f"{counts['pledge_events']} pledge events, {counts['mandates']} mandates"
    )
    click.echo(f"home faction: {home or '(none set)'}")
    for cv in conference.card_votes:
        rec = lines.get(cv.number)
        click.echo(f"  {cv.label:<5} {cv.title:<50} {rec.line.value if rec else ''}")


def _show_card_vote(conference: Conference, number: int, fmt: str) -> None:
    projection = project(conference, number)
    cv = projection.card_vote
    recs = [r for r in conference.recommendations if r.card_vote == number]
    mandates = [m for m in conference.mandates if m.card_vote == number]
    stated: dict[str, dict[str, int]] = {s.value: {} for s in Section}
    for voter in projection.voters:
        bucket = stated[voter.section.value]
        key = f"{voter.stated.value} ({voter.basis.value})"
        bucket[key] = bucket.get(key, 0) + 1
    if fmt == "json":
        emit_json(
            "show",
            {
                "card_vote": card_vote_json(cv),
                "recommendations": [
                    {"faction": r.faction, "line": r.line.value, "reason": r.reason} for r in recs
                ],
                "mandates": [
                    {"delegation": m.delegation_id, "position": m.position.value, "note": m.note}
                    for m in mandates
                ],
                "positions": stated,
                "clashes": [c.to_json() for c in projection.clashes],
            },
        )
        return
    click.echo(card_vote_heading(cv))
    for r in recs:
        click.echo(f"  {r.faction}: {r.line.value}" + (f" — {r.reason}" if r.reason else ""))
    if not recs:
        click.echo("  no faction lines recorded")
    click.echo(f"  mandates: {len(mandates)}")
    for section, bucket in stated.items():
        shown = ", ".join(f"{k}: {v}" for k, v in sorted(bucket.items()))
        click.echo(f"  {section}: {shown}")
    for clash in projection.clashes:
        click.echo(f"  clash: {clash.voter} {clash.name}: {clash.detail}")


def _show_voter(conference: Conference, voter_id: str, fmt: str) -> None:
    delegate = next((d for d in conference.delegates if d.id == voter_id), None)
    delegation_id = delegate.delegation_id if delegate else voter_id
    group = next(g for g in conference.delegations if g.id == delegation_id)
    faction = delegate.faction if delegate else group.faction
    pledges = {p.card_vote: p for p in conference.pledges if p.voter == voter_id}
    mandates = {m.card_vote: m for m in conference.mandates if m.delegation_id == delegation_id}
    lines = {r.card_vote: r for r in conference.recommendations if r.faction == faction}
    rows = []
    for cv in conference.card_votes:
        p = pledges.get(cv.number)
        m = mandates.get(cv.number)
        line = lines.get(cv.number)
        rows.append(
            {
                "card_vote": cv.label,
                "pledge": None if p is None else p.position.value,
                "confidence": None if p is None else p.confidence,
                "mandate": None if m is None else m.position.value,
                "line": None if line is None else line.line.value,
            }
        )
    info = {
        "id": voter_id,
        "name": delegate.name if delegate else group.name,
        "delegation": group.name,
        "section": group.section.value,
        "faction": faction,
        "attending": delegate.attending if delegate else True,
        "card_votes": rows,
    }
    if fmt == "json":
        emit_json("show", info)
        return
    click.echo(
        f"{info['id']} {info['name']} — {group.name} ({group.section.value}), "
        f"faction {faction or 'none'}" + ("" if info["attending"] else ", NOT attending")
    )
    for row in rows:
        if row["pledge"] or row["mandate"]:
            pledge_text = f"{row['pledge']} ({row['confidence']:g})" if row["pledge"] else "-"
            click.echo(
                f"  {row['card_vote']:<5} pledge {pledge_text:<18} "
                f"mandate {row['mandate'] or '-':<8} line {row['line'] or '-'}"
            )


@whip.command()
@book_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="JSON: a file (default stdout). CSV: a directory (required).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@reports_whip_errors
def export(book: Path, out: Path | None, fmt: str) -> None:
    """Export the whole book: JSON (one document) or CSV files (re-importable)."""
    with WhipBook.open(book, write=False) as opened:
        if fmt == "csv":
            if out is None:
                raise WhipError(error("whip.usage", "CSV export needs --out DIRECTORY"))
            for path in opened.export_csv(out):
                click.echo(f"wrote {path}")
            return
        data = opened.export_json()
    text = dumps(envelope("whip", {"command": "export", **plain(data)}))
    if out is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(out, text)
        click.echo(f"wrote {out}")
