"""Each motion's effect (`conflicts.effects.effect_of`), this tree against another, side by side.

    python bench/bench_effects.py                        # 10,000 @ 10 and 40,000 @ 40 vs main
    python bench/bench_effects.py --runs 10k@10 --repeat 5
    python bench/bench_effects.py --baseline OLD/src     # another tree, unpacked (with its
                                                         # grammar/ and rulebook/ in OLD)

The conflict check's workers spend most of their time resolving each motion against the book
(issue 15: about 270 µs a motion at 100,000 motions). This bench builds the book and the
motions as `bench_conflicts.py` does (the same generator and seed, the motion files parsed by
`read_motions`), then times `effect_of` over every motion, in CPU time, in two child
processes: one on the baseline's source (default: the `main` branch, unpacked with
`git archive main src grammar rulebook`), one on this tree's. They take turns, best of
`--repeat` each, and the ratio is printed. Each child's bounded memos (`functools.lru_cache`
with a size) are emptied before every pass, so each pass sees what the check sees: every
motion once; a pass holds the effects of 1,000 motions at a time, as a check worker does. The
two must agree on every effect (compared by their printed form, the outcome's subtrees
included), or the bench fails.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs

HERE = Path(__file__).resolve().parent


def _clear_memos() -> None:
    """Empty every bounded `lru_cache` of the library (the unbounded ones hold grammars and
    schemes, built once per process, which the check also finds built)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("motions") or module is None:
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if (
                callable(info)
                and getattr(value, "__module__", None) == name
                and info().maxsize is not None
            ):
                value.cache_clear()


def _digest(effect: object) -> str:
    """An effect's printed form, with what its repr leaves out (the outcome and subtrees; in
    an order of their own, since a set's order follows the hashes)."""
    outcome = getattr(effect, "outcome", None)
    subtrees = getattr(effect, "subtrees", None)
    text = repr(effect) + repr(sorted(map(repr, subtrees or ())))
    if outcome is not None:
        text += repr((outcome.applied, outcome.errors, outcome.renumbering, outcome.kinds))
        text += repr(sorted(map(repr, outcome.subtrees)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _digests(effects: list[Any]) -> list[str]:
    """Each effect's `_digest`, its signature given as the first motion with the same one: two
    trees may write a signature differently (its values, or a digest of them) and must agree
    on which motions leave the same result."""
    first: dict[object, int] = {}
    out = []
    for i, effect in enumerate(effects):
        signature = effect.signature
        same = None if signature is None else first.setdefault(signature, i)
        out.append(f"{_digest(attrs.evolve(effect, signature=None))}:{same}")
    return out


def worker(n: int, scale: float, digests: Path) -> None:
    """In a child: build, then time a pass of `effect_of` each time a line arrives."""
    sys.path.insert(0, str(HERE))
    from bench_conflicts import write_motions
    from gen_rulebook import generate_rulebook

    import motions
    from motions import parse_rulebook
    from motions.cli.drafting import read_motions
    from motions.conflicts.check import fewer_collections
    from motions.conflicts.effects import effect_of

    book = parse_rulebook(generate_rulebook(scale))
    with tempfile.TemporaryDirectory() as tmp:
        write_motions(book, n, scale, Path(tmp))
        files = tuple(sorted(str(p) for p in Path(tmp).glob("*.motion")))
        with fewer_collections():
            agenda = read_motions(files)
    gc.collect()
    gc.freeze()  # as the check's forked workers: the inherited heap is not traversed
    print(f"ready {Path(motions.__file__).parent.parent}", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "run":
            _clear_memos()
            gc.collect()
            applied = 0
            with fewer_collections():
                start = time.process_time()
                # In runs of 1,000, as the check's workers hold them before sending them back.
                for first in range(0, len(agenda), 1000):
                    effects = [effect_of(book, m) for m in agenda[first : first + 1000]]
                    applied += sum(1 for e in effects if e.applies)
                cpu = time.process_time() - start
            del effects
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{cpu:.4f} {applied} {peak:.0f}", flush=True)
        elif command == "digest":
            _clear_memos()
            effects = [effect_of(book, m) for m in agenda]
            digests.write_text("\n".join(_digests(effects)), encoding="ascii")
            print("done", flush=True)
        else:
            return


class Child:
    """A worker process on one tree's source."""

    def __init__(self, name: str, src: Path, n: int, scale: float, digests: Path) -> None:
        self.name = name
        self.digests = digests
        env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
        argv = [sys.executable, __file__, "--worker", f"{n}@{scale}", "--digests", str(digests)]
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
        ready = self._read().split()
        if ready[:1] != ["ready"] or Path(ready[1]).resolve() != src.resolve():
            raise SystemExit(f"{name}: the child imported motions from {ready[1:]}, not {src}")

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the child stopped (exit {self.process.wait()})")
        return line

    def ask(self, command: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._read().strip()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def _baseline(tmp: Path, ref: str) -> Path:
    """`ref`'s `src`, unpacked under `tmp`."""
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", ref, "src", "grammar", "rulebook"],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
    return tmp / "src"


def compare(n: int, scale: float, baseline: Path, repeat: int, tmp: Path) -> float:
    ours = HERE.parent / "src"
    children = [
        Child("baseline", baseline, n, scale, tmp / f"base-{n}.txt"),
        Child("this tree", ours, n, scale, tmp / f"ours-{n}.txt"),
    ]
    best: dict[str, float] = {}
    applied: dict[str, str] = {}
    peaks: dict[str, str] = {}
    try:
        for round_ in range(repeat):
            # Alternate which goes first, so neither always meets the machine in the same state.
            for child in children if round_ % 2 == 0 else children[::-1]:
                cpu, count, peak = child.ask("run").split()
                best[child.name] = min(best.get(child.name, float("inf")), float(cpu))
                applied[child.name], peaks[child.name] = count, peak
        for child in children:
            child.ask("digest")
    finally:
        for child in children:
            child.close()
    base, mine = (c.digests.read_text(encoding="ascii").split() for c in children)
    if len(base) != len(mine):
        raise SystemExit(f"{n} motions: {len(base)} effects against {len(mine)}")
    differ = [i for i, (a, b) in enumerate(zip(base, mine, strict=True)) if a != b]
    if differ:
        raise SystemExit(
            f"{n} motions: {len(differ)} effects differ, the first at motion {differ[0] + 1}"
        )
    ratio = best["baseline"] / best["this tree"]
    print(
        f"{n:>8,} {scale:>5g} {best['baseline']:>10.3f} {best['this tree']:>10.3f} "
        f"{ratio:>6.2f}x {1e6 * best['this tree'] / n:>7.0f} {applied['this tree']:>8} "
        f"{peaks['baseline']:>8} {peaks['this tree']:>8}   same effects",
        flush=True,
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description="effect_of, this tree against another")
    parser.add_argument("--runs", nargs="*", default=["10k@10", "40k@40"], help="N@SCALE")
    parser.add_argument("--repeat", type=int, default=3, help="passes each (best of)")
    parser.add_argument("--against", default="main", help="git ref of the baseline")
    parser.add_argument("--baseline", type=Path, help="a `src` directory instead of --against")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--digests", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        n, scale = args.worker.split("@")
        worker(int(n), float(scale), args.digests)
        return
    print(
        f"effect_of over every motion, CPU seconds, best of {args.repeat}; baseline: "
        f"{args.baseline or args.against}"
    )
    print(
        f"{'motions':>8} {'scale':>5} {'baseline':>10} {'this tree':>10} {'ratio':>7} "
        f"{'µs/mot':>7} {'applied':>8} {'base MB':>8} {'ours MB':>8}"
    )
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        baseline = args.baseline or _baseline(tmp, args.against)
        for run in args.runs:
            n, scale = run.split("@")
            compare(int(n.replace("k", "000")), float(scale), baseline, args.repeat, tmp)
    print("ratio: the baseline's CPU time over this tree's (above 1: this tree is faster);")
    print("MB: each child's peak resident memory (MiB), the book and the motions included.")


if __name__ == "__main__":
    main()
