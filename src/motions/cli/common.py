"""What every command shares: error handling, the --rulebook and --format options."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from motions.book.load import load_rulebook
from motions.book.rulebook import Rulebook
from motions.errors import MotionsError, error
from motions.numbers import natural

P = ParamSpec("P")
R = TypeVar("R")


def fail(exc: MotionsError) -> NoReturn:
    """Print every diagnostic of `exc` on stderr and exit with status 2 (bad input)."""
    click.echo(exc.format(), err=True)
    sys.exit(2)


#: Exit status for a bug in motions itself (EX_SOFTWARE in sysexits.h), never for bad input.
EX_SOFTWARE = 70
#: Where `--debug` is kept for the commands under the root group.
_DEBUG_KEY = "motions.debug"


def debugging() -> bool:
    """True with `motions --debug ...` or MOTIONS_DEBUG=1: internal errors show their traceback."""
    context = click.get_current_context(silent=True)
    if context is not None and context.find_root().meta.get(_DEBUG_KEY):
        return True
    return os.environ.get("MOTIONS_DEBUG", "").strip() not in ("", "0")


def internal_error(exc: BaseException) -> NoReturn:
    """Report a bug (an exception that is neither our error nor a file problem) and exit 70.

    The user gets one paragraph naming the version and asking for a report; the traceback only
    with --debug, since it says nothing to someone who gave bad input and everything to us.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("motions")
    except PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        release = "unknown version"
    if debugging():
        click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    click.echo(
        f"motions {release}: internal error: {type(exc).__name__}"
        + (f": {detail}" if detail else "")
        + "\n  This is a bug in motions, not a fault in your input. Please report it to the"
        " motions maintainers with the command you ran, its input files if you can share them,"
        " and this message"
        + ("." if debugging() else " (run again with `motions --debug ...` for the traceback)."),
        err=True,
    )
    sys.exit(EX_SOFTWARE)


def _guard(call: Callable[[], R]) -> R:
    """Run `call`: our errors and file problems exit 2, click's own exits pass, anything else is
    an internal error (exit 70)."""
    try:
        return call()
    except MotionsError as exc:
        fail(exc)
    except OSError as exc:
        fail(MotionsError(error("io", str(exc), hint="check the path and permissions")))
    except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
        raise
    except RecursionError as exc:
        fail(MotionsError(error("too-deep", f"the input nests too deeply ({exc})")))
    except Exception as exc:  # the one place every other exception is reported
        internal_error(exc)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn our errors, and files that cannot be read or written, into one clear message on
    stderr and exit status 2; any other exception into an internal-error report (exit 70);
    never a traceback unless asked for with --debug."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return _guard(lambda: command(*args, **kwargs))

    return wrapper


class GuardedGroup(click.Group):
    """The root group: whatever escapes a command (a parameter's callback, a lazy import, a
    command without `reports_errors`) meets the same boundary as `reports_errors`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse an argument that is not text before any command sees it: bytes that are not
        UTF-8 arrive as lone surrogates and fail wherever they are first printed or stored."""
        for position, argument in enumerate(args, start=1):
            if any("\ud800" <= ch <= "\udfff" for ch in argument):
                shown = argument.encode("utf-8", "backslashreplace").decode("utf-8")
                fail(
                    MotionsError(
                        error(
                            "argument-encoding",
                            f"argument {position} ({shown[:60]!r}) is not UTF-8 text",
                            hint="check the terminal's or the script's encoding",
                        )
                    )
                )
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        return _guard(lambda: super(GuardedGroup, self).invoke(ctx))


def _remember_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[_DEBUG_KEY] = True
    return value


debug_option = click.option(
    "--debug",
    is_flag=True,
    default=False,
    expose_value=False,
    is_eager=True,
    envvar="MOTIONS_DEBUG",
    callback=_remember_debug,
    help="On an internal error, print the traceback (also MOTIONS_DEBUG=1).",
)


class WholeNumber(click.IntRange):
    """click's integer (with an optional range) that reads only what a person types as a number:
    ASCII digits, at most 18, an optional minus. `int()` would also take `1_0` as 10 and the
    fullwidth `２` as 2, a silently different number from the one on the screen."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if natural(text.removeprefix("-")) is None:
                self.fail(f"{value[:40]!r} is not a whole number in ASCII digits", param, ctx)
        return super().convert(value, param, ctx)


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
