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

import contextlib
import os
import pickle
import struct
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

from motions.brief.paper import (
    Layouts,
    Part,
    pdf,
    pdf_and_pages,
    take_worker,
    warm_up,
)

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
    # each worker loads WeasyPrint and freezes it out of the collector's walks as it starts
    with ProcessPoolExecutor(max_workers=jobs, initializer=warm_up) as pool:
        return _in_workers(items, put, pool, jobs)


def _alone(output: OutputFile, worker: Executor, lanes: int) -> bytes:
    """A file made with the early worker: the parts not known yet and its page numbers laid
    out by it on `lanes` CPUs (`lay_out_together`), then joined here."""
    if output.parts is None or output.layouts is None:
        return output.make()
    layouts = output.layouts
    parts = output.parts()
    laid_out = [layouts.known(part) for part in parts]
    todo = [index for index, data in enumerate(laid_out) if data is None]
    ahead: tuple[int, bytes] | None = None
    if todo:
        htmls = tuple(parts[index].html for index in todo)
        before = sum(
            len(layouts.reader(part, data).pages)
            for part, data in zip(parts, laid_out, strict=True)
            if data is not None
        )
        numbers = layouts.numbers if len(parts) > 1 else None
        job = worker.submit(lay_out_together, htmls, lanes, numbers, before)
        fresh, ahead = job.result()
        for index, data in zip(todo, fresh, strict=True):
            laid_out[index] = data
            layouts.keep(parts[index], data)
    done = [data for data in laid_out if data is not None]
    numbers_part = layouts.numbering(parts, done)
    if numbers_part is None:
        return layouts.joined(parts, done, None)
    pages = sum(len(layouts.reader(p, d).pages) for p, d in zip(parts, done, strict=True))
    overlay = layouts.known(numbers_part)
    if overlay is None and ahead is not None and ahead[0] == pages:
        overlay = ahead[1]
    if overlay is None:
        overlay = worker.submit(pdf, numbers_part.html).result()
    layouts.keep(numbers_part, overlay)
    return layouts.joined(parts, done, (numbers_part, overlay))


#: What `lay_out_together` gives back: the PDF of each document, in order, and (with
#: `numbers`) "page i of n" for the file they make (n, and its PDF).
Together = tuple[tuple[bytes, ...], tuple[int, bytes] | None]


def lay_out_together(
    htmls: Sequence[str],
    lanes: int,
    numbers: Callable[[int], str] | None = None,
    before: int = 0,
) -> Together:
    """The PDFs of `htmls`, laid out by this process and `lanes` - 1 forks of it at once,
    and with `numbers` (the HTML of "page i of n" for n pages), the page numbers of a file of
    `before` pages more than these documents.

    Meant for the worker `paper.preload` started: it has WeasyPrint and the fonts loaded and
    runs no other thread, so a fork (a few milliseconds) is ready to lay out at once. This
    process takes the shortest document (the card) before it forks, the fork the longest
    (the longer piece of the details), then each process takes the next one, shortest first,
    when it is free: so the lanes end close together (render.py cuts the details for this),
    this one usually first. A fork says how many pages each document has as it ends it, and
    sends the PDFs when it runs out of work; whatever a fork did not send (it failed or
    died) is laid out here, so an error is raised here, as without forks. The page numbers
    wait for every page to be counted, unless this process runs out of work while one fork
    lays out its last document: then it lays them out meanwhile, for the page count it
    expects (`_expected_pages`), and again once counted if that was wrong. Forks only on
    Linux (elsewhere the libraries WeasyPrint loads may not survive a fork)."""
    if lanes < 2 or len(htmls) < 2 or len(htmls) > 255 or not sys.platform.startswith("linux"):
        made = [pdf_and_pages(html) for html in htmls]
        pages = before + sum(count for _, count in made)
        return tuple(data for data, _ in made), _numbered(numbers, pages)
    by_length = sorted(range(len(htmls)), key=lambda index: len(htmls[index]))
    order = [by_length[0], by_length[-1], *by_length[1:-1]]
    queue, filler = os.pipe()
    os.write(filler, bytes(order))  # one byte per document, taken one at a time by each lane
    os.close(filler)
    mine = os.read(queue, 1)[0]  # the shortest, taken before any fork can
    forks: list[tuple[int, int, int]] = []
    laid_out: dict[int, tuple[bytes, int]] = {}
    ahead: tuple[int, bytes] | None = None
    try:
        for _ in range(min(lanes, len(htmls)) - 1):
            try:
                forks.append(_fork_lane(htmls, queue))
            except OSError:  # no process or pipe to be had: this process does the rest
                break
        laid_out[mine] = pdf_and_pages(htmls[mine])
        laid_out.update(_take_all(htmls, queue, None))
        if numbers is not None and len(forks) == 1:
            counted = {index: count for index, (_, count) in laid_out.items()}
            counted.update(_counted_so_far(forks[0][1]))
            expected = _expected_pages(htmls, counted)
            if expected is not None:
                ahead = _numbered(numbers, before + expected)
    finally:
        os.close(queue)
        for pid, progress, results in forks:
            for index, sent in _collect(pid, results).items():
                laid_out.setdefault(index, sent)
            os.close(progress)  # only now: a fork writing to a pipe nobody reads would fail
    for index, html in enumerate(htmls):
        if index not in laid_out:
            laid_out[index] = pdf_and_pages(html)
    pages = before + sum(count for _, count in laid_out.values())
    if ahead is None or ahead[0] != pages:
        ahead = _numbered(numbers, pages)
    return tuple(laid_out[index][0] for index in range(len(htmls))), ahead


def _numbered(numbers: Callable[[int], str] | None, pages: int) -> tuple[int, bytes] | None:
    """ "page i of n" for `pages` pages, laid out (or from the disk cache: a run of any sheet
    of as many pages made it)."""
    if numbers is None:
        return None
    part = Part(numbers(pages), shared=True)
    data = Layouts().known(part)  # (kept by the command's process, which joins the file)
    return pages, data if data is not None else pdf(part.html)


def _expected_pages(htmls: Sequence[str], counted: dict[int, int]) -> int | None:
    """The pages of all `htmls` if the one document not counted yet (none if more are) reads
    as many characters a page as the longest one counted, whose last page is half full on
    average."""
    left = [index for index in range(len(htmls)) if index not in counted]
    if len(left) > 1 or not counted:
        return None
    total = sum(counted.values())
    if not left:
        return total
    longest = max(counted, key=lambda index: _body(htmls[index]))
    share = _body(htmls[left[0]]) / max(1, _body(htmls[longest]))
    return total + max(1, round((counted[longest] - 0.5) * share + 0.5))


def _body(html: str) -> int:
    """The length of a page's body (the same stylesheet heads each part)."""
    return len(html) - max(0, html.find("<body"))


def _take_all(
    htmls: Sequence[str], queue: int, progress: int | None
) -> dict[int, tuple[bytes, int]]:
    """Lay out the next document in `queue` until it is empty; after each, write its number
    and page count to `progress` (three bytes: atomic on a pipe)."""
    laid_out: dict[int, tuple[bytes, int]] = {}
    while taken := os.read(queue, 1):
        laid_out[taken[0]] = made = pdf_and_pages(htmls[taken[0]])
        if progress is not None:
            os.write(progress, struct.pack("!BH", taken[0], min(made[1], 0xFFFF)))
    return laid_out


def _counted_so_far(progress: int) -> dict[int, int]:
    """The page counts a fork has written to `progress` until now (without waiting)."""
    os.set_blocking(progress, False)
    seen = b""
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(progress, 3 * 256):
            seen += chunk
    return {
        index: count
        for index, count in struct.iter_unpack("!BH", seen[: len(seen) - len(seen) % 3])
    }


def _fork_lane(htmls: Sequence[str], queue: int) -> tuple[int, int, int]:
    """Fork a lane: it lays out documents from `queue` until it is empty, saying each one's
    page count on a pipe as it ends it, then writes them all, pickled, to another pipe and
    exits. Its process id and the two pipes' ends to read."""
    progress, saying = os.pipe()
    try:
        results, sending = os.pipe()
    except OSError:
        os.close(progress)
        os.close(saying)
        raise
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns of any thread when forking; this process runs only the C
            # libraries' own (OpenBLAS's, idle), which handle a fork.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
        for end in (progress, saying, results, sending):
            os.close(end)
        raise
    if pid == 0:  # the fork: never returns into the worker's code
        status = 1
        try:
            os.close(results)
            os.close(progress)
            payload = pickle.dumps(_take_all(htmls, queue, saying))
            with os.fdopen(sending, "wb") as stream:
                stream.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(sending)
    os.close(saying)
    return pid, progress, results


def _collect(pid: int, results: int) -> dict[int, tuple[bytes, int]]:
    """What a forked lane laid out (nothing if it failed), once it has ended."""
    with os.fdopen(results, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return {}
    laid_out: dict[int, tuple[bytes, int]] = pickle.loads(payload)
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
