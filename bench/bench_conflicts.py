"""The conflict checker end to end: motion files on disk → parse → check (with all carried).

    python bench/bench_conflicts.py                 # 1,000 @ scale 1 and 10,000 @ scale 10
    python bench/bench_conflicts.py --full          # and 100,000 @ scale 100 (minutes, ~GBs)
    python bench/bench_conflicts.py --runs 1k@1 5k@5
    python bench/bench_conflicts.py --runs 100k@100 --cli text json   # and `motions check`

Targets (issue 4): 1,000 motions against the scale-1 rule book in under 1 s; 10,000 against
scale 10 in under 10 s; time near-linear in the number of motions (the growth exponent is the
slope of log(time) against log(motions) over the runs). Issue 15: 100,000 motions @ scale 100
under 30 s and 1 GB, and 10,000 → 100,000 within 12x the time; each run prints its peak memory.

Motions are generated deterministically (seed 4) against the generated book, one file each,
the way an agenda directory looks: a header, a location and one operation. The mix: replace
words 70 %, insert after words 10 %, add at the end 5 %, delete words 5 %, insert a new
provision 5 %, delete a provision and renumber 5 %; one motion in twenty aims at a small set
of popular provisions (20 per unit of scale) so that collisions occur at a steady rate; one in
fifty is from the NEC. Parsing the book and writing the files are not timed: the book is an
input, like the files. With `--cli`, `motions check` is then run on the same files and the
book's file as a user runs it (a directory argument, the report printed, the edition written),
its time and peak memory printed on their own lines: the whole wait, parsing the book included.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import math
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from gen_rulebook import generate_rulebook

from motions import Provision, Rulebook, parse_rulebook
from motions.book.numbering import LabelKey, format_label, label_key
from motions.cli.drafting import read_motions
from motions.conflicts import check
from motions.conflicts.check import fewer_collections
from motions.drafting.reader import parse_motion
from motions.drafting.textedit import find

WORDS = [
    "members",
    "branch",
    "delegates",
    "ballot",
    "annual",
    "general",
    "committee",
    "secretary",
    "regional",
    "national",
    "officers",
    "notice",
    "meeting",
    "votes",
    "candidates",
    "council",
    "elected",
    "women",
    "young",
    "affiliated",
    "union",
]


def _phrase(rng: random.Random, text: str) -> str | None:
    """Two to four words of `text` that occur in it exactly once."""
    tokens = text.split()
    for _ in range(8):
        size = rng.randint(2, 4)
        if len(tokens) <= size:
            return None
        start = rng.randrange(0, len(tokens) - size)
        phrase = " ".join(tokens[start : start + size]).strip(".,;:'\"()")
        if len(phrase) > 6 and "'" not in phrase and len(find(text, phrase)) == 1:
            return phrase
    return None


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _operation(rng: random.Random, book: Rulebook, provision: Provision) -> str | None:
    where = provision.address.long()
    roll = rng.random()
    if roll < 0.05 and provision.children:
        last = provision.children[-1]
        level = last.address.level
        key = label_key(last.label, level.style)
        if key is None:
            return None
        label = format_label(LabelKey(key.ordinal + 1), level.style)
        marker = level.marker(label, provision.label)
        return (
            f"{where}: add a new {level.name} {label} after {level.name} {last.label} as "
            f"follows: '{marker} {_words(rng, 12).capitalize()}.'"
        )
    if roll < 0.10 and provision.address.depth >= 3:
        return f"Delete {where} and renumber accordingly."
    phrase = _phrase(rng, provision.text)
    if phrase is None:
        return None
    if roll < 0.80:
        return f"{where}: delete '{phrase}' and insert '{_words(rng, rng.randint(1, 4))}'."
    if roll < 0.90:
        return f"{where}: after '{phrase}' insert ', {_words(rng, 3)},'."
    if roll < 0.95:
        return f"{where}: at the end add ', {_words(rng, 5)}'."
    return f"{where}: delete '{phrase}'."


def write_motions(book: Rulebook, n: int, scale: float, directory: Path, seed: int = 4) -> None:
    rng = random.Random(seed)
    candidates = [p for p in book.numbered() if len(p.text.split()) >= 8]
    hot = rng.sample(candidates, min(len(candidates), max(1, round(20 * scale))))
    written = 0
    while written < n:
        provision = rng.choice(hot) if rng.random() < 0.05 else rng.choice(candidates)
        operation = _operation(rng, book, provision)
        if operation is None:
            continue
        written += 1
        nec = rng.random() < 0.02
        proposer = "NEC" if nec else f"{rng.choice(WORDS).capitalize()} {written} CLP"
        header = [
            f"Title: Motion {written}",
            f"Proposer: {proposer}",
            f"Card vote: {written}",
            "Rule Book: scale",
        ]
        if nec:
            header.append(f"Package: {written}")
        text = "\n".join(header) + "\n\n" + operation + "\n"
        (directory / f"{written:06d}.motion").write_text(text, encoding="utf-8")


def _cpu() -> float:
    """CPU seconds of this process and its finished workers: on a shared machine, where the
    wall clock depends on everyone else's load, the fairer measure of growth."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _pss_kb(pid: int | str) -> int:
    """Proportional set size of a process (Linux): its private pages, and its share of those it
    shares, so forked workers' pages held in common with the parent count once in a sum."""
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


class TreeMemory:
    """The largest total proportional memory of this process and its children (the parse and
    check workers), sampled every `every` seconds in a thread (0: not sampled). None where
    /proc lacks it.

    The sampling is not free: the kernel walks every page of a process to total its
    proportional set, about 13 ms for 600 MiB, so four samples a second of three processes of
    about 900 MiB took about a fifth of a CPU during the 100,000-motion check, on a machine of
    two where the check keeps three processes busy. Its CPU (`cpu_s`, counted in this
    process's) is printed with the results, and timing runs can leave it off."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.peak_kb: int | None = None
        self.cpu_s = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        try:
            self._sample_until_stopped()
        finally:
            self.cpu_s = time.thread_time()

    def _sample_until_stopped(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.every):
            try:
                with open(f"/proc/{me}/task/{me}/children", encoding="ascii") as handle:
                    children = handle.read().split()
                total = _pss_kb(me)
                for child in children:
                    with contextlib.suppress(OSError):
                        total += _pss_kb(child)
            except OSError:
                return
            self.peak_kb = max(self.peak_kb or 0, total)

    def __enter__(self) -> TreeMemory:
        if self.every > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.every > 0:
            self._stop.set()
            self._thread.join()


#: Runs the command given after it and prints its peak resident memory (KiB) and exit status.
#: Started from this large process, the command itself would report at least this process's
#: size: Linux keeps the high-water mark of the memory a process had before it `exec`ed, and a
#: child forked from here had all of this process's pages. Started from this small one, it
#: reports its own (the largest of it and its workers, as `time -v` gives).
_MEASURE = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:], stderr=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(usage.ru_maxrss, os.waitstatus_to_exitcode(status), file=sys.stderr)\n"
)


def cli_run(directory: Path, book_path: Path, fmt: str) -> tuple[float, float, int, int]:
    """`motions check DIRECTORY --rulebook BOOK --format FMT --edition E` as a user runs it,
    in a process of its own: its wall-clock seconds (the book read from its file included),
    its peak resident memory in MiB, its exit status and the bytes of report it printed."""
    edition = directory.parent / f"edition.{fmt}.txt"
    command = [sys.executable, "-m", "motions", "check", str(directory)]
    command += ["--rulebook", str(book_path), "--format", fmt, "--edition", str(edition)]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        measured = subprocess.run(
            [sys.executable, "-c", _MEASURE, *command],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - start
        printed = out.seek(0, os.SEEK_END)
    peak_kb, status = (int(word) for word in measured.stderr.split()[-2:])
    return seconds, peak_kb / 1024, status, printed


def run(
    n: int,
    scale: float,
    workers: int | None = None,
    tree_every: float = 1.0,
    cli: tuple[str, ...] = (),
) -> dict[str, Any]:
    gc.collect()
    start = time.perf_counter()
    text = generate_rulebook(scale)
    book = parse_rulebook(text)
    book_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        book_path = directory / "book.txt"
        if cli:
            book_path.write_text(text, encoding="utf-8")
        del text  # not held while timing
        write_motions(book, n, scale, directory)
        files = tuple(sorted(str(p) for p in directory.glob("*.motion")))
        gc.collect()
        with TreeMemory(tree_every) as tree:
            start, start_cpu = time.perf_counter(), _cpu()
            with fewer_collections():  # as `motions check` does
                motions = read_motions(files)
            parsed, parsed_cpu = time.perf_counter(), _cpu()
            report = (
                check(book, motions) if workers is None else check(book, motions, workers=workers)
            )
            done, done_cpu = time.perf_counter(), _cpu()
        # Peak resident memory so far, of this process and of the largest worker (Linux: KB),
        # taken before `--cli` starts processes of its own.
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        clis = {}
        if cli:
            motions_dir = directory / "agenda"
            motions_dir.mkdir()
            for path in files:
                os.rename(path, motions_dir / os.path.basename(path))
            clis = {fmt: cli_run(motions_dir, book_path, fmt) for fmt in cli}
    counts = Counter(f.code.value for f in report.findings)
    carried = report.carried
    assert carried is not None
    return {
        "n": n,
        "scale": scale,
        "provisions": len(book),
        "book_s": book_s,
        "parse_s": parsed - start,
        "check_s": done - parsed,
        "parse_cpu": parsed_cpu - start_cpu,
        "check_cpu": done_cpu - parsed_cpu,
        "total_s": done - start,
        "findings": len(report.findings),
        "collision": counts["collision"],
        "falls": counts["falls"],
        "compatible": counts["compatible"],
        "shift": counts["renumbering-shift"],
        "broken": counts["broken-reference"],
        "carried": len(carried.applied),
        "peak_mb": peak_kb / 1024,
        "worker_mb": worker_kb / 1024,
        # The whole tree's peak, shared pages counted once (sampled; -1: not measurable here).
        "tree_mb": tree.peak_kb / 1024 if tree.peak_kb is not None else -1,
        "sampler_cpu": tree.cpu_s,
        "cli": clis,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="conflict checker benchmark")
    parser.add_argument("--runs", nargs="*", default=None, help="N@SCALE, e.g. 1000@1 10000@10")
    parser.add_argument("--full", action="store_true", help="also 100,000 motions @ scale 100")
    parser.add_argument("--repeat", type=int, default=1, help="run each size this many times")
    parser.add_argument(
        "--check-workers",
        type=int,
        default=None,
        help="processes for the check (default: as `motions check`, this one; 2: two forked "
        "workers, sooner, and about twice the memory)",
    )
    parser.add_argument(
        "--tree-every",
        type=float,
        default=1.0,
        help="seconds between samples of the process tree's memory (0: none; each sample costs "
        "this process CPU time in the kernel, printed as the sampler's)",
    )
    parser.add_argument(
        "--cli",
        nargs="*",
        choices=["text", "json"],
        default=(),
        help="also run `motions check` on the same files as a user would, in its own process "
        "(the book read from a file, the report printed in this format, the edition written)",
    )
    args = parser.parse_args()
    plan = [(1000, 1.0), (10_000, 10.0)]
    if args.full:
        plan.append((100_000, 100.0))
    if args.runs:
        plan = [
            (int(r.split("@")[0].replace("k", "000")), float(r.split("@")[1])) for r in args.runs
        ]
    print(
        f"motions conflicts benchmark: python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.platform()}"
    )
    print(
        f"{'motions':>8} {'scale':>5} {'provisions':>10} {'book s':>7} {'parse s':>8} "
        f"{'check s':>8} {'total s':>8} {'findings':>8} {'coll':>5} {'falls':>5} {'compat':>6} "
        f"{'shift':>5} {'broken':>6} {'carried':>7} {'peak MB':>7} {'worker MB':>9} "
        f"{'tree MB':>7}"
    )
    start = time.perf_counter()
    parse_motion("Title: warm-up\nChapter 1, Clause I, rule 1: delete 'a' and insert 'b'.\n")
    print(
        f"building the grammars (once per process, not in the totals): "
        f"{time.perf_counter() - start:.3f} s"
    )
    results = []
    for n, scale in plan:
        runs = [
            run(n, scale, args.check_workers, args.tree_every, tuple(args.cli))
            for _ in range(args.repeat)
        ]
        r = min(runs, key=lambda x: x["total_s"])  # best of: the machine is shared
        results.append(r)
        print(
            f"{r['n']:>8,.0f} {r['scale']:>5g} {r['provisions']:>10,.0f} {r['book_s']:>7.2f} "
            f"{r['parse_s']:>8.3f} {r['check_s']:>8.3f} {r['total_s']:>8.3f} "
            f"{r['findings']:>8,.0f} {r['collision']:>5.0f} {r['falls']:>5.0f} "
            f"{r['compatible']:>6.0f} {r['shift']:>5.0f} {r['broken']:>6.0f} {r['carried']:>7,.0f} "
            f"{r['peak_mb']:>7.0f} {r['worker_mb']:>9.0f} {r['tree_mb']:>7.0f}",
            flush=True,
        )
    for r in results:
        for fmt, (seconds, peak, status, printed) in r["cli"].items():
            print(
                f"{r['n']:,.0f} motions, `motions check DIR --format {fmt} --edition E`: "
                f"{seconds:.1f} s (the book's file read and parsed, the report printed, the "
                f"edition written), peak {peak:,.0f} MiB, exit {status}, {printed:,} bytes printed"
            )
        print(
            f"{r['n']:,.0f} motions: CPU seconds, parse {r['parse_cpu']:.1f} (workers included), "
            f"check {r['check_cpu']:.1f}, total {r['parse_cpu'] + r['check_cpu']:.1f} "
            f"(of which the memory sampler {r['sampler_cpu']:.1f})"
        )
    for before, after in itertools.pairwise(results):
        cpu_before = before["parse_cpu"] + before["check_cpu"]
        cpu_after = after["parse_cpu"] + after["check_cpu"]
        print(
            f"{before['n']:,.0f} → {after['n']:,.0f} motions: "
            f"{after['total_s'] / before['total_s']:.1f}x the time "
            f"(check alone {after['check_s'] / before['check_s']:.1f}x), "
            f"{cpu_after / cpu_before:.1f}x the CPU "
            f"(check alone {after['check_cpu'] / before['check_cpu']:.1f}x); target for 10x: ≤ 12x"
        )
    if len(results) >= 2:
        xs = [math.log(r["n"]) for r in results]
        for key in ("total_s", "parse_s", "check_s"):
            ys = [math.log(r[key]) for r in results]
            mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
                (x - mean_x) ** 2 for x in xs
            )
            print(f"growth exponent ({key[:-2]}): {slope:.2f}  (1.00 is linear)")
    print("book s: generating and parsing the book (not part of the total); total = parse + check")
    print("peak MB: this process's peak resident memory so far (the runs accumulate); worker MB:")
    print("the largest child process's (parse and check workers; forked, so it includes pages it")
    print("shares with this process); tree MB: the largest sum, sampled every --tree-every")
    print("seconds, of the proportional memory of this process and its children (shared pages")
    print("counted once; -1: not sampled).")
    print("MB here are MiB (2^20 bytes). Targets (issue 15): 100,000 motions under 30 s and 1 GB.")


if __name__ == "__main__":
    main()
