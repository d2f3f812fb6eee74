"""What the whip commands share: the --book and --format options, JSON output, loaders."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from motions.cli.common import emit_json as emit_shared
from motions.cli.common import reports_errors
from motions.errors import Diagnostic, MotionsError, WhipError

if TYPE_CHECKING:
    from motions.whip.recommendations import LocatedRecommendation

P = ParamSpec("P")
R = TypeVar("R")

BOOK_ENV = "MOTIONS_WHIP_BOOK"


def book_option(command: Callable[P, R]) -> Callable[P, R]:
    return click.option(
        "--book",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar=BOOK_ENV,
        default=Path("whip.sqlite"),
        show_default=True,
        help=f"The whip book (SQLite). Also from ${BOOK_ENV}.",
    )(command)


def format_option(command: Callable[P, R]) -> Callable[P, R]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output format.",
    )(command)


def reports_whip_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Our errors as one message and exit 2 (`reports_errors`); a reader that closed the pipe
    (`motions tally --all | head`) ends the command quietly, with exit 0."""

    @functools.wraps(command)
    def quiet_pipe(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            # Point stdout at nothing, so Python's exit flush does not complain again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)

    return reports_errors(quiet_pipe)


def plain(data: Mapping[str, object]) -> dict[str, object]:
    """`data` as plain JSON values (dates, paths and the like as their text)."""
    result: dict[str, object] = json.loads(json.dumps(data, ensure_ascii=False, default=str))
    return result


def emit_json(command: str, data: Mapping[str, object]) -> None:
    """Print a whip command's result as a `motions.whip/1` document naming the command
    (docs/json.md): `{"schema": "motions.whip/1", "command": "show", ...}`."""
    emit_shared("whip", {"command": command, **plain(data)})


def warn(diagnostics: Sequence[Diagnostic]) -> None:
    for d in diagnostics:
        click.echo(d.format(), err=True)


def collect(
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


def recommendations_loader(path: Path) -> Callable[[], tuple[LocatedRecommendation, ...]]:
    def load() -> tuple[LocatedRecommendation, ...]:
        from motions.whip.recommendations import parse_recommendations
        from motions.whip.tomlio import read_text

        return parse_recommendations(read_text(path), str(path))

    return load
