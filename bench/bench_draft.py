"""Drafting motions from edits: `drafted` (align, word, read back, carry, compare) on random
clause-length edits of the model rule book.

    python bench/bench_draft.py

Target (issue 11): 2,000 random edits drafted and verified at 500/s or more. The floor beside
it is the word alignment alone (difflib's matcher over the same old and new words), which any
drafter must do; the ratio says what wording and proving cost on top of it.
"""

from __future__ import annotations

import difflib
import random
import time

from motions import load_rulebook
from motions.book.rulebook import Provision
from motions.drafting.draft import drafted

COUNT = 2_000
RUNS = 3
_WORDS = ("members", "NEC", "twelve", "months", "shall", "may", "delegates", "ballot", "CLP")


def edits(count: int, seed: int = 11) -> list[tuple[Provision, str]]:
    """One to three word changes (insert, delete, replace, punctuation) in provisions of 25
    words or more, the length of a clause's paragraph."""
    rng = random.Random(seed)
    book = load_rulebook()
    long = [p for p in book.numbered() if len(p.text.split()) >= 25]
    found: list[tuple[Provision, str]] = []
    while len(found) < count:
        provision = rng.choice(long)
        tokens = provision.text.split()
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(tokens))
            kind = rng.choice(("insert", "delete", "replace", "punctuate"))
            if kind == "insert":
                tokens[at:at] = rng.sample(_WORDS, rng.randint(1, 3))
            elif kind == "delete":
                del tokens[at : at + rng.randint(1, 3)]
            elif kind == "replace":
                tokens[at : at + rng.randint(1, 2)] = [f"{rng.randint(2, 99)}"]
            else:
                tokens[at] = tokens[at].rstrip(",;.") + rng.choice(",;")
        new = " ".join(tokens)
        if new != provision.text:
            found.append((provision, new))
    return found


def best_of(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    book = load_rulebook()
    cases = edits(COUNT)
    drafted(book, cases[0][0].address, cases[0][1])  # grammars and memos built once

    def ours() -> None:
        for provision, new in cases:
            drafted(book, provision.address, new)

    def floor() -> None:
        for provision, new in cases:
            difflib.SequenceMatcher(None, provision.text.split(), new.split()).get_opcodes()

    mine = best_of(RUNS, ours)
    base = best_of(RUNS, floor)
    words = sum(len(p.text.split()) for p, _ in cases) / len(cases)
    print(f"{COUNT:,} edits of provisions averaging {words:.0f} words (best of {RUNS})")
    print(f"  drafted and verified: {mine:.2f} s = {COUNT / mine:,.0f}/s (target 500/s)")
    print(f"  word alignment alone: {base:.3f} s = {COUNT / base:,.0f}/s")
    print(f"  ratio: drafting costs {mine / base:.0f}x the alignment floor")


if __name__ == "__main__":
    main()
