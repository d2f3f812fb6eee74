"""The SQLite whip book: schema, transactions, append-only history, all-or-nothing imports."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from whip_support import EXAMPLE

from motions.errors import WhipError
from motions.whip import (
    SCHEMA_VERSION,
    EventKind,
    Line,
    Position,
    WhipBook,
    parse_delegates,
    parse_delegations,
    parse_mandates,
    parse_pledges,
    read_card_votes,
)
from motions.whip.tomlio import read_text

DELEGATIONS = """id,name,section,votes
C1,Ashford,clp,1000
C2,Bramley,clp,400
A1,General Union,affiliate,50000
"""
DELEGATES = """id,name,delegation,faction
D1,Jo Smith,C1,Forward
D2,Al Jones,Ashford,
D3,Sam Patel,C2,Forward
U1,Union Rep,A1,
"""
CARD_VOTES = """
[[card_vote]]
number = 1
title = "Threshold"
motions = ["cv01-threshold"]

[[card_vote]]
number = 2
title = "Trigger ballots"
"""


@pytest.fixture
def book(tmp_path: Path) -> Iterator[WhipBook]:
    from motions.whip import parse_card_votes

    created = WhipBook.create(tmp_path / "w.sqlite", home_faction="Forward")
    created.import_data(
        delegations=parse_delegations(DELEGATIONS, "delegations.csv"),
        delegates=parse_delegates(DELEGATES, "delegates.csv"),
        card_votes=parse_card_votes(CARD_VOTES, "cv.toml"),
    )
    yield created
    created.close()


def test_schema_pragmas_and_version(book: WhipBook) -> None:
    assert book.schema_version == SCHEMA_VERSION
    db = book._db
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert book.integrity_check() == "ok"
    assert book.home_faction() == "Forward"


def test_reopening_and_refusing_bad_files(tmp_path: Path, book: WhipBook) -> None:
    with WhipBook.open(book.path) as again:
        assert again.counts()["delegates"] == 4
    with pytest.raises(WhipError, match="no whip book here"):
        WhipBook.open(tmp_path / "missing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_text("this is not a database, just some text " * 100)
    with pytest.raises(WhipError) as err:
        WhipBook.open(junk)
    assert err.value.first.code == "whip.not-a-book"
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(WhipError, match="not a whip book"):
        WhipBook.open(other)
    with pytest.raises(WhipError, match="already there"):
        WhipBook.create(book.path)


def test_a_newer_book_is_refused(book: WhipBook) -> None:
    book._db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(WhipError) as err:
        WhipBook.open(book.path)
    assert err.value.first.code == "whip.newer-book"


def test_pledges_resolve_names_case_insensitively(book: WhipBook) -> None:
    event = book.pledge("jo SMITH", "cv1", Position.FOR, confidence=0.8, note="at the rally")
    assert (event.voter, event.card_vote, event.position) == ("D1", 1, Position.FOR)
    assert book.pledge("d2", 1, Position.AGAINST).voter == "D2"
    assert book.pledge("General Union", "CV 1", Position.FOR).voter == "A1"
    pledges = {p.voter: p for p in book.snapshot().pledges}
    assert pledges["D1"].confidence == 0.8 and pledges["D1"].note == "at the rally"


def test_unknown_and_wrong_kinds_of_voter(book: WhipBook) -> None:
    with pytest.raises(WhipError) as err:
        book.pledge("Jo Smtih", 1, Position.FOR)
    assert err.value.first.code == "whip.unknown-delegate"
    assert "did you mean 'Jo Smith'" in (err.value.first.hint or "")
    with pytest.raises(WhipError) as err:
        book.pledge("Union Rep", 1, Position.FOR)
    assert err.value.first.code == "whip.affiliate-delegate"
    assert "General Union" in (err.value.first.hint or "")
    with pytest.raises(WhipError) as err:
        book.pledge("Ashford", 1, Position.FOR)
    assert err.value.first.code == "whip.clp-not-voter"
    with pytest.raises(WhipError) as err:
        book.pledge("Jo Smith", "CV9", Position.FOR)
    assert err.value.first.code == "whip.unknown-card-vote"


def test_ambiguous_names_ask_for_the_id(book: WhipBook) -> None:
    book.import_data(delegates=parse_delegates("id,name,delegation\nD9,Jo Smith,C2\n", "x.csv"))
    with pytest.raises(WhipError) as err:
        book.pledge("Jo Smith", 1, Position.FOR)
    assert err.value.first.code == "whip.ambiguous-delegate"
    assert book.pledge("D9", 1, Position.FOR).voter == "D9"


def test_history_is_append_only_and_undo_is_an_event(book: WhipBook) -> None:
    first = book.pledge("D1", 1, Position.FOR)
    second = book.pledge("D1", 1, Position.AGAINST)
    undo = book.undo("Jo Smith", "CV1")
    assert (undo.kind, undo.undoes) == (EventKind.UNDO, second.seq)
    assert {p.voter: p.position for p in book.snapshot().pledges}["D1"] is Position.FOR
    book.undo("D1", 1)
    assert "D1" not in {p.voter for p in book.snapshot().pledges}
    with pytest.raises(WhipError) as err:
        book.undo("D1", 1)
    assert err.value.first.code == "whip.nothing-to-undo"
    events = book.history(voter="D1")
    assert events[0].seq == first.seq and len(events) == 4
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        book._db.execute("UPDATE pledge_events SET position = 'against'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        book._db.execute("DELETE FROM pledge_events")
    assert len(book.history()) == 4


def test_pledge_many_is_all_or_nothing(book: WhipBook) -> None:
    from motions.whip import PledgeRequest

    with pytest.raises(WhipError) as err:
        book.pledge_many(
            [
                PledgeRequest("D1", 1, Position.FOR),
                PledgeRequest("Nobody", 1, Position.FOR),
                PledgeRequest("D2", 7, Position.FOR),
            ]
        )
    assert len(err.value.diagnostics) == 2
    assert book.history() == ()
    events = book.pledge_many([PledgeRequest("D1", 1, Position.FOR)] * 3)
    assert len({e.seq for e in events}) == 3


def test_import_is_all_or_nothing_and_reports_every_bad_row(book: WhipBook) -> None:
    before = book.counts()
    delegates = parse_delegates(
        "id,name,delegation\nD20,New Person,C1\nD21,Other,Nowhere\nC2,Clash,C1\n", "new.csv"
    )
    pledges = parse_pledges(
        "delegate,card_vote,position\nJo Smith,CV1,for\nJo Smyth,CV1,for\nD1,CV5,for\n",
        "pledges.csv",
    )
    with pytest.raises(WhipError) as err:
        book.import_data(delegates=delegates, pledges=pledges)
    found = {(d.span.filename, d.span.line, d.code) for d in err.value.diagnostics if d.span}
    assert found == {
        ("new.csv", 3, "whip.unknown-delegation"),
        ("new.csv", 4, "whip.duplicate-id"),
        ("pledges.csv", 3, "whip.unknown-delegate"),
        ("pledges.csv", 4, "whip.unknown-card-vote"),
    }
    assert "row 3, column 1 (delegate)" in err.value.format()
    assert book.counts() == before


def test_mandates_and_recommendations(book: WhipBook) -> None:
    mandate = book.set_mandate("ashford", "CV1", Position.AGAINST, "branch meeting")
    assert mandate.delegation_id == "C1"
    with pytest.raises(WhipError) as err:
        book.set_mandate("General Union", 1, Position.FOR)
    assert err.value.first.code == "whip.affiliate-mandate"
    with pytest.raises(WhipError):
        book.set_mandate("Ashford", 1, Position.UNDECIDED)
    book.clear_mandate("C1", 1)
    assert book.mandates() == ()
    rec = book.recommend("Forward", "CV2", Line.OPPOSE, "no")
    assert book.recommendations() == (rec,)
    book.recommend("Forward", "CV2", Line.SUPPORT)
    assert book.recommendations()[0].line is Line.SUPPORT


def test_export_json_and_csv_round_trip(book: WhipBook, tmp_path: Path) -> None:
    book.pledge("D1", 1, Position.FOR, confidence=0.75)
    book.pledge("General Union", 2, Position.AGAINST)
    book.set_mandate("C2", 1, Position.FOR)
    book.recommend("Forward", 1, Line.SUPPORT, "yes")
    data = book.export_json()
    json.dumps(data, default=str)
    assert len(data["history"]) == 2  # type: ignore[arg-type]
    files = {p.name: p for p in book.export_csv(tmp_path / "out")}
    fresh = WhipBook.create(tmp_path / "copy.sqlite", home_faction="Forward")
    from motions.whip import parse_card_votes

    fresh.import_data(
        delegations=parse_delegations(read_text(files["delegations.csv"]), "d"),
        delegates=parse_delegates(read_text(files["delegates.csv"]), "p"),
        card_votes=parse_card_votes(read_text(files["card-votes.toml"]), "c"),
        mandates=parse_mandates(read_text(files["mandates.csv"]), "m"),
        pledges=parse_pledges(read_text(files["pledges.csv"]), "x"),
    )
    fresh.recommend("Forward", 1, Line.SUPPORT, "yes")
    a, b = book.snapshot(), fresh.snapshot()
    assert (a.delegations, a.delegates, a.card_votes, a.mandates, a.recommendations) == (
        b.delegations,
        b.delegates,
        b.card_votes,
        b.mandates,
        b.recommendations,
    )
    assert a.pledges == b.pledges  # seq is left out of equality
    fresh.close()


def test_example_imports_cleanly(example_book: Path) -> None:
    with WhipBook.open(example_book) as book:
        counts = book.counts()
        assert book.integrity_check() == "ok"
    assert counts["clps"] == 650 and counts["affiliates"] == 12
    assert counts["delegates"] == 1300 and counts["card_votes"] == 27
    assert counts["pledge_events"] == len(read_text(EXAMPLE / "pledges.csv").splitlines()) - 1
    # Card vote 7 decides the agenda's motion examples/agenda-2026/07-*.motion.
    motion_id = read_card_votes(EXAMPLE / "card-votes.toml")[6].motions[0]
    assert (EXAMPLE.parent / "agenda-2026" / f"{motion_id}.motion").is_file()


def test_pledges_in_force_agree_with_replaying_the_history(book: WhipBook) -> None:
    import random

    from motions.whip import current_pledges

    rng = random.Random(5)
    voters = ["D1", "D2", "D3", "General Union"]
    for _ in range(300):
        voter, card_vote = rng.choice(voters), rng.randint(1, 2)
        if rng.random() < 0.3:
            with contextlib.suppress(WhipError):
                book.undo(voter, card_vote)
        else:
            book.pledge(voter, card_vote, rng.choice(list(Position)), confidence=rng.random())
    assert book.pledges() == current_pledges(book.history())
    assert [p.seq for p in book.pledges()] == [p.seq for p in current_pledges(book.history())]
