"""Whip-book benchmark: this code against an older checkout on the same book, side by side.

    python bench/bench_whip.py [--baseline OLD/src] [--events 100000] [--repeat 3]

Builds one book (700 CLPs, 1,488 CLP delegates and 12 affiliate blocs = 1,500 voters, 60 card
votes, `--events` pledge events) and, for each code base (this one, and `--baseline`, the
`src` folder of an older checkout, such as `git archive main | tar -x -C OLD`), times in a
child process on its own copy of that book:

- parsing the pledges file (100,000 rows), and importing it again (the merge makes a second
  import change nothing);
- loading the book into a `Conference` and projecting all 60 card votes;
- the win probability of every card vote;
- the paths to victory (fewest voters, least weight and, here, most likely) of every card
  vote, aim "for" (for the baseline only the first `--baseline-paths` card votes, since its
  least-weight search took tens of seconds per card vote; the per-vote figure is compared);
- one card vote as `motions tally CV` computes it (projection, probability, every path), the
  slowest of the card votes timed;
- `motions tally --all --probability` as a command (a child process: start-up included), and
  here also with `--path`;
- one card vote as a command, `motions tally CVn --probability --path` for three card votes
  (CPU and wall), beside the floor of any such command: a Python that imports what it cannot do
  without (click, attrs, NumPy, tabulate, sqlite3) and exits;
- the example conference (examples/conference-2026): paths for every card vote, both aims.

Times are CPU seconds (`time.process_time`, children's CPU for the commands), best of
`--repeat`: steadier than wall time on a shared machine. Prints the ratio baseline / this.
Commands run with Python's bytecode cache on (as installed; `PYTHONDONTWRITEBYTECODE` is
dropped from their environment) after one untimed run. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "conference-2026"
CLPS, AFFILIATES, DELEGATES, CARD_VOTES = 700, 12, 1488, 60


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


MOTIONS = "from motions.cli import main; main()"
#: What any whip command imports and cannot do without: its floor.
FLOOR = "import click, attrs, numpy, tabulate, sqlite3"


def command(args: list[str], repeat: int, code: str = MOTIONS) -> tuple[float, float]:
    """CPU and wall seconds of `python -c CODE ARGS` as a child process, each the best of
    `repeat`, after one untimed run (which fills the bytecode cache, as an install has it)."""
    import resource

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    argv = [sys.executable, "-c", code, *args]
    subprocess.run(argv, capture_output=True, check=True, env=env)
    cpu, wall = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True, env=env)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return min(cpu), min(wall)


def build(path: Path, events: int, seed: int) -> None:
    """The book, written with whichever `motions` is importable (run in a child)."""
    from motions.whip import CardVote, Delegate, Delegation, Located, Section, WhipBook
    from motions.whip.csvio import Row

    def located(value: object) -> Located:
        return Located(value, Row("bench", 0, "", {}, {}, {}))

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
    card_votes = [CardVote(n, f"Card vote {n}", (f"cv{n:02d}-m",)) for n in range(1, 61)]
    with WhipBook.create(path) as book:
        book.import_data(
            delegations=[located(d) for d in delegations],
            delegates=[located(d) for d in delegates],
            card_votes=card_votes,
        )
    voters = [d.id for d in delegates] + [d.id for d in delegations[CLPS:]]
    positions = ("for", "against", "abstain", "undecided")
    lines = ["delegate,card_vote,position,confidence"]
    for _ in range(events):
        lines.append(
            f"{rng.choice(voters)},CV{rng.randint(1, CARD_VOTES)},"
            f"{rng.choices(positions, (40, 40, 5, 15))[0]},"
            f"{rng.choice((0.6, 0.7, 0.8, 0.9, 0.95, 1.0))}"
        )
    (path.parent / "pledges.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from motions.whip import parse_pledges

    rows = parse_pledges((path.parent / "pledges.csv").read_text(encoding="utf-8"))
    with WhipBook.open(path) as book:
        for i in range(0, len(rows), 10_000):
            book.import_data(pledges=rows[i : i + 10_000])


def measure(book_path: Path, repeat: int, path_votes: int) -> dict[str, float]:
    """Every timing, on this process's `motions` (run in a child)."""
    from motions.whip import (
        Objective,
        Position,
        WhipBook,
        index_conference,
        parse_pledges,
        path_to_victory,
        project,
        win_probability,
    )

    figures: dict[str, float] = {}
    WhipBook.open(book_path).close()  # migrates an older book once, outside the timing
    text = (book_path.parent / "pledges.csv").read_text(encoding="utf-8")
    figures["parse 100k pledge rows"] = best(lambda: parse_pledges(text), 1)
    rows = parse_pledges(text)

    def reimport() -> None:
        with WhipBook.open(book_path) as book:
            book.import_data(pledges=rows)

    figures["import 100k pledge rows"] = best(reimport, 1)

    def load_and_tally() -> list[Any]:
        with WhipBook.open(book_path) as book:
            conference = book.snapshot()
        index = index_conference(conference)
        return [project(index, cv.number) for cv in conference.card_votes]

    figures["load + tally 60 card votes"] = best(load_and_tally, repeat)
    projections = load_and_tally()
    figures["win probability, 60 card votes"] = best(
        lambda: [win_probability(p) for p in projections], 1
    )
    objectives = list(Objective)
    chosen = projections[:path_votes]
    start = time.process_time()
    for projection in chosen:
        for objective in objectives:
            path_to_victory(projection, aim=Position.FOR, objective=objective)
    figures["paths, per card vote"] = (time.process_time() - start) / max(1, len(chosen))
    figures["paths, card votes timed"] = float(len(chosen))
    figures["path objectives"] = float(len(objectives))
    slowest = 0.0
    for projection in chosen:
        start = time.process_time()
        win_probability(projection)
        for objective in objectives:
            path_to_victory(projection, aim=Position.FOR, objective=objective)
        slowest = max(slowest, time.process_time() - start)
    figures["one card vote, probability + paths (slowest)"] = slowest
    base = ["tally", "--all", "--probability", "--book", str(book_path)]
    figures["command: tally --all --probability"] = command(base, repeat)[0]
    if len(chosen) == CARD_VOTES:  # this code base: the baseline's --all has no paths
        figures["command: tally --all --probability --path"] = command([*base, "--path"], repeat)[0]
    for number in (5, 17, 33):
        one = ["tally", f"CV{number}", "--probability", "--path", "--book", str(book_path)]
        cpu, wall = command(one, max(repeat, 5))
        figures[f"command: tally CV{number} --probability --path"] = cpu
        figures[f"  the same, wall (CV{number})"] = wall
    cpu, wall = command([], max(repeat, 5), FLOOR)
    figures["floor: python importing click attrs numpy ..."] = cpu
    figures["  the same, wall (floor)"] = wall
    return figures


def example_paths(repeat: int, path_votes: int) -> dict[str, float]:
    from motions.whip import (
        Objective,
        Position,
        WhipBook,
        index_conference,
        parse_card_votes,
        parse_delegates,
        parse_delegations,
        parse_mandates,
        parse_pledges,
        path_to_victory,
        project,
    )

    with (
        tempfile.TemporaryDirectory() as tmp,
        WhipBook.create(Path(tmp) / "example.sqlite") as book,
    ):
        text = {
            name: (EXAMPLE / name).read_text(encoding="utf-8")
            for name in (
                "delegations.csv",
                "delegates.csv",
                "card-votes.toml",
                "mandates.csv",
                "pledges.csv",
            )
        }
        book.import_data(
            delegations=parse_delegations(text["delegations.csv"]),
            delegates=parse_delegates(text["delegates.csv"]),
            card_votes=parse_card_votes(text["card-votes.toml"]),
            mandates=parse_mandates(text["mandates.csv"]),
            pledges=parse_pledges(text["pledges.csv"]),
        )
        conference = book.snapshot()
    index = index_conference(conference)
    projections = [project(index, cv.number) for cv in conference.card_votes][:path_votes]

    def all_paths() -> None:
        for projection in projections:
            for aim in (Position.FOR, Position.AGAINST):
                for objective in Objective:
                    path_to_victory(projection, aim=aim, objective=objective)

    return {
        "example: paths, per card vote (both aims)": best(all_paths, repeat)
        / max(1, len(projections)),
        "example: card votes timed": float(len(projections)),
    }


def child(source: Path | None, *args: str) -> dict[str, float]:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="whip-book benchmark")
    parser.add_argument("--baseline", type=Path, help="the src folder of an older checkout")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-paths", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--role", choices=["main", "build", "measure", "example"], default="main")
    parser.add_argument("--book", type=Path)
    parser.add_argument("--path-votes", type=int, default=CARD_VOTES)
    args = parser.parse_args()
    if args.role == "build":
        build(args.book, args.events, args.seed)
        print("{}")
        return
    if args.role == "measure":
        print(json.dumps(measure(args.book, args.repeat, args.path_votes)))
        return
    if args.role == "example":
        print(json.dumps(example_paths(args.repeat, args.path_votes)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template" / "whip.sqlite"
        template.parent.mkdir()
        # Built by the oldest code base, so every code base can open it (newer ones migrate).
        child(
            args.baseline, "--role", "build", "--book", str(template), "--events", str(args.events)
        )
        runs: dict[str, dict[str, float]] = {}
        for name, source, votes in (
            ("this", None, CARD_VOTES),
            ("baseline", args.baseline, args.baseline_paths),
        ):
            if name == "baseline" and source is None:
                continue
            copy = Path(tmp) / name / "whip.sqlite"
            copy.parent.mkdir()
            shutil.copy(template, copy)
            shutil.copy(template.parent / "pledges.csv", copy.parent / "pledges.csv")
            runs[name] = child(
                source,
                "--role",
                "measure",
                "--book",
                str(copy),
                "--repeat",
                str(args.repeat),
                "--path-votes",
                str(votes),
            )
            runs[name] |= child(
                source, "--role", "example", "--repeat", "1", "--path-votes", str(votes)
            )
    print(
        f"whip benchmark: {CLPS} CLPs, {DELEGATES + AFFILIATES} voters, {CARD_VOTES} card votes, "
        f"{args.events:,} pledge events; best of {args.repeat}"
    )
    this = runs["this"]
    base = runs.get("baseline", {})
    print(f"  {'measure':<44} {'this (s)':>10} {'baseline (s)':>13} {'ratio':>8}")
    for key, value in this.items():
        if "timed" in key or "objectives" in key:
            continue
        old = base.get(key)
        ratio = f"{old / value:7.1f}x" if old and value else ""
        shown = f"{old:13.3f}" if old is not None else f"{'':>13}"
        print(f"  {key:<44} {value:10.3f} {shown} {ratio:>8}")
    walls = [v for k, v in this.items() if k.startswith("  the same, wall (CV")]
    floor_wall = this["  the same, wall (floor)"]
    print(
        f"  one card vote as a command, wall: {min(walls):.3f} to {max(walls):.3f} s, "
        f"{min(walls) / floor_wall:.1f} to {max(walls) / floor_wall:.1f}x the floor's "
        f"{floor_wall:.3f} s"
    )
    print(
        f"  paths for all {CARD_VOTES} card votes ({int(this['path objectives'])} objectives, "
        f"aim for): {this['paths, per card vote'] * CARD_VOTES:.3f} s"
    )
    example_votes = this["example: card votes timed"]
    example_total = this["example: paths, per card vote (both aims)"] * example_votes
    print(f"  example paths, all {int(example_votes)} card votes, both aims: {example_total:.3f} s")
    if base:
        print(
            f"  baseline paths timed on {int(base['paths, card votes timed'])} card votes "
            f"({int(base['path objectives'])} objectives); example on "
            f"{int(base['example: card votes timed'])}"
        )


if __name__ == "__main__":
    main()
