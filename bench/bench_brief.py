"""Briefing-sheet benchmark: prints figures, asserts nothing.

    python bench/bench_brief.py [--delegates 1400] [--card-votes 60] [--pdf 3] [--pdf-batch 8]
        [--repeat 3] [--jobs 2] [--pdf-conference] [--no-html]

Builds, in a temporary folder, a whip book of 1,400 CLP delegates in 700 CLPs plus 12
affiliate blocs, 60 card votes (every third with a second motion on the same provision, so
the conflict checker has collisions to find), two factions' lines, mandates and pledges, and an
agenda of motion files against the embedded model rule book. Then times:

- `motions brief ... --format html` end to end, in this process (read the agenda, check it for
  conflicts, open the book, build the sheets, write 1,400 sheets and the index);
- each stage on its own, and the Markdown and site formats;
- a PDF sheet alone, side by side in this process: as one document (before session 2), card
  and details both laid out (session 2), card laid out and details from the disk cache (now);
  then `motions brief --delegate X --format pdf` in a fresh process, with an empty cache and
  with the details cached by an earlier run (CPU of the process and its children, and wall);
- a batch of `--pdf-batch` sheets with `--jobs` worker processes, empty cache then cached; with
  `--pdf-conference`, every sheet of the conference as PDF through the command line.

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
import resource
import shutil
import subprocess
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
from motions.brief.model import Briefing
from motions.brief.paper import details_key
from motions.brief.render import HtmlRenderer, Links, write
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


def best(label: str, action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best CPU and wall time of `repeat` runs of `action`, printed."""
    runs = []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        action()
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    cpu_best, wall_best = min(c for c, _ in runs), min(w for _, w in runs)
    print(f"  {label:<58} {cpu_best:6.2f} s CPU {wall_best:6.2f} s wall")
    return cpu_best, wall_best


def command_time(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU (user + system, its own and its children's) and wall time of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, wall


def bench_pdf(briefing: Briefing, work: Path, args: argparse.Namespace) -> None:
    """A PDF sheet alone, old way and new side by side; the command line in a fresh process;
    a batch with --jobs; and, with --pdf-conference, every sheet of the conference."""
    from motions.brief import paper

    sheet = briefing.sheets[0]
    if args.only_sheet_alone:
        sheet_alone(
            work,
            [s.delegate.id for s in briefing.sheets if details_key(s) == details_key(sheet)],
            args,
        )
        return
    renderer = HtmlRenderer(briefing)
    card = renderer.sheet(sheet, Links(), "card")
    details = renderer.sheet(sheet, part="details")
    whole = renderer.sheet(sheet)
    cache = paper.PdfCache(work / "pdf-cache")
    paper.pdf("<p>warm up: fonts</p>")
    print(f"PDF, one sheet alone (best of {args.pdf}; this process, fonts loaded):")
    best("as one document (before session 2)", lambda: paper.pdf(whole), args.pdf)
    old = best(
        "card + details laid out, joined (session 2: no cache)",
        lambda: paper.Layouts(paper.PdfCache(None)).file(
            (paper.Part(card), paper.Part(details, shared=True))
        ),
        args.pdf,
    )
    paper.Layouts(cache).file((paper.Part(details, shared=True),))  # an earlier run's
    new = best(
        "card laid out + details from the disk cache, joined (now)",
        lambda: paper.Layouts(cache).file((paper.Part(card), paper.Part(details, shared=True))),
        args.pdf,
    )
    print(f"  -> now / old: CPU {new[0] / old[0]:.2f}, wall {new[1] / old[1]:.2f}")
    pages = len(pypdf_reader(paper.Layouts(cache).file((paper.Part(card), paper.Part(details)))))
    print(f"  -> {pages} A4 pages ({sheet.delegate.name})")

    alike = [s.delegate.id for s in briefing.sheets if details_key(s) == details_key(sheet)]
    sheet_alone(work, alike, args)

    keys = len({details_key(s) for s in briefing.sheets})
    print(f"{keys} different details among {len(briefing.sheets):,} sheets (mandates, absences)")
    jobs = args.jobs
    if args.pdf_batch:
        few = attrs.evolve(briefing, sheets=briefing.sheets[: args.pdf_batch])
        os.environ["MOTIONS_CACHE_DIR"] = str(work / "batch-cache")
        elapsed, _ = timed(
            f"{len(few.sheets)} PDFs with --jobs {jobs}, empty cache",
            lambda: write(few, work / "pdf", "pdf", index=False, jobs=jobs),
        )
        again, _ = timed(
            f"the same {len(few.sheets)} again, details cached",
            lambda: write(few, work / "pdf2", "pdf", index=False, jobs=jobs),
        )
        per, then = elapsed / len(few.sheets), again / len(few.sheets)
        print(f"  -> {per:.2f} s, then {then:.2f} s a sheet")
    if args.pdf_conference:
        total = [
            sys.executable, "-m", "motions", "brief", "--book", str(work / "whip.sqlite"),
            "--agenda", str(work / "agenda"), "--whip", "Forward", "--format", "pdf", "-q",
            "--jobs", str(jobs), "-o", str(work / "pdf-all"),
        ]  # fmt: skip
        env = {**os.environ, "MOTIONS_CACHE_DIR": str(work / "all-cache")}
        cpu, wall = command_time(total, env)
        print(
            f"  whole conference: {len(briefing.sheets):,} PDF sheets + index, --jobs {jobs}, "
            f"empty cache: {wall:.0f} s wall ({wall / 60:.1f} min), {cpu:.0f} s CPU"
        )


def sheet_alone(work: Path, alike: list[str], args: argparse.Namespace) -> None:
    """`motions brief --delegate X --format pdf` as a command, this code beside each
    `--baseline` (another `src` folder, put first on PYTHONPATH), rounds interleaved: with an
    empty cache (the grammar's parse tables built again too), with no PDF part cached but the
    grammar's tables built (a user's usual first sheet), and with the details cached by an
    earlier run (another delegate alike).
    Bytecode cache on, as installed (PYTHONDONTWRITEBYTECODE dropped), after an untimed run.
    Best of `--pdf` rounds; the 1-minute load average at each run is shown beside."""
    variants = {"this code": None, **dict(b.split("=", 1) for b in args.baseline)}
    base = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")
    }
    command = [
        sys.executable, "-c", "from motions.cli import main; main()", "brief",
        "--book", str(work / "whip.sqlite"), "--agenda", str(work / "agenda"),
        "--whip", "Forward", "--format", "pdf", "-q",
    ]  # fmt: skip
    others = alike[1:] or alike
    runs: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for index, src in enumerate(variants.values()):
        env = {**base, **({"PYTHONPATH": src} if src else {})}
        for folder in (f"warm-{index}", f"grammar-{index}"):
            warm = {**env, "MOTIONS_CACHE_DIR": str(work / folder)}
            command_time([*command, "--delegate", alike[0], "-o", str(work / "o")], warm)  # untimed
    for round_ in range(args.pdf):
        for index, (name, src) in enumerate(variants.items()):
            env = {**base, **({"PYTHONPATH": src} if src else {})}
            cold = {**env, "MOTIONS_CACHE_DIR": str(work / f"cold-{index}-{round_}")}
            grammar = {**env, "MOTIONS_CACHE_DIR": str(work / f"grammar-{index}")}
            warm = {**env, "MOTIONS_CACHE_DIR": str(work / f"warm-{index}")}
            for kind, environ, who in (
                ("empty cache", cold, alike[0]),
                ("no PDF cached", grammar, alike[0]),
                ("details cached", warm, others[round_ % len(others)]),
            ):
                if kind == "no PDF cached":  # the grammar's tables built, no PDF part laid out
                    shutil.rmtree(work / f"grammar-{index}" / "pdf", ignore_errors=True)
                load = os.getloadavg()[0]
                cpu, wall = command_time(
                    [*command, "--delegate", who, "-o", str(work / "o")], environ
                )
                runs.setdefault((kind, name), []).append((cpu, wall, load))
    print(
        f"motions brief --delegate X --format pdf, a fresh process, best of {args.pdf} "
        "(CPU: the process and its children; load: 1-min average at the runs):"
    )
    for (kind, name), values in runs.items():
        cpu = min(v[0] for v in values)
        wall = min(v[1] for v in values)
        loads = [v[2] for v in values]
        print(
            f"  {kind:<15} {name:<16} {cpu:6.2f} s CPU {wall:6.2f} s wall   "
            f"(all walls {', '.join(f'{v[1]:.2f}' for v in values)}; "
            f"load {min(loads):.1f}-{max(loads):.1f})"
        )
    for kind in ("empty cache", "no PDF cached", "details cached"):
        ours = runs[(kind, "this code")]
        for name in list(variants)[1:]:
            theirs = runs[(kind, name)]
            print(
                f"  -> {kind}, this code / {name}: CPU "
                f"{min(v[0] for v in ours) / min(v[0] for v in theirs):.2f}, wall "
                f"{min(v[1] for v in ours) / min(v[1] for v in theirs):.2f}"
            )
        wall = min(v[1] for v in ours)
        verdict = "met" if wall < 2 else "NOT met"
        print(f"target: one PDF sheet < 2 s, {kind} -> {verdict} ({wall:.2f} s wall, best)")


def show(label: str, runs: list[tuple[float, float]]) -> tuple[float, float]:
    cpu, wall = min(c for c, _ in runs), min(w for _, w in runs)
    print(f"  {label:<58} {cpu:6.2f} s CPU {wall:6.2f} s wall")
    return cpu, wall


def pypdf_reader(data: bytes) -> Any:
    return importlib.import_module("pypdf").PdfReader(io.BytesIO(data)).pages


def end_to_end(work: Path, repeat: int) -> float:
    """`motions brief --format html` for every delegate, in this process: the best wall time."""
    from motions.cli.app import main as root

    if "brief" not in root.commands:  # until the CLI registers it
        from motions.cli.brief import register

        register(root)
    command = [
        "brief", "--book", str(work / "whip.sqlite"), "--agenda", str(work / "agenda"),
        "--whip", "Forward", "-o", str(work / "cli-html"),
    ]  # fmt: skip
    print(f"end to end (best of {repeat}; the CPU time is this process's alone):")
    runs: list[tuple[float, float]] = []
    for _ in range(repeat):
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

    return total


def bench_writes(briefing: Briefing, work: Path, whips: Callable[[], Briefing]) -> None:
    """Writing every sheet in each format, and a floor for HTML."""
    sheets = len(briefing.sheets)
    ours, _ = timed("write HTML (sheets + index)", lambda: write(briefing, work / "html", "html"))
    size = sum(p.stat().st_size for p in (work / "html").glob("*.html"))
    print(f"  -> {size / 1e6:.1f} MB, {size / max(sheets, 1) / 1e3:.0f} kB a sheet")
    floor, _ = timed(
        "floor: the same bytes written to as many files",
        lambda: write_floor(work / "html", work / "floor"),
    )
    print(f"  -> ours / floor = {ours / floor:.1f}")
    timed("write Markdown (sheets + index)", lambda: write(briefing, work / "md", "md"))
    timed("write site (sheets, card votes, index)", lambda: write(briefing, work / "site", "site"))
    timed(
        "build + write HTML, whips' view",
        lambda: write(whips(), work / "whips", "html"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=1400)
    parser.add_argument("--card-votes", type=int, default=60)
    parser.add_argument("--pdf", type=int, default=3, help="runs of each PDF timing (best kept)")
    parser.add_argument("--pdf-batch", type=int, default=8, help="PDFs to time with --jobs")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for PDF batches")
    parser.add_argument(
        "--pdf-conference", action="store_true", help="time every sheet as PDF (minutes)"
    )
    parser.add_argument(
        "--no-html", dest="html", action="store_false", help="time PDF only (skip HTML, md, site)"
    )
    parser.add_argument(
        "--baseline",
        action="append",
        default=[],
        metavar="NAME=SRC",
        help="another version's src folder to time a PDF sheet alone beside (repeatable)",
    )
    parser.add_argument("--only-sheet-alone", action="store_true", help="time only that")
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

        total = end_to_end(work, args.repeat) if args.html else None
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
        if args.html:
            bench_writes(
                briefing,
                work,
                lambda: build_sheets(
                    conference, agenda, rulebook, notes, whip="Forward", whips_view=True
                ),
            )
        if args.pdf:
            bench_pdf(briefing, work, args)
    if total is not None:
        verdict = "met" if total < 15 else "NOT met"
        print(f"target: HTML end to end < 15 s -> {verdict} ({total:.1f} s)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
