"""The PDF parts shared by sheets alike are laid out once, then kept on disk (paper.py).

What is checked: a later run (a new process would do the same: it builds a new `Layouts`) joins
the details from the cache and lays out only the card; the cache is keyed on the HTML, so a
changed line lays the details out again; a damaged, unreadable or unwritable cache is a miss and
never an error; MOTIONS_CACHE_DIR="" turns it off; worker processes (`jobs`) lay each shared part
out once; and the command line makes a sheet alone from the cache.
"""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from brief_support import need_tool, run, weasyprint_available

from motions.book.rulebook import Rulebook
from motions.brief import paper
from motions.brief.agenda import AgendaMotion
from motions.brief.build import build_sheets
from motions.brief.model import Briefing
from motions.brief.render import files, write
from motions.whip import Conference

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reader() -> Any:
    need_tool(weasyprint_available(), "WeasyPrint (pip install weasyprint)")
    return pytest.importorskip("pypdf")


def kind(html: str) -> str:
    """What an HTML document laid out is: "card", "details", "page numbers" or "index"."""
    if "<title>page numbers</title>" in html:
        return "page numbers"  # laid over a sheet's pages once its parts are joined
    if "the card votes in detail" in html:
        return "details"
    return "card" if 'id="how-to-vote"' in html else "index"


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What WeasyPrint is asked to lay out in this process: "card", "details" or "index"."""
    seen: list[str] = []
    real = paper.pdf

    def counting(html: str) -> bytes:
        seen.append(kind(html))
        return real(html)

    monkeypatch.setattr("motions.brief.paper.pdf", counting)
    return seen


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(folder))
    return folder


def text(reader: Any, data: bytes) -> str:
    document = reader.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in document.pages)


def one_sheet(briefing: Briefing) -> bytes:
    (sheet,) = files(briefing, "pdf", index=False)
    return sheet.make()


def recording_pool(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Workers that are threads and note what they are given to lay out (`kind`)."""
    from concurrent.futures import ThreadPoolExecutor

    submitted: list[str] = []

    class Recording:
        def __init__(self, max_workers: int, **_: object) -> None:
            self.pool = ThreadPoolExecutor(max_workers=max_workers)

        def __enter__(self) -> Recording:
            return self

        def __exit__(self, *_: object) -> None:
            self.pool.shutdown()

        def submit(self, function: Any, html: str) -> Any:
            submitted.append(kind(html))
            return self.pool.submit(function, html)

    monkeypatch.setattr("motions.brief.workers.ProcessPoolExecutor", Recording)
    return submitted


@pytest.fixture(scope="module")
def cara(conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook) -> Briefing:
    return build_sheets(conference, agenda, model, whip="Forward", delegates=["D3"])


def test_a_later_run_lays_out_only_the_card(
    reader: Any, cara: Briefing, cache: Path, laid_out: list[str]
) -> None:
    first = one_sheet(cara)
    assert laid_out == ["card", "details", "page numbers"]
    entries = sorted(p.name for p in (cache / "pdf").glob("*.pdf-cache"))
    assert len(entries) == 2  # the details, and "page i of n" for a file of as many pages
    second = one_sheet(cara)  # files() again: a new Layouts, as a new process would have
    assert laid_out == ["card", "details", "page numbers", "card"]
    assert text(reader, second) == text(reader, first)
    assert "Forward briefing: the card votes in detail" in text(reader, second)
    assert len(reader.PdfReader(io.BytesIO(second)).pages) == len(
        reader.PdfReader(io.BytesIO(first)).pages
    )
    assert sorted(p.name for p in (cache / "pdf").glob("*.pdf-cache")) == entries


def test_a_changed_line_lays_the_details_out_again(
    reader: Any, cara: Briefing, cache: Path, laid_out: list[str]
) -> None:
    one_sheet(cara)
    cv = cara.card_votes[0]
    changed = attrs.evolve(cv, advice=attrs.evolve(cv.advice, reason="A new reason, 2026."))
    other = attrs.evolve(cara, card_votes=(changed, *cara.card_votes[1:]))
    data = one_sheet(other)
    assert laid_out == ["card", "details", "page numbers", "card", "details"]
    assert "A new reason, 2026." in text(reader, data)
    assert len(list((cache / "pdf").glob("*.pdf-cache"))) == 3  # the page numbers once


@pytest.mark.parametrize("damage", ["cut short", "one byte changed", "not a PDF", "empty"])
def test_a_damaged_entry_is_laid_out_again_and_rewritten(
    reader: Any, cara: Briefing, cache: Path, laid_out: list[str], damage: str
) -> None:
    first = one_sheet(cara)
    # the details (the page numbers are a page's footer: the smaller entry)
    entry = max((cache / "pdf").glob("*.pdf-cache"), key=lambda path: path.stat().st_size)
    raw = entry.read_bytes()
    entry.write_bytes(
        {
            "cut short": raw[: len(raw) // 2],
            "one byte changed": raw[:-100] + bytes([raw[-100] ^ 1]) + raw[-99:],
            "not a PDF": raw[:32] + b"<html>not a pdf</html>",
            "empty": b"",
        }[damage]
    )
    second = one_sheet(cara)
    assert laid_out == ["card", "details", "page numbers", "card", "details"]
    assert text(reader, second) == text(reader, first)
    assert entry.read_bytes() == raw  # rewritten whole


def test_an_unusable_cache_is_never_an_error(
    reader: Any, cara: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(blocker / "cache"))
    assert "Cara Davies" in text(reader, one_sheet(cara))
    if os.geteuid() != 0:  # root writes into a read-only folder anyway
        readonly = tmp_path / "readonly"
        readonly.mkdir(mode=0o555)
        monkeypatch.setenv("MOTIONS_CACHE_DIR", str(readonly))
        assert "Cara Davies" in text(reader, one_sheet(cara))
        assert list(readonly.iterdir()) == []


def test_an_empty_setting_turns_the_cache_off(
    cara: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, laid_out: list[str]
) -> None:
    monkeypatch.setenv("MOTIONS_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    one_sheet(cara)
    one_sheet(cara)
    assert laid_out == ["card", "details", "page numbers"] * 2
    assert not (tmp_path / "xdg").exists()


def test_old_entries_are_pruned_when_one_is_written(cara: Briefing, cache: Path) -> None:
    (cache / "pdf").mkdir(parents=True)
    old, recent = cache / "pdf" / "old.pdf-cache", cache / "pdf" / "recent.pdf-cache"
    for path in (old, recent):
        path.write_bytes(b"x")
    stale = time.time() - (paper.KEEP_DAYS + 1) * 86400
    os.utime(old, (stale, stale))
    one_sheet(cara)
    assert not old.exists() and recent.exists()
    # recent + the new details and page numbers
    assert len(list((cache / "pdf").glob("*.pdf-cache"))) == 3


def test_workers_lay_out_each_shared_part_once_and_write_what_one_process_does(
    reader: Any,
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # D2 Ola Smith and D1 Bea read Fernton's mandate on CV 2, so they share one details part;
    # D3 Cara Davies (Wyeford's mandate on CV 1) and D6 Bea Quinn (no mandate) each have their own.
    people = ["D2", "D3", "D6", "D1"]
    briefing = build_sheets(conference, agenda, model, whip="Forward", delegates=people)
    both = write(briefing, tmp_path / "jobs", "pdf", index=False, jobs=2)  # processes
    # the page numbers: once for the files of each length
    lengths = len({len(reader.PdfReader(path).pages) for path in both})
    assert len(list((cache / "pdf").glob("*.pdf-cache"))) == 3 + lengths
    alone = write(briefing, tmp_path / "one", "pdf", index=False, jobs=1)
    assert [p.name for p in both] == [p.name for p in alone]
    for a, b in zip(both, alone, strict=True):
        assert text(reader, a.read_bytes()) == text(reader, b.read_bytes())
    bea = text(reader, (tmp_path / "jobs" / "bea-script-alert-1-script-quinn.pdf").read_bytes())
    assert "Clash: Fernton <b>East</b>" in bea
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(tmp_path / "empty"))
    submitted = recording_pool(monkeypatch)
    write(briefing, tmp_path / "threads", "pdf", index=False, jobs=2)
    assert sorted(submitted) == ["card"] * 4 + ["details"] * 3 + ["page numbers"] * lengths


def test_workers_take_the_shared_part_from_the_cache(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    briefing = build_sheets(conference, agenda, model, whip="Forward", delegates=["D3", "D2"])
    write(briefing, tmp_path / "first", "pdf", index=False, jobs=2)
    submitted = recording_pool(monkeypatch)
    write(briefing, tmp_path / "second", "pdf", index=False, jobs=2)
    assert submitted == ["card", "card"]


def test_the_command_line_makes_a_sheet_alone_from_the_cache(
    reader: Any, small: tuple[Path, dict[str, Path]], tmp_path: Path, cache: Path
) -> None:
    book, paths = small
    args = ["brief", "--book", str(book), "--agenda", str(paths["agenda"]), "--whip", "Forward"]
    # D1 and D2 read the same details (Fernton's mandate on CV 2); the second run reuses them.
    first = run(*args, "--delegate", "D1", "--format", "pdf", "-o", str(tmp_path / "a"), "-q")
    assert first.exit_code == 0, first.output
    entries = sorted((cache / "pdf").glob("*.pdf-cache"))
    assert len(entries) == 2  # the details, and the page numbers of a file of as many pages
    before = [entry.stat().st_mtime_ns for entry in entries]
    for entry, mtime in zip(entries, before, strict=True):
        os.utime(entry, ns=(mtime - 10**9, mtime - 10**9))
    second = run(*args, "--delegate", "D2", "--format", "pdf", "-o", str(tmp_path / "b"), "-q")
    assert second.exit_code == 0, second.output
    for entry, mtime in zip(entries, before, strict=True):
        assert entry.stat().st_mtime_ns > mtime - 10**9  # read (and marked used), not rewritten
    assert sorted((cache / "pdf").glob("*.pdf-cache")) == entries
    ola = text(reader, (tmp_path / "b" / "ola-smith.pdf").read_bytes())
    assert "Ola Smith" in ola and "Forward briefing: the card votes in detail" in ola


def test_the_details_part_names_no_delegate_and_no_time(
    conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook
) -> None:
    from motions.brief.render import HtmlRenderer, Links

    made = "2026-11-29 01:00 UTC"
    briefing = build_sheets(
        conference, agenda, model, whip="Forward", delegates=["D1", "D2"], generated=made
    )
    renderer = HtmlRenderer(briefing)
    bea, ola = briefing.sheets
    details = renderer.sheet(bea, part="details")
    assert details == renderer.sheet(ola, part="details")  # shared, whoever asks first
    assert "Bea" not in details and "Ola" not in details and made not in details
    assert "<title>Forward briefing: the card votes in detail</title>" in details
    card = renderer.sheet(ola, Links(), "card")
    assert "<title>Ola Smith: Forward briefing</title>" in card and made in card


def test_pdf_output_starts_loading_weasyprint_early_and_errors_stay_ours(
    small: tuple[Path, dict[str, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book, paths = small
    started: list[int | None] = []
    real = paper.preload

    def preload(jobs: int | None = None) -> None:
        started.append(jobs)
        real(jobs)

    monkeypatch.setattr("motions.cli.brief.preload", preload)
    args = ["brief", "--book", str(book), "--agenda", str(paths["agenda"]), "-o", str(tmp_path)]
    html = run(*args, "--whip", "Forward", "--delegate", "D3", "-q")
    assert html.exit_code == 0 and started == []
    wrong = run(*args, "--whip", "Froward", "--format", "pdf", "-q")
    assert wrong.exit_code == 2 and started == [None]
    assert "error[brief.unknown-whip]" in wrong.output and "Traceback" not in wrong.output
    # --jobs 1 lays every part out in this process: no worker is started for it.
    one = run(*args, "--whip", "Froward", "--format", "pdf", "--jobs", "1", "-q")
    assert one.exit_code == 2 and started == [None, 1]


def test_two_files_with_the_same_part_are_both_written(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from motions.brief.render import OutputFile, write_files

    need_tool(weasyprint_available(), "WeasyPrint (pip install weasyprint)")
    submitted: list[str] = []

    class AtOnce:
        """Workers that finish each part before `submit` returns: the part of the first file
        is joined, written and forgotten before the next file asks for the same part."""

        def __init__(self, max_workers: int, **_: object) -> None:
            pass

        def __enter__(self) -> AtOnce:
            return self

        def __exit__(self, *_: object) -> None:
            pass

        def submit(self, function: Any, html: str) -> Any:
            from concurrent.futures import Future

            submitted.append(html)
            future: Future[bytes] = Future()
            future.set_result(function(html))
            return future

    monkeypatch.setattr("motions.brief.workers.ProcessPoolExecutor", AtOnce)
    layouts = paper.Layouts()
    same = (paper.Part('<p id="how-to-vote">the same card</p>'),)
    outputs = [
        OutputFile(name, lambda: layouts.file(same), None, lambda: same, layouts)
        for name in ("a.pdf", "b.pdf", "c.pdf")
    ]
    done: list[tuple[Path, ...]] = []
    worker = threading.Thread(
        target=lambda: done.append(write_files(outputs, tmp_path, jobs=2)), daemon=True
    )
    worker.start()
    worker.join(timeout=120)
    assert done, "write_files never finished"
    assert [p.name for p in done[0]] == ["a.pdf", "b.pdf", "c.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in done[0])
    assert len(submitted) == 3  # a card is not kept: laid out again for each file


def test_a_details_part_parsed_once_joins_as_its_bytes_do(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # D2 and D1 share their details: in a batch the second sheet joins the parsed details
    # (one PdfReader for both); alone, each parses what it joins. The files are the same, byte
    # for byte, and no document is parsed twice in the batch (a card's pages are counted and
    # joined from one parse, too).
    need_tool(weasyprint_available(), "WeasyPrint (pip install weasyprint)")
    import hashlib

    import pypdf

    briefing = build_sheets(conference, agenda, model, whip="Forward", delegates=["D2", "D1"])
    parsed: list[str] = []
    real = pypdf.PdfReader

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, stream: Any, *args: Any, **kwargs: Any) -> None:
            parsed.append(hashlib.sha256(stream.getvalue()).hexdigest())
            super().__init__(stream, *args, **kwargs)

    monkeypatch.setattr(pypdf, "PdfReader", Counting)
    batch = write(briefing, tmp_path / "batch", "pdf", index=False, jobs=1)
    monkeypatch.setattr(pypdf, "PdfReader", real)
    lengths = len({len(real(path).pages) for path in batch})
    assert len(parsed) == len(set(parsed)) == 2 + 1 + lengths  # cards, details, page numbers
    monkeypatch.setenv("MOTIONS_CACHE_DIR", "")  # alone: every part laid out afresh
    for sheet, made in zip(briefing.sheets, batch, strict=True):
        (alone,) = files(attrs.evolve(briefing, sheets=(sheet,)), "pdf", index=False)
        assert made.read_bytes() == alone.make()


def files_parts(briefing: Briefing, sheet: Any) -> tuple[paper.Part, ...]:
    one = attrs.evolve(briefing, sheets=(sheet,))
    (output,) = files(one, "pdf", index=False)
    assert output.parts is not None
    return output.parts()


def by_this_process(html: str) -> bytes:
    """A stand-in for WeasyPrint: which process "laid out" `html`, after a pause (the
    number after "sleep" in it, in tenths of a second, or 0.2 s)."""
    found = re.search(r"sleep(\d+)", html)
    time.sleep(int(found.group(1)) / 10 if found else 0.2)
    return f"{os.getpid()}:{html}".encode()


def with_pages(html: str) -> tuple[bytes, int]:
    """`by_this_process`, with a page for every ten characters of `html` (five of "c")."""
    return by_this_process(html), max(1, len(html) // (5 if "c" in html else 10))


def test_parts_laid_out_together_by_forks_of_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from motions.brief import workers

    monkeypatch.setattr(workers, "pdf_and_pages", with_pages)
    htmls = ("a", "bbbb", "cc", "ddd")
    made, numbers = workers.lay_out_together(htmls, 2)
    assert numbers is None  # none asked for
    assert [m.split(b":")[1].decode() for m in made] == list(htmls)  # in the order given
    by = {int(m.split(b":")[0]) for m in made}
    assert os.getpid() in by and len(by) == 2  # this process and one fork, both at work
    alone, _ = workers.lay_out_together(htmls, 1)
    assert {int(m.split(b":")[0]) for m in alone} == {os.getpid()}
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the fork was waited for: no process left behind


def test_the_page_numbers_come_with_the_parts_for_the_pages_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from motions.brief import workers

    monkeypatch.setattr(workers, "pdf_and_pages", with_pages)
    monkeypatch.setattr(workers, "pdf", by_this_process)
    asked: list[int] = []  # page counts this process laid numbers out for

    def numbers(pages: int) -> str:
        asked.append(pages)
        return f"sleep1 numbers for {pages}"

    # the shortest (b) and the middle one (c) here, the longest (a, slow) in a fork: this
    # process runs out of work first and numbers the pages it expects, a's as dense as c's
    # (2 before, 1 + 10, and (10 - 0.5) * 300 / 50 + 0.5 = 57.5, so 58: 71); that is wrong
    # (a has 30), so they are numbered again once counted
    htmls = ("sleep9" + "a" * 294, "sleep2" + "b" * 4, "sleep1" + "c" * 44)
    made, ahead = workers.lay_out_together(htmls, 2, numbers, before=2)
    pages = 2 + 30 + 1 + 10
    assert ahead == (pages, f"{os.getpid()}:sleep1 numbers for {pages}".encode())
    assert asked == [71, pages]
    assert [m.split(b":", 1)[1].decode() for m in made] == list(htmls)
    assert [int(m.split(b":")[0]) == os.getpid() for m in made] == [False, True, True]
    _, alone = workers.lay_out_together(htmls, 1, numbers, before=2)
    assert alone is not None and alone[0] == pages


def test_the_pages_expected_of_the_document_left() -> None:
    from motions.brief.workers import _expected_pages

    htmls = ("<style>x</style><body>" + "a" * 100, "<body>" + "b" * 50, "<body>" + "c" * 10)
    # the one left as dense as the longest counted (from "<body": its stylesheet not
    # counted), whose last page is half full: (10 - 0.5) * 56 / 106 + 0.5 = 5.5, so 6
    assert _expected_pages(htmls, {0: 10, 2: 1}) == 10 + 1 + 6
    assert _expected_pages(htmls, {0: 10, 1: 4, 2: 1}) == 15  # all counted
    assert _expected_pages(htmls, {0: 10}) is None  # two left: no guess
    assert _expected_pages(htmls, {}) is None


def test_no_fork_to_be_had_lays_everything_out_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from motions.brief import workers

    def no_fork() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(workers, "pdf_and_pages", with_pages)
    monkeypatch.setattr(workers.os, "fork", no_fork)
    opened = len(os.listdir("/proc/self/fd"))
    made, _ = workers.lay_out_together(("a", "bb", "ccc"), 2)
    assert made == tuple(f"{os.getpid()}:{html}".encode() for html in ("a", "bb", "ccc"))
    assert len(os.listdir("/proc/self/fd")) == opened  # no pipe left open


def test_what_a_fork_fails_to_lay_out_is_laid_out_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from motions.brief import workers

    here = os.getpid()

    def failing_in_forks(html: str) -> tuple[bytes, int]:
        if os.getpid() != here:
            raise RuntimeError("a fork fails")
        return with_pages(html)

    monkeypatch.setattr(workers, "pdf_and_pages", failing_in_forks)
    made, _ = workers.lay_out_together(("a", "bb", "ccc"), 2)
    assert made == tuple(f"{here}:{html}".encode() for html in ("a", "bb", "ccc"))

    def failing(html: str) -> tuple[bytes, int]:
        if html == "ccc":
            raise ValueError("not a page")
        return with_pages(html)

    # whichever process takes it, the error is raised here, as without forks
    monkeypatch.setattr(workers, "pdf_and_pages", failing)
    with pytest.raises(ValueError, match="not a page"):
        workers.lay_out_together(("a", "bb", "ccc"), 2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_command_line_batch_with_the_early_worker_started(
    reader: Any, small: tuple[Path, dict[str, Path]], tmp_path: Path, cache: Path, jobs: str
) -> None:
    # `motions brief --format pdf` starts a worker as it begins (paper.preload); a batch (two
    # sheets and the index) shuts it down and lays out with its own workers, or here (--jobs 1)
    book, paths = small
    out = tmp_path / "out"
    args = ["brief", "--book", str(book), "--agenda", str(paths["agenda"]), "--whip", "Forward"]
    made = run(*args, "--format", "pdf", "--jobs", jobs, "-o", str(out), "-q")
    assert made.exit_code == 0, made.output
    assert paper.take_worker() is None  # taken by the run
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert "index.pdf" in names and "ola-smith.pdf" in names and len(names) >= 3
    document = reader.PdfReader(out / "ola-smith.pdf")
    count = len(document.pages)
    for number, page in enumerate(document.pages, start=1):
        assert f"page {number} of {count}" in " ".join(page.extract_text().split())
