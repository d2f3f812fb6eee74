"""The whip book survives a writer killed mid-stream, and concurrent writers lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from motions.whip import WhipBook, parse_card_votes, parse_delegates, parse_delegations

WRITER = Path(__file__).with_name("whip_writer.py")


def _book(path: Path) -> Path:
    with WhipBook.create(path) as book:
        book.import_data(
            delegations=parse_delegations(
                "id,name,section,votes\nC1,Ashford,clp,1000\nA1,General Union,affiliate,9\n"
            ),
            delegates=parse_delegates(
                "id,name,delegation\nD1,Jo Smith,C1\nD2,Al Jones,C1\nD3,Sam Patel,C1\n"
            ),
            card_votes=parse_card_votes(
                '[[card_vote]]\nnumber = 1\ntitle = "One"\n[[card_vote]]\nnumber = 2\n'
                'title = "Two"\n'
            ),
        )
    return path


def _writer(
    book: Path, tag: str, count: int | None = None, go: Path | None = None
) -> subprocess.Popen[str]:
    args = [sys.executable, str(WRITER), str(book), tag]
    if count is not None:
        args.append(str(count))
    if go is not None:
        args.append(str(go))
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_sigkill_mid_stream_loses_no_committed_pledge(tmp_path: Path) -> None:
    book = _book(tmp_path / "kill.sqlite")
    for round_ in range(3):
        proc = _writer(book, f"kill{round_}")
        assert proc.stdout is not None
        reported: list[int] = []
        deadline = time.monotonic() + 30
        while len(reported) < 150 + 50 * round_ and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            reported.append(int(line))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        reported += [int(x) for x in rest.split()]
        assert proc.returncode == -signal.SIGKILL
        assert len(reported) >= 150
        with WhipBook.open(book) as reopened:
            assert reopened.integrity_check() == "ok"
            present = {e.seq for e in reopened.history()}
            fk = reopened._db.execute("PRAGMA foreign_key_check").fetchall()
        assert fk == []
        assert set(reported) <= present


@pytest.mark.slow
def test_two_processes_pledging_at_once_lose_nothing(tmp_path: Path) -> None:
    book = _book(tmp_path / "both.sqlite")
    count = 300
    go = tmp_path / "go"
    procs = [_writer(book, tag, count, go) for tag in ("left", "right")]
    for proc in procs:  # both have the book open before either writes
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    go.touch()
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    seqs = [int(x) for out, _ in outputs for x in out.split()]
    assert len(seqs) == 2 * count == len(set(seqs))
    with WhipBook.open(book) as reopened:
        history = reopened.history()
        assert reopened.integrity_check() == "ok"
    assert {e.seq for e in history} == set(seqs)
    notes = {e.note for e in history}
    assert {f"left-{i}" for i in range(count)} <= notes
    assert {f"right-{i}" for i in range(count)} <= notes
