"""Laying out the PDF files of a run on worker processes, and where a sheet alone is laid out.

WeasyPrint is the slow part of a PDF, and single-threaded. A batch of sheets is laid out by
`jobs` worker processes. A sheet alone (`motions brief --delegate X --format pdf`) has a card
and, unless an earlier run cached them, its details in two pieces (render.py): those are laid
out by the worker `paper.preload` started when the command began (WeasyPrint loaded in it
meanwhile, on the other CPU) and, when a CPU is idle, by a thread here at the same time: on
two idle CPUs, about half the time of laying them out one after the other. Once a file's parts
are in, its pages are counted and "page i of n" laid over them (paper.Layouts.numbering), and
it is joined.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
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
        with Lanes(worker) as lanes:
            return _in_workers(items, put, lanes, jobs)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return _in_workers(items, put, pool, jobs)


def spare_cpu() -> bool:
    """Whether a CPU is idle besides this command's: the load average over the last minute
    (this command included) at least one below the CPUs."""
    try:
        return os.getloadavg()[0] + 1 <= (os.cpu_count() or 1)
    except OSError:  # no load average here
        return False


class Lanes:
    """Where a sheet alone is laid out: the worker started early, and, if a CPU is idle
    (`spare_cpu`), a thread of this process too (which loads WeasyPrint when first given a
    part). Each part goes to the lane with fewer parts to do, the worker first; so the first
    piece of the details goes to the worker, the second to the thread, and the card to the
    worker after its piece. On a busy machine the thread only adds work (WeasyPrint loaded a
    second time, the two lanes sharing the CPUs others use): measured on two CPUs at a load
    of 4, a sheet with its details to lay out took 5.0 s of CPU with the thread, 3.8 without."""

    def __init__(self, worker: Executor) -> None:
        self.worker = worker
        self.here = ThreadPoolExecutor(max_workers=1, thread_name_prefix="motions-pdf")
        self.todo: dict[Executor, set[Future[bytes]]] = {worker: set()}
        if spare_cpu():
            self.todo[self.here] = set()

    def submit(self, function: Callable[[str], bytes], html: str) -> Future[bytes]:
        for futures in self.todo.values():
            futures -= {f for f in futures if f.done()}
        lane = min(self.todo, key=lambda executor: len(self.todo[executor]))  # worker on ties
        future = lane.submit(function, html)
        self.todo[lane].add(future)
        return future

    def __enter__(self) -> Lanes:
        return self

    def __exit__(self, *_: object) -> None:
        self.here.shutdown(wait=True)
        self.worker.shutdown(wait=True)


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
