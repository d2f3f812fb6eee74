"""Whip-book benchmark: prints figures, asserts nothing.

    python bench/bench_whip.py [--seed 1] [--events 100000]

Builds a book of 700 CLPs, 1,500 delegates (1,488 CLP delegates and 12 affiliate blocs),
60 card votes and 100,000 pledge events in a temporary directory, then times: recording
pledges (batched, and one per transaction), loading the book, tallying every card vote,
the win probability of one card vote, and its paths to victory.
Targets (issue 5): tally all < 1 s; 5,000 pledges/s; win probability < 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from motions.whip import (
    CardVote,
    Delegate,
    Delegation,
    Located,
    Objective,
    PledgeRequest,
    Position,
    Section,
    WhipBook,
    index_conference,
    path_to_victory,
    project,
    win_probability,
)
from motions.whip.csvio import Row

CLPS = 700
AFFILIATES = 12
DELEGATES = 1500 - AFFILIATES
CARD_VOTES = 60


def _located(value: object) -> Located:
    return Located(value, Row("bench", 0, "", {}, {}, {}))


def build(path: Path, seed: int) -> tuple[WhipBook, list[str]]:
    rng = random.Random(seed)
    delegations = [
        Delegation(f"CLP{i:03d}", f"CLP {i}", Section.CLP, rng.randint(90, 4000))
        for i in range(CLPS)
    ]
    delegations += [
        Delegation(f"AFF{i:02d}", f"Affiliate {i}", Section.AFFILIATE, rng.randint(4_000, 400_000))
        for i in range(AFFILIATES)
    ]
    delegates = [
        Delegate(f"D{i:04d}", f"Delegate {i}", f"CLP{(i if i < CLPS else rng.randrange(CLPS)):03d}")
        for i in range(DELEGATES)
    ]
    card_votes = [
        CardVote(n, f"Card vote {n}", (f"cv{n:02d}-m",)) for n in range(1, CARD_VOTES + 1)
    ]
    book = WhipBook.create(path)
    book.import_data(
        delegations=[_located(d) for d in delegations],
        delegates=[_located(d) for d in delegates],
        card_votes=card_votes,
    )
    voters = [d.id for d in delegates] + [d.id for d in delegations[CLPS:]]
    return book, voters


def requests(voters: list[str], n: int, rng: random.Random) -> list[PledgeRequest]:
    choices = (Position.FOR, Position.AGAINST, Position.ABSTAIN, Position.UNDECIDED)
    weights = (40, 40, 5, 15)
    return [
        PledgeRequest(
            rng.choice(voters),
            rng.randint(1, CARD_VOTES),
            rng.choices(choices, weights)[0],
            rng.choice((0.6, 0.7, 0.8, 0.9, 0.95, 1.0)),
        )
        for _ in range(n)
    ]


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"  {label:<52} {elapsed:8.3f} s")
    return value, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="whip-book benchmark")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--single", type=int, default=2_000, help="one-per-transaction pledges")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(
        f"motions whip benchmark: python {platform.python_version()}, sqlite "
        f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {platform.platform()}"
    )
    print(
        f"  book: {CLPS} CLPs, {DELEGATES} CLP delegates + {AFFILIATES} affiliate blocs "
        f"= {DELEGATES + AFFILIATES} voters, {CARD_VOTES} card votes"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        book, voters = timed("create book and import delegates", build, path, args.seed)[0]
        batch = requests(voters, args.events, rng)
        chunk = 10_000
        start = time.perf_counter()
        for i in range(0, len(batch), chunk):
            book.pledge_many(batch[i : i + chunk])
        elapsed = time.perf_counter() - start
        print(
            f"  {'record ' + format(args.events, ',') + ' pledges, 10,000 per transaction':<52} "
            f"{elapsed:8.3f} s  = {args.events / elapsed:,.0f} pledges/s"
        )
        singles = requests(voters, args.single, rng)
        start = time.perf_counter()
        for r in singles:
            book.pledge(r.voter, r.card_vote, r.position, confidence=r.confidence)
        elapsed = time.perf_counter() - start
        print(
            f"  {'record ' + format(args.single, ',') + ' pledges, one per transaction':<52} "
            f"{elapsed:8.3f} s  = {args.single / elapsed:,.0f} pledges/s (synchronous=FULL)"
        )
        book.close()
        book = WhipBook.open(path, durable=False)
        singles = requests(voters, args.single, rng)
        start = time.perf_counter()
        for r in singles:
            book.pledge(r.voter, r.card_vote, r.position, confidence=r.confidence)
        elapsed = time.perf_counter() - start
        print(
            f"  {'record ' + format(args.single, ',') + ' pledges, one per transaction':<52} "
            f"{elapsed:8.3f} s  = {args.single / elapsed:,.0f} pledges/s (durable=False)"
        )
        events = book.counts()["pledge_events"]
        conference, load = timed(f"load book ({events:,} events) into a Conference", book.snapshot)

        def tally_all() -> list[object]:
            index = index_conference(conference)
            return [project(index, cv.number) for cv in conference.card_votes]

        projections, tally = timed(f"tally all {CARD_VOTES} card votes (projection)", tally_all)
        print(f"  {'load + tally all':<52} {load + tally:8.3f} s")
        busiest = max(
            projections,
            key=lambda p: sum(1 for v in p.voters if v.basis.value == "pledge"),  # type: ignore[attr-defined]
        )
        number = busiest.card_vote.number  # type: ignore[attr-defined]
        chance, _ = timed(f"win probability CV{number} (4,000 samples)", win_probability, busiest)
        print(
            f"    carried {100 * chance.carried:.1f}% ± {100 * chance.standard_error:.1f} "
            f"({chance.method.value}, {chance.uncertain_voters} uncertain voters)"
        )
        for aim in (Position.FOR, Position.AGAINST):
            for objective in Objective:
                path_found, _ = timed(
                    f"path to victory CV{number}, aim {aim.value}, by {objective.value}",
                    path_to_victory,
                    busiest,
                    aim=aim,
                    objective=objective,
                )
                print(
                    f"    {path_found.status.value}: {len(path_found.flips)} flips, "
                    f"{float(path_found.total_weight):,.0f} votes, minimal={path_found.minimal}"
                    + (
                        f", lower bound {float(path_found.weight_lower_bound):,.0f} votes"
                        if path_found.weight_lower_bound
                        else ""
                    )
                )
        book.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
