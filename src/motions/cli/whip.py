"""Whip-book commands: `motions whip ...`, `motions tally`, `motions entitlement`.

Every command reads its input, calls the library, and prints text or JSON. Bad input of any
kind ends with one clear message on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from motions.cli.common import reports_errors
from motions.errors import Diagnostic, MotionsError, WhipError, error
from motions.whip import (
    Assumption,
    Conference,
    EntitlementRules,
    Objective,
    Position,
    ProbabilityModel,
    Section,
    Threshold,
    WhipBook,
    combine_percentages,
    entitlement,
    index_conference,
    parse_card_vote,
    parse_card_votes,
    parse_delegates,
    parse_delegations,
    parse_line,
    parse_mandates,
    parse_pledges,
    parse_position,
    parse_recommendations,
    parse_weights,
    path_to_victory,
    project,
    tally_counts,
    win_probability,
)
from motions.whip.csvio import Located, PledgeRequest
from motions.whip.recommendations import LocatedRecommendation
from motions.whip.report import (
    Aim,
    card_vote_heading,
    card_vote_json,
    entitlement_text,
    event_json,
    history_text,
    projection_json,
    projection_text,
    result_lines,
    summary_header,
    summary_row,
    voter_names,
)
from motions.whip.tomlio import read_text

P = ParamSpec("P")
R = TypeVar("R")

BOOK_ENV = "MOTIONS_WHIP_BOOK"


def _book_option(command: Callable[P, R]) -> Callable[P, R]:
    return click.option(
        "--book",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar=BOOK_ENV,
        default=Path("whip.sqlite"),
        show_default=True,
        help=f"The whip book (SQLite). Also from ${BOOK_ENV}.",
    )(command)


def _format_option(command: Callable[P, R]) -> Callable[P, R]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output format.",
    )(command)


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _warn(diagnostics: Sequence[Diagnostic]) -> None:
    for d in diagnostics:
        click.echo(d.format(), err=True)


def _collect(
    loaders: Sequence[Callable[[], Any]],
) -> list[Any]:
    """Run every loader; report the problems of all of them together."""
    results: list[Any] = []
    problems: list[Diagnostic] = []
    for load in loaders:
        try:
            results.append(load())
        except MotionsError as err:
            problems.extend(err.diagnostics)
            results.append(())
    if problems:
        raise WhipError(problems)
    return results


def _recommendations_loader(path: Path) -> Callable[[], tuple[LocatedRecommendation, ...]]:
    def load() -> tuple[LocatedRecommendation, ...]:
        return parse_recommendations(read_text(path), str(path))

    return load


# -- whip ----------------------------------------------------------------------------------


def register(root: click.Group) -> None:
    """Add the whip-book commands to the root group."""
    root.add_command(whip)
    root.add_command(tally)
    root.add_command(entitlement_command)


@click.group()
def whip() -> None:
    """Keep a whip book: delegates, lines, mandates and pledges for every card vote."""


@whip.command()
@_book_option
@click.option("--faction", help="The faction whose lines this book follows (your own).")
@click.option("--force", is_flag=True, help="Replace an existing book (deletes it).")
@_format_option
@reports_errors
def init(book: Path, faction: str | None, force: bool, fmt: str) -> None:
    """Create an empty whip book."""
    with WhipBook.create(book, home_faction=faction, force=force) as created:
        version = created.schema_version
    if fmt == "json":
        _emit_json({"book": str(book), "schema_version": version, "home_faction": faction})
    else:
        click.echo(f"created {book} (schema version {version})")


@whip.command("import")
@_book_option
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
@_format_option
@reports_errors
def import_(
    book: Path,
    delegations: Path | None,
    delegates: Path | None,
    card_votes: Path | None,
    mandates: Path | None,
    pledges: Path | None,
    recommendations: tuple[Path, ...],
    fmt: str,
) -> None:
    """Import CSV and TOML files, all or nothing: every bad row is reported, nothing written."""
    if not any((delegations, delegates, card_votes, mandates, pledges, recommendations)):
        raise WhipError(
            error(
                "whip.nothing-to-import",
                "nothing to import",
                hint="name files with --delegations, --delegates, --card-votes, --mandates, "
                "--pledges or --recommendations",
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
    loaders += [_recommendations_loader(p) for p in recommendations]
    parts = _collect(loaders)
    recs: list[LocatedRecommendation] = [r for part in parts[5:] for r in part]
    with WhipBook.open(book) as opened:
        summary = opened.import_data(
            delegations=parts[0],
            delegates=parts[1],
            card_votes=parts[2],
            mandates=parts[3],
            pledges=parts[4],
            recommendations=recs,
        )
    _warn(summary.warnings)
    if fmt == "json":
        _emit_json(summary.to_json())
        return
    wrote = ", ".join(
        f"{n} {what}"
        for what, n in summary.to_json().items()
        if what != "warnings" and isinstance(n, int) and n
    )
    click.echo(f"imported into {book}: {wrote or 'nothing'}")


@whip.command()
@_book_option
@click.argument("card_vote", required=False)
@click.argument("line", required=False)
@click.option("--faction", help="Whose line (default: the book's own faction).")
@click.option("--reason", default="", help="The one-line reason.")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A recommendations TOML file (repeatable) instead of one line.",
)
@_format_option
@reports_errors
def recommend(
    book: Path,
    card_vote: str | None,
    line: str | None,
    faction: str | None,
    reason: str,
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
            parts = _collect([_recommendations_loader(p) for p in files])
            summary = opened.import_data(recommendations=[r for part in parts for r in part])
            count = summary.recommendations
            if fmt == "json":
                _emit_json({"recommendations": count})
            else:
                click.echo(f"recorded {count} line(s)")
            return
        if card_vote is None or line is None:
            raise WhipError(
                error(
                    "whip.usage",
                    "recommend needs CARD_VOTE and LINE, or --file",
                    hint="motions whip recommend CV7 support --reason '...'",
                )
            )
        who = faction or opened.home_faction()
        if not who:
            raise WhipError(
                error(
                    "whip.no-faction",
                    "whose line is this?",
                    hint="pass --faction NAME, or create the book with `whip init --faction`",
                )
            )
        rec = opened.recommend(who, card_vote, parse_line(line), reason)
    if fmt == "json":
        _emit_json(
            {
                "faction": rec.faction,
                "card_vote": f"CV{rec.card_vote}",
                "line": rec.line.value,
                "reason": rec.reason,
            }
        )
    else:
        click.echo(f"{rec.faction}: CV{rec.card_vote} {rec.line.value}")


@whip.command()
@_book_option
@click.argument("clp")
@click.argument("card_vote")
@click.argument("position", required=False)
@click.option("--note", default="")
@click.option("--clear", is_flag=True, help="Remove the CLP's mandate on this card vote.")
@_format_option
@reports_errors
def mandate(
    book: Path, clp: str, card_vote: str, position: str | None, note: str, clear: bool, fmt: str
) -> None:
    """Record a CLP's mandate (for, against, abstain) on a card vote; it overrides faction lines."""
    with WhipBook.open(book) as opened:
        if clear:
            opened.clear_mandate(clp, card_vote)
            if fmt == "json":
                _emit_json({"cleared": True})
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
        _emit_json(
            {
                "delegation": made.delegation_id,
                "card_vote": f"CV{made.card_vote}",
                "position": made.position.value,
                "note": made.note,
            }
        )
    else:
        click.echo(f"{made.delegation_id} mandated {made.position.value} on CV{made.card_vote}")


@whip.command()
@_book_option
@click.argument("delegate", required=False)
@click.argument("card_vote", required=False)
@click.argument("position", required=False)
@click.option(
    "--confidence",
    type=float,
    default=0.9,
    show_default=True,
    help="Probability the delegate votes as pledged.",
)
@click.option("--note", default="")
@click.option("--undo", is_flag=True, help="Take back the pledge in force (a new event).")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A pledges CSV, recorded in one transaction.",
)
@_format_option
@reports_errors
def pledge(
    book: Path,
    delegate: str | None,
    card_vote: str | None,
    position: str | None,
    confidence: float,
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
                _emit_json({"pledges": summary.pledges})
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
            if not 0.0 <= confidence <= 1.0:
                raise WhipError(
                    error(
                        "whip.bad-confidence",
                        f"confidence {confidence} is not between 0 and 1",
                        hint="the probability the delegate votes as pledged, such as 0.8",
                    )
                )
            event = opened.pledge_many(
                [
                    PledgeRequest(
                        delegate,
                        parse_card_vote(card_vote),
                        parse_position(position),
                        confidence,
                        note,
                    )
                ]
            )[0]
    if fmt == "json":
        _emit_json(event_json(event))
    elif event.position is None:
        click.echo(f"#{event.seq}: undid #{event.undoes} ({event.voter}, CV{event.card_vote})")
    else:
        click.echo(
            f"#{event.seq}: {event.voter} {event.position.value} on CV{event.card_vote} "
            f"(confidence {event.confidence:g})"
        )


@whip.command()
@_book_option
@click.argument("delegate", required=False)
@click.option("--card-vote", help="Only this card vote.")
@click.option("--limit", type=int, default=0, help="Only the last N events.")
@_format_option
@reports_errors
def history(book: Path, delegate: str | None, card_vote: str | None, limit: int, fmt: str) -> None:
    """The pledge history, oldest first (append-only; undos are events too)."""
    with WhipBook.open(book) as opened:
        events = opened.history(voter=delegate, card_vote=card_vote)
        names = voter_names(opened.snapshot()) if fmt == "text" else {}
    if limit > 0:
        events = events[-limit:]
    if fmt == "json":
        _emit_json([event_json(e) for e in events])
    else:
        click.echo(history_text(events, names))


@whip.command()
@_book_option
@click.argument("card_vote", required=False)
@click.option("--delegate", help="Show one delegate (or affiliate) instead.")
@_format_option
@reports_errors
def show(book: Path, card_vote: str | None, delegate: str | None, fmt: str) -> None:
    """The book at a glance, one card vote's whip sheet, or one delegate."""
    with WhipBook.open(book) as opened:
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
        _emit_json(
            {
                "book": str(book),
                "home_faction": home,
                "counts": counts,
                "card_votes": [
                    card_vote_json(cv)
                    | {"line": lines[cv.number].line.value if cv.number in lines else None}
                    for cv in conference.card_votes
                ],
            }
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
        _emit_json(
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
            }
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
        _emit_json(info)
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
@_book_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="JSON: a file (default stdout). CSV: a directory (required).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@reports_errors
def export(book: Path, out: Path | None, fmt: str) -> None:
    """Export the whole book: JSON (one document) or CSV files (re-importable)."""
    with WhipBook.open(book) as opened:
        if fmt == "csv":
            if out is None:
                raise WhipError(error("whip.usage", "CSV export needs --out DIRECTORY"))
            for path in opened.export_csv(out):
                click.echo(f"wrote {path}")
            return
        data = opened.export_json()
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    if out is None:
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {out}")


# -- tally ---------------------------------------------------------------------------------


def _aim(conference: Conference, number: int, aim: str, faction: str | None) -> Aim:
    if aim in ("for", "against"):
        return Aim(Position(aim), f"chosen with --aim {aim}")
    who = faction or conference.home_faction
    if who:
        for rec in conference.recommendations:
            if rec.faction == who and rec.card_vote == number:
                position = rec.line.position
                if position in (Position.FOR, Position.AGAINST):
                    assert position is not None
                    return Aim(position, f"{who}'s line is {rec.line.value}")
                return Aim(
                    Position.FOR,
                    f"{who}'s line is {rec.line.value}; showing how to carry it (use --aim)",
                )
        return Aim(Position.FOR, f"{who} has no line on CV{number}; showing how to carry it")
    return Aim(Position.FOR, "no faction set; showing how to carry it (use --aim)")


@click.command()
@click.argument("card_vote", required=False)
@click.option("--all", "all_votes", is_flag=True, help="Tally every card vote in the book.")
@_book_option
@click.option(
    "--undecided",
    type=click.Choice([a.value for a in Assumption]),
    default=Assumption.EXCLUDE.value,
    show_default=True,
    help="How undecided voters are counted.",
)
@click.option(
    "--weights", default="50/50", show_default=True, help="Section weights, CLPs/affiliates."
)
@click.option(
    "--threshold",
    type=click.Choice([t.value for t in Threshold]),
    help="Override the card vote's threshold.",
)
@click.option(
    "--probability/--no-probability",
    default=None,
    help="Chance of being carried (default: on for one card vote, off for --all).",
)
@click.option("--samples", type=click.IntRange(min=1), default=4000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option(
    "--path/--no-path",
    "show_path",
    default=True,
    show_default=True,
    help="The shortest path to victory (one card vote).",
)
@click.option(
    "--aim",
    type=click.Choice(["auto", "for", "against"]),
    default="auto",
    show_default=True,
    help="Which way we want it (auto: our faction's line).",
)
@click.option("--faction", help="Whose line decides the aim (default: the book's faction).")
@click.option("--clp-for", type=click.IntRange(min=0), help="Raw CLP votes for (no book).")
@click.option("--clp-against", type=click.IntRange(min=0))
@click.option("--aff-for", type=click.IntRange(min=0), help="Raw affiliate votes for.")
@click.option("--aff-against", type=click.IntRange(min=0))
@click.option("--clp-percent", help="Published CLP % for (no book), e.g. 47.14.")
@click.option("--aff-percent", help="Published affiliates' % for, e.g. 60.20.")
@_format_option
@reports_errors
def tally(
    card_vote: str | None,
    all_votes: bool,
    book: Path,
    undecided: str,
    weights: str,
    threshold: str | None,
    probability: bool | None,
    samples: int,
    seed: int,
    show_path: bool,
    aim: str,
    faction: str | None,
    clp_for: int | None,
    clp_against: int | None,
    aff_for: int | None,
    aff_against: int | None,
    clp_percent: str | None,
    aff_percent: str | None,
    fmt: str,
) -> None:
    """Project a card vote from the whip book, or total published section figures.

    \b
    motions tally CV7                     projection, chance, path to victory
    motions tally --all                   every card vote, one line each
    motions tally --clp-for 342921 --clp-against 8723 --aff-for 1810113 --aff-against 4825
    motions tally --clp-percent 47.14 --aff-percent 60.20
    """
    section_weights = parse_weights(weights)
    bar = Threshold(threshold) if threshold else None
    raw = (clp_for, clp_against, aff_for, aff_against)
    percents = (clp_percent, aff_percent)
    if any(v is not None for v in raw + percents):
        if card_vote is not None or all_votes:
            raise WhipError(error("whip.usage", "give a card vote or raw figures, not both"))
        if all(v is not None for v in raw) and all(v is None for v in percents):
            assert None not in raw
            result = tally_counts(
                clp_for or 0,
                clp_against or 0,
                aff_for or 0,
                aff_against or 0,
                weights=section_weights,
                threshold=bar or Threshold.MAJORITY,
            )
        elif all(v is not None for v in percents) and all(v is None for v in raw):
            result = combine_percentages(
                clp_percent or "",
                aff_percent or "",
                weights=section_weights,
                threshold=bar or Threshold.MAJORITY,
            )
        else:
            raise WhipError(
                error(
                    "whip.usage",
                    "give all four raw counts, or both published percentages",
                    hint="--clp-for N --clp-against N --aff-for N --aff-against N, or "
                    "--clp-percent X --aff-percent Y",
                )
            )
        if fmt == "json":
            _emit_json({"result": result.to_json()})
        else:
            click.echo("\n".join(result_lines(result)))
        return
    if (card_vote is None) == (not all_votes):
        raise WhipError(
            error(
                "whip.usage",
                "name one card vote, or --all",
                hint="motions tally CV7, or motions tally --all",
            )
        )
    assumption = Assumption(undecided)
    model = ProbabilityModel(samples=samples, seed=seed)
    with WhipBook.open(book) as opened:
        conference = opened.snapshot()
        number = opened.card_vote(card_vote).number if card_vote is not None else None
    index = index_conference(conference)
    if number is None:
        with_probability = bool(probability)
        rows = []
        text = [summary_header(with_probability)]
        home = conference.home_faction
        lines = {r.card_vote: r.line.value for r in conference.recommendations if r.faction == home}
        for cv in conference.card_votes:
            projection = project(
                index, cv.number, assumption=assumption, weights=section_weights, threshold=bar
            )
            chance = (
                win_probability(projection, weights=section_weights, threshold=bar, model=model)
                if with_probability
                else None
            )
            rows.append(
                {
                    "card_vote": card_vote_json(cv),
                    "result": projection.result.to_json(),
                    "probability": None if chance is None else chance.to_json(),
                    "line": lines.get(cv.number),
                }
            )
            text.append(summary_row(projection, chance, lines.get(cv.number)))
        if fmt == "json":
            _emit_json({"assumption": assumption.value, "card_votes": rows})
        else:
            click.echo("\n".join(text))
        return
    projection = project(
        index, number, assumption=assumption, weights=section_weights, threshold=bar
    )
    chance = None
    if probability is None or probability:
        chance = win_probability(projection, weights=section_weights, threshold=bar, model=model)
    chosen = _aim(conference, number, aim, faction) if show_path else None
    paths = []
    risks = []
    if chosen is not None:
        for objective in Objective:
            found = path_to_victory(
                projection,
                aim=chosen.position,
                objective=objective,
                weights=section_weights,
                threshold=bar,
            )
            paths.append(found)
        if paths[0].status.value == "already-winning":
            risks = [
                path_to_victory(
                    projection,
                    aim=chosen.position.opposite,
                    objective=Objective.COUNT,
                    weights=section_weights,
                    threshold=bar,
                )
            ]
    if fmt == "json":
        _emit_json(
            projection_json(projection, probability=chance, aim=chosen, paths=paths, risks=risks)
        )
    else:
        click.echo(
            projection_text(projection, probability=chance, aim=chosen, paths=paths, risks=risks)
        )


# -- entitlement ---------------------------------------------------------------------------


@click.command("entitlement")
@click.argument("members", type=int)
@click.option("--women", type=int, default=0, show_default=True, help="Women members.")
@click.option(
    "--young", type=int, default=0, show_default=True, help="Young Labour members (under 27)."
)
@click.option(
    "--first-band",
    type=click.IntRange(min=1),
    default=749,
    show_default=True,
    help="Members covered by the first delegate.",
)
@click.option(
    "--band",
    type=click.IntRange(min=1),
    default=250,
    show_default=True,
    help="Members per further delegate.",
)
@click.option(
    "--cap",
    type=click.IntRange(min=1),
    default=6,
    show_default=True,
    help="Most delegates by membership (extras are outside it).",
)
@_format_option
@reports_errors
def entitlement_command(
    members: int, women: int, young: int, first_band: int, band: int, cap: int, fmt: str
) -> None:
    """How many delegates a CLP of MEMBERS members may send."""
    result = entitlement(
        members,
        women=women,
        young=young,
        rules=EntitlementRules(first_band=first_band, band=band, cap=cap),
    )
    if fmt == "json":
        _emit_json(result.to_json())
    else:
        click.echo(entitlement_text(result))
