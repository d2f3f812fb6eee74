"""Reading a large agenda: `read_motion_files` on main's code and on this tree, side by side.

    python bench/bench_agenda_read.py                      # 20,000 @ 20 and 100,000 @ 100
    python bench/bench_agenda_read.py --runs 5k@5 --repeat 5
    python bench/bench_agenda_read.py --base some-branch  # compare with another commit
    python bench/bench_agenda_read.py --runs 100k@100 --book  # the book held while reading

The agenda is written as `bench_conflicts.py` writes it (one motion file each, its
`write_motions` against its generated book), then read by each tree in turn in a fresh
Python process (the base's `src`, `grammar` and `rulebook` unpacked by `git archive`, this tree's as
it stands), alternating, best of `--repeat`. Each process warms its grammars first, then
times `read_motion_files` alone as `motions check` calls it (the cyclic collector slowed by
`fewer_collections`, worker processes as many as the CPUs): the wall clock, and the CPU time
of the process and of its finished workers (`RUSAGE_CHILDREN`), which on a shared machine is
the steadier figure. Issue 15's target for this step: 100,000 files at least 1.5x faster on
the wall clock than main at the start of session 6, with less CPU.

Each process also prints two digests of what it read: one of every field that takes part in
equality, and one of every field at all (spans, sources, arguments included). The bench
fails if either differs between the trees: the motions must be the same values.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: Run in each tree's process: argv is the file list's path; prints one JSON line.
TIMED = r"""
import gc, hashlib, json, resource, sys, time
import attrs
from motions.conflicts.check import fewer_collections
from motions.drafting.files import read_motion_files
from motions.drafting.reader import parse_motion

def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime

def rss_mb():
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1.0

def canonical(value, every):
    if type(value).__name__ == "Scheme":
        return ("Scheme", value.name)
    if attrs.has(type(value)):
        fields = [f for f in attrs.fields(type(value)) if every or f.eq]
        return (type(value).__name__,) + tuple(
            canonical(getattr(value, f.name), every) for f in fields
        )
    if isinstance(value, tuple):
        return tuple(canonical(v, every) for v in value)
    return value

def digest(motions, every):
    hasher = hashlib.sha256()
    for motion in motions:
        hasher.update(repr(canonical(motion, every)).encode())
    return hasher.hexdigest()[:16]

files = open(sys.argv[1], encoding="utf-8").read().split("\n")
book = None
if len(sys.argv) > 3:  # hold the book, as `motions check` does while it reads the agenda
    sys.path.insert(0, sys.argv[2])
    from gen_rulebook import generate_rulebook
    from motions import parse_rulebook
    book = parse_rulebook(generate_rulebook(float(sys.argv[3])))
parse_motion("Title: warm-up\nChapter 1, Clause I, rule 1: delete 'a' and insert 'b'.\n")
gc.collect()
before = rss_mb()
start, (own0, kids0) = time.perf_counter(), cpu()
with fewer_collections():
    motions = read_motion_files(files)
wall, (own1, kids1) = time.perf_counter() - start, cpu()
gc.collect()
after = rss_mb()
print(json.dumps({
    "wall": wall, "own": own1 - own0, "kids": kids1 - kids0, "count": len(motions),
    "held_mb": after - before,
    "eq": digest(motions, False), "all": digest(motions, True),
}))
"""


def unpack(base: str, into: Path) -> Path:
    """The base commit's `src`, `grammar` and `rulebook`, unpacked under `into`."""
    archive = subprocess.run(
        ["git", "archive", base, "src", "grammar", "rulebook"],
        cwd=HERE.parent,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def timed(source_root: Path, listing: Path, book: float | None) -> dict[str, float | str]:
    env = dict(os.environ, PYTHONPATH=str(source_root))
    held = [str(HERE), str(book)] if book is not None else []
    done = subprocess.run(
        [sys.executable, "-c", TIMED, str(listing), *held],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"the timed process failed:\n{done.stderr}")
    result: dict[str, float | str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def agenda(n: int, scale: float, directory: Path) -> Path:
    """Write the motion files and their list; return the list's path."""
    from bench_conflicts import write_motions
    from gen_rulebook import generate_rulebook

    from motions import parse_rulebook

    book = parse_rulebook(generate_rulebook(scale))
    write_motions(book, n, scale, directory)
    files = sorted(str(p) for p in directory.glob("*.motion"))
    listing = directory / "files.txt"
    listing.write_text("\n".join(files), encoding="utf-8")
    return listing


def main() -> None:
    parser = argparse.ArgumentParser(description="agenda reading: main beside this tree")
    parser.add_argument("--runs", nargs="*", default=["20k@20", "100k@100"], help="N@SCALE")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, best of (default 3)")
    parser.add_argument("--base", default="main", help="the commit to compare with")
    parser.add_argument(
        "--book",
        action="store_true",
        help="each timed process first parses the generated book and holds it while it reads "
        "(as `motions check` and bench_conflicts.py do: the workers fork from a large process)",
    )
    args = parser.parse_args()
    ours = HERE.parent / "src"
    with tempfile.TemporaryDirectory() as tmp:
        base_root = unpack(args.base, Path(tmp))
        for run in args.runs:
            count, scale = run.split("@")
            n = int(count.lower().replace("k", "000"))
            with tempfile.TemporaryDirectory() as files_dir:
                listing = agenda(n, float(scale), Path(files_dir))
                results: dict[str, list[dict[str, float | str]]] = {args.base: [], "this": []}
                for _ in range(args.repeat):
                    for name, root in ((args.base, base_root), ("this", ours)):
                        book = float(scale) if args.book else None
                        results[name].append(timed(root, listing, book))
            report(n, float(scale), results, args.base)


def report(
    n: int, scale: float, results: dict[str, list[dict[str, float | str]]], base: str
) -> None:
    print(f"{n:,} motion files @ scale {scale:g}, best of {len(results['this'])}:")
    best = {}
    for name, rounds in results.items():
        wall = min(float(r["wall"]) for r in rounds)
        cpu = min(float(r["own"]) + float(r["kids"]) for r in rounds)
        own = min(float(r["own"]) for r in rounds)
        held = min(float(r["held_mb"]) for r in rounds)
        best[name] = (wall, cpu)
        walls = " ".join(f"{float(r['wall']):.2f}" for r in rounds)
        print(
            f"  {name:>8}: wall {wall:6.2f} s (rounds {walls}), CPU {cpu:6.2f} s with workers "
            f"(this process {own:5.2f} s), motions held {held:5.0f} MiB"
        )
    print(
        f"  ratio {base} ÷ this: wall {best[base][0] / best['this'][0]:.2f}x, "
        f"CPU {best[base][1] / best['this'][1]:.2f}x"
    )
    digests = {(r["count"], r["eq"], r["all"]) for rounds in results.values() for r in rounds}
    if len(digests) != 1:
        raise SystemExit(f"the trees read different motions: {sorted(digests)}")
    print(f"  same motions in every round ({n:,}; every field equal)", flush=True)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s in all)")
