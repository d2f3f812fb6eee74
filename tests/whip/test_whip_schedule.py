"""The schedule in the whip book: one format for sessions and ballots, merged by time."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from whip_support import EXAMPLE

from motions.cli import main
from motions.errors import WhipError
from motions.whip import (
    SCHEMA_VERSION,
    Ballot,
    Candidate,
    ImportSummary,
    Schedule,
    Session,
    Slate,
    WhipBook,
    dump_schedule,
    parse_schedule,
    read_schedule,
)
from motions.whip.schema import MIGRATIONS

SCHEDULE = EXAMPLE / "ballots.toml"


def _import(book: Path, text: str, stamp: str | None = None) -> ImportSummary:
    with WhipBook.open(book) as opened:
        return opened.import_data(
            schedule=parse_schedule(text, "s.toml"), schedule_recorded_at=stamp
        )


def _schedule(book: Path) -> Schedule:
    with WhipBook.open(book, write=False) as opened:
        return opened.schedule()


SESSION = """
[[session]]
id = "{id}"
day = "{day}"
name = "Rule changes"
card_votes = {cvs}
"""


def test_the_example_schedule_imports_and_reads_back_as_values(example_book: Path) -> None:
    with WhipBook.open(example_book) as opened:
        assert opened.schedule() == Schedule()
        summary = opened.import_data(schedule=read_schedule(SCHEDULE))
    assert (summary.sessions, summary.ballots) == (3, 3)
    schedule = _schedule(example_book)
    assert schedule.days == ("Sunday 27 September", "Monday 28 September", "Tuesday 29 September")
    assert [s.id for s in schedule.sessions] == ["sun-pm", "mon-am", "tue-pm"]
    first = schedule.sessions[0]
    assert first.card_votes == tuple(range(1, 10))
    assert (first.time, first.place, first.when) == (
        "14:15 to 17:30",
        "Main hall",
        "14:15 to 17:30, Main hall",
    )
    assert first.recorded_at == "2026-09-20T10:00:00.000000+00:00"
    assert schedule.session_of(12) == schedule.sessions[1]
    assert schedule.session_of(99) is None
    assert [b.id for b in schedule.ballots_in("MON-AM")] == ["NCC", "CAC"]
    cac = schedule.ballot("cac")
    assert cac is not None and cac.one_per_clp and cac.places == 2 and cac.kind == "election"
    assert cac.how == "Vote for two: at least one woman."
    assert cac.options[0] == Candidate("Orla Macleod", "Fernton East")
    slate = cac.slate("FORWARD")
    assert slate is not None and slate.choose == ("Orla Macleod", "Femi Okafor")
    ncc = schedule.ballot("NCC")
    assert ncc is not None and ncc.ranked()[0] == ("Ann Lee", 74972, True)
    pri = schedule.ballot("PRI")
    assert pri is not None and pri.kind == "priorities" and pri.places == 4
    # What the book gives back is what the file says.
    assert schedule == read_schedule(SCHEDULE)


def test_importing_the_same_schedule_twice_changes_nothing(example_book: Path) -> None:
    text = SCHEDULE.read_text(encoding="utf-8")
    _import(example_book, text)
    with sqlite3.connect(example_book) as db:
        before = [
            db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("sessions", "session_card_votes", "ballots", "ballot_options")
        ]
    summary = _import(example_book, text)
    assert {c.change for c in summary.schedule} == {"unchanged"}
    assert (summary.sessions, summary.ballots) == (0, 0)
    with sqlite3.connect(example_book) as db:
        after = [
            db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("sessions", "session_card_votes", "ballots", "ballot_options")
        ]
    assert after == before


def test_the_newest_word_wins_older_is_skipped_and_same_moment_is_a_conflict(
    example_book: Path,
) -> None:
    noon = "2026-09-27T12:00:00+00:00"
    _import(example_book, SESSION.format(id="s1", day="Sunday", cvs="[1, 2]"), noon)
    # An older file moving the session to Monday is skipped.
    summary = _import(
        example_book, SESSION.format(id="s1", day="Monday", cvs="[1]"), "2026-09-27T11:00:00Z"
    )
    assert [c.change for c in summary.schedule] == ["older"]
    assert _schedule(example_book).sessions[0].day == "Sunday"
    # The same moment, saying something else: a conflict, reported, skipped.
    summary = _import(example_book, SESSION.format(id="S1", day="Monday", cvs="[1]"), noon)
    assert [c.change for c in summary.schedule] == ["conflict"]
    assert summary.conflicts[0].code == "whip.schedule-conflict"
    # A newer word replaces it, keeping the book's spelling of the id.
    summary = _import(
        example_book, SESSION.format(id="S1", day="Monday", cvs="[3]"), "2026-09-28T09:00:00Z"
    )
    assert [c.change for c in summary.schedule] == ["changed"]
    (session,) = _schedule(example_book).sessions
    assert (session.id, session.day, session.card_votes) == ("s1", "Monday", (3,))
    assert session.recorded_at == "2026-09-28T09:00:00.000000+00:00"


def test_a_card_vote_in_two_sessions_or_unknown_is_refused_and_nothing_written(
    example_book: Path,
) -> None:
    _import(example_book, SESSION.format(id="s1", day="Sunday", cvs="[1, 2]"))
    with pytest.raises(WhipError) as caught:
        _import(
            example_book,
            SESSION.format(id="s2", day="Monday", cvs="[2, 3]")
            + SESSION.format(id="s3", day="Tuesday", cvs="[999]"),
        )
    messages = [d.message for d in caught.value.diagnostics]
    assert any("CV2 would be in two sessions (s1 and s2)" in m for m in messages), messages
    assert any("no CV999" in m for m in messages), messages
    assert [s.id for s in _schedule(example_book).sessions] == ["s1"]
    # Within one file, too (checked before the book is opened).
    with pytest.raises(WhipError, match="CV 4 is in two sessions"):
        parse_schedule(
            SESSION.format(id="a", day="D", cvs="[4]") + SESSION.format(id="b", day="D", cvs="[4]")
        )


def test_a_ballot_must_name_a_session_the_file_or_book_has(example_book: Path) -> None:
    text = '[[priorities]]\nid = "P"\ntitle = "T"\npicks = 1\ntopics = ["A"]\nsession = "sun-am"\n'
    with pytest.raises(WhipError) as caught:
        _import(example_book, SESSION.format(id="sun-pm", day="Sunday", cvs="[]") + text)
    assert caught.value.diagnostics[0].code == "whip.unknown-session"
    assert "sun-pm" in (caught.value.diagnostics[0].hint or "")
    assert _schedule(example_book) == Schedule()
    # Named case-insensitively, stored in the session's spelling.
    _import(example_book, SESSION.format(id="Sun-AM", day="Sunday", cvs="[]") + text)
    (ballot,) = _schedule(example_book).ballots
    assert ballot.session == "Sun-AM"


def test_slates_name_factions_case_insensitively_and_new_ones_are_listed(
    example_book: Path,
) -> None:
    text = """
[[election]]
id = "E"
title = "T"
places = 1
candidates = ["A", "B"]
[[election.slate]]
faction = "FORWARD"
vote_for = ["A"]
[[election.slate]]
faction = "Left Bloc"
vote_for = ["B"]
"""
    summary = _import(example_book, text)
    assert summary.new_factions == ("Left Bloc",)
    (ballot,) = _schedule(example_book).ballots
    assert [s.faction for s in ballot.slates] == ["Forward", "Left Bloc"]
    # The same file again: the faction's spelling matches, so nothing changes.
    summary = _import(example_book, text)
    assert [c.change for c in summary.schedule] == ["unchanged"]


def test_a_new_session_is_placed_beside_its_neighbours_in_the_file(example_book: Path) -> None:
    _import(
        example_book,
        SESSION.format(id="sun", day="Sunday", cvs="[1]")
        + SESSION.format(id="tue", day="Tuesday", cvs="[3]"),
    )
    # A later file with Monday between them, and nothing else changed.
    _import(
        example_book,
        SESSION.format(id="sun", day="Sunday", cvs="[1]")
        + SESSION.format(id="mon", day="Monday", cvs="[2]"),
    )
    assert [s.id for s in _schedule(example_book).sessions] == ["sun", "mon", "tue"]
    assert _schedule(example_book).days == ("Sunday", "Monday", "Tuesday")


def test_an_older_book_is_migrated_and_read_only_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (3)")
        for number, statements in MIGRATIONS:
            if number <= 3:
                for statement in statements:
                    db.execute(statement)
        db.execute("INSERT INTO card_votes (number, title, threshold) VALUES (1, 'T', 'majority')")
    db.close()
    with pytest.raises(WhipError) as caught:
        WhipBook.open(path, write=False)
    assert caught.value.diagnostics[0].code == "whip.needs-upgrade"
    with WhipBook.open(path) as opened:
        assert opened.schema_version == SCHEMA_VERSION == 4
        assert opened.schedule() == Schedule()
        opened.import_data(schedule=parse_schedule(SESSION.format(id="s", day="D", cvs="[1]")))
    assert _schedule(path).sessions[0].card_votes == (1,)


def test_the_cli_imports_reports_and_shows_ballots_from_the_book(example_book: Path) -> None:
    runner = CliRunner()
    book = ["--book", str(example_book)]
    result = runner.invoke(main, ["whip", "import", *book, "--schedule", str(SCHEDULE)])
    assert result.exit_code == 0, result.output
    assert "3 sessions, 3 ballots" in result.output and "session sun-pm added" in result.output
    result = runner.invoke(main, ["whip", "import", *book, "--schedule", str(SCHEDULE)])
    assert "nothing new; 6 schedule entries unchanged" in result.output
    result = runner.invoke(
        main, ["whip", "import", *book, "--schedule", str(SCHEDULE), "--format", "json"]
    )
    data = json.loads(result.output)
    assert data["sessions"] == 0 and len(data["schedule"]) == 6
    assert data["schedule"][0] == {"what": "session", "id": "sun-pm", "change": "unchanged"}
    result = runner.invoke(main, ["whip", "ballots", *book])
    assert result.exit_code == 0, result.output
    assert "session: Monday 28 September, Rule changes, part 2, 09:30 to 12:30" in result.output
    assert "how: Vote for two: at least one woman." in result.output
    result = runner.invoke(main, ["whip", "ballots", *book, "--format", "json"])
    ballots = json.loads(result.output)["ballots"]
    assert [b["id"] for b in ballots] == ["NCC", "CAC", "PRI"]
    assert ballots[2]["session"]["id"] == "sun-pm" and ballots[2]["how"].startswith("Tick four")


def test_ballots_with_no_schedule_in_the_book_say_how_to_add_one(example_book: Path) -> None:
    result = CliRunner().invoke(main, ["whip", "ballots", "--book", str(example_book)])
    assert result.exit_code == 2
    assert "whip import --schedule" in result.output


def test_the_export_holds_the_schedule_and_it_re_imports(
    example_book: Path, tmp_path: Path
) -> None:
    _import(example_book, SCHEDULE.read_text(encoding="utf-8"))
    with WhipBook.open(example_book, write=False) as opened:
        (written,) = [p for p in opened.export_csv(tmp_path / "out") if p.name == "schedule.toml"]
        exported = opened.export_json()["schedule"]
    assert read_schedule(written) == _schedule(example_book)
    assert exported["sessions"][1]["card_votes"] == list(range(10, 19))  # type: ignore[index]
    assert exported["ballots"][1]["one_per_clp"] is True  # type: ignore[index]
    with WhipBook.open(example_book, write=False) as opened:
        history = opened.export_json()["schedule_history"]
    assert [e["id"] for e in history] == ["sun-pm", "mon-am", "tue-pm", "NCC", "CAC", "PRI"]  # type: ignore[union-attr]


_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    title=_TEXT.filter(lambda t: t.strip() != ""),
    note=_TEXT,
    day=_TEXT.filter(lambda t: t.split() != []),
)
def test_a_dumped_schedule_reads_back_the_same(title: str, note: str, day: str) -> None:
    schedule = Schedule(
        (
            Session(
                "s1",
                " ".join(day.split()),
                "N",
                note=" ".join(note.split()),
                card_votes=(2, 1),
                recorded_at="2026-09-27T12:00:00.000000+00:00",
            ),
        ),
        (
            Ballot(
                id="B",
                title=title.strip(),
                kind="election",
                places=1,
                options=(Candidate('A "q"', "X"), Candidate("B")),
                slates=(Slate("F", ('A "q"',), note.strip()),),
                result=(('A "q"', 3),),
                note=note.strip(),
                session="s1",
                recorded_at="2026-09-27T12:00:00.000000+00:00",
            ),
        ),
    )
    again = parse_schedule(dump_schedule(schedule))
    assert again == schedule
    assert again.sessions[0].recorded_at == schedule.sessions[0].recorded_at


def test_a_bad_schedule_file_is_a_located_error_and_writes_nothing(
    example_book: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[session]]\nid = "a"\nday = "Sun"\nnam = "x"\ncard_votes = [1]\n', encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["whip", "import", "--book", str(example_book), "--schedule", str(bad)]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{bad}:1:1: error[whip.unknown-key]" in result.output
    assert "did you mean 'name'?" in result.output
    assert "[[session]] has no 'name'" in result.output
    assert _schedule(example_book) == Schedule()


def test_the_schedule_keeps_a_history_of_every_write(example_book: Path) -> None:
    noon = "2026-09-27T12:00:00+00:00"
    _import(example_book, SESSION.format(id="s1", day="Sunday", cvs="[1]"), noon)
    _import(example_book, SESSION.format(id="s1", day="Sunday", cvs="[1]"), noon)  # the same
    _import(example_book, SESSION.format(id="s1", day="Monday", cvs="[1]"), "2026-09-26T00:00Z")
    _import(example_book, SESSION.format(id="S1", day="Monday", cvs="[2]"), "2026-09-28T00:00Z")
    with WhipBook.open(example_book, write=False) as opened:
        history = opened.schedule_history()
    # Written twice: the unchanged and the older file added nothing.
    assert [(e.what, e.id, e.entry["day"], e.entry["card_votes"]) for e in history] == [
        ("session", "s1", "Sunday", [1]),
        ("session", "s1", "Monday", [2]),
    ]
    assert history[0].recorded_at == "2026-09-27T12:00:00.000000+00:00"
    assert history[0].seq < history[1].seq
