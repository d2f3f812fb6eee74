"""What every command shares: error handling, the --rulebook and --format options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from motions.errors import MotionsError
from motions.load import load_rulebook
from motions.rulebook import Rulebook

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn our errors into one clear message on stderr and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except MotionsError as exc:
            click.echo(exc.format(), err=True)
            sys.exit(2)

    return wrapper


rulebook_option = click.option(
    "--rulebook",
    "rulebook_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Rule book source file (default: the embedded model rule book).",
)


def format_option(*choices: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def book(path: str | None) -> Rulebook:
    return load_rulebook(path)
