"""Conflict commands: `motions check` and `motions graph`."""

from __future__ import annotations

import sys
from typing import Literal

import click

from motions.book.text import rulebook_lines
from motions.cli.common import (
    WholeNumber,
    book,
    emit_document,
    emit_pieces,
    format_option,
    motion_files_argument,
    note,
    output_option,
    quiet_option,
    reports_errors,
    rulebook_option,
    write_output,
)
from motions.cli.drafting import read_motions
from motions.conflicts import Precedence, analyse, check, load_decisions, report_on
from motions.conflicts.check import fewer_collections
from motions.render import conflicts as render
from motions.render.redline import use_colour

_MOTIONS = motion_files_argument(metavar="MOTION...")
_NEC_FIRST = click.option(
    "--nec-first/--no-nec-first",
    default=True,
    show_default=True,
    help="Take NEC amendments before all others.",
)
_ORDER = click.option(
    "--order",
    type=click.Choice(["card-vote", "agenda"]),
    default="card-vote",
    show_default=True,
    help="Then take motions by card-vote number, or in the order given.",
)


@click.command(name="check")
@_MOTIONS
@rulebook_option
@click.option(
    "--decisions",
    "decisions_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Past conference decisions (TOML or CSV) for the three-year rule.",
)
@click.option(
    "--granularity",
    type=click.Choice(["clause", "rule"]),
    default=None,
    help="What a 'part of the rules' is for the three-year rule "
    "(default: the decisions file's, else clause).",
)
@click.option(
    "--conference",
    "conference",
    type=WholeNumber(),
    default=None,
    help="The conference year the agenda goes to "
    "(default: the decisions file's, else the book's edition).",
)
@_NEC_FIRST
@_ORDER
@format_option("text", "json")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also report compatible pairs, and the reasons behind each finding.",
)
@click.option(
    "--edition",
    "edition_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the edition with every motion carried that can be to this file.",
)
@click.option(
    "--colour/--no-colour",
    "colour",
    default=None,
    help="Colour redlines (default: on a terminal, unless NO_COLOR).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes a large agenda is read in (default: one per CPU) and checked in "
    "(default: one; each more is faster on thousands of motions and needs about as much "
    "memory again).",
)
@quiet_option
@reports_errors
def check_command(
    files: tuple[str, ...],
    rulebook_path: str | None,
    decisions_path: str | None,
    granularity: str | None,
    conference: int | None,
    nec_first: bool,
    order: str,
    fmt: str,
    verbose: bool,
    edition_path: str | None,
    colour: bool | None,
    jobs: int | None,
) -> None:
    """Find every pair or group of motions that interacts, and what to do about it.

    Collisions, motions that fall, duplicates, broken cross-references, renumbering shifts,
    the three-year rule and what the CAC would rule out; then the whole agenda carried in the
    order conference takes it. Exit status 1 when anything conflicts, 0 when clean, 2 on bad
    input.
    """
    rb = book(rulebook_path)
    # The collector stays off until the report is written: the command makes millions of
    # long-lived values and no reference cycles (`fewer_collections`); on while a report of
    # 100,000 motions was rendered, it traversed them all (2.6 s).
    with fewer_collections():
        motions = read_motions(files, workers=jobs)
        decisions = None
        if decisions_path is not None:
            level: Literal["clause", "rule"] | None = (
                "rule" if granularity == "rule" else ("clause" if granularity else None)
            )
            decisions = load_decisions(decisions_path, scheme=rb.scheme).with_settings(
                granularity=level, conference=conference
            )
        precedence = Precedence(
            nec_first=nec_first, order="agenda" if order == "agenda" else "card-vote"
        )
        report = check(rb, motions, precedence=precedence, decisions=decisions, workers=jobs)
        if fmt == "json":
            emit_document(render.report_data(report, verbose=verbose))
        else:
            use = use_colour(sys.stdout, force=colour)
            emit_pieces(render.report_lines(report, verbose=verbose, colour=use))
        if edition_path is not None and report.carried is not None:
            write_output(edition_path, rulebook_lines(report.carried.rulebook))
            note(f"wrote the edition with every motion carried that can be to {edition_path}")
        status = render.exit_status(report)
    sys.exit(status)


@click.command(name="graph")
@_MOTIONS
@rulebook_option
@format_option("graphml", "dot", "json")
@output_option("Write to this file (default: standard output)")
@click.option(
    "--touched",
    is_flag=True,
    help="Only the provisions motions touch or cite, their ancestors and what cites them.",
)
@_NEC_FIRST
@_ORDER
@quiet_option
@reports_errors
def graph_command(
    files: tuple[str, ...],
    rulebook_path: str | None,
    fmt: str,
    output: str | None,
    touched: bool,
    nec_first: bool,
    order: str,
) -> None:
    """Write the clause dependency graph: provisions, motions, and what each reads, writes,
    cites and shifts, with the findings between motions."""
    rb = book(rulebook_path)
    precedence = Precedence(
        nec_first=nec_first, order="agenda" if order == "agenda" else "card-vote"
    )
    with fewer_collections():
        motions = read_motions(files)
        agenda = analyse(rb, motions, precedence)
        report = report_on(agenda, carried=False)
    text = render.graph_document(agenda, report, fmt, touched_only=touched)
    where = write_output(output, text)
    if output not in (None, "-"):
        note(f"wrote {where}")


def register(root: click.Group) -> None:
    for command in (check_command, graph_command):
        root.add_command(command)
