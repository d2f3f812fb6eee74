"""Rule-book commands: `motions show`, `motions outline`, `motions refs`."""

from __future__ import annotations

import click

from motions.book.references import find_references
from motions.cli.common import (
    WholeNumber,
    book,
    emit,
    format_option,
    quiet_option,
    reports_errors,
    rulebook_option,
)
from motions.render import rulebook as render


@click.command()
@click.argument("citation")
@rulebook_option
@format_option("text", "json", "md")
@quiet_option
@reports_errors
def show(citation: str, rulebook_path: str | None, fmt: str) -> None:
    """Print the provision CITATION ("C4.II.2.B.i", "Chapter 4, Clause II, rule 2.B.i")."""
    rb = book(rulebook_path)
    provision = rb[citation]
    renderer = {"text": render.show_text, "json": render.show_json, "md": render.show_markdown}
    emit(renderer[fmt](rb, provision))


@click.command()
@click.option(
    "--depth",
    type=WholeNumber(1, 8),
    default=2,
    show_default=True,
    help="How many levels to list (1: chapters, 2: clauses, 3: rules ...).",
)
@rulebook_option
@format_option("text", "json", "md")
@quiet_option
@reports_errors
def outline(depth: int, rulebook_path: str | None, fmt: str) -> None:
    """Print the table of contents."""
    rb = book(rulebook_path)
    renderer = {
        "text": render.outline_text,
        "json": render.outline_json,
        "md": render.outline_markdown,
    }
    emit(renderer[fmt](rb, depth))


@click.command()
@click.argument("citation")
@rulebook_option
@format_option("text", "json", "md")
@quiet_option
@reports_errors
def refs(citation: str, rulebook_path: str | None, fmt: str) -> None:
    """Print what CITATION cites and what cites it."""
    rb = book(rulebook_path)
    provision = rb[citation]
    references = find_references(rb)
    renderer = {"text": render.refs_text, "json": render.refs_json, "md": render.refs_markdown}
    emit(renderer[fmt](provision, references))


def register(root: click.Group) -> None:
    """Add the rule-book commands to the root group."""
    for command in (show, outline, refs):
        root.add_command(command)
