"""`motions whip ballots`: the elections and the priorities ballot, a faction's slates, results."""

from __future__ import annotations

from pathlib import Path

import click

from motions.cli.whip.group import whip
from motions.cli.whip.options import book_option, emit_json, format_option, reports_whip_errors
from motions.errors import WhipError, error
from motions.whip import WhipBook, index_conference
from motions.whip.elections import Ballot, slate_strength
from motions.whip.model import Conference
from motions.whip.names import name_key
from motions.whip.report import plural, table
from motions.whip.schedule import Session, read_schedule


@whip.command()
@click.argument("ballots_file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@book_option
@click.option("--faction", help="Whose slates to show (default: the book's faction).")
@click.option("--delegate", help="What one delegate should do on each ballot (needs the book).")
@click.option("--no-book", is_flag=True, help="Read only the schedule file given.")
@format_option
@reports_whip_errors
def ballots(
    ballots_file: Path | None,
    book: Path,
    faction: str | None,
    delegate: str | None,
    no_book: bool,
    fmt: str,
) -> None:
    """Elections and the priorities ballot: candidates, places, slates, who votes for whom,
    one ballot per CLP, and results as published.

    Read from the whip book (imported with `whip import --schedule`), or from BALLOTS_FILE
    (a schedule TOML file) when one is given."""
    if ballots_file is None and no_book:
        raise WhipError(
            error("whip.usage", "--no-book needs a schedule file", hint="name the file")
        )
    from_file = None if ballots_file is None else read_schedule(ballots_file)
    found = () if from_file is None else from_file.ballots
    sessions: dict[str, Session] = {}
    conference: Conference | None = None
    if not no_book:
        with WhipBook.open(book, write=False) as opened:
            conference = opened.snapshot()
            schedule = opened.schedule()
            if from_file is None:
                found = schedule.ballots
            sessions = {name_key(s.id): s for s in schedule.sessions}
            faction = opened.resolve_faction(faction) if faction else opened.home_faction()
            voter = opened.resolve_voter(delegate) if delegate else None
    elif delegate:
        raise WhipError(error("whip.usage", "--delegate needs the whip book"))
    else:
        voter = None
    if voter is not None and conference is not None:
        person = next((d for d in conference.delegates if d.id == voter.id), None)
        faction = person.faction if person and person.faction else faction
    if from_file is not None:
        sessions |= {name_key(s.id): s for s in from_file.sessions}
    if not found:
        raise WhipError(
            error(
                "whip.no-ballots",
                "no elections or priorities ballot "
                + ("in the whip book" if ballots_file is None else f"in {ballots_file}"),
                hint="import them with `motions whip import --schedule FILE`",
            )
        )
    data = [_ballot_json(b, faction, conference, sessions) for b in found]
    if voter is not None and conference is not None:
        for entry, ballot in zip(data, found, strict=True):
            entry["for_delegate"] = _delegate_advice(ballot, conference, voter.id, faction)
    if fmt == "json":
        emit_json("ballots", {"faction": faction, "ballots": data})
        return
    for ballot, entry in zip(found, data, strict=True):
        click.echo("\n".join(_ballot_text(ballot, entry, faction)))
        click.echo("")


def _and(names: tuple[str, ...] | list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _delegate_advice(
    ballot: Ballot, conference: Conference, voter_id: str, faction: str | None
) -> str:
    slate = ballot.slate(faction)
    what = (
        f"{'vote for' if ballot.kind == 'election' else 'pick'} {_and(slate.choose)} "
        f"(the {slate.faction} slate)"
        if slate
        else "no slate from your faction"
    )
    if ballot.one_per_clp:
        index = index_conference(conference)
        delegate = next((d for d in conference.delegates if d.id == voter_id), None)
        group = index.delegations.get(delegate.delegation_id) if delegate else None
        if group is not None:
            others = [
                d.name
                for d in index.delegates_by_delegation.get(group.id, ())
                if d.id != voter_id and d.attending
            ]
            agree = f": agree it with {_and(others)}" if others else ": you hold it alone"
            return f"{what}; your CLP casts one ballot of {group.votes:,} votes{agree}"
    return what


def _ballot_json(
    ballot: Ballot,
    faction: str | None,
    conference: Conference | None,
    sessions: dict[str, Session],
) -> dict[str, object]:
    slate = ballot.slate(faction)
    session = sessions.get(name_key(ballot.session)) if ballot.session else None
    entry: dict[str, object] = {
        "id": ballot.id,
        "title": ballot.title,
        "kind": ballot.kind,
        "places": ballot.places,
        "casting": ballot.casting.value,
        "when": ballot.when,
        "options": [{"name": o.name, "clp": o.clp} for o in ballot.options],
        "slates": [
            {"faction": s.faction, "choose": list(s.choose), "reason": s.reason}
            for s in ballot.slates
        ],
        "our_slate": None if slate is None else list(slate.choose),
        "result": [{"name": n, "votes": v, "elected": e} for n, v, e in ballot.ranked()],
        "tied_for_last_place": ballot.tied_for_last if ballot.result else False,
        "how": ballot.how,
        "note": ballot.note,
        "session": None
        if session is None
        else {
            "id": session.id,
            "day": session.day,
            "name": session.name,
            "time": session.time,
            "place": session.place,
        },
    }
    if conference is not None and ballot.one_per_clp:
        entry["clps_by_slate"] = {
            k: {"clps": c, "votes": v} for k, (c, v) in slate_strength(ballot, conference).items()
        }
    return entry


def _ballot_text(ballot: Ballot, entry: dict[str, object], faction: str | None) -> list[str]:
    noun = "places" if ballot.kind == "election" else "picks"
    casting = (
        "one ballot per CLP, weighted by membership: the CLP's delegates agree it"
        if ballot.one_per_clp
        else "every delegate votes"
    )
    lines = [f"{ballot.id}  {ballot.title}", f"  {plural(ballot.places, noun)}; {casting}"]
    session = entry.get("session")
    if isinstance(session, dict):
        at = ", ".join(str(session[k]) for k in ("day", "name", "time", "place") if session[k])
        lines.append(f"  session: {at}")
    if ballot.when:
        lines.append(f"  when: {ballot.when}")
    if ballot.how:
        lines.append(f"  how: {ballot.how}")
    if ballot.note:
        lines.append(f"  note: {ballot.note}")
    mine = ballot.slate(faction)
    if ballot.kind == "election":
        rows = [
            (o.name, o.clp or "-", "yes" if mine and o.name in mine.choose else "")
            for o in ballot.options
        ]
        body = table(rows, ("candidate", "CLP", f"{faction or 'our'} slate"), (30, 30, None))
    else:
        picks = [(o.name, "yes" if mine and o.name in mine.choose else "") for o in ballot.options]
        body = table(picks, ("topic", f"{faction or 'our'} pick"), (40, None))
    lines += ["  " + line for line in body.splitlines()]
    for slate in ballot.slates:
        verb = "vote for" if ballot.kind == "election" else "pick"
        reason = f" ({slate.reason})" if slate.reason else ""
        lines.append(f"  {slate.faction}: {verb} {_and(slate.choose)}{reason}")
    strength = entry.get("clps_by_slate")
    if isinstance(strength, dict):
        shown = "; ".join(
            f"{label} {plural(int(v['clps']), 'CLPs')}, {int(v['votes']):,} votes"
            for label, v in strength.items()
            if int(v["clps"])
        )
        lines.append(f"  CLPs by their delegates' factions: {shown}")
    advice = entry.get("for_delegate")
    if isinstance(advice, str):
        lines.append(f"  you: {advice}")
    if ballot.result:
        won = {n for n, _, e in ballot.ranked() if e}
        rows2 = [(n, f"{v:,}", "ELECTED" if e else "") for n, v, e in ballot.ranked()]
        lines.append("  result as published:")
        lines += ["    " + line for line in table(rows2, ("name", "votes", "")).splitlines()]
        if ballot.tied_for_last:
            lines.append("  a tie for the last place: decided by the rules, not here")
        if mine:
            got = sum(1 for n in mine.choose if name_key(n) in {name_key(w) for w in won})
            lines.append(f"  the {mine.faction} slate won {got} of {len(mine.choose)}")
    return lines


__all__ = ["ballots"]
