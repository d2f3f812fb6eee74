"""Making and filling a whip book: `whip init`, `whip import`, `whip upgrade`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from motions.cli.whip.group import whip
from motions.cli.whip.options import (
    book_option,
    collect,
    emit_json,
    format_option,
    recommendations_loader,
    reports_whip_errors,
    warn,
)
from motions.errors import WhipError, error
from motions.whip import (
    WhipBook,
    parse_card_votes,
    parse_delegates,
    parse_delegations,
    parse_mandates,
    parse_pledges,
)
from motions.whip.csvio import Located
from motions.whip.importing import ImportSummary
from motions.whip.recommendations import LocatedRecommendation
from motions.whip.schedule import read_schedule
from motions.whip.tomlio import read_text


@whip.command()
@book_option
@click.option("--faction", help="The faction whose lines this book follows (your own).")
@click.option("--force", is_flag=True, help="Replace an existing book (deletes it).")
@format_option
@reports_whip_errors
def init(book: Path, faction: str | None, force: bool, fmt: str) -> None:
    """Create an empty whip book."""
    with WhipBook.create(book, home_faction=faction, force=force) as created:
        version = created.schema_version
    if fmt == "json":
        emit_json("init", {"book": str(book), "schema_version": version, "home_faction": faction})
    else:
        click.echo(f"created {book} (schema version {version})")


@whip.command("import")
@book_option
@click.option(
    "--delegations",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV: id, name, section, votes[, faction, women_members, young_members].",
)
@click.option(
    "--delegates",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV: id, name, delegation[, faction, woman, under_27, attending].",
)
@click.option(
    "--card-votes",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML: [[card_vote]] number, title, motions, threshold.",
)
@click.option(
    "--mandates",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV: delegation, card_vote, position[, note].",
)
@click.option(
    "--pledges",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV: delegate, card_vote, position[, confidence, note].",
)
@click.option(
    "--recommendations",
    type=click.Path(dir_okay=False, path_type=Path),
    multiple=True,
    help="TOML: a faction's lines (repeatable).",
)
@click.option(
    "--schedule",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML: [[session]] day, name, time, place, card_votes; [[election]] and "
    "[[priorities]] ballots with slates (see docs/whip.md).",
)
@format_option
@reports_whip_errors
def import_(
    book: Path,
    delegations: Path | None,
    delegates: Path | None,
    card_votes: Path | None,
    mandates: Path | None,
    pledges: Path | None,
    recommendations: tuple[Path, ...],
    schedule: Path | None,
    fmt: str,
) -> None:
    """Import CSV and TOML files, all or nothing: every bad row is reported, nothing written."""
    if not any((delegations, delegates, card_votes, mandates, pledges, recommendations, schedule)):
        raise WhipError(
            error(
                "whip.nothing-to-import",
                "nothing to import",
                hint="name files with --delegations, --delegates, --card-votes, --mandates, "
                "--pledges, --recommendations or --schedule",
            )
        )

    def csv_loader(path: Path | None, parse: Callable[[str, str], tuple[Located, ...]]) -> Any:
        return lambda: () if path is None else parse(read_text(path), str(path))

    loaders: list[Callable[[], Any]] = [
        csv_loader(delegations, parse_delegations),
        csv_loader(delegates, parse_delegates),
        lambda: (
            () if card_votes is None else parse_card_votes(read_text(card_votes), str(card_votes))
        ),
        csv_loader(mandates, parse_mandates),
        csv_loader(pledges, parse_pledges),
    ]
    loaders.append(lambda: None if schedule is None else read_schedule(schedule))
    loaders += [recommendations_loader(p) for p in recommendations]
    parts = collect(loaders)
    recs: list[LocatedRecommendation] = [r for part in parts[6:] for r in part]
    with WhipBook.open(book) as opened:
        summary = opened.import_data(
            delegations=parts[0],
            delegates=parts[1],
            card_votes=parts[2],
            mandates=parts[3],
            pledges=parts[4],
            recommendations=recs,
            recorded_at=None if pledges is None else file_time(pledges),
            schedule=parts[5],
            schedule_recorded_at=None if schedule is None else file_time(schedule),
        )
    warn(summary.warnings)
    warn(summary.conflicts)
    if fmt == "json":
        emit_json("import", summary.to_json())
        return
    click.echo(f"imported into {book}: {import_text(summary)}")


def file_time(path: Path) -> str:
    """When a file was last saved, as the book records times: the time of its pledge rows that
    carry no `recorded_at` of their own (a spreadsheet saved at ten is older than a pledge
    taken at eleven)."""
    moment = _dt.datetime.fromtimestamp(path.stat().st_mtime, _dt.UTC)
    return moment.isoformat(timespec="microseconds")


_COUNTED = (
    "delegations",
    "delegates",
    "card_votes",
    "mandates",
    "pledges",
    "recommendations",
    "sessions",
    "ballots",
)


def import_text(summary: ImportSummary) -> str:
    """`3 pledges, 1 mandate; 2 unchanged, 1 skipped as older than the book's`."""
    counts = summary.to_json()
    wrote = ", ".join(
        plural(n, what.replace("_", " "))
        for what in _COUNTED
        if isinstance(n := counts[what], int) and n
    )
    notes = []
    if summary.unchanged:
        notes.append(f"{summary.unchanged} already in the book")
    if summary.older:
        notes.append(f"{plural(summary.older, 'pledges')} skipped as older than the book's")
    if summary.superseded:
        notes.append(
            f"{plural(summary.superseded, 'rows')} superseded by later rows of the same file"
        )
    if summary.conflicts:
        notes.append(f"{plural(len(summary.conflicts), 'conflicts')} skipped (see above)")
    if summary.new_factions:
        notes.append("new factions: " + ", ".join(summary.new_factions))
    notes += [c.text for c in summary.schedule if c.change != "unchanged"]
    same = sum(1 for c in summary.schedule if c.change == "unchanged")
    if same:
        notes.append(f"{plural(same, 'schedule entries')} unchanged")
    return (wrote or "nothing new") + ("; " + "; ".join(notes) if notes else "")


def plural(count: int, things: str) -> str:
    """`1 pledge`, `2 pledges`, `1 card vote`: `things` is the plural."""
    if count == 1:
        things = {
            "delegates": "delegate",
            "card votes": "card vote",
            "schedule entries": "schedule entry",
        }.get(things, things)
        things = things[:-1] if things.endswith("s") and not things.endswith("ss") else things
    return f"{count:,} {things}"


@whip.command()
@book_option
@format_option
@reports_whip_errors
def upgrade(book: Path, fmt: str) -> None:
    """Bring an older whip book's schema up to date (reading commands ask for this)."""
    with WhipBook.open(book, write=True) as opened:
        version = opened.schema_version
    if fmt == "json":
        emit_json("upgrade", {"book": str(book), "schema_version": version})
    else:
        click.echo(f"{book} is at schema version {version}")
