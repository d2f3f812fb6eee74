"""Imports never overwrite a newer word; factions and names; damaged or odd books."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from motions.cli import main
from motions.errors import WhipError
from motions.whip import Line, Position, WhipBook, parse_pledges

DELEGATIONS = "id,name,section,votes,faction\nC1,Fernton East,clp,900,\nU1,Unison,affiliate,5000,\n"
DELEGATES = "id,name,delegation,faction\nD1,Béa Quinn,C1,Grassroots\nD2,Sam Roe,C1,\n"
CARD_VOTES = '[[card_vote]]\nnumber = 1\ntitle = "Threshold"\nmotions = ["m1"]\n'


def run(*args: str, book: Path) -> Result:
    return CliRunner().invoke(main, [*args, "--book", str(book)], catch_exceptions=False)


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    (tmp_path / "delegations.csv").write_text(DELEGATIONS, encoding="utf-8")
    (tmp_path / "delegates.csv").write_text(DELEGATES, encoding="utf-8")
    (tmp_path / "cv.toml").write_text(CARD_VOTES, encoding="utf-8")
    path = tmp_path / "whip.sqlite"
    assert run("whip", "init", "--faction", "Forward", book=path).exit_code == 0
    result = run(
        "whip",
        "import",
        "--delegations",
        str(tmp_path / "delegations.csv"),
        "--delegates",
        str(tmp_path / "delegates.csv"),
        "--card-votes",
        str(tmp_path / "cv.toml"),
        book=path,
    )
    assert result.exit_code == 0, result.output
    return path


def _pledges(tmp_path: Path, text: str, *, age_seconds: float = 0.0) -> Path:
    path = tmp_path / "pledges.csv"
    path.write_text(text, encoding="utf-8")
    if age_seconds:
        stamp = path.stat().st_mtime - age_seconds
        os.utime(path, (stamp, stamp))
    return path


def _current(book: Path) -> dict[str, str]:
    with WhipBook.open(book, write=False) as opened:
        return {p.voter: p.position.value for p in opened.pledges()}


def _events(book: Path) -> int:
    with WhipBook.open(book, write=False) as opened:
        return len(opened.history())


def test_an_older_spreadsheet_does_not_overwrite_a_newer_pledge(book: Path) -> None:
    old = _pledges(book.parent, "delegate,card_vote,position\nD1,CV1,for\n", age_seconds=3600)
    assert run("whip", "pledge", "Béa Quinn", "CV1", "against", book=book).exit_code == 0
    result = run("whip", "import", "--pledges", str(old), book=book)
    assert result.exit_code == 0
    assert "1 pledge skipped as older than the book's" in result.stdout
    assert _current(book) == {"D1": "against"}
    assert _events(book) == 1


def test_an_export_re_imported_changes_nothing_and_adds_no_history(book: Path) -> None:
    for voter, position in (("D1", "for"), ("D2", "against"), ("D1", "abstain")):
        assert run("whip", "pledge", voter, "CV1", position, book=book).exit_code == 0
    out = book.parent / "out"
    assert run("whip", "export", "--format", "csv", "--out", str(out), book=book).exit_code == 0
    before = _events(book)
    for _ in range(2):
        result = run("whip", "import", "--pledges", str(out / "pledges.csv"), book=book)
        assert result.exit_code == 0
        assert "nothing new; 2 already in the book" in result.stdout
    assert _events(book) == before == 3
    assert _current(book) == {"D1": "abstain", "D2": "against"}


def test_newer_rows_win_and_same_moment_disagreement_is_a_conflict(book: Path) -> None:
    with WhipBook.open(book) as opened:
        opened.pledge("D1", 1, Position.FOR, recorded_at="2026-09-27T10:00:00.000000+00:00")
    text = (
        "delegate,card_vote,position,recorded_at\n"
        "D1,CV1,against,2026-09-27T10:00:00+00:00\n"
        "D2,CV1,for,2026-09-27T11:00:00+01:00\n"
        "D2,CV1,abstain,2026-09-27T10:30:00Z\n"
    )
    rows = parse_pledges(text, "p.csv")
    with WhipBook.open(book) as opened:
        summary = opened.import_data(pledges=rows)
        assert (summary.pledges, summary.older, len(summary.conflicts)) == (2, 0, 1)
        assert "same moment" in summary.conflicts[0].message
        # 11:00+01:00 is 10:00 UTC, older than 10:30 UTC: the abstention is the newer word.
        assert {p.voter: p.position for p in opened.pledges()} == {
            "D1": Position.FOR,
            "D2": Position.ABSTAIN,
        }


def test_lines_and_mandates_keep_history_and_recommend_keeps_the_reason(book: Path) -> None:
    with WhipBook.open(book) as opened:
        opened.recommend("forward", "CV1", Line.SUPPORT, "keeps the rule book simple")
        opened.recommend("FORWARD", "CV1", Line.OPPOSE)
        assert opened.recommendations()[0].reason == "keeps the rule book simple"
        assert opened.recommendations()[0].faction == "Forward"
        assert [row[3] for row in opened.line_history()] == ["support", "oppose"]
        opened.set_mandate("fernton east", "CV1", Position.FOR)
        opened.set_mandate("Fernton East", "CV1", Position.AGAINST)
        opened.clear_mandate("C1", "CV1")
        assert [row[3] for row in opened.mandate_history()] == ["for", "against", None]


def test_factions_match_any_case_and_are_created_only_on_purpose(book: Path) -> None:
    result = run("whip", "recommend", "CV1", "support", "--faction", "grassroots", book=book)
    assert result.exit_code == 0 and "Grassroots: CV1 support" in result.stdout
    typo = run("whip", "recommend", "CV1", "support", "--faction", "Grasroots", book=book)
    assert typo.exit_code == 2 and "did you mean 'Grassroots'" in typo.stderr
    assert "--new-faction" in typo.stderr
    made = run("whip", "recommend", "CV1", "oppose", "--new-faction", "Labour Left", book=book)
    assert made.exit_code == 0
    with WhipBook.open(book, write=False) as opened:
        assert opened.factions() == ("Forward", "Grassroots", "Labour Left")
    blank = run("whip", "recommend", "CV1", "oppose", "--faction", " ", book=book)
    assert blank.exit_code == 2 and "blank" in blank.stderr


def test_blank_faction_at_init_is_refused(tmp_path: Path) -> None:
    result = run("whip", "init", "--faction", "  ", book=tmp_path / "b.sqlite")
    assert result.exit_code == 2 and "blank" in result.stderr
    assert not (tmp_path / "b.sqlite").exists()


def test_names_match_with_unicode_case_folding(book: Path) -> None:
    assert run("whip", "pledge", "BÉA QUINN", "CV1", "for", book=book).exit_code == 0
    assert _current(book) == {"D1": "for"}


@pytest.mark.parametrize("number", ["CV１", "CV١", "CV9223372036854775808", "CV0"])
def test_card_vote_numbers_are_ascii_and_bounded(book: Path, number: str) -> None:
    result = run("whip", "pledge", "D1", number, "for", book=book)
    assert result.exit_code == 2 and "card-vote number" in result.stderr


def test_undecodable_argument_bytes_get_our_error(book: Path) -> None:
    result = run("whip", "pledge", "\udcff", "CV1", "for", book=book)
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


def test_huge_votes_in_a_delegations_file_are_refused(book: Path) -> None:
    big = book.parent / "big.csv"
    big.write_text("id,name,section,votes\nC9,Big,clp,99999999999999999999\n", encoding="utf-8")
    result = run("whip", "import", "--delegations", str(big), book=book)
    assert result.exit_code == 2 and "whole number" in result.stderr


def test_confidence_as_a_percentage(book: Path) -> None:
    result = run("whip", "pledge", "D1", "CV1", "for", "--confidence", "60%", book=book)
    assert result.exit_code == 0 and "confidence 0.6" in result.stdout


def test_swapping_two_delegations_names_in_one_file(book: Path) -> None:
    swap = book.parent / "swap.csv"
    swap.write_text(
        "id,name,section,votes\nC1,Unison,clp,900\nU1,Fernton East,affiliate,5000\n",
        encoding="utf-8",
    )
    assert run("whip", "import", "--delegations", str(swap), book=book).exit_code == 0
    with WhipBook.open(book, write=False) as opened:
        assert {d.id: d.name for d in opened.delegations()} == {
            "C1": "Unison",
            "U1": "Fernton East",
        }


def test_reading_never_writes_into_an_empty_or_foreign_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    result = run("whip", "show", book=empty)
    assert result.exit_code == 2 and "not a whip book" in result.stderr
    assert empty.read_bytes() == b""
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE t (x)")
    size = foreign.stat().st_size
    assert run("tally", "--all", book=foreign).exit_code == 2
    assert foreign.stat().st_size == size


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM schema_version",
        "UPDATE schema_version SET version = 'x'",
        "UPDATE schema_version SET version = 2.5",
        "UPDATE schema_version SET version = 99999999999",
        "DROP TABLE mandates",
        "UPDATE delegations SET section = 'martian'",
    ],
)
def test_a_damaged_book_gets_our_error(book: Path, damage: str) -> None:
    with sqlite3.connect(book) as db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        db.execute(damage)
    for args in (("whip", "show"), ("tally", "--all")):
        result = run(*args, book=book)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    # A write that does not touch the damage may succeed; it never ends in a traceback.
    result = run("whip", "pledge", "D1", "CV1", "for", book=book)
    assert result.exit_code in (0, 2) and "Traceback" not in result.output


def test_an_old_book_read_only_asks_for_an_upgrade(book: Path) -> None:
    with sqlite3.connect(book) as db:
        db.execute("UPDATE schema_version SET version = 2")
    result = run("whip", "show", book=book)
    assert result.exit_code == 2 and "motions whip upgrade" in result.stderr


def test_a_failed_commit_is_not_called_busy(book: Path) -> None:
    with WhipBook.open(book) as opened:
        opened._db.execute("PRAGMA max_page_count = 1")  # a disk that is already full
        with pytest.raises(WhipError) as caught:
            opened.pledge_many(
                [parse_pledges("delegate,card_vote,position\nD1,CV1,for\n")[0].value]  # type: ignore[list-item]
                * 2000
            )
    assert caught.value.diagnostics[0].code == "whip.disk-full"
