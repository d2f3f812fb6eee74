"""When and where conference votes: sessions, and the ballots that are not card votes.

One TOML format holds the whole schedule: the sessions (day, name, time, place, the card votes
each takes) and the ballots (internal elections and the priorities ballot, each with its
options, places, casting, factions' slates, and the result as published). It is imported into
the whip book (`motions whip import --schedule FILE`) and read back with `WhipBook.schedule()`;
the briefing sheets and `motions whip ballots` read it from there.

    recorded_at = 2026-09-20T10:00:00Z   # optional: when this file's word was given

    [[session]]
    id = "sun-pm"                        # how ballots and later files name it
    day = "Sunday 27 September"
    name = "Rule changes, part 1"
    time = "14:15 to 17:30"
    place = "Main hall"
    note = "Card votes are taken at the end of the session."
    card_votes = [1, 2, 3]               # or "CV1"; each card vote in one session at most

    [[election]]                         # and [[priorities]]: see `motions.whip.elections`
    id = "CAC"
    session = "mon-am"                   # optional
    how = "Vote for two: at least one woman."
    note = "One paper per CLP: agree who collects it."
    ...

Every session and ballot carries the time it was written (`recorded_at` on the entry, else the
file's, else the caller's: the CLI passes the file's modification time). The book keeps the
newest word for each, as it does for pledges.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from motions.errors import Diagnostic, MotionsError, WhipError, error
from motions.source import Span
from motions.whip.elections import Ballot, ballot_from_toml, stamp_from_toml
from motions.whip.names import name_key, parse_card_vote
from motions.whip.tomlio import check_keys, load, read_text, table_spans

_SESSION_KEYS = ("id", "day", "name", "time", "place", "note", "card_votes", "recorded_at")
_TOP_KEYS = ("session", "election", "priorities", "recorded_at")


def session_heading(day: str, name: str) -> str:
    """ "Sunday 27 September · Rule changes, part 1": the day and the session (the whip's
    tables and the delegates' sheets say it the same way)."""
    return " · ".join(part for part in (day, name) if part)


def session_when(time: str, place: str) -> str:
    """ "14:15 to 17:30, Main hall": the time and the place, as far as known."""
    return ", ".join(part for part in (time, place) if part)


@attrs.frozen
class Session:
    """One sitting of conference: when, where, and the card votes it takes, in order."""

    id: str
    day: str
    name: str
    time: str = ""
    place: str = ""
    note: str = ""
    card_votes: tuple[int, ...] = ()
    #: When this session's entry was last written (the book's merge key); not part of equality.
    recorded_at: str = attrs.field(default="", eq=False)

    @property
    def heading(self) -> str:
        return session_heading(self.day, self.name)

    @property
    def when(self) -> str:
        return session_when(self.time, self.place)


@attrs.frozen
class Schedule:
    """Every session in the order conference sits, and every ballot that is not a card vote."""

    sessions: tuple[Session, ...] = ()
    ballots: tuple[Ballot, ...] = ()

    @property
    def days(self) -> tuple[str, ...]:
        """The days, in the order of their first session."""
        return tuple(dict.fromkeys(s.day for s in self.sessions))

    def session(self, session_id: str) -> Session | None:
        key = name_key(session_id)
        return next((s for s in self.sessions if name_key(s.id) == key), None)

    def session_of(self, card_vote: int) -> Session | None:
        """The session that takes a card vote, if the schedule says."""
        return next((s for s in self.sessions if card_vote in s.card_votes), None)

    def ballots_in(self, session_id: str) -> tuple[Ballot, ...]:
        """The ballots a session takes (`""`: the ballots given no session)."""
        key = name_key(session_id)
        return tuple(b for b in self.ballots if name_key(b.session) == key)

    def ballot(self, ballot_id: str) -> Ballot | None:
        key = name_key(ballot_id)
        return next((b for b in self.ballots if name_key(b.id) == key), None)

    def to_json(self) -> dict[str, object]:
        return schedule_json(self)


def schedule_json(schedule: Schedule) -> dict[str, object]:
    """The schedule as JSON-ready data (lists, not tuples): every field of every session and
    ballot, and each ballot's `one_per_clp`."""
    return {
        "sessions": [_plain(attrs.asdict(s)) for s in schedule.sessions],
        "ballots": [
            _plain({**attrs.asdict(b), "casting": b.casting.value, "one_per_clp": b.one_per_clp})
            for b in schedule.ballots
        ],
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@attrs.frozen
class ScheduleChange:
    """What an import did with one session or ballot."""

    what: str  # "session" or "ballot"
    id: str
    change: str  # "added", "changed", "unchanged", "older" or "conflict"

    def to_json(self) -> dict[str, str]:
        return {"what": self.what, "id": self.id, "change": self.change}

    @property
    def text(self) -> str:
        verb = {"older": "skipped as older than the book's", "conflict": "conflict, skipped"}
        return f"{self.what} {self.id} {verb.get(self.change, self.change)}"


@attrs.frozen
class ScheduleEvent:
    """One write of a session or ballot into the book: when, which, and the entry as written
    (`entry_json`: the session's or ballot's fields as in `Schedule.to_json()`)."""

    seq: int
    recorded_at: str
    what: str  # "session" or "ballot"
    id: str
    entry_json: str

    @property
    def entry(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.entry_json)
        return found


def _clean(value: str) -> str:
    return " ".join(value.split())


def _session(entry: Any, where: str, stamp: str, span: Span | None = None) -> Session:
    if not isinstance(entry, dict):
        raise WhipError(error("whip.bad-schedule", f"{where}: not a table"))
    # Unknown and missing keys are located by the table's header line (`span`).
    label = where if span is None else "[[session]]"
    problems = check_keys(entry, _SESSION_KEYS, ("id", "day", "name"), label, span)
    if problems:
        raise WhipError(problems)
    texts: dict[str, str] = {}
    for key in ("id", "day", "name", "time", "place", "note"):
        value = entry.get(key, "")
        if not isinstance(value, str):
            raise WhipError(error("whip.bad-schedule", f"{where}: {key} must be text"))
        texts[key] = _clean(value)
    for key in ("id", "day", "name"):
        if not texts[key]:
            raise WhipError(
                error("whip.bad-schedule", f"{where}: {key} is blank", hint=f'write {key} = "..."')
            )
    numbers = entry.get("card_votes", [])
    if not isinstance(numbers, list):
        raise WhipError(error("whip.bad-schedule", f"{where}: card_votes must be a list"))
    try:
        card_votes = tuple(parse_card_vote(n) for n in numbers)
    except MotionsError as exc:
        raise WhipError(
            [attrs.evolve(d, message=f"{where}: {d.message}") for d in exc.diagnostics]
        ) from None
    if len(set(card_votes)) != len(card_votes):
        raise WhipError(error("whip.bad-schedule", f"{where}: a card vote is listed twice"))
    return Session(
        id=texts["id"],
        day=texts["day"],
        name=texts["name"],
        time=texts["time"],
        place=texts["place"],
        note=texts["note"],
        card_votes=card_votes,
        recorded_at=stamp_from_toml(entry, where) or stamp,
    )


def parse_schedule(text: str, filename: str = "<schedule>") -> Schedule:
    """Sessions and ballots from TOML text, checked; every problem reported together.

    Only what the file alone can tell is checked here (two sessions with one id, a card vote
    in two sessions, a ballot naming a session that the file does not have is allowed: the
    book may have it). `WhipBook.import_data` checks the rest against the book.
    """
    data = load(text, filename)
    problems: list[Diagnostic] = []
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(
                error(
                    "whip.unknown-key",
                    f"{filename}: unknown top-level key {key!r}",
                    hint="a schedule holds recorded_at and [[session]], [[election]] and "
                    "[[priorities]] tables",
                )
            )
    try:
        default_stamp = stamp_from_toml(data, filename)
    except WhipError as exc:
        problems.extend(exc.diagnostics)
        default_stamp = ""
    sessions: list[Session] = []
    ballots: list[Ballot] = []
    for kind in ("session", "election", "priorities"):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            problems.append(
                error("whip.bad-toml", f"{filename}: write [[{kind}]] (an array of tables)")
            )
            continue
        spans = table_spans(text, filename, kind)
        for i, entry in enumerate(entries):
            where = spans[i].where() if i < len(spans) else f"{filename}: {kind} {i + 1}"
            where = f"{where}: [[{kind}]] {i + 1}"
            try:
                if kind == "session":
                    span = spans[i] if i < len(spans) else None
                    sessions.append(_session(entry, where, default_stamp, span))
                else:
                    ballot = ballot_from_toml(kind, entry, where)
                    if not ballot.recorded_at and default_stamp:
                        ballot = attrs.evolve(ballot, recorded_at=default_stamp)
                    ballots.append(ballot)
            except WhipError as exc:
                problems.extend(exc.diagnostics)
    problems += _duplicates(filename, sessions, ballots)
    if problems:
        raise WhipError(problems)
    return Schedule(tuple(sessions), tuple(ballots))


def _duplicates(filename: str, sessions: list[Session], ballots: list[Ballot]) -> list[Diagnostic]:
    problems = []
    for what, items in (("sessions", sessions), ("ballots", ballots)):
        seen: set[str] = set()
        for item in items:
            if name_key(item.id) in seen:
                problems.append(
                    error(
                        "whip.duplicate-id",
                        f"{filename}: two {what} are {item.id!r}",
                        hint=f"give every one of the {what} its own id",
                    )
                )
            seen.add(name_key(item.id))
    taken: dict[int, str] = {}
    for session in sessions:
        for number in session.card_votes:
            if number in taken:
                problems.append(
                    error(
                        "whip.bad-schedule",
                        f"{filename}: CV {number} is in two sessions "
                        f"({taken[number]!r} and {session.id!r})",
                        hint="list each card vote in the session that takes it",
                    )
                )
            taken[number] = session.id
    return problems


def parse_ballots(text: str, filename: str = "<ballots>") -> tuple[Ballot, ...]:
    """Every `[[election]]` and `[[priorities]]` of a schedule's TOML text, checked."""
    return parse_schedule(text, filename).ballots


def read_schedule(path: str | Path) -> Schedule:
    """The schedule in a TOML file."""
    return parse_schedule(read_text(path), str(path))


def dump_schedule(schedule: Schedule) -> str:
    """A schedule as TOML that `parse_schedule` reads back to the same values (times included).

    Written by a TOML writer (tomli-w), so any text round-trips."""
    sessions: list[dict[str, object]] = [
        {
            "id": s.id,
            "day": s.day,
            "name": s.name,
            "time": s.time,
            "place": s.place,
            "note": s.note,
            "card_votes": list(s.card_votes),
            "recorded_at": s.recorded_at,
        }
        for s in schedule.sessions
    ]
    data: dict[str, object] = {"session": sessions} if sessions else {}
    for kind, count, options, choose in (
        ("election", "places", "candidates", "vote_for"),
        ("priorities", "picks", "topics", "pick"),
    ):
        entries = []
        for b in (b for b in schedule.ballots if b.kind == kind):
            entry: dict[str, object] = {
                "id": b.id,
                "title": b.title,
                count: b.places,
                "casting": b.casting.value,
                "when": b.when,
                "how": b.how,
                "note": b.note,
                "session": b.session,
                "recorded_at": b.recorded_at,
                options: [{"name": o.name, "clp": o.clp} for o in b.options],
                "slate": [
                    {"faction": s.faction, choose: list(s.choose), "reason": s.reason}
                    for s in b.slates
                ],
            }
            if b.result:
                entry["result"] = dict(b.result)
            entries.append({k: v for k, v in entry.items() if v not in ("", [])})
        if entries:
            data[kind] = entries
    return tomli_w.dumps(data, multiline_strings=False)
