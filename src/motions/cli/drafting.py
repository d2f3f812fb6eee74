"""Drafting commands: `motions diff`, `motions apply`, `motions lint`, `motions explain`."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import click

from motions.book.outline import parse_rulebook
from motions.book.rulebook import Rulebook
from motions.book.text import render_rulebook
from motions.cli.common import (
    book,
    emit_json,
    format_option,
    motion_files_argument,
    note,
    output_option,
    quiet_option,
    read_input,
    reports_errors,
    rulebook_option,
    write_output,
)
from motions.drafting.admissibility import admissibility
from motions.drafting.apply import Amended, apply
from motions.drafting.files import read_motion_files
from motions.drafting.motion import Motion
from motions.errors import Diagnostic, MotionError, MotionsError, Severity, error
from motions.files import atomic_write_text
from motions.render import motion as render
from motions.render.redline import use_colour


def read_motions(paths: tuple[str, ...], *, workers: int | None = None) -> tuple[Motion, ...]:
    """Every motion in the files, in order (`-` is standard input); all files' problems
    reported together. A large agenda is parsed in `workers` processes (`read_motion_files`;
    default: one per CPU)."""
    given = {}
    if "-" in paths:
        try:
            given["-"] = read_input("-")
        except (OSError, UnicodeDecodeError) as exc:
            raise MotionError(error("motion-unreadable", f"cannot read -: {exc}")) from None
        except MotionsError as exc:  # over the size limit
            raise MotionError(exc.diagnostics) from None
    return read_motion_files(paths, given=given, workers=workers)


def _looks_like_rulebook(path: str) -> bool:
    if path == "-":
        return False
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(2000).decode("utf-8", errors="ignore")
    except OSError:
        return False
    lines = [
        line.strip() for line in head.splitlines() if line.strip() and not line.startswith("#")
    ]
    return any(line.startswith(("Scheme:", "Edition:")) for line in lines[:4]) or bool(
        lines and lines[0].startswith(("Chapter ", "Rule ", "Appendix "))
    )


@click.command()
@motion_files_argument()
@rulebook_option
@format_option("text", "md", "html", "json", "unified")
@click.option(
    "--colour/--no-colour",
    "colour",
    default=None,
    help="Colour (default: on a terminal, unless NO_COLOR).",
)
@quiet_option
@reports_errors
def diff(files: tuple[str, ...], rulebook_path: str | None, fmt: str, colour: bool | None) -> None:
    """Show each motion's redline and what the rule will read.

    With two rule-book files instead of motions, list what changed between the editions.
    """
    if len(files) == 2 and all(_looks_like_rulebook(f) for f in files):
        from motions.cli.editions import run_edition_diff

        sys.exit(run_edition_diff(files[0], files[1], fmt))
    rb = book(rulebook_path)
    results = [apply(rb, motion) for motion in read_motions(files)]
    if fmt == "json":
        click.echo(render.report_json(results))
    elif fmt == "html":
        click.echo(render.report_html(results), nl=False)
    else:
        use = use_colour(sys.stdout, force=colour)
        for amended in results:
            if fmt == "md":
                click.echo(render.report_markdown(amended))
            elif fmt == "unified":
                click.echo(render.report_unified(amended), nl=False)
            else:
                click.echo(render.report_text(amended, colour=use))
    sys.exit(0 if all(a.applied and not a.errors for a in results) else 1)


@click.command(name="apply")
@motion_files_argument()
@output_option("Where to write the consolidated edition", required=True)
@click.option(
    "--edition", default=None, help="Edition name for the new book (default: the old one, amended)."
)
@click.option(
    "--strict", is_flag=True, help="A motion with a warning is not carried either (exit 1)."
)
@rulebook_option
@format_option("text", "json")
@quiet_option
@reports_errors
def apply_command(
    files: tuple[str, ...],
    output: str,
    edition: str | None,
    strict: bool,
    rulebook_path: str | None,
    fmt: str,
) -> None:
    """Carry every motion, in order, and write the consolidated edition to OUTPUT (- for
    standard output).

    A motion is carried only if it applies and has no error: one whose stated result ("the
    amended rule will read") differs from what its operations produce is not carried. Every
    diagnostic of every motion is printed on standard error. With --format json the report
    (which motions carried, and why the others did not) is a `motions.apply/1` document on
    standard output, so OUTPUT must then be a file.
    """
    if fmt == "json" and output == "-":
        raise MotionsError(
            error(
                "output-clash",
                "--format json prints the report on standard output: write the edition to a file",
                hint="use -o FILE",
            )
        )
    rb = book(rulebook_path)
    current = rb
    outcomes: list[tuple[Amended, bool]] = []
    for motion in read_motions(files):
        amended = apply(current, motion)
        carried = amended.applied and not _failing(amended.diagnostics, strict)
        if carried:
            current = amended.rulebook
        outcomes.append((amended, carried))
    result = attrs.evolve(current, edition=edition or f"{rb.edition} as amended")
    where = write_output(output, readable_edition(result))
    carried_count = sum(1 for _, carried in outcomes if carried)
    if fmt == "json":
        emit_json(
            "apply",
            {
                "output": output,
                "edition": result.edition,
                "carried": [a.motion.source for a, carried in outcomes if carried],
                "failed": [
                    {"motion": a.motion.source, "diagnostics": [d.to_json() for d in a.diagnostics]}
                    for a, carried in outcomes
                    if not carried
                ],
            },
        )
        sys.exit(0 if carried_count == len(outcomes) else 1)
    note(f"carried {carried_count} of {len(outcomes)} motions; wrote {where}")
    for amended, carried in outcomes:
        if carried and not amended.diagnostics:
            continue
        verdict = "carried" if carried else "not carried" if amended.applied else "not applied"
        click.echo(f"\n{verdict}: {amended.motion.name} ({amended.motion.source})", err=True)
        for d in amended.diagnostics:
            click.echo(d.format(), err=True)
    sys.exit(0 if carried_count == len(outcomes) else 1)


def _failing(diagnostics: tuple[Diagnostic, ...], strict: bool) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in failing for d in diagnostics)


def readable_edition(result: Rulebook) -> str:
    """The edition's source text, proven to read back as the same book before it is written:
    an edition `motions` cannot read again is a bug, reported, never a file."""
    text = render_rulebook(result)
    try:
        again = parse_rulebook(text, scheme=result.scheme)
    except MotionsError as exc:
        problems = "; ".join(d.message for d in exc.diagnostics)
        raise MotionsError(
            error(
                "edition-unreadable",
                f"the amended edition would not read back ({problems}); nothing was written",
                hint="this is a bug in motions: please report it with the motions given",
            )
        ) from exc
    if again != result:
        raise MotionsError(
            error(
                "edition-unreadable",
                "the amended edition would read back as a different book; nothing was written",
                hint="this is a bug in motions: please report it with the motions given",
            )
        )
    return text


def lint_findings(amended: Amended) -> tuple[Diagnostic, ...]:
    return amended.diagnostics + admissibility(amended.motion)


@click.command()
@motion_files_argument()
@rulebook_option
@format_option("text", "json")
@quiet_option
@reports_errors
def lint(files: tuple[str, ...], rulebook_path: str | None, fmt: str) -> None:
    """Report what the Conference Arrangements Committee would rule out, and drafting errors."""
    rb = book(rulebook_path)
    findings: list[tuple[Motion, Diagnostic]] = []
    for motion in read_motions(files):
        for diagnostic in lint_findings(apply(rb, motion)):
            findings.append((motion, diagnostic))
    counted = [(m, d) for m, d in findings if d.severity is not Severity.NOTE]
    if fmt == "json":
        data = [{"motion": m.source, "title": m.header.title} | d.to_json() for m, d in findings]
        emit_json("lint", {"findings": data})
    else:
        for motion, diagnostic in findings:
            click.echo(f"{motion.name}:")
            click.echo(diagnostic.format())
        note(f"{len(counted)} finding(s) in {len(files)} file(s)")
    sys.exit(1 if counted else 0)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--write",
    is_flag=True,
    help="Rewrite each file in canonical wording (headers, heading and argument kept).",
)
@reports_errors
def explain(files: tuple[str, ...], write: bool) -> None:
    """Show how each motion was read: heading, location, current text, one operation a line in
    canonical wording, stated result and argument."""
    by_file = [(path, read_motions((path,))) for path in files]
    for path, motions in by_file:
        if write:
            atomic_write_text(path, render.canonical_file(motions))
            click.echo(f"rewrote {path} ({len(motions)} motion(s)) in canonical wording", err=True)
            continue
        for motion in motions:
            click.echo(render.explain(motion))


def register(root: click.Group) -> None:
    for command in (diff, apply_command, lint, explain):
        root.add_command(command)


__all__ = ["MotionsError", "register"]
