"""Benchmarks for issue 7: importing a real-size PDF, and diffing two real-size editions.

    python bench/bench_import.py            # both, with the figures the issue asks for
    python bench/bench_import.py --keep DIR # also keep the generated PDF, DOCX and editions
    python bench/bench_import.py --only speed --baseline ../other/src  # pages/s, side by side

1. A scale-1 book (`generate_rulebook(1)`: about 70,000 words and 2,700 provisions) printed
   to an A5 PDF in the real book's layout at a type size that gives about 155 pages, then
   imported with `import_pdf` (target: under 20 s). The import must equal the source book and
   put every provision on the page the PDF printed it on. The same book through Word is timed
   too.
2. The edition diff of that book against an edited copy, made the way editions change: two
   clauses inserted before Chapter 1, Clause III (so III becomes V and every later clause
   moves up two), words changed in 60 provisions, 12 provisions removed, 12 added and 6 moved
   to another clause (target: under 2 s). Also the worst case: two unrelated books.

Printing the PDF (WeasyPrint) takes longer than importing it; it is not part of the target.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_rulebook import generate_rulebook

from motions import Rulebook, parse_rulebook
from motions.book.address import Address
from motions.book.numbering import LabelKey, format_label
from motions.book.rulebook import Provision
from motions.editions.diff import diff_editions
from motions.importers import ImportResult, import_docx, import_pdf
from motions.importers.export import export_docx, export_pdf

FONT_SIZE = 6.8  # gives 151 A5 pages for the scale-1 book (the real 2023 book has 155)


def _relabel(book: Rulebook) -> Rulebook:
    """Every provision numbered 1, 2, 3 ... in its list again, addresses to match."""
    scheme = book.scheme

    def build(p: Provision, address: Address) -> Provision:
        below = scheme.sequence(address.root)[address.depth :]
        children = tuple(
            build(c, address.child(format_label(LabelKey(i), below[0].style)))
            for i, c in enumerate(p.children, start=1)
        )
        return attrs.evolve(p, address=address, label=address.label, children=children)

    tops = []
    for i, top in enumerate(book.children, start=1):
        level = scheme.root(top.address.root)
        tops.append(
            build(top, Address(level.name, (format_label(LabelKey(i), level.style),), scheme))
        )
    return attrs.evolve(book, children=tuple(tops))


def _edit(book: Rulebook, seed: int = 7) -> Rulebook:
    """A later edition of `book`: insertions, word changes, removals, additions, moves."""
    rng = random.Random(seed)

    def thaw(p: Provision) -> dict[str, object]:
        return {"p": p, "children": [thaw(c) for c in p.children]}

    def freeze(node: dict[str, object]) -> Provision:
        p = node["p"]
        assert isinstance(p, Provision)
        kids = node["children"]
        assert isinstance(kids, list)
        return attrs.evolve(p, children=tuple(freeze(k) for k in kids))

    tops = [thaw(t) for t in book.children]
    chapter_1 = tops[0]["children"]
    assert isinstance(chapter_1, list)
    for n in (1, 2):
        first = chapter_1[0]["p"]
        assert isinstance(first, Provision)
        clause = Provision(address=first.address, label="I", heading=f"Inserted clause {n}")
        text = f"This clause was inserted by the conference of this year, number {n}."
        rule = Provision(address=clause.address.child("1"), label="1", text=text)
        chapter_1.insert(2, {"p": clause, "children": [{"p": rule, "children": []}]})

    def numbered(nodes: list[dict[str, object]]) -> list[dict[str, object]]:
        out = []
        for node in nodes:
            p = node["p"]
            assert isinstance(p, Provision)
            if not p.address.level.heading:
                out.append(node)
            kids = node["children"]
            assert isinstance(kids, list)
            out.extend(numbered(kids))
        return out

    provisions = numbered(tops)
    for node in rng.sample(provisions, 60):
        p = node["p"]
        assert isinstance(p, Provision)
        words = p.text.split()
        words[rng.randrange(len(words))] = rng.choice(["amended", "revised", "altered"])
        node["p"] = attrs.evolve(p, text=" ".join(words))
    lists = [n["children"] for n in provisions if n["children"]]
    for kids in rng.sample(lists, 12):
        assert isinstance(kids, list)
        kids.pop()
    for kids in rng.sample(lists, 12):
        assert isinstance(kids, list)
        if kids:
            last = kids[-1]["p"]
            assert isinstance(last, Provision)
            added = attrs.evolve(last, text=f"A new provision added this year after {last.label}.")
            kids.append({"p": added, "children": []})
    clauses = [c for top in tops for c in top["children"]]  # type: ignore[attr-defined]
    for _ in range(6):
        source, target = rng.sample(clauses, 2)
        if len(source["children"]) > 1:
            target["children"].append(source["children"].pop())
    return _relabel(attrs.evolve(book, children=tuple(freeze(t) for t in tops)))


def _timed(function: object, *args: object, repeat: int = 1) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_pdf(work: Path, workers: int | None) -> None:
    book = parse_rulebook(generate_rulebook(1, seed=1))
    started = time.perf_counter()
    layout = export_pdf(book, work / "scale-1.pdf", font_size=FONT_SIZE)
    printed = time.perf_counter() - started
    print(f"book: {len(book):,} provisions, {book.word_count():,} words")
    print(
        f"printed to a {layout.page_count}-page A5 PDF in {printed:.1f} s (WeasyPrint, not timed)"
    )
    started = time.perf_counter()
    result = import_pdf(layout.path, workers=workers)
    seconds = time.perf_counter() - started
    equal = result.rulebook == book
    pages = {p.address: p.page for p in result.rulebook.walk()} == dict(layout.pages)
    how = "default workers" if workers is None else f"workers={workers}"
    print(f"import_pdf ({how}): {layout.page_count} pages in {seconds:.2f} s  (target < 20 s)  "
          f"equal to source: {equal}; every page right: {pages}")  # fmt: skip
    docx_path = export_docx(book, work / "scale-1.docx")
    seconds, imported = _timed(import_docx, docx_path)
    assert isinstance(imported, ImportResult)
    result = imported
    print(f"import_docx: the same book from Word in {seconds:.2f} s  "
          f"equal to source: {result.rulebook == book}")  # fmt: skip


def _pdfplumber_chars(path: Path) -> int:
    """What the importer read before PDFium: pdfminer's layout of every page, its characters."""
    import pdfplumber
    from pdfminer.layout import LTChar

    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            stack = list(page.layout)
            while stack:
                item = stack.pop()
                if isinstance(item, LTChar):
                    count += 1
                elif hasattr(item, "__iter__"):
                    stack.extend(item)
            page.close()
    return count


def _pdfium_chars(path: Path) -> int:
    """The same from pypdfium2: each character's text, loose box, size and font name."""
    import ctypes

    import pypdfium2  # type: ignore[import-untyped]
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    count = 0
    rect = pdfium_c.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    document = pypdfium2.PdfDocument(str(path))
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage()
        for at in range(text.count_chars()):
            pdfium_c.FPDFText_GetUnicode(text, at)
            pdfium_c.FPDFText_GetLooseCharBox(text, at, rect)
            pdfium_c.FPDFText_GetFontSize(text, at)
            pdfium_c.FPDFText_GetFontInfo(text, at, name, 128, flags)
            count += 1
        text.close()
        page.close()
    document.close()
    return count


def bench_readers(work: Path) -> None:
    """pdfplumber (pdfminer) against pypdfium2 for the characters, boxes and fonts we need."""
    book = parse_rulebook(generate_rulebook(1, seed=1))
    layout = export_pdf(book, work / "scale-1-readers.pdf", font_size=FONT_SIZE)
    pages = layout.page_count
    plumber, chars = _timed(_pdfplumber_chars, layout.path, repeat=3)
    pdfium, pdfium_count = _timed(_pdfium_chars, layout.path, repeat=3)
    print(f"characters of a {pages}-page PDF: pdfplumber {plumber:.2f} s ({pages / plumber:.1f} "
          f"pages/s, {chars:,} chars); pypdfium2 {pdfium:.2f} s ({pages / pdfium:.1f} pages/s, "
          f"{pdfium_count:,} chars); ratio {plumber / pdfium:.1f}x")  # fmt: skip


_SPEED_CHILD = """
import resource, sys, time
from motions.importers import import_pdf
path, repeat = sys.argv[1], int(sys.argv[2])
best_wall = best_cpu = float("inf")
for _ in range(repeat):
    wall, cpu = time.perf_counter(), time.process_time()
    result = import_pdf(path, workers=1)
    best_wall = min(best_wall, time.perf_counter() - wall)
    best_cpu = min(best_cpu, time.process_time() - cpu)
# VmHWM: this process's own peak (ru_maxrss keeps the forking parent's across exec).
try:
    status = open("/proc/self/status").read()
    rss = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError, ValueError):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(result.pages, best_wall, best_cpu, rss, len(result.rulebook))
"""


def _speed(path: Path, source: Path | None, repeat: int) -> tuple[int, float, float, float, int]:
    """One fresh process importing `path` (in-process reading): pages, best wall and CPU
    seconds of `repeat`, peak memory in MB, provisions. `source`: another checkout's `src`."""
    import os
    import subprocess

    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    done = subprocess.run(
        [sys.executable, "-c", _SPEED_CHILD, str(path), str(repeat)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    pages, wall, cpu, rss, count = done.stdout.split()
    return int(pages), float(wall), float(cpu), float(rss), int(count)


def bench_speed(work: Path, baseline: Path | None, repeat: int = 3) -> None:
    """Pages per second of `import_pdf` on text PDFs, side by side with another checkout's
    code (`--baseline OTHER/src`), each in a fresh process: best of `repeat`, peak memory."""
    model = parse_rulebook((Path(__file__).parent.parent / "rulebook" / "model.txt").read_text())
    scale = parse_rulebook(generate_rulebook(1, seed=1))
    # The model book as our exporter prints it by default (83 A5 pages); scale 1 as above.
    for name, book, size in (("model book", model, None), ("scale-1 book", scale, FONT_SIZE)):
        path = work / f"speed-{name.split()[0]}.pdf"
        layout = export_pdf(book, path) if size is None else export_pdf(book, path, font_size=size)
        runs = [("this checkout", None)] + ([("baseline", baseline)] if baseline else [])
        for label, source in runs:
            pages, wall, cpu, rss, count = _speed(layout.path, source, repeat)
            print(f"{name}, {label}: {pages} pages, best of {repeat}: {wall:.2f} s wall "
                  f"({pages / wall:.1f} pages/s), {cpu:.2f} s CPU ({pages / cpu:.1f} pages/s); "
                  f"peak memory {rss:.0f} MB; {count} provisions")  # fmt: skip


def bench_diff(work: Path) -> None:
    old = parse_rulebook(generate_rulebook(1, seed=1))
    new = _edit(old)
    (work / "edition-old.txt").write_text(old.render(), encoding="utf-8")
    (work / "edition-new.txt").write_text(new.render(), encoding="utf-8")
    seconds, diff = _timed(diff_editions, old, new, repeat=5)
    counts = diff.counts()  # type: ignore[attr-defined]
    print(f"diff_editions: two scale-1 books ({len(old):,} and {len(new):,} provisions), "
          f"edited: {seconds:.2f} s median of 5  (target < 2 s)")  # fmt: skip
    print("  found: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    other = parse_rulebook(generate_rulebook(1, seed=2))
    seconds, diff = _timed(diff_editions, old, other, repeat=3)
    print(f"diff_editions: two unrelated scale-1 books (worst case): {seconds:.2f} s median of 3")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the generated files in this directory")
    parser.add_argument(
        "--only", choices=("pdf", "diff", "readers", "speed"), help="run one benchmark"
    )
    parser.add_argument(
        "--baseline", type=Path, help="with --only speed: another checkout's src to compare"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="processes reading the PDF (1: in-process)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        if args.only in (None, "diff"):
            bench_diff(work)
        if args.only in (None, "pdf"):
            bench_pdf(work, args.workers)
        if args.only in (None, "readers"):
            bench_readers(work)
        if args.only in (None, "speed"):
            bench_speed(work, args.baseline)


if __name__ == "__main__":
    main()
