"""What every command shares: errors (as text or as JSON), reading `-` as standard input,
`-o/--output` with `-` as standard output, `--quiet`, broken pipes, and the --rulebook and
--format options."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

from motions.contract import document_pieces, dumps, envelope
from motions.errors import MotionsError, error
from motions.files import (
    MOTION_LIMIT,
    RULEBOOK_LIMIT,
    SizeLimit,
    atomic_write_pieces,
    batched,
    motion_paths,
    read_text_limited,
)
from motions.numbers import natural

if TYPE_CHECKING:
    from motions.book.numbering import Scheme
    from motions.book.rulebook import Rulebook

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


#: Exit status for a bug in motions itself (EX_SOFTWARE in sysexits.h), never for bad input.
EX_SOFTWARE = 70
#: Where `--debug` is kept for the commands under the root group.
_DEBUG_KEY = "motions.debug"
#: The whole command line as the root group received it, for usage errors under --format json.
_ARGUMENTS_KEY = "motions.arguments"


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


def quit_on_broken_pipe() -> NoReturn:
    """The reader went away (`motions outline | head`): stop quietly, as a Unix tool does.

    Standard output is pointed at /dev/null so that the interpreter's final flush cannot fail
    again; the status is the shell's for a pipe writer ended by SIGPIPE (128 + 13).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(141)


def _guard(call: Callable[[], R], *, as_json: bool = False) -> R:
    """Run `call`: a closed pipe ends quietly, our errors and file problems exit 2 (as JSON when
    asked), click's own exits pass, anything else is an internal error (exit 70)."""
    try:
        return call()
    except BrokenPipeError:
        quit_on_broken_pipe()
    except MotionsError as exc:
        fail(exc, as_json=as_json)
    except OSError as exc:
        problem = error("io", str(exc), hint="check the path and permissions")
        fail(MotionsError(problem), as_json=as_json)
    except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
        raise
    except RecursionError as exc:
        problem = error("too-deep", f"the input nests too deeply ({exc})")
        fail(MotionsError(problem), as_json=as_json)
    except Exception as exc:  # the one place every other exception is reported
        internal_error(exc)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn our errors, and files that cannot be read or written, into one clear message and
    exit status 2 (as JSON when the command was given `--format json`); any other exception
    into an internal-error report (exit 70); never a traceback unless asked for with --debug.
    A closed pipe on standard output ends the command quietly."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return _guard(lambda: command(*args, **kwargs), as_json=kwargs.get("fmt") == "json")

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
        given = list(args)  # click's parser consumes `args` as it goes
        ctx.meta.setdefault(_ARGUMENTS_KEY, given)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            _usage_as_json(exc, given)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        # An error raised before the command's own guard (a parameter's callback) honours
        # `--format json` as the command would have.
        as_json = asks_for_json(ctx.meta.get(_ARGUMENTS_KEY, []))
        try:
            return _guard(lambda: super(GuardedGroup, self).invoke(ctx), as_json=as_json)
        except click.UsageError as exc:
            _usage_as_json(exc, ctx.meta.get(_ARGUMENTS_KEY, []))
            raise


def asks_for_json(arguments: list[str]) -> bool:
    """True when the command line asks for `--format json` (either spelling), wherever it
    stands: a usage error must honour it as well as the command would have."""
    for position, argument in enumerate(arguments):
        if argument == "--":
            return False
        if argument == "--format=json":
            return True
        if argument == "--format" and arguments[position + 1 : position + 2] == ["json"]:
            return True
    return False


def _usage_as_json(exc: click.UsageError, arguments: list[str]) -> None:
    """A usage error (an unknown option, a missing argument, a value of the wrong kind) on a
    command line asking for JSON becomes a `motions.error/1` document on stdout, exit 2, so a
    program reading the output meets one contract for every failure. Otherwise nothing: click
    prints its usage text as usual."""
    if not asks_for_json(arguments):
        return
    command = exc.ctx.command_path if exc.ctx is not None else "motions"
    problem = error("usage", exc.format_message(), hint=f"see `{command} --help`")
    fail(MotionsError(problem), as_json=True)


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


def _motion_paths(
    _ctx: click.Context, _param: click.Parameter, paths: tuple[str, ...]
) -> tuple[str, ...]:
    return motion_paths(paths)


def motion_files_argument(
    metavar: str | None = None,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The `FILES...` argument of a command that reads motions: files, - for standard input, or
    directories, each replaced by the `*.motion` files in it (`files.motion_paths`), so the
    command sees files only. Whether a file exists is left to `read_input`, so that a missing
    file is our error (as JSON too, under --format json)."""
    return click.argument(
        "files",
        metavar=metavar,
        nargs=-1,
        required=True,
        type=click.Path(allow_dash=True),
        callback=_motion_paths,
    )


_rulebook_path = click.option(
    "--rulebook",
    "rulebook_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Rule book source file, or - for standard input (default: the embedded model book).",
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


def output_option(
    what: str, *, required: bool = False, aliases: tuple[str, ...] = (), folder: bool = False
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """`-o/--output FILE`, the same on every command that writes a file; `-` is standard output.
    The value reaches the command as `output`; write it with `write_output`. `aliases` are a
    command's old spellings (`--out`), still accepted but hidden from --help. With `folder`,
    the command writes several files into a folder (`motions brief`): no `-` then, and the
    command refuses it itself (so that the refusal keeps the JSON contract)."""

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
        dash = "" if folder else " (- for standard output)"
        return click.option(
            "-o",
            "--output",
            "output",
            type=click.Path(allow_dash=not folder),
            default=None,
            callback=resolve,
            help=f"{what}{dash}." + ("  [required]" if required else ""),
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


def quiet() -> bool:
    """Whether the running command was given `--quiet` (no summaries, no progress bars)."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and bool(ctx.meta.get("motions.quiet"))


def note(message: str) -> None:
    """A summary for a person on stderr ("wrote out.txt"), unless the command was `--quiet`."""
    if not quiet():
        click.echo(message, err=True)


def read_input(path: str, limit: SizeLimit = MOTION_LIMIT) -> tuple[str, str]:
    """The text of an input file and the name to give it in messages; `-` is standard input.
    Either is refused past `limit` (read no further than one character over it)."""
    if path == "-":
        stdin = sys.stdin.read(limit.bytes() + 1)
        if len(stdin) > limit.bytes():
            raise MotionsError(
                error("file-too-large", f"standard input is over the limit for a {limit.what}",
                      hint=f"raise it with {limit.variable}=<megabytes>")
            )  # fmt: skip
        return stdin, STDIN_NAME
    return read_text_limited(path, limit), path


def write_output(path: str | None, text: str | Iterable[str]) -> str:
    """Write `text` (a string, or pieces of one written as they come) to `path` atomically
    (`motions.files.atomic_write`: a temporary file beside it, synced, then a rename, so a
    reader never sees half a file and a failed write leaves the old one), or to standard output
    when `path` is None or `-`. The name to report: the path, or "standard output"."""
    pieces = (text,) if isinstance(text, str) else text
    if path is None or path == "-":
        emit_pieces(pieces)
        return "standard output"
    atomic_write_pieces(path, pieces)
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
    emit_pieces(document_pieces(document))


def emit_pieces(pieces: Iterable[str]) -> None:
    """Print `pieces` as they come, a MiB at a time (`motions.files.batched`)."""
    for text in batched(pieces):
        click.echo(text, nl=False)


def chosen_scheme() -> Scheme | None:
    """The scheme given with --scheme to the running command, if any."""
    from motions.book.numbering import resolve_scheme

    context = click.get_current_context(silent=True)
    name = context.meta.get("motions.scheme") if context is not None else None
    return resolve_scheme(name) if name else None


def book(path: str | None) -> Rulebook:
    """The rule book at `path`, `-` for standard input, None for the embedded model book, read
    with the scheme given by --scheme if any. (The book wing is imported here, not at the top,
    so that `motions --help` does not load it.)"""
    from motions.book.load import load_rulebook
    from motions.book.outline import parse_rulebook

    scheme = chosen_scheme()
    if path == "-":
        text, _ = read_input(path, RULEBOOK_LIMIT)
        return parse_rulebook(text.removeprefix("\ufeff"), filename=STDIN_NAME, scheme=scheme)
    return load_rulebook(path, scheme=scheme)
