"""The schedule in the whip book: reading it back, and merging an imported one by time.

Each session and each ballot is one entry with the time it was written. An import compares
every incoming entry with the book's: the same word (whatever its time) changes nothing and is
counted as unchanged; an older one is skipped; one written at the same moment that says
something else is a conflict, reported and skipped; anything else replaces the book's entry
whole (a ballot's candidates, slates and result together). Entries the file does not name are
kept. So importing a file twice changes nothing, and an old spreadsheet never undoes a newer
correction.

A card vote is in one session at most: a file that would put it in a second one is refused
(nothing written), with the two sessions named.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import attrs

from motions.errors import Diagnostic, WhipError, error, warning
from motions.whip.elections import Ballot, Candidate, Slate
from motions.whip.model import Casting, card_vote_label
from motions.whip.names import did_you_mean, name_key, parse_stamp
from motions.whip.schedule import Schedule, ScheduleChange, ScheduleEvent, Session, schedule_json

E = TypeVar("E", Session, Ballot)


def read_schedule_rows(db: sqlite3.Connection) -> Schedule:
    """The book's schedule as frozen values, sessions and ballots in their order."""
    card_votes: dict[str, list[int]] = {}
    for session_id, number in db.execute(
        "SELECT session_id, card_vote FROM session_card_votes ORDER BY session_id, ordinal"
    ):
        card_votes.setdefault(session_id, []).append(int(number))
    sessions = tuple(
        Session(
            id=row[0],
            day=row[1],
            name=row[2],
            time=row[3],
            place=row[4],
            note=row[5],
            card_votes=tuple(card_votes.get(row[0], ())),
            recorded_at=row[6],
        )
        for row in db.execute(
            "SELECT id, day, name, time, place, note, recorded_at FROM sessions "
            "ORDER BY ordinal, id"
        )
    )
    options: dict[str, list[tuple[str, str, int | None]]] = {}
    for ballot_id, name, clp, votes in db.execute(
        "SELECT ballot_id, name, clp, votes FROM ballot_options ORDER BY ballot_id, ordinal"
    ):
        options.setdefault(ballot_id, []).append((name, clp, votes))
    choices: dict[tuple[str, int], list[str]] = {}
    for ballot_id, slate, option in db.execute(
        "SELECT ballot_id, slate, option FROM ballot_slate_choices "
        "ORDER BY ballot_id, slate, ordinal"
    ):
        choices.setdefault((ballot_id, slate), []).append(option)
    slates: dict[str, list[Slate]] = {}
    for ballot_id, ordinal, faction, reason in db.execute(
        "SELECT ballot_id, ordinal, faction, reason FROM ballot_slates ORDER BY ballot_id, ordinal"
    ):
        chosen = tuple(choices.get((ballot_id, ordinal), ()))
        slates.setdefault(ballot_id, []).append(Slate(faction, chosen, reason))
    ballots = tuple(
        Ballot(
            id=row[0],
            kind=row[1],
            title=row[2],
            places=int(row[3]),
            casting=Casting(row[4]),
            when=row[5],
            how=row[6],
            note=row[7],
            session=row[8] or "",
            recorded_at=row[9],
            options=tuple(Candidate(n, c) for n, c, _ in options.get(row[0], ())),
            slates=tuple(slates.get(row[0], ())),
            result=tuple((n, v) for n, _, v in options.get(row[0], ()) if v is not None),
        )
        for row in db.execute(
            "SELECT id, kind, title, places, casting, when_text, how, note, session_id, "
            "recorded_at FROM ballots ORDER BY ordinal, id"
        )
    )
    return Schedule(sessions, ballots)


def _decide(
    what: str, incoming: Sequence[E], held: dict[str, E], default_stamp: str
) -> tuple[list[E], list[ScheduleChange], list[Diagnostic]]:
    write: list[E] = []
    changes: list[ScheduleChange] = []
    conflicts: list[Diagnostic] = []
    for entry in incoming:
        when = entry.recorded_at or default_stamp
        old = held.get(name_key(entry.id))
        if old is None:
            change = "added"
        elif attrs.evolve(entry, id=old.id) == old:
            change = "unchanged"
        elif when < old.recorded_at:
            change = "older"
        elif when == old.recorded_at:
            change = "conflict"
            conflicts.append(
                warning(
                    "whip.schedule-conflict",
                    f"{what} {entry.id}: written at {when}, the same moment as the book's, "
                    "but it says something else",
                    hint="give the file a later recorded_at, or correct the book's copy",
                )
            )
        else:
            change = "changed"
        if change in ("added", "changed"):
            write.append(attrs.evolve(entry, id=old.id if old else entry.id, recorded_at=when))
        changes.append(ScheduleChange(what, old.id if old else entry.id, change))
    return write, changes, conflicts


def _placed(held: Iterable[str], incoming: Sequence[str]) -> list[str]:
    """The new order of ids (keys): the book's, with new entries placed beside their
    neighbours in the file (after the one before them, else before the one after them)."""
    order = list(held)
    for i, key in enumerate(incoming):
        if key in order:
            continue
        before = next((k for k in reversed(incoming[:i]) if k in order), None)
        after = next((k for k in incoming[i + 1 :] if k in order), None)
        if before is not None:
            order.insert(order.index(before) + 1, key)
        elif after is not None:
            order.insert(order.index(after), key)
        else:
            order.append(key)
    return order


def merge_schedule(
    db: sqlite3.Connection,
    schedule: Schedule,
    default_stamp: str,
    card_votes: Iterable[int],
    faction_spelling: dict[str, str],
) -> tuple[tuple[ScheduleChange, ...], tuple[Diagnostic, ...]]:
    """Merge `schedule` into the book (inside the caller's transaction); raise `WhipError`,
    writing nothing, if the result would name an unknown card vote or session, or put a card
    vote in two sessions. `faction_spelling` maps `name_key` to the book's spelling."""
    default_stamp = parse_stamp(default_stamp)
    book = read_schedule_rows(db)
    spelled = {name_key(s.id): s.id for s in schedule.sessions}
    spelled |= {name_key(s.id): s.id for s in book.sessions}
    schedule = Schedule(
        schedule.sessions,
        tuple(
            attrs.evolve(
                b,
                session=spelled.get(name_key(b.session), b.session),
                slates=tuple(
                    attrs.evolve(s, faction=faction_spelling.get(name_key(s.faction), s.faction))
                    for s in b.slates
                ),
            )
            for b in schedule.ballots
        ),
    )
    held_sessions = {name_key(s.id): s for s in book.sessions}
    held_ballots = {name_key(b.id): b for b in book.ballots}
    sessions, changes, conflicts = _decide(
        "session", schedule.sessions, held_sessions, default_stamp
    )
    ballots, ballot_changes, ballot_conflicts = _decide(
        "ballot", schedule.ballots, held_ballots, default_stamp
    )
    changes += ballot_changes
    conflicts += ballot_conflicts
    final_sessions = dict(held_sessions) | {name_key(s.id): s for s in sessions}
    problems = _check(final_sessions, sessions, ballots, set(card_votes))
    if problems:
        raise WhipError(problems)
    session_order = _placed(held_sessions, [name_key(s.id) for s in schedule.sessions])
    ballot_order = _placed(held_ballots, [name_key(b.id) for b in schedule.ballots])
    for session in sessions:
        _write_session(db, session, session_order.index(name_key(session.id)))
        _log(db, "session", session.id, session.recorded_at, schedule_json(Schedule((session,))))
    for ballot in ballots:
        _write_ballot(db, ballot, ballot_order.index(name_key(ballot.id)))
        _log(db, "ballot", ballot.id, ballot.recorded_at, schedule_json(Schedule((), (ballot,))))
    if sessions:
        db.executemany(
            "UPDATE sessions SET ordinal = ? WHERE id = ?",
            [(i, final_sessions[k].id) for i, k in enumerate(session_order)],
        )
    if ballots:
        final_ballots = dict(held_ballots) | {name_key(b.id): b for b in ballots}
        db.executemany(
            "UPDATE ballots SET ordinal = ? WHERE id = ?",
            [(i, final_ballots[k].id) for i, k in enumerate(ballot_order)],
        )
    return tuple(changes), tuple(conflicts)


def _check(
    final_sessions: dict[str, Session],
    sessions: Sequence[Session],
    ballots: Sequence[Ballot],
    card_votes: set[int],
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for session in sessions:
        for number in session.card_votes:
            if number not in card_votes:
                problems.append(
                    error(
                        "whip.unknown-card-vote",
                        f"session {session.id}: the whip book has no {card_vote_label(number)}",
                        hint="import the card votes first (--card-votes), or correct the number",
                    )
                )
    taken: dict[int, str] = {}
    for session in final_sessions.values():
        for number in session.card_votes:
            if number in taken:
                problems.append(
                    error(
                        "whip.bad-schedule",
                        f"{card_vote_label(number)} would be in two sessions "
                        f"({taken[number]} and {session.id})",
                        hint="a card vote is taken in one session: give both sessions in the "
                        "file, with the card vote in one of them",
                    )
                )
            taken[number] = session.id
    for ballot in ballots:
        if ballot.session and name_key(ballot.session) not in final_sessions:
            problems.append(
                error(
                    "whip.unknown-session",
                    f"ballot {ballot.id}: no session {ballot.session!r} in the file or the book",
                    hint=did_you_mean(ballot.session, [s.id for s in final_sessions.values()])
                    or "add a [[session]] with that id",
                )
            )
    return problems


def _log(db: sqlite3.Connection, what: str, ident: str, when: str, data: dict[str, Any]) -> None:
    """One event of the schedule's history: the whole entry as written."""
    entry = data["sessions" if what == "session" else "ballots"][0]
    db.execute(
        "INSERT INTO schedule_events (recorded_at, what, id, entry) VALUES (?, ?, ?, ?)",
        (when, what, ident, json.dumps(entry, ensure_ascii=False, sort_keys=True)),
    )


def read_schedule_history(db: sqlite3.Connection) -> tuple[ScheduleEvent, ...]:
    """Every write of a session or ballot, oldest first."""
    return tuple(
        ScheduleEvent(seq, at, what, ident, entry)
        for seq, at, what, ident, entry in db.execute(
            "SELECT seq, recorded_at, what, id, entry FROM schedule_events ORDER BY seq"
        )
    )


def _write_session(db: sqlite3.Connection, session: Session, ordinal: int) -> None:
    db.execute(
        "INSERT INTO sessions (id, ordinal, day, name, time, place, note, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "ordinal = excluded.ordinal, day = excluded.day, name = excluded.name, "
        "time = excluded.time, place = excluded.place, note = excluded.note, "
        "recorded_at = excluded.recorded_at",
        (
            session.id,
            ordinal,
            session.day,
            session.name,
            session.time,
            session.place,
            session.note,
            session.recorded_at,
        ),
    )
    db.execute("DELETE FROM session_card_votes WHERE session_id = ?", (session.id,))
    db.executemany(
        "INSERT INTO session_card_votes (card_vote, session_id, ordinal) VALUES (?, ?, ?)",
        [(n, session.id, i) for i, n in enumerate(session.card_votes)],
    )


def _write_ballot(db: sqlite3.Connection, ballot: Ballot, ordinal: int) -> None:
    db.execute("DELETE FROM ballots WHERE id = ?", (ballot.id,))
    db.execute(
        "INSERT INTO ballots (id, ordinal, kind, title, places, casting, when_text, how, note, "
        "session_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ballot.id,
            ordinal,
            ballot.kind,
            ballot.title,
            ballot.places,
            ballot.casting.value,
            ballot.when,
            ballot.how,
            ballot.note,
            ballot.session or None,
            ballot.recorded_at,
        ),
    )
    votes = dict(ballot.result)
    db.executemany(
        "INSERT INTO ballot_options (ballot_id, ordinal, name, clp, votes) VALUES (?, ?, ?, ?, ?)",
        [(ballot.id, i, o.name, o.clp, votes.get(o.name)) for i, o in enumerate(ballot.options)],
    )
    db.executemany(
        "INSERT INTO ballot_slates (ballot_id, ordinal, faction, reason) VALUES (?, ?, ?, ?)",
        [(ballot.id, i, s.faction, s.reason) for i, s in enumerate(ballot.slates)],
    )
    db.executemany(
        "INSERT INTO ballot_slate_choices (ballot_id, slate, ordinal, option) VALUES (?, ?, ?, ?)",
        [
            (ballot.id, i, j, name)
            for i, s in enumerate(ballot.slates)
            for j, name in enumerate(s.choose)
        ],
    )
