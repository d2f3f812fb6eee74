"""Drafting commands: `motions diff`, `motions apply`, `motions lint`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from motions.book.text import render_rulebook
from motions.cli.common import book, format_option, reports_errors, rulebook_option
from motions.drafting.admissibility import admissibility
from motions.drafting.apply import Amended, apply, apply_all
from motions.drafting.motion import Motion
from motions.drafting.reader import parse_motions
from motions.errors import Diagnostic, MotionError, MotionsError, Severity, error
from motions.files import MOTION_LIMIT, atomic_write_text, read_text_limited
from motions.render import motion as render
from motions.render.redline import use_colour


def read_motions(paths: tuple[str, ...]) -> tuple[Motion, ...]:
    """Every motion in the files, in order; all files' problems reported together."""
    motions: list[Motion] = []
    problems: list[Diagnostic] = []
    for path in paths:
        try:
            text = read_text_limited(path, MOTION_LIMIT)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(error("motion-unreadable", f"cannot read {path}: {exc}"))
            continue
        except MotionsError as exc:  # over the size limit
            problems.extend(exc.diagnostics)
            continue
        try:
            motions.extend(parse_motions(text, filename=path))
        except MotionError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise MotionError(problems)
    return tuple(motions)


def _looks_like_rulebook(path: str) -> bool:
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
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@rulebook_option
@format_option("text", "md", "html", "json", "unified")
@click.option(
    "--colour/--no-colour",
    "colour",
    default=None,
    help="Colour (default: on a terminal, unless NO_COLOR).",
)
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
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="Where to write the consolidated edition.",
)
@click.option(
    "--edition", default=None, help="Edition name for the new book (default: the old one, amended)."
)
@rulebook_option
@reports_errors
def apply_command(
    files: tuple[str, ...], output: str, edition: str | None, rulebook_path: str | None
) -> None:
    """Carry every motion, in order, and write the consolidated edition to OUTPUT."""
    rb = book(rulebook_path)
    motions = read_motions(files)
    result, amended = apply_all(rb, motions)
    import attrs

    result = attrs.evolve(result, edition=edition or f"{rb.edition} as amended")
    atomic_write_text(output, render_rulebook(result))
    failed = [a for a in amended if not a.applied]
    carried = len(amended) - len(failed)
    click.echo(f"carried {carried} of {len(amended)} motions; wrote {output}", err=True)
    for a in failed:
        click.echo(f"\nnot applied: {a.motion.name} ({a.motion.source})", err=True)
        for d in a.diagnostics:
            click.echo(d.format(), err=True)
    sys.exit(1 if failed else 0)


def lint_findings(amended: Amended) -> tuple[Diagnostic, ...]:
    return amended.diagnostics + admissibility(amended.motion)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@rulebook_option
@format_option("text", "json")
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
        import json

        data = [{"motion": m.source, "title": m.header.title} | d.to_json() for m, d in findings]
        click.echo(json.dumps({"version": 1, "findings": data}, indent=2, ensure_ascii=False))
    else:
        for motion, diagnostic in findings:
            click.echo(f"{motion.name}:")
            click.echo(diagnostic.format())
        click.echo(f"{len(counted)} finding(s) in {len(files)} file(s)", err=True)
    sys.exit(1 if counted else 0)


def register(root: click.Group) -> None:
    for command in (diff, apply_command, lint):
        root.add_command(command)


__all__ = ["MotionsError", "register"]
