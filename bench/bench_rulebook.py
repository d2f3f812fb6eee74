"""Rule-book parsing at scale 1, 10 and 100: time, peak memory, ratio to a bare regex scan.

    python bench/bench_rulebook.py            # scales 1 and 10
    python bench/bench_rulebook.py 1 10 100   # as many as you like

Targets (issue 2): scale 1 under 0.1 s including address indexing; scale 10 within 11x of
scale 1; peak memory under 15x the file size.
"""

from __future__ import annotations

import gc
import re
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gen_rulebook import generate_rulebook

from motions import parse_rulebook

_LABEL_LINE = re.compile(r"^\s*(Chapter \S+|Clause [IVXLCDM]+\.|[0-9A-Za-z]{1,4}\.)\s", re.M)


def best_of(runs: int, action: object) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main(scales: list[float]) -> None:
    print(f"{'scale':>6} {'KB':>8} {'words':>9} {'provisions':>10} {'parse s':>8} "
          f"{'regex s':>8} {'ratio':>6} {'peak MB':>8} {'peak/file':>9} "
          f"{'vs first':>8}")  # fmt: skip
    base: tuple[float, float] | None = None
    for scale in scales:
        text = generate_rulebook(scale)
        size = len(text.encode())
        runs = 5 if scale <= 10 else 1
        parse_s = best_of(runs, lambda t=text: parse_rulebook(t))
        regex_s = best_of(runs, lambda t=text: sum(1 for _ in _LABEL_LINE.finditer(t)))
        tracemalloc.start()
        book = parse_rulebook(text)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        base = base or (scale, parse_s)
        print(
            f"{scale:>6g} {size / 1024:>8.0f} {len(text.split()):>9} {len(book):>10} "
            f"{parse_s:>8.3f} {regex_s:>8.4f} {parse_s / regex_s:>6.0f} "
            f"{peak / 2**20:>8.1f} {peak / size:>9.1f} "
            f"{parse_s / base[1]:>7.1f}x (scale x{scale / base[0]:g})"
        )
        del book
    print("ratio: parse time / bare regex scan of the same text; vs first: time relative to")
    print("the first scale (linear growth: the same factor as the scale).")


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [1.0, 10.0])
