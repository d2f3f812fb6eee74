"""Citations in a large rule book and in motions: this tree against another revision, side by side.

    python bench/bench_references.py                  # scale 100 (270,391 provisions), 5 rounds
    python bench/bench_references.py --scale 10 --rounds 7 --against main --motions 10000

Two measures:

- refs: what the conflict check's worker does once per check
  (`conflicts.citations.book_references`): scan every provision's text for citations, read
  each, resolve it in the book.
- locations: every `parse_reference` call that reading `--motions` motions makes (the motions
  `bench_conflicts.py` writes against the same book: their locations, mostly "Chapter 4,
  Clause II, rule 2.B.i" with no context), recorded once and then replayed, per call.

The other revision's `src/`, `grammar/` and `rulebook/` are taken with `git archive` into a
temporary directory and run in a second process that builds the same book and motions; the two
processes take turns, one round each at a time, so both see the same load. Each round starts
with the citation memos empty (as in a fresh worker) and the book's objects frozen out of the
cyclic collector's way, with the thresholds `motions check` sets. CPU time of the process;
best of the rounds; the ratio is the other revision's best over ours.

Both processes also report a digest of what they found (every reference: source, text,
offsets, targets, unresolved parts, direction, span; every diagnostic of `find_references`;
every location's reading or error): the run fails unless the digests are equal.
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


Call = tuple[str, object, object]  # text, scheme, context


def _locations(book: object, motions: int, scale: float) -> list[Call]:
    """The `parse_reference` calls that reading the benchmark's motions makes, in order."""
    from bench_conflicts import write_motions

    from motions.drafting import reader

    calls: list[Call] = []
    real = reader.parse_reference

    def record(text: str, **options: object) -> object:
        calls.append((text, options.get("scheme"), options.get("context")))
        return real(text, **options)  # type: ignore[arg-type]

    reader.parse_reference = record  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            write_motions(book, motions, scale, Path(tmp))  # type: ignore[arg-type]
            for path in sorted(Path(tmp).glob("*.motion")):
                reader.parse_motions(path.read_text(encoding="utf-8"), filename=path.name)
    finally:
        reader.parse_reference = real
    return calls


def _replay(calls: list[Call]) -> list[object]:
    from motions.book.address import parse_reference
    from motions.errors import AddressError

    out: list[object] = []
    for text, scheme, context in calls:
        try:
            out.append(parse_reference(text, scheme=scheme, context=context))  # type: ignore[arg-type]
        except AddressError as exc:
            out.append(exc.format())
    return out


def _location_digest(calls: list[Call]) -> str:
    from motions.book.address import CitedRange

    rows: list[object] = []
    for (text, _, context), result in zip(calls, _replay(calls), strict=True):
        where = None if context is None else context.compact()  # type: ignore[attr-defined]
        if isinstance(result, str):
            rows.append([text, where, result])
            continue
        targets = [
            [[r.compact() for r in t.start.readings], [r.compact() for r in t.end.readings]]
            if isinstance(t, CitedRange)
            else [r.compact() for r in t.readings]
            for t in result.targets  # type: ignore[attr-defined]
        ]
        rows.append([text, where, targets, result.page, result.direction])  # type: ignore[attr-defined]
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def serve(scale: float, motions: int) -> None:
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
    calls = _locations(book, motions, scale) if motions else []
    print(json.dumps({"calls": len(calls), "digest": _location_digest(calls)}))
    print(json.dumps({"provisions": len(book)}), flush=True)
    gc.collect()
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)  # as `motions check` (check.fewer_collections)
    for line in sys.stdin:
        _forget()
        start = time.process_time()
        if line.strip() == "refs":
            book_references(book)
        else:
            _replay(calls)
        print(json.dumps({"cpu": time.process_time() - start}), flush=True)


class Side:
    def __init__(self, name: str, pythonpath: str | None, scale: float, motions: int) -> None:
        env = dict(os.environ)
        if pythonpath is not None:
            env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", "--scale", str(scale), "--motions", str(motions)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.found = self._read()
        self.located = self._read()
        self.provisions = self._read()["provisions"]
        self.times: dict[str, list[float]] = {"refs": [], "locations": []}

    def _read(self) -> dict[str, object]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the process ended early")
        return json.loads(line)  # type: ignore[no-any-return]

    def round(self, what: str) -> float:
        assert self.process.stdin is not None
        self.process.stdin.write(what + "\n")
        self.process.stdin.flush()
        self.times[what].append(float(self._read()["cpu"]))  # type: ignore[arg-type]
        return self.times[what][-1]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="book_references: this tree against another")
    parser.add_argument("--scale", type=float, default=100.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", default="main", help="the git revision to compare with")
    parser.add_argument(
        "--motions", type=int, default=20_000, help="motions whose locations are read (0: none)"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.scale, args.motions)
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
        theirs = Side(args.against, str(Path(tmp) / "src"), args.scale, args.motions)
        ours = Side("this tree", None, args.scale, args.motions)
        try:
            print(
                f"provisions: {ours.provisions:,}; references: {ours.found['references']:,}; "
                f"diagnostics: {ours.found['diagnostics']:,}"
            )
            if theirs.found != ours.found or theirs.provisions != ours.provisions:
                raise SystemExit(f"different references: {theirs.found} against {ours.found}")
            print("the same references and diagnostics (digest equal)")
            calls = int(ours.located["calls"])  # type: ignore[call-overload]
            if theirs.located != ours.located:
                raise SystemExit(f"different locations: {theirs.located} against {ours.located}")
            if calls:
                print(f"locations: {calls:,} parse_reference calls, the same readings")
            measures = ["refs", "locations"] if calls else ["refs"]
            for index in range(args.rounds):
                for what in measures:
                    print(
                        f"round {index + 1} {what}: {args.against} {theirs.round(what):.3f} s, "
                        f"this tree {ours.round(what):.3f} s CPU",
                        flush=True,
                    )
        finally:
            theirs.close()
            ours.close()
    for what in measures:
        best_theirs, best_ours = min(theirs.times[what]), min(ours.times[what])
        per_call = (
            f" ({best_theirs / calls * 1e6:.1f} and {best_ours / calls * 1e6:.1f} µs a call)"
            if what == "locations"
            else ""
        )
        print(
            f"{what}, best of {args.rounds}: {args.against} {best_theirs:.3f} s, this tree "
            f"{best_ours:.3f} s{per_call}; {best_theirs / best_ours:.2f}x faster"
        )


if __name__ == "__main__":
    main()
