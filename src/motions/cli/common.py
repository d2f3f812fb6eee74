"""What every command shares: error handling, the --rulebook and --format options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

import click

from motions.book.load import load_rulebook
from motions.book.numbering import Scheme, resolve_scheme
from motions.book.rulebook import Rulebook
from motions.errors import MotionsError, error

P = ParamSpec("P")
R = TypeVar("R")


def fail(exc: MotionsError) -> NoReturn:
    """Print every diagnostic of `exc` on stderr and exit with status 2 (bad input)."""
    click.echo(exc.format(), err=True)
    sys.exit(2)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn our errors, and files that cannot be read or written, into one clear message on
    stderr and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except MotionsError as exc:
            fail(exc)
        except OSError as exc:
            fail(MotionsError(error("io", str(exc), hint="check the path and permissions")))

    return wrapper


_rulebook_path = click.option(
    "--rulebook",
    "rulebook_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Rule book source file (default: the embedded model rule book).",
)


def _remember_scheme(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["motions.scheme"] = value


#: `--scheme NAME|FILE.toml`: read the rule book with this numbering scheme instead of the one
#: its header names. Stored on the context, so `book()` picks it up without a new parameter.
scheme_option = click.option(
    "--scheme",
    default=None,
    expose_value=False,
    callback=_remember_scheme,
    help="Numbering scheme: a shipped name or a .toml file (default: the rule book's own).",
)


def rulebook_option(command: Callable[P, R]) -> Callable[P, R]:
    """`--rulebook FILE` and `--scheme NAME|FILE.toml`, for every command that reads a book."""
    return _rulebook_path(scheme_option(command))


def format_option(*choices: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def chosen_scheme() -> Scheme | None:
    """The scheme given with --scheme to the running command, if any."""
    context = click.get_current_context(silent=True)
    name = context.meta.get("motions.scheme") if context is not None else None
    return resolve_scheme(name) if name else None


def book(path: str | None) -> Rulebook:
    return load_rulebook(path, scheme=chosen_scheme())
