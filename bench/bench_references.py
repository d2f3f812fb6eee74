"""Every cross-reference in a large rule book: this tree against another revision, side by side.

    python bench/bench_references.py                  # scale 100 (270,391 provisions), 5 rounds
    python bench/bench_references.py --scale 10 --rounds 7 --against main

What the conflict check's worker does once per check (`conflicts.citations.book_references`):
scan every provision's text for citations, read each, resolve it in the book. The other
revision's `src/`, `grammar/` and `rulebook/` are taken with `git archive` into a temporary
directory and run in a second process that builds the same book; the two processes take turns,
one round each at a time, so both see the same load. Each round starts with the citation
memos empty (as in a fresh check worker) and the book's objects frozen out of the cyclic
collector's way, with the thresholds `motions check` sets. CPU time of the process; best of
the rounds; the ratio is the other revision's best over ours.

Both processes also report a digest of what they found (every reference: source, text,
offsets, targets, unresolved parts, direction, span; and every diagnostic of
`find_references`): the run fails unless the digests are equal.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _forget() -> None:
    """Empty every memo of the citation readers, so each round starts as a fresh worker."""
    from motions.book import address, references

    for module in (address, references):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == module.__name__:
                clear()


def _digest(book: object) -> tuple[str, int, int]:
    from motions.book.references import find_references
    from motions.conflicts.citations import book_references

    def span(s: object) -> object:
        return None if s is None else [s.filename, s.line, s.column, s.length]  # type: ignore[attr-defined]

    refs = book_references(book)  # type: ignore[arg-type]
    rows = [
        [
            r.source.compact(),
            r.text,
            r.start,
            r.end,
            [t.compact() for t in r.targets],
            list(r.unresolved),
            r.direction,
            span(r.span),
        ]
        for r in refs
    ]
    diagnostics = find_references(book).diagnostics  # type: ignore[arg-type]
    rows.append([[d.code, d.severity.value, d.message, d.hint, span(d.span)] for d in diagnostics])
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest(), len(refs), len(diagnostics)


def serve(scale: float) -> None:
    """One side of the comparison: build the book, then time a round per line on stdin."""
    sys.path.insert(0, str(HERE))
    from gen_rulebook import generate_rulebook

    from motions import parse_rulebook
    from motions.book.address import parse_reference
    from motions.conflicts.citations import book_references

    book = parse_rulebook(generate_rulebook(scale))
    parse_reference("Chapter 1, Clause I, rule 1 above")  # the grammar built, as in a worker
    digest, count, diagnostics = _digest(book)
    print(json.dumps({"digest": digest, "references": count, "diagnostics": diagnostics}))
    print(json.dumps({"provisions": len(book)}), flush=True)
    gc.collect()
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)  # as `motions check` (check.fewer_collections)
    for _ in sys.stdin:
        _forget()
        start = time.process_time()
        book_references(book)
        print(json.dumps({"cpu": time.process_time() - start}), flush=True)


class Side:
    def __init__(self, name: str, pythonpath: str | None, scale: float) -> None:
        env = dict(os.environ)
        if pythonpath is not None:
            env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", "--scale", str(scale)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.found = self._read()
        self.provisions = self._read()["provisions"]
        self.times: list[float] = []

    def _read(self) -> dict[str, object]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the process ended early")
        return json.loads(line)  # type: ignore[no-any-return]

    def round(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        self.times.append(float(self._read()["cpu"]))  # type: ignore[arg-type]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="book_references: this tree against another")
    parser.add_argument("--scale", type=float, default=100.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", default="main", help="the git revision to compare with")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.scale)
        return
    root = Path(subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip())
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", args.against, "src", "grammar", "rulebook"],
            cwd=root,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        print(f"book_references at scale {args.scale:g}: {args.against} against this tree")
        theirs = Side(args.against, str(Path(tmp) / "src"), args.scale)
        ours = Side("this tree", None, args.scale)
        try:
            print(
                f"provisions: {ours.provisions:,}; references: {ours.found['references']:,}; "
                f"diagnostics: {ours.found['diagnostics']:,}"
            )
            if theirs.found != ours.found or theirs.provisions != ours.provisions:
                raise SystemExit(f"different results: {theirs.found} against {ours.found}")
            print("the same references and diagnostics (digest equal)")
            for index in range(args.rounds):
                theirs.round()
                ours.round()
                print(
                    f"round {index + 1}: {args.against} {theirs.times[-1]:.3f} s, "
                    f"this tree {ours.times[-1]:.3f} s CPU",
                    flush=True,
                )
        finally:
            theirs.close()
            ours.close()
    best_theirs, best_ours = min(theirs.times), min(ours.times)
    print(
        f"best of {args.rounds}: {args.against} {best_theirs:.3f} s, this tree {best_ours:.3f} s; "
        f"{best_theirs / best_ours:.2f}x faster"
    )


if __name__ == "__main__":
    main()
