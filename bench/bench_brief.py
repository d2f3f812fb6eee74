"""Briefing-sheet benchmark: prints figures, asserts nothing.

    python bench/bench_brief.py [--delegates 1400] [--card-votes 60] [--pdf 3] [--pdf-batch 8]
        [--repeat 3]

Builds, in a temporary folder, a whip book of 1,400 CLP delegates in 700 CLPs plus 12
affiliate blocs, 60 card votes (every third with a second motion on the same provision, so
the conflict checker has collisions to find), two factions' lines, mandates and pledges, and an
agenda of motion files against the embedded model rule book. Then times:

- `motions brief ... --format html` end to end, in this process (read the agenda, check it for
  conflicts, open the book, build the sheets, write 1,400 sheets and the index);
- each stage on its own, and the Markdown and site formats;
- PDF (WeasyPrint) for a few sheets one by one, with the page count; then a batch of sheets
  with one worker process per CPU (`--jobs`), per sheet.

Targets (issue 14): HTML for 1,400 delegates × 60 card votes in under 15 s; one PDF sheet in
under 2 s.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from motions.book.load import load_rulebook
from motions.brief.agenda import read_agenda
from motions.brief.build import build_sheets
from motions.brief.findings import check_agenda
from motions.brief.paper import pdf
from motions.brief.render import HtmlRenderer, files, write
from motions.whip import (
    CardVote,
    Delegate,
    Delegation,
    Line,
    Located,
    MandateRequest,
    PledgeRequest,
    Position,
    Recommendation,
    Section,
    WhipBook,
)
from motions.whip.csvio import Row
from motions.whip.recommendations import LocatedRecommendation

AFFILIATES = 12
T = TypeVar("T")


def _located(value: object) -> Located:
    return Located(value, Row("bench", 0, "", {}, {}, {}))


def write_agenda(folder: Path, card_votes: int, rng: random.Random) -> dict[int, list[str]]:
    """Motion files: one or two per card vote, each on its own provision of the model book."""
    book = load_rulebook()
    provisions = [
        p
        for p in book.walk()
        if len(p.text) >= 60 and p.address.depth >= 3 and p.address.long().startswith("Chapter")
    ]
    chosen = rng.sample(provisions, card_votes)
    folder.mkdir(parents=True, exist_ok=True)
    motions: dict[int, list[str]] = {}
    for number, provision in enumerate(chosen, start=1):
        words = provision.text.split()
        once = [w for w in words if len(w) >= 6 and w.isalpha() and provision.text.count(w) == 1]
        variants = ["a", "b"] if number % 3 == 0 else ["a"]
        for variant in variants:
            ident = f"cv{number:02d}-{variant}"
            where = provision.address.long()
            if once and variant == "a":
                word = once[0]
                operation = f"{where}: delete '{word}' and insert '{word.upper()} (amended)'."
            else:
                operation = f"{where}: at the end add ' The NEC shall report on this each year.'"
            (folder / f"{ident}.motion").write_text(
                f"Title: Card vote {number}, motion {variant}\n"
                f"Proposer: CLP {rng.randrange(700)} CLP\n\n{operation}\n\n"
                "Supporting argument\nA benchmark motion.\n",
                encoding="utf-8",
            )
            motions.setdefault(number, []).append(ident)
    return motions


def build_book(path: Path, delegates: int, motions: dict[int, list[str]], seed: int) -> None:
    rng = random.Random(seed)
    clps = delegates // 2
    delegations = [
        Delegation(f"CLP{i:03d}", f"Constituency {i}", Section.CLP, rng.randint(90, 4000))
        for i in range(clps)
    ]
    delegations += [
        Delegation(f"AFF{i:02d}", f"Affiliate {i}", Section.AFFILIATE, rng.randint(4_000, 400_000))
        for i in range(AFFILIATES)
    ]
    people = [
        Delegate(f"D{i:04d}", f"Delegate {i} {rng.choice('ABCDEFGH')}", f"CLP{i % clps:03d}")
        for i in range(delegates)
    ]
    card_votes = [
        CardVote(n, f"Card vote {n}: a benchmark rule change", tuple(ids))
        for n, ids in sorted(motions.items())
    ]
    lines = list(Line)
    recommendations = [
        LocatedRecommendation(Recommendation(faction, n, rng.choice(lines), f"Reason {n}."))
        for faction in ("Forward", "Grassroots")
        for n in motions
    ]
    mandates = {
        (clp, n): _located(MandateRequest(clp, n, rng.choice(list(Position)[:3])))
        for n in motions
        for clp in (f"CLP{rng.randrange(clps):03d}" for _ in range(3))
    }
    pledges = [
        _located(
            PledgeRequest(f"D{rng.randrange(delegates):04d}", n, rng.choice(list(Position)[:4]))
        )
        for n in list(motions)[:10]
        for _ in range(delegates // 2)
    ]
    with WhipBook.create(path, home_faction="Forward") as book:
        book.import_data(
            delegations=[_located(d) for d in delegations],
            delegates=[_located(d) for d in people],
            card_votes=card_votes,
            mandates=list(mandates.values()),
            pledges=pledges,
            recommendations=recommendations,
        )


def write_floor(source: Path, target: Path) -> None:
    """The floor for writing sheets: the bytes already made, each written to a new file with
    one sync at the end (what writing costs with no rendering at all)."""
    target.mkdir()
    for path in source.glob("*.html"):
        (target / path.name).write_bytes(path.read_bytes())
    os.sync()


def timed(label: str, action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"  {label:<46} {seconds:8.2f} s")
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=1400)
    parser.add_argument("--card-votes", type=int, default=60)
    parser.add_argument("--pdf", type=int, default=3, help="PDFs to time one by one")
    parser.add_argument("--pdf-batch", type=int, default=8, help="PDFs to time with --jobs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="end-to-end runs (best is kept)")
    args = parser.parse_args()
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
        f"{args.delegates:,} CLP delegates + {AFFILIATES} affiliate blocs, "
        f"{args.card_votes} card votes"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rng = random.Random(args.seed)
        motions = write_agenda(work / "agenda", args.card_votes, rng)
        build_book(work / "whip.sqlite", args.delegates, motions, args.seed)
        count = sum(len(v) for v in motions.values())
        print(f"agenda: {count} motions; book: {work / 'whip.sqlite'}")

        from motions.cli.app import main as root

        if "brief" not in root.commands:  # until the CLI registers it
            from motions.cli.brief import register

            register(root)
        command = [
            "brief", "--book", str(work / "whip.sqlite"), "--agenda", str(work / "agenda"),
            "--whip", "Forward", "-o", str(work / "cli-html"),
        ]  # fmt: skip
        print(f"end to end (best of {args.repeat}; the CPU time is this process's alone):")
        runs: list[tuple[float, float]] = []
        for _ in range(args.repeat):
            cpu = time.process_time()
            wall, _ = timed(
                "motions brief --format html (1 process)",
                lambda: root.main(command, prog_name="motions", standalone_mode=False),
            )
            runs.append((wall, time.process_time() - cpu))
        total, cpu_total = min(runs)
        print(f"  -> best {total:.2f} s wall, {cpu_total:.2f} s CPU")
        sheets = len(list((work / "cli-html").glob("*.html"))) - 1
        print(f"  -> {sheets:,} sheets + index; {total / max(sheets, 1) * 1000:.1f} ms a sheet")

        print("stages:")
        rulebook = load_rulebook()
        _, agenda = timed("read and parse the agenda", lambda: read_agenda([work / "agenda"]))
        with WhipBook.open(work / "whip.sqlite") as book:
            _, conference = timed("open the book (snapshot)", book.snapshot)
        _, notes = timed(
            "conflict check of the agenda", lambda: check_agenda(rulebook, agenda, conference)
        )
        print(f"  -> {len(notes)} findings")
        _, briefing = timed(
            "build_sheets (apply, project, 1 sheet each)",
            lambda: build_sheets(conference, agenda, rulebook, notes, whip="Forward"),
        )
        ours, _ = timed(
            "write HTML (sheets + index)", lambda: write(briefing, work / "html", "html")
        )
        size = sum(p.stat().st_size for p in (work / "html").glob("*.html"))
        print(f"  -> {size / 1e6:.1f} MB, {size / max(sheets, 1) / 1e3:.0f} kB a sheet")
        floor, _ = timed(
            "floor: the same bytes written to as many files",
            lambda: write_floor(work / "html", work / "floor"),
        )
        print(f"  -> ours / floor = {ours / floor:.1f}")
        timed("write Markdown (sheets + index)", lambda: write(briefing, work / "md", "md"))
        timed(
            "write site (sheets, card votes, index)", lambda: write(briefing, work / "site", "site")
        )
        timed(
            "build + write HTML, whips' view",
            lambda: write(
                build_sheets(conference, agenda, rulebook, notes, whip="Forward", whips_view=True),
                work / "whips",
                "html",
            ),
        )

        if args.pdf:
            try:
                reader: Any = importlib.import_module("pypdf")
            except ImportError:
                reader = None
            print(
                f"PDF (WeasyPrint), {args.pdf} sheets one after another (the first lays out "
                "the details it shares with sheets alike, and loads the fonts):"
            )
            alone = HtmlRenderer(briefing).sheet(briefing.sheets[0])
            start, cpu_start = time.perf_counter(), time.process_time()
            whole = pdf(alone)
            print(
                f"  {'one whole sheet, as before':<26} {time.perf_counter() - start:6.2f} s "
                f"({time.process_time() - cpu_start:.2f} s CPU), {len(whole) / 1e3:.0f} kB"
            )
            seconds: list[float] = []
            cpu_seconds: list[float] = []
            few = attrs.evolve(briefing, sheets=briefing.sheets[: args.pdf])
            for output in files(few, "pdf", index=False):
                start, cpu_start = time.perf_counter(), time.process_time()
                data = output.make()
                seconds.append(time.perf_counter() - start)
                cpu_seconds.append(time.process_time() - cpu_start)
                pages = len(reader.PdfReader(io.BytesIO(data)).pages) if reader else 0
                print(
                    f"  {output.path:<26} {seconds[-1]:6.2f} s ({cpu_seconds[-1]:.2f} s CPU), "
                    f"{len(data) / 1e3:.0f} kB" + (f", {pages} A4 pages" if pages else "")
                )
            later = cpu_seconds[1:] or cpu_seconds
            mean = statistics.mean(later)
            print(
                f"  first {cpu_seconds[0]:.2f} s CPU; then {mean:.2f} s CPU a sheet; "
                f"1,400 sheets on one core ≈ {(cpu_seconds[0] + mean * 1399) / 60:.0f} min CPU"
            )
            print(
                f"target: one PDF sheet < 2 s -> {'met' if mean < 2 else 'NOT met'} "
                f"({mean:.2f} s CPU a sheet after the first; the first {cpu_seconds[0]:.2f} s)"
            )
        if args.pdf_batch:
            jobs = os.cpu_count() or 1
            few = attrs.evolve(briefing, sheets=briefing.sheets[: args.pdf_batch])
            elapsed, _ = timed(
                f"{len(few.sheets)} PDFs with --jobs {jobs}",
                lambda: write(few, work / "pdf", "pdf", index=False, jobs=jobs),
            )
            per = elapsed / len(few.sheets)
            print(f"  -> {per:.2f} s a sheet; 1,400 sheets ≈ {per * 1400 / 60:.0f} min")
    print(f"target: HTML end to end < 15 s -> {'met' if total < 15 else 'NOT met'} ({total:.1f} s)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
