"""A pledging process for the reliability tests: one pledge per transaction, forever or N.

    python whip_writer.py BOOK TAG [COUNT [GO_FILE]]

With GO_FILE, it opens the book, prints "ready", and waits for that file to exist before
writing, so that two writers can be started at the same moment. After each commit it prints
the event's sequence number and flushes, so whatever it printed was committed before it said
so.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from motions.whip import Position, WhipBook


def main() -> None:
    path, tag = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else -1
    go = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    voters = ["D1", "D2", "D3", "General Union"]
    positions = [Position.FOR, Position.AGAINST, Position.ABSTAIN]
    with WhipBook.open(path) as book:
        if go is not None:
            sys.stdout.write("ready\n")
            sys.stdout.flush()
            while not go.exists():
                time.sleep(0.005)
        i = 0
        while count < 0 or i < count:
            event = book.pledge(voters[i % 4], 1 + i % 2, positions[i % 3], note=f"{tag}-{i}")
            sys.stdout.write(f"{event.seq}\n")
            sys.stdout.flush()
            i += 1


if __name__ == "__main__":
    main()
