"""`motions brief`: briefing sheets for delegates, from the whip book and the agenda.

Reads the whip book, the agenda's motion files and the rule book; checks the agenda for
conflicts; builds the sheets; writes them with a progress bar on stderr. `--format` names the
sheets' format, so the report of what was written takes `--report json` (a `motions.briefing/1`
document on stdout, docs/json.md). Bad input of any kind ends with exit status 2 and one clear
message on stderr, or with `--report json` a `motions.error/1` document on stdout.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click

from motions.brief.agenda import read_agenda
from motions.brief.build import build_sheets
from motions.brief.errors import BriefError
from motions.brief.findings import check_agenda
from motions.brief.paper import preload
from motions.brief.render import FORMATS, OutputFile, files, write_files
from motions.brief.report import report_data, warnings
from motions.cli.common import (
    book,
    emit_json,
    note,
    output_option,
    quiet,
    quiet_option,
    reports_errors,
    rulebook_option,
)
from motions.conflicts import load_decisions
from motions.errors import error
from motions.files import TABLE_LIMIT, read_bytes_limited
from motions.whip import WhipBook, read_schedule

BOOK_ENV = "MOTIONS_WHIP_BOOK"


def register(root: click.Group) -> None:
    """Add `motions brief` to the root group."""
    root.add_command(brief)


def _stamp() -> str:
    """When the sheets were made (UTC), or SOURCE_DATE_EPOCH's time for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        moment = datetime.now(UTC)
    else:
        try:
            if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12:
                raise ValueError(epoch)
            moment = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise BriefError(
                error(
                    "brief.bad-source-date-epoch",
                    f"SOURCE_DATE_EPOCH is {epoch[:40]!r}, not a time the sheets can carry",
                    hint="set it to whole seconds since 1970 (date +%s), or unset it",
                )
            ) from None
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def _secret(path: Path) -> bytes:
    """The access-key secret in `path`, made (64 random hex digits, readable by its owner
    only) if the file does not exist yet."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(32) + "\n")
    text = read_bytes_limited(path, TABLE_LIMIT).decode("utf-8", errors="replace").strip()
    if len(text) < 32:
        raise BriefError(
            error(
                "brief.weak-access-key-secret",
                f"{path} holds {len(text)} characters; an access-key secret needs at least 32",
                hint="delete it and run again to make a new one (every sheet's link changes)",
            )
        )
    return text.encode("utf-8")


class _SheetFormat(click.Choice[str]):
    """The sheets' formats; `json` is told where the JSON report is (--report json)."""

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        if value == "json":
            self.fail(
                "--format names the sheets' format (html, md, pdf or site); "
                "for a JSON report of what was written, use --report json",
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


@click.command("brief")
@click.option(
    "--book",
    "book_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=BOOK_ENV,
    default=Path("whip.sqlite"),
    show_default=True,
    help=f"The whip book (SQLite). Also from ${BOOK_ENV}.",
)
@click.option(
    "--agenda",
    "agenda",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    help="A folder of .motion files, or a motion file (repeatable).",
)
@click.option("--whip", required=True, help="Whose lines the sheets give: a faction in the book.")
@output_option(
    "The folder to write into (created if missing)", required=True, aliases=("--out",), folder=True
)
@click.option(
    "--delegate",
    "delegates",
    multiple=True,
    help="Only this delegate's sheet, by id or name (repeatable); no index is written.",
)
@click.option(
    "--format",
    "sheet_format",
    type=_SheetFormat(FORMATS),
    default="html",
    show_default=True,
    help="html: one page per sheet; md: Markdown; pdf: A4 PDFs; site: a static site.",
)
@click.option(
    "--whips-view",
    is_flag=True,
    help="Add the projected tally per card vote and each delegate's pledges (not for delegates).",
)
@click.option(
    "--partial",
    is_flag=True,
    help="Brief even if a card vote names a motion the agenda lacks (the sheet says so).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes laying out PDFs (default: one per CPU). Other formats use one.",
)
@click.option(
    "--decisions",
    "decisions_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Past conference decisions (TOML or CSV), for the three-year rule's findings.",
)
@click.option(
    "--schedule",
    "schedule_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A schedule file (sessions and ballots, the format of 'whip import --schedule') to use "
    "instead of the whip book's own.",
)
@click.option(
    "--access-keys",
    "access_keys",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Name sheets by unguessable keys made with the secret in this file (created if "
    "missing); only the whips' index names delegates. Keep the file private.",
)
@click.option(
    "--report",
    "fmt",  # the name reports_errors reads: with json, errors are JSON documents too
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="What was written, on stdout: text, or json (a motions.briefing/1 document).",
)
@rulebook_option
@quiet_option
@reports_errors
def brief(
    book_path: Path,
    agenda: tuple[Path, ...],
    whip: str,
    output: str,
    delegates: tuple[str, ...],
    sheet_format: str,
    fmt: str,
    whips_view: bool,
    partial: bool,
    jobs: int | None,
    decisions_path: Path | None,
    schedule_path: Path | None,
    access_keys: Path | None,
    rulebook_path: str | None,
) -> None:
    """Write briefing sheets: one per delegate and an index, or one with --delegate.

    With --report json, stdout carries only the report (the sheets, their files, the
    delegates, the warnings); the progress bar and summary stay on stderr (none with --quiet).
    """
    if output == "-":
        raise BriefError(
            error(
                "brief.output-is-a-folder",
                "-o names the folder the sheets are written into; they cannot go to standard "
                "output",
                hint="give a folder (-o out/); --report json prints what was written",
            )
        )
    out = Path(output)
    started = time.perf_counter()
    if sheet_format == "pdf":
        # WeasyPrint loads while the agenda is read and the sheets are built: in a worker
        # process unless --jobs 1 (then in a thread of this one, which lays them out)
        preload(jobs)
    generated = _stamp()
    from_file = read_schedule(schedule_path) if schedule_path else None
    secret = _secret(access_keys) if access_keys else None
    rulebook = book(rulebook_path)
    motions = read_agenda(agenda)
    with WhipBook.open(book_path) as opened:
        conference = opened.snapshot()
        schedule = from_file if from_file is not None else opened.schedule()
    decisions = load_decisions(decisions_path, scheme=rulebook.scheme) if decisions_path else None
    findings = check_agenda(rulebook, motions, conference, decisions=decisions)
    briefing = build_sheets(
        conference,
        motions,
        rulebook,
        findings,
        whip=whip,
        delegates=delegates or None,
        whips_view=whips_view,
        partial=partial,
        generated=generated,
        schedule=schedule,
    )
    if not briefing.sheets:
        raise BriefError(
            error(
                "brief.no-delegates",
                "the whip book has no delegates attending",
                hint="import them first: motions whip import --delegates FILE",
            )
        )
    outputs = files(briefing, sheet_format, index=not delegates, secret=secret)
    count = len(briefing.sheets)
    label = f"Writing {count:,} {sheet_format} sheet{'s' if count != 1 else ''}"
    jobs = jobs or os.cpu_count() or 1
    try:
        if quiet():
            written = write_files(outputs, out, jobs=jobs)
        else:
            with click.progressbar(
                length=len(outputs), label=label, file=sys.stderr, show_pos=True
            ) as bar:

                def advance(_: OutputFile) -> None:
                    bar.update(1)

                written = write_files(outputs, out, progress=advance, jobs=jobs)
    except OSError as exc:
        raise BriefError(
            error("brief.cannot-write", f"cannot write the sheets: {exc}", hint="check -o")
        ) from None
    seconds = time.perf_counter() - started
    if fmt == "json":
        emit_json(
            "briefing",
            report_data(
                briefing,
                outputs,
                fmt=sheet_format,
                output=output,
                access_keys=secret is not None,
            ),
        )
        return
    for warned in warnings(briefing):
        click.echo(warned.format(), err=True)
    if delegates:
        for path in written:
            click.echo(str(path))
        return
    missing = (
        f"; {len(briefing.missing)} motion(s) missing from the agenda" if briefing.missing else ""
    )
    note(
        f"wrote {count:,} sheets and an index ({sheet_format}) to {out} in {seconds:.1f} s{missing}"
    )
    for path in written:
        if path.name.startswith("whips-"):
            click.echo(f"whips' index (share its address with whips only): {path}")
