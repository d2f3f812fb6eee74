"""Running the command line under hostile input: the commands, the bad values, the verdict."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import click
from click.testing import CliRunner

from motions.cli import main
from motions.cli.common import EX_SOFTWARE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CONFERENCE = EXAMPLES / "conference-2026"
#: Small limits, so a sweep that hands /dev/zero to a bounded reader is quick.
SMALL_LIMITS = {
    "MOTIONS_MAX_RULEBOOK_MB": "1",
    "MOTIONS_MAX_MOTION_MB": "1",
    "MOTIONS_MAX_TABLE_MB": "1",
}


def leaf_commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> Iterator[
    tuple[tuple[str, ...], click.Command]
]:  # fmt: skip
    """Every command a user can run, as its words ("whip", "pledge") and the click command."""
    for name in sorted(group.list_commands(click.Context(group))):
        command = group.get_command(click.Context(group), name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


@attrs.frozen
class Outcome:
    argv: tuple[str, ...]
    exit_code: int
    problem: str | None
    seconds: float
    stderr: str


def invoke(argv: Sequence[str], env: dict[str, str] | None = None) -> Outcome:
    """Run `motions ARGV` in-process; `problem` says what is wrong, if anything is.

    Wrong: an exception that escaped the boundary (a traceback, exit 1), an internal error
    (exit 70: the boundary caught a bug), or an exit status that is not 0, 1 or 2.
    """
    started = time.perf_counter()
    result = CliRunner().invoke(main, list(argv), env={**SMALL_LIMITS, **(env or {})})
    seconds = time.perf_counter() - started
    stderr = result.stderr if result.stderr_bytes is not None else ""
    problem = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        problem = f"escaped: {type(result.exception).__name__}: {result.exception}"[:300]
    elif result.exit_code == EX_SOFTWARE:
        problem = "internal error: " + stderr.splitlines()[0][:300] if stderr else "exit 70"
    elif result.exit_code not in (0, 1, 2):
        problem = f"exit status {result.exit_code}"
    return Outcome(tuple(argv), result.exit_code, problem, seconds, stderr)


@contextlib.contextmanager
def memory_cap(extra_bytes: int = 256 * 1024 * 1024) -> Iterator[None]:
    """Cap this process's address space at its current size plus `extra_bytes`, so a reader
    that swallows an endless file fails with MemoryError instead of taking the machine down.
    Does nothing where the limit cannot be read (no /proc)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + extra_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
