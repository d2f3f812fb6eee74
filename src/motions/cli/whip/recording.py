"""Recording a whip's word: `whip recommend`, `whip mandate`, `whip pledge`."""

from __future__ import annotations

from pathlib import Path

import click

from motions.cli.whip.book import plural
from motions.cli.whip.group import whip
from motions.cli.whip.options import (
    book_option,
    collect,
    emit_json,
    format_option,
    recommendations_loader,
    reports_whip_errors,
)
from motions.errors import WhipError, error
from motions.whip import (
    WhipBook,
    parse_card_vote,
    parse_line,
    parse_pledges,
    parse_position,
)
from motions.whip.csvio import PledgeRequest
from motions.whip.names import parse_confidence
from motions.whip.report import (
    event_json,
)
from motions.whip.tomlio import read_text


@whip.command()
@book_option
@click.argument("card_vote", required=False)
@click.argument("line", required=False)
@click.option("--faction", help="Whose line (default: the book's own faction); any case.")
@click.option(
    "--new-faction", help="A faction the book does not know yet: add it and set its line."
)
@click.option("--reason", default=None, help="The one-line reason (default: keep the earlier one).")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A recommendations TOML file (repeatable) instead of one line.",
)
@format_option
@reports_whip_errors
def recommend(
    book: Path,
    card_vote: str | None,
    line: str | None,
    faction: str | None,
    new_faction: str | None,
    reason: str | None,
    files: tuple[Path, ...],
    fmt: str,
) -> None:
    """Set a faction's line: `recommend CV7 support --reason ...` or `recommend --file F`."""
    with WhipBook.open(book) as opened:
        if files:
            if card_vote is not None:
                raise WhipError(
                    error("whip.usage", "give either --file or CARD_VOTE LINE, not both")
                )
            parts = collect([recommendations_loader(p) for p in files])
            summary = opened.import_data(recommendations=[r for part in parts for r in part])
            count = summary.recommendations
            if fmt == "json":
                emit_json("recommend", {"recommendations": count})
            else:
                click.echo(f"recorded {plural(count, 'lines')}")
            return
        if card_vote is None or line is None:
            raise WhipError(
                error(
                    "whip.usage",
                    "recommend needs CARD_VOTE and LINE, or --file",
                    hint="motions whip recommend CV7 support --reason '...'",
                )
            )
        if faction is not None and new_faction is not None:
            raise WhipError(error("whip.usage", "give --faction or --new-faction, not both"))
        if new_faction is not None:
            who: str | None = opened.faction_named(new_faction, new=True)
        else:
            who = faction or opened.home_faction()
        if not who:
            raise WhipError(
                error(
                    "whip.no-faction",
                    "whose line is this?",
                    hint="pass --faction NAME (or --new-faction NAME), or create the book with "
                    "`whip init --faction`",
                )
            )
        rec = opened.recommend(who, card_vote, parse_line(line), reason)
    if fmt == "json":
        emit_json(
            "recommend",
            {
                "faction": rec.faction,
                "card_vote": f"CV{rec.card_vote}",
                "line": rec.line.value,
                "reason": rec.reason,
            },
        )
    else:
        click.echo(f"{rec.faction}: CV{rec.card_vote} {rec.line.value}")


@whip.command()
@book_option
@click.argument("clp")
@click.argument("card_vote")
@click.argument("position", required=False)
@click.option("--note", default="")
@click.option("--clear", is_flag=True, help="Remove the CLP's mandate on this card vote.")
@format_option
@reports_whip_errors
def mandate(
    book: Path, clp: str, card_vote: str, position: str | None, note: str, clear: bool, fmt: str
) -> None:
    """Record a CLP's mandate (for, against, abstain) on a card vote; it overrides faction lines."""
    with WhipBook.open(book) as opened:
        if clear:
            opened.clear_mandate(clp, card_vote)
            if fmt == "json":
                emit_json("mandate", {"cleared": True})
            else:
                click.echo("mandate cleared")
            return
        if position is None:
            raise WhipError(
                error(
                    "whip.usage",
                    "mandate needs a POSITION (for, against, abstain)",
                    hint="motions whip mandate 'Fernton East' CV7 for",
                )
            )
        made = opened.set_mandate(clp, card_vote, parse_position(position), note)
    if fmt == "json":
        emit_json(
            "mandate",
            {
                "delegation": made.delegation_id,
                "card_vote": f"CV{made.card_vote}",
                "position": made.position.value,
                "note": made.note,
            },
        )
    else:
        click.echo(f"{made.delegation_id} mandated {made.position.value} on CV{made.card_vote}")


@whip.command()
@book_option
@click.argument("delegate", required=False)
@click.argument("card_vote", required=False)
@click.argument("position", required=False)
@click.option(
    "--confidence",
    default="0.9",
    show_default=True,
    help="Probability the delegate votes as pledged: 0.8 or 80%.",
)
@click.option("--note", default="")
@click.option("--undo", is_flag=True, help="Take back the pledge in force (a new event).")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A pledges CSV, recorded in one transaction.",
)
@format_option
@reports_whip_errors
def pledge(
    book: Path,
    delegate: str | None,
    card_vote: str | None,
    position: str | None,
    confidence: str,
    note: str,
    undo: bool,
    file: Path | None,
    fmt: str,
) -> None:
    """Record a pledge: `pledge "Jo Smith" CV7 for --confidence 0.8`."""
    with WhipBook.open(book) as opened:
        if file is not None:
            rows = parse_pledges(read_text(file), str(file))
            summary = opened.import_data(pledges=rows)
            if fmt == "json":
                emit_json("pledge", {"pledges": summary.pledges})
            else:
                click.echo(f"recorded {summary.pledges} pledge(s)")
            return
        if delegate is None or card_vote is None:
            raise WhipError(
                error(
                    "whip.usage",
                    "pledge needs DELEGATE and CARD_VOTE (and a POSITION)",
                    hint='motions whip pledge "Jo Smith" CV7 for',
                )
            )
        if undo:
            event = opened.undo(delegate, card_vote, note=note)
        else:
            if position is None:
                raise WhipError(
                    error(
                        "whip.usage",
                        "pledge needs a POSITION",
                        hint="for, against, abstain, undecided or absent",
                    )
                )
            event = opened.pledge_many(
                [
                    PledgeRequest(
                        delegate,
                        parse_card_vote(card_vote),
                        parse_position(position),
                        parse_confidence(confidence),
                        note,
                    )
                ]
            )[0]
    if fmt == "json":
        emit_json("pledge", event_json(event))
    elif event.position is None:
        click.echo(f"#{event.seq}: undid #{event.undoes} ({event.voter}, CV{event.card_vote})")
    else:
        click.echo(
            f"#{event.seq}: {event.voter} {event.position.value} on CV{event.card_vote} "
            f"(confidence {event.confidence:g})"
        )
