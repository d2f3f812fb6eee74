"""Laying out the PDF files of a run on worker processes, and where a sheet alone is laid out.

WeasyPrint is the slow part of a PDF, and single-threaded. A batch of sheets is laid out by
`jobs` worker processes. A sheet alone (`motions brief --delegate X --format pdf`) has a card
and, unless an earlier run cached them, its details in pieces (render.py): those are laid out
by the worker `paper.preload` started when the command began (WeasyPrint and the fonts loaded
in it meanwhile, on the other CPU), which forks itself to lay them out on `jobs` CPUs at once
(`lay_out_together`): a fork has WeasyPrint loaded already, where a new process or a thread
here would load it again (0.3-0.5 s of CPU). Once a file's parts are in, its pages are counted
and "page i of n" laid over them (paper.Layouts.numbering), and it is joined.
"""

from __future__ import annotations

import os
import pickle
import sys
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from pathlib import Path
from typing import TYPE_CHECKING, Any

from motions.brief.paper import Layouts, Part, pdf, take_worker

if TYPE_CHECKING:
    from motions.brief.render import OutputFile


def lay_out_files(
    items: list[OutputFile], put: Callable[[OutputFile, bytes], Path], jobs: int
) -> tuple[Path, ...]:
    """Make each file of `items` and `put` it, in order; PDFs laid out as the module says."""
    pdfs = [o for o in items if o.parts is not None and o.layouts is not None]
    worker = take_worker()  # started by paper.preload, with WeasyPrint loaded
    if worker is not None and (jobs <= 1 or len(pdfs) != 1):
        # A batch forks its own workers: once no thread runs here (the worker's own threads
        # end with it). Otherwise nothing waits for it to finish starting.
        worker.shutdown(wait=jobs > 1 and len(pdfs) > 1, cancel_futures=True)
        worker = None
    if jobs <= 1 or not pdfs or (worker is None and len(pdfs) == 1 and _unknown(pdfs[0]) <= 1):
        # One part to lay out is quicker here than in a worker started for it.
        return tuple(put(o, o.make()) for o in items)
    if worker is not None:
        lanes = max(1, min(jobs, os.cpu_count() or 1))
        with worker:
            return tuple(put(o, _alone(o, worker, lanes)) for o in items)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return _in_workers(items, put, pool, jobs)


def _alone(output: OutputFile, worker: Executor, lanes: int) -> bytes:
    """A file made with the early worker: the parts not known yet laid out by it on `lanes`
    CPUs, then its page numbers, then joined here."""
    if output.parts is None or output.layouts is None:
        return output.make()
    layouts = output.layouts
    parts = output.parts()
    laid_out = [layouts.known(part) for part in parts]
    todo = [index for index, data in enumerate(laid_out) if data is None]
    if todo:
        htmls = tuple(parts[index].html for index in todo)
        fresh = worker.submit(lay_out_together, htmls, lanes).result()
        for index, data in zip(todo, fresh, strict=True):
            laid_out[index] = data
            layouts.keep(parts[index], data)
    done = [data for data in laid_out if data is not None]
    numbers = layouts.numbering(parts, done)
    if numbers is None:
        return layouts.joined(parts, done, None)
    overlay = layouts.known(numbers)
    if overlay is None:
        overlay = worker.submit(pdf, numbers.html).result()
        layouts.keep(numbers, overlay)
    return layouts.joined(parts, done, (numbers, overlay))


def lay_out_together(htmls: Sequence[str], lanes: int) -> tuple[bytes, ...]:
    """The PDFs of `htmls`, laid out by this process and `lanes` - 1 forks of it at once.

    Meant for the worker `paper.preload` started: it has WeasyPrint and the fonts loaded and
    runs no other thread, so a fork (a few milliseconds) is ready to lay out at once. The
    longest documents go first and each process takes the next one when it is free, so the
    lanes end close together (render.py cuts the details for this). A fork sends what it laid
    out when it runs out of work; whatever a fork did not send (it failed or died) is laid out
    here, so an error is raised here, as without forks. Forks only on Linux (elsewhere the
    libraries WeasyPrint loads may not survive a fork)."""
    if lanes < 2 or len(htmls) < 2 or len(htmls) > 255 or not sys.platform.startswith("linux"):
        return tuple(pdf(html) for html in htmls)
    order = sorted(range(len(htmls)), key=lambda index: len(htmls[index]), reverse=True)
    queue, filler = os.pipe()
    os.write(filler, bytes(order))  # one byte per document, taken one at a time by each lane
    os.close(filler)
    forks: list[tuple[int, int]] = []
    laid_out: dict[int, bytes] = {}
    try:
        for _ in range(min(lanes, len(htmls)) - 1):
            forks.append(_fork_lane(htmls, queue))
        laid_out.update(_take_all(htmls, queue))
    finally:
        os.close(queue)
        for pid, results in forks:
            for index, data in _collect(pid, results).items():
                laid_out.setdefault(index, data)
    return tuple(
        laid_out[index] if index in laid_out else pdf(html) for index, html in enumerate(htmls)
    )


def _take_all(htmls: Sequence[str], queue: int) -> dict[int, bytes]:
    """Lay out the next document in `queue` until it is empty."""
    laid_out: dict[int, bytes] = {}
    while taken := os.read(queue, 1):
        laid_out[taken[0]] = pdf(htmls[taken[0]])
    return laid_out


def _fork_lane(htmls: Sequence[str], queue: int) -> tuple[int, int]:
    """Fork a lane: it lays out documents from `queue` until it is empty, then writes them,
    pickled, to a pipe and exits. Its process id and the pipe's end to read."""
    results, sending = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns of any thread when forking; this process runs only the C
        # libraries' own (OpenBLAS's, idle), which handle a fork.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the fork: never returns into the worker's code
        status = 1
        try:
            os.close(results)
            payload = pickle.dumps(_take_all(htmls, queue))
            with os.fdopen(sending, "wb") as stream:
                stream.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(sending)
    return pid, results


def _collect(pid: int, results: int) -> dict[int, bytes]:
    """What a forked lane laid out (nothing if it failed), once it has ended."""
    with os.fdopen(results, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return {}
    laid_out: dict[int, bytes] = pickle.loads(payload)
    return laid_out


def _unknown(output: OutputFile) -> int:
    """How many of a PDF file's parts are not laid out yet (not in memory, not on disk)."""
    assert output.parts is not None and output.layouts is not None
    return sum(output.layouts.known(part) is None for part in output.parts())


def _in_workers(
    items: list[OutputFile], put: Callable[[OutputFile, bytes], Path], pool: Any, jobs: int
) -> tuple[Path, ...]:
    """Make `items` with the `pool`'s worker processes laying out the PDF parts: each part not
    yet known is laid out once (a shared part for every sheet that needs it), up to `2 * jobs`
    at a time; once a file's parts are all laid out, its page numbers (a shared part for files
    of as many pages), then the file is joined and written."""
    written: dict[int, Path] = {}
    laid_out: dict[str, bytes] = {}  # parts laid out and not yet joined into every file
    waiting: dict[int, tuple[Part, ...]] = {}  # files not yet written, and their parts
    numbering: dict[int, Part | None] = {}  # their page numbers, once the parts are counted
    running: dict[Future[bytes], Part] = {}

    def need(part: Part, layouts: Layouts) -> None:
        known = layouts.known(part)
        if known is not None:
            laid_out[part.key] = known
        elif part.key not in laid_out and all(p.key != part.key for p in running.values()):
            running[pool.submit(pdf, part.html)] = part

    def settle(block: bool) -> None:
        if running:
            done, _ = wait(running, timeout=None if block else 0, return_when=FIRST_COMPLETED)
            for future in done:
                part = running.pop(future)
                laid_out[part.key] = future.result()
        for number, parts in list(waiting.items()):
            if not all(p.key in laid_out for p in parts):
                continue
            output = items[number]
            assert output.layouts is not None
            layouts = output.layouts
            pdfs = [laid_out[p.key] for p in parts]
            if number not in numbering:
                numbering[number] = layouts.numbering(parts, pdfs)
            numbers = numbering[number]
            if numbers is not None:
                need(numbers, layouts)
            if numbers is not None and numbers.key not in laid_out:
                continue  # laid out by a worker: joined when it is in
            del waiting[number], numbering[number]
            for p in (*parts, numbers) if numbers is not None else parts:
                layouts.keep(p, laid_out[p.key])
            overlay = None if numbers is None else (numbers, laid_out[numbers.key])
            written[number] = put(output, layouts.joined(parts, pdfs, overlay))
        needed = {p.key for parts in waiting.values() for p in parts}
        needed |= {n.key for n in numbering.values() if n is not None}
        for key in [k for k in laid_out if k not in needed]:
            del laid_out[key]  # shared parts stay in `layouts`; cards are done with

    for number, output in enumerate(items):
        if output.parts is None or output.layouts is None:
            written[number] = put(output, output.make())
            continue
        parts = output.parts()
        for part in parts:
            need(part, output.layouts)
        waiting[number] = parts
        settle(block=False)
        while len(running) >= 2 * jobs:
            settle(block=True)
    while waiting:
        settle(block=True)
    return tuple(written[n] for n in range(len(items)))
