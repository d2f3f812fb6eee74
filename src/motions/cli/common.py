"""What every command shares: errors (as text or as JSON), reading `-` as standard input,
`-o/--output` with `-` as standard output, `--quiet`, broken pipes, and the --rulebook and
--format options."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import click

from motions.book.load import load_rulebook
from motions.book.outline import parse_rulebook
from motions.book.rulebook import Rulebook
from motions.contract import dumps, envelope
from motions.errors import MotionsError, error

P = ParamSpec("P")
R = TypeVar("R")

#: The name a file read from standard input has in messages ("<stdin>:3:7: error ...").
STDIN_NAME = "<stdin>"


def fail(exc: MotionsError, *, as_json: bool = False) -> NoReturn:
    """Report every diagnostic of `exc` and exit with status 2 (bad input): as text on stderr,
    or, for a command asked for `--format json`, as a `motions.error/1` document on stdout."""
    if as_json:
        click.echo(dumps(exc.to_dict()), nl=False)
    else:
        click.echo(exc.format(), err=True)
    sys.exit(2)


def quit_on_broken_pipe() -> NoReturn:
    """The reader went away (`motions outline | head`): stop quietly, as a Unix tool does.

    Standard output is pointed at /dev/null so that the interpreter's final flush cannot fail
    again; the status is the shell's for a pipe writer ended by SIGPIPE (128 + 13).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(141)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn our errors, and files that cannot be read or written, into one clear message and
    exit status 2, never a traceback; as JSON when the command was given `--format json`.
    A closed pipe on standard output ends the command quietly."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        as_json = kwargs.get("fmt") == "json"
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            quit_on_broken_pipe()
        except MotionsError as exc:
            fail(exc, as_json=as_json)
        except OSError as exc:
            problem = error("io", str(exc), hint="check the path and permissions")
            fail(MotionsError(problem), as_json=as_json)

    return wrapper


#: A motion file argument's type: a file, or - for standard input. Whether it exists is left to
#: `read_input`, so that a missing file is our error (as JSON too, under --format json).
MOTION_FILE = click.Path(dir_okay=False, allow_dash=True)

rulebook_option = click.option(
    "--rulebook",
    "rulebook_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Rule book source file, or - for standard input (default: the embedded model book).",
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


def output_option(
    what: str, *, required: bool = False, aliases: tuple[str, ...] = ()
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """`-o/--output FILE`, the same on every command that writes a file; `-` is standard output.
    The value reaches the command as `output`; write it with `write_output`. `aliases` are a
    command's old spellings (`--out`), still accepted but hidden from --help."""

    def resolve(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        value = value if value is not None else ctx.meta.get("motions.output-alias")
        if value is None and required:
            raise click.MissingParameter(ctx=ctx, param=_param)
        return value

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:
            ctx.meta["motions.output-alias"] = value

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        for alias in aliases:
            command = click.option(
                alias,
                f"output_alias_{alias.strip('-')}",
                type=click.Path(allow_dash=True),
                hidden=True,
                expose_value=False,
                callback=remember,
            )(command)
        return click.option(
            "-o",
            "--output",
            "output",
            type=click.Path(allow_dash=True),
            default=None,
            callback=resolve,
            help=f"{what} (- for standard output)." + ("  [required]" if required else ""),
        )(command)

    return decorate


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta["motions.quiet"] = True
    return value


quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_quiet,
    help="Say nothing on stderr but problems (no summaries, no 'wrote ...').",
)


def note(message: str) -> None:
    """A summary for a person on stderr ("wrote out.txt"), unless the command was `--quiet`."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or not ctx.meta.get("motions.quiet"):
        click.echo(message, err=True)


def read_input(path: str) -> tuple[str, str]:
    """The text of an input file and the name to give it in messages; `-` is standard input."""
    if path == "-":
        stdin = sys.stdin.read()
        return stdin, STDIN_NAME
    return Path(path).read_text(encoding="utf-8"), path


def write_output(path: str | None, text: str) -> str:
    """Write `text` to `path` atomically (a temporary file beside it, then a rename, so a
    reader never sees half a file), or to standard output when `path` is None or `-`.
    The name to report: the path, or "standard output"."""
    if path is None or path == "-":
        click.echo(text, nl=False)
        return "standard output"
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", text=True)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def emit(text: str) -> None:
    """Print `text` on standard output ending with exactly one newline."""
    click.echo(text.rstrip("\n"))


def emit_json(kind: str, data: Mapping[str, object]) -> None:
    """Print `data` as a `motions.<kind>/<major>` document: the one call a command makes to
    keep the JSON contract (docs/json.md)."""
    click.echo(dumps(envelope(kind, data)), nl=False)


def emit_document(document: Mapping[str, object]) -> None:
    """Print a document that already carries its `schema` key (a result's `to_dict()`)."""
    click.echo(dumps(document), nl=False)


def book(path: str | None) -> Rulebook:
    """The rule book at `path`, `-` for standard input, None for the embedded model book."""
    if path == "-":
        text, _ = read_input(path)
        return parse_rulebook(text.removeprefix("\ufeff"), filename=STDIN_NAME)
    return load_rulebook(path)
