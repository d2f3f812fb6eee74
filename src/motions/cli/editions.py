"""Edition commands: `motions import FILE` and the edition diff behind `motions diff OLD NEW`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from motions.book.load import load_rulebook
from motions.book.numbering import resolve_scheme
from motions.cli.common import chosen_scheme, emit_document, format_option, reports_errors
from motions.contract import dumps
from motions.editions.diff import diff_editions
from motions.errors import MotionsError, error
from motions.files import atomic_write_text
from motions.importers import import_file
from motions.render import editions as render
from motions.render.redline import use_colour

#: The formats `run_edition_diff` accepts ("markdown" is another name for "md").
FORMATS = ("text", "md", "markdown", "html", "json")


class _Bar:
    """A click progress bar on stderr, made when the importer first says how much there is."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None,
    help="Write the rule book's source here (default: standard output).",
)  # fmt: skip
@click.option("--title", default=None, help="The book's title, if the file's cover is wrong.")
@click.option("--edition", default=None, help='The edition ("2026"), if the cover lacks it.')
@click.option("--password", default=None, help="The password of an encrypted PDF.")
@click.option(
    "--scheme", "scheme_name", default=None,
    help="Numbering scheme: a shipped name or a .toml file (default: inferred from the file).",
)  # fmt: skip
@click.option(
    "--print-scheme", is_flag=True,
    help="Print the numbering scheme used (inferred, unless --scheme) as TOML, not the book.",
)  # fmt: skip
@format_option("text", "json")
@click.pass_context
@reports_errors
def import_command(
    ctx: click.Context,
    file: str,
    output: str | None,
    title: str | None,
    edition: str | None,
    password: str | None,
    scheme_name: str | None,
    print_scheme: bool,
    fmt: str,
) -> None:
    """Turn a rule book printed as PDF, or kept as Word .docx, into the source format.

    Reports on stderr what it could not place (kept in the output as comments or as text of
    the provision above, never dropped). Exit status: 0 when everything was placed, 1 when
    something was reported, 2 when FILE cannot be read as a rule book.

    With --format json the report is a `motions.import/1` document on standard output (the
    book's source then needs -o FILE), and bad input a `motions.error/1` document.
    """
    as_json = fmt == "json"
    if as_json and (print_scheme or not output or output == "-"):
        raise MotionsError(
            error(
                "import-usage",
                "--format json prints the import report on standard output"
                + (", not with --print-scheme" if print_scheme else "")
                + "; give -o FILE for the book's source",
                hint="motions import BOOK.pdf -o book.txt --format json",
            )
        )
    scheme = resolve_scheme(scheme_name) if scheme_name else None
    # A progress bar only where a person watches: on a terminal.
    bar = _Bar(f"Reading {Path(file).name}") if sys.stderr.isatty() else None
    try:
        result = import_file(
            file,
            progress=bar,
            title=title,
            edition=edition,
            password=password,
            source_name=Path(output).name if output else None,
            scheme=scheme,
        )
    finally:
        if bar is not None:
            bar.close()
    if print_scheme:
        click.echo(result.rulebook.scheme.source, nl=False)
        return
    if output:
        atomic_write_text(output, result.source)
    else:
        click.echo(result.source, nl=False)
    if as_json:
        emit_document(result.to_dict())
        if result.warnings:
            ctx.exit(1)
        return
    for diagnostic in result.diagnostics:
        click.echo(diagnostic.format(), err=True)
    book = result.rulebook
    pages = f", {result.pages} pages" if result.pages else ""
    where = f" → {output}" if output else ""
    click.echo(
        f"imported {len(book)} provisions of {book.title} ({book.edition or 'no edition'}) "
        f"from {Path(file).name}{pages}{where}",
        err=True,
    )
    if result.warnings:
        click.echo(
            f"{len(result.warnings)} piece(s) of text could not be placed: see the warnings "
            "above; each is marked in the output with a comment",
            err=True,
        )
        ctx.exit(1)


def run_edition_diff(old_path: str, new_path: str, fmt: str) -> int:
    """Print the edition diff of two rule-book source files; the exit status to use.

    0 when the editions have the same provisions, 1 when something changed, 2 on bad input.
    """
    if fmt not in FORMATS:
        click.echo(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}", err=True)
        return 2
    try:
        scheme = chosen_scheme()
        old = load_rulebook(old_path, scheme=scheme)
        new = load_rulebook(new_path, scheme=scheme)
    except MotionsError as exc:
        if fmt == "json":
            click.echo(dumps(exc.to_dict()), nl=False)
        else:
            click.echo(exc.format(), err=True)
        return 2
    diff = diff_editions(old, new)
    if fmt == "text":
        output = render.text(diff, colour=use_colour(sys.stdout))
    else:
        output = render.RENDERERS["md" if fmt == "markdown" else fmt](diff)
    click.echo(output, nl=False)
    return 1 if diff.changed else 0


def register(root: click.Group) -> None:
    """Add `motions import` to the root group (the edition diff is reached through `diff`)."""
    root.add_command(import_command)
