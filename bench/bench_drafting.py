"""Drafting benchmarks: parsing motions beside Lark alone, and redlines beside `redlines`.

    pip install redlines   # the peer, for the side-by-side redline figure (optional)
    python bench/bench_drafting.py

Targets (issues 3, 15 and 18): one-line motions at 5,000/s or more (10,000/s asked), whole
realistic motions (headers, the current text, an operation, the stated result, an argument)
at 3,000/s or more, each beside Lark alone (`Lark.parse`) parsing the same lines with the same
grammar, in CPU time, best of five rounds in which they take turns; render the redlines of
2,000 clause-length changes at least 20x faster than `redlines` on the same pairs. The motions
cite provisions drawn at random from the model rule book, so the citation memo helps only as
much as a real agenda's repeated citations would; the "cold" figure clears it before every
motion. The reader also parses each distinct grammar input once (`syntax.parse_tree`: motions
that differ only in their quoted words and header lengths hand the grammar the same text); the
"no parse memo" figures clear that memo before every motion, so they show what a stream of
motions that never repeat a shape costs. The reader parses with `grammars.LalrRunner` (Lark's
own tables, scanners and tree builders in one loop), so "Lark alone" is Lark's own `parse` of
the same text with the same grammar. A one-motion file of the commonest layout is read in
one pass, and its commonest operations without the grammar (`drafting.oneline`,
`reader._plain_motion`); "the general reading" turns that off, to show what every other file
costs.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from motions import load_rulebook
from motions.book import address as citations
from motions.drafting import reader as reading
from motions.drafting.layout import mark_drafting, sort_lines
from motions.drafting.quoting import scan
from motions.drafting.reader import parse_motion
from motions.drafting.redline import Redline
from motions.drafting.syntax import forget_trees, parser
from motions.drafting.textedit import Draft, find
from motions.render.redline import html_fragment, markdown

COUNT = 10_000
WHOLE = 2_000
PAIRS = 2_000
RUNS = 5
#: The clock of the parse figures: CPU time of this process unless `--wall` is given.
CLOCK = time.process_time
CLOCK_NAME = "CPU time"


def motions_text(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    addresses = [p.address.long() for p in load_rulebook().numbered()]
    return [
        f"{rng.choice(addresses)}: delete '{n} per cent' and insert '{n + 1} per cent'."
        for n in range(count)
    ]


def whole_motions(count: int, seed: int = 3) -> list[str]:
    """Realistic motions: headers, the current text, one operation, the result, an argument."""
    rng = random.Random(seed)
    provisions = [p for p in load_rulebook().numbered() if len(p.text.split()) > 12]
    out = []
    for n in range(count):
        provision = rng.choice(provisions)
        words = provision.text.split()
        i = rng.randrange(0, len(words) - 3)
        old = " ".join(words[i : i + 2])
        new = f"{old} and {n}"
        after = provision.text.replace(old, new, 1)
        out.append(
            f"Title: Rule change {n}\nProposer: Northtown CLP\nRule Book: 2026\n\n"
            f"{provision.address.long()} reads as follows:\n‘{provision.text}’\n\n"
            f"Amendment\nDelete ‘{old}’ and insert ‘{new}’.\n\n"
            f"The amended rule will read:\n‘{after}’\n\n"
            "Supporting argument\nThe rule should say what members expect of it.\n"
        )
    return out


def best(*runs: Callable[[], None]) -> list[float]:
    """Each run's best time of `RUNS` rounds, the runs taking turns within a round.

    CPU time of this process (`process_time`) unless `--wall`: the machine is shared, and a
    parse is single-threaded, so time spent waiting for a CPU is not the parser's. Taking
    turns spreads a busy spell over all of them, so the ratios compare like with like.
    """
    times = [float("inf")] * len(runs)
    for _ in range(RUNS):
        for index, run in enumerate(runs):
            start = CLOCK()
            run()
            times[index] = min(times[index], CLOCK() - start)
    return times


def grammar_input(text: str) -> str:
    """What the grammar itself reads of a motion: lines sorted, quotes and citations marked."""
    return mark_drafting(scan(sort_lines(text).drafting).text).text


def side_by_side(label: str, texts: list[str]) -> None:
    """`parse_motion` beside Lark alone parsing, with the same grammar, what it reads of each."""
    lark = parser()
    prepared = [grammar_input(text) for text in texts]

    def ours() -> None:
        for text in texts:
            parse_motion(text)

    def ours_no_memo() -> None:
        for text in texts:
            forget_trees()
            parse_motion(text)

    def ours_general() -> None:
        # The commonest files are read in one pass and their commonest operations without the
        # grammar (`drafting.oneline`, `reader._plain_motion`); this is the reading every other
        # file gets: the line passes, the grammar and the walk of its tree.
        quick = getattr(reading, "read_one_line", None)  # an older tree has none
        if quick is not None:
            reading.read_one_line = lambda text, filename: None  # type: ignore[attr-defined]
        try:
            ours_no_memo()
        finally:
            if quick is not None:
                reading.read_one_line = quick  # type: ignore[attr-defined]

    def lark_alone() -> None:
        for text in prepared:
            lark.parse(text)

    mine, floor, cold, general = best(ours, lark_alone, ours_no_memo, ours_general)
    count = len(texts)
    shapes = len(set(prepared))
    print(f"{label} ({count:,}, {shapes:,} distinct grammar inputs, {CLOCK_NAME}, best of {RUNS}):")
    print(f"  motions parse_motion: {mine:.3f} s = {count / mine:,.0f}/s")
    print(f"  the same, no parse memo: {cold:.3f} s = {count / cold:,.0f}/s")
    print(f"  Lark alone, same grammar, same motions: {floor:.3f} s = {count / floor:,.0f}/s")
    print(f"  ratio: {mine / floor:.2f}x Lark alone ({cold / floor:.2f}x with no parse memo)")
    print(
        f"  the general reading (not in one pass), no parse memo: {general:.3f} s = "
        f"{count / general:,.0f}/s, {general / floor:.2f}x Lark alone"
    )


def forget_citations() -> None:
    """Clear the citation reader's memos of what a citation says (its text, its parts, their
    placings, the phrases known not to read), as a first sight of each citation would find
    them; the memos of labels and level words (a vocabulary any use soon has) stay."""
    for name in ("_reference", "_syntax", "_hopeless", "_plain_worded", "_placed", "_candidates"):
        memo = getattr(citations, name, None)  # an older tree has fewer (bench it the same way)
        if memo is not None:
            memo.cache_clear()


def bench_parse() -> None:
    lines = motions_text(COUNT)
    parse_motion(lines[0])  # build the grammars once, as any long-running use does
    side_by_side("one-line motions", lines)
    start = CLOCK()
    for text in lines[:2000]:
        forget_citations()
        forget_trees()
        parse_motion(text)
    cold = (CLOCK() - start) / 2000 * COUNT
    print(f"  with the citation and parse memos cleared before each: {COUNT / cold:,.0f}/s")
    side_by_side("whole realistic motions", whole_motions(WHOLE))


def clause_pairs(count: int, seed: int = 2) -> list[tuple[str, int, int, str]]:
    """(text, start, end, replacement): a 2-3 word phrase of a whole clause's text rewritten.

    A clause of the model book runs to about 260 words, as a real one does.
    """
    rng = random.Random(seed)
    book = load_rulebook()
    texts = [p.full_text() for p in book.walk() if p.level == "clause"]
    pairs = []
    while len(pairs) < count:
        text = rng.choice(texts)
        words = text.split()
        i = rng.randrange(0, len(words) - 3)
        phrase = " ".join(words[i : i + rng.randint(2, 3)])
        found = find(text, phrase)
        if len(found) != 1:
            continue
        start, end = found[0]
        pairs.append((text, start, end, f"{phrase.split()[0]} amended wording"))
    return pairs


def ours(pairs: list[tuple[str, int, int, str]]) -> float:
    start = time.perf_counter()
    for text, begin, end, replacement in pairs:
        draft = Draft.of(text)
        draft.edit(begin, end, replacement)
        redline: Redline = draft.redline()
        markdown(redline)
        html_fragment(redline)
    return time.perf_counter() - start


def peer(pairs: list[tuple[str, int, int, str]]) -> float | None:
    try:
        from redlines import Redlines
    except ImportError:
        return None
    afters = [text[:b] + r + text[e:] for text, b, e, r in pairs]
    start = time.perf_counter()
    for (text, _, _, _), after in zip(pairs, afters, strict=True):
        Redlines(text, after).output_markdown  # noqa: B018 - the property does the work
    return time.perf_counter() - start


def bench_redlines() -> None:
    pairs = clause_pairs(PAIRS)
    words = sum(len(t.split()) for t, *_ in pairs) / len(pairs)
    mine = ours(pairs)
    theirs = peer(pairs)
    print(f"redlines of {PAIRS:,} clause-length changes (mean {words:.0f} words per clause):")
    print(f"  motions (from the edits, Markdown + HTML): {mine:.3f} s = {PAIRS / mine:,.0f}/s")
    if theirs is None:
        print("  redlines package not installed: pip install redlines for the comparison")
    else:
        print(f"  redlines package (Markdown): {theirs:.3f} s = {PAIRS / theirs:,.0f}/s")
        print(f"  motions is {theirs / mine:,.0f}x faster on the same pairs")


if __name__ == "__main__":
    options = argparse.ArgumentParser(description="Motion parsing and redlines, side by side.")
    options.add_argument("--wall", action="store_true", help="time the parses by the wall clock")
    if options.parse_args().wall:
        CLOCK, CLOCK_NAME = time.perf_counter, "wall time"
    bench_parse()
    bench_redlines()
