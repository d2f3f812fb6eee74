"""Reading motion files: one at a time, or a large agenda in worker processes.

Parsing is most of the cost of checking a large agenda, and each file parses on its own, so an
agenda of thousands of files is split into batches parsed by worker processes (one per CPU),
which send back the motions and problems of each file in order. Below `PARALLEL_FROM` files,
or on one CPU, starting the workers costs more than it saves and everything runs here.
Either way the result is the same: every motion in file order, or one `MotionError` with every
file's problems.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence

from motions.drafting.motion import Motion
from motions.drafting.reader import parse_motions
from motions.errors import Diagnostic, MotionError, MotionsError, error
from motions.files import MOTION_LIMIT, read_bytes_within

#: Fewer files than this are parsed in this process (measured: about where workers pay).
PARALLEL_FROM = 2_000
#: Files per task sent to a worker: enough to make the messages few, small enough to share.
BATCH = 250

Parsed = tuple[tuple[Motion, ...], tuple[Diagnostic, ...]]


#: Inputs already read, by the path they were given as: (text, the name for messages), e.g.
#: standard input for "-".
Given = Mapping[str, tuple[str, str]]


def read_motion_file(path: str, given: Given | None = None, most: int | None = None) -> Parsed:
    """The motions of one file, or its problems (never raises for bad input).

    `most`: the size limit's bytes, when the caller has looked them up once for many files."""
    if given and path in given:
        text, name = given[path]
    else:
        try:
            if most is None:
                most = MOTION_LIMIT.bytes()
            data = read_bytes_within(path, MOTION_LIMIT, most)
            text, name = data.decode("utf-8").removeprefix("\ufeff"), path
        except (OSError, UnicodeDecodeError) as exc:
            return (), (error("motion-unreadable", f"cannot read {path}: {exc}"),)
        except MotionsError as exc:  # over the size limit, or endless
            return (), tuple(exc.diagnostics)
    try:
        return parse_motions(text, filename=name), ()
    except MotionError as exc:
        return (), tuple(exc.diagnostics)


def _read_batch(paths: Sequence[str], given: Given | None = None) -> list[Parsed]:
    most = _limit()
    return [read_motion_file(path, given, most) for path in paths]


def _limit() -> int | None:
    """The motion file limit's bytes, looked up once for a batch; None if the setting is bad
    (then each file reports it, as it always has)."""
    try:
        return MOTION_LIMIT.bytes()
    except MotionsError:
        return None


def _in_workers(paths: Sequence[str], workers: int, given: Given | None) -> list[Parsed] | None:
    """Parse in worker processes; None if they cannot be started (then parse here)."""
    # Imported here: multiprocessing costs a command that reads one file about 10 ms to load.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    batches = [paths[i : i + BATCH] for i in range(0, len(paths), BATCH)]
    read_motion_file(paths[0], given)  # builds the grammar here, before the workers fork
    task = functools.partial(_read_batch, given=dict(given or {}))
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return [parsed for batch in pool.map(task, batches) for parsed in batch]
    except (OSError, BrokenProcessPool):
        return None


def default_workers() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_motion_files(
    paths: Sequence[str], *, workers: int | None = None, given: Given | None = None
) -> tuple[Motion, ...]:
    """Every motion in the files, in order; all files' problems raised together.

    `workers`: processes to parse in (default: the CPUs available; 1 parses here). `given`:
    inputs already read (standard input), by path.
    """
    workers = default_workers() if workers is None else workers
    results: list[Parsed] | None = None
    if workers > 1 and len(paths) >= PARALLEL_FROM:
        results = _in_workers(paths, workers, given)
    if results is None:
        results = _read_batch(paths, given)
    problems = [d for _, found in results for d in found]
    if problems:
        raise MotionError(problems)
    return tuple(motion for motions, _ in results for motion in motions)
