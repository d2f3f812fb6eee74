"""When and where conference votes: days, sessions, and the ballots a delegate collects.

A schedule is optional. Without one, a sheet's "how to vote" list is one group in card-vote
order; with one, it is grouped by day and session, each with its time and place, and it carries
the ballots that are not card votes (internal elections and the priorities ballot), each with
the faction's slate. The whip book has no schedule table yet, so the schedule is read from a
TOML file (`motions brief --schedule FILE`):

    [[session]]
    day = "Sunday 27 September"
    name = "Rule changes, part 1"
    time = "14:15 to 17:30"
    place = "Main hall"
    note = "Card votes are taken at the end of the session."
    card_votes = [1, 2, 3]            # or "CV1"; each card vote in one session at most

    [[session.ballot]]
    title = "Conference Arrangements Committee"
    kind = "election"                 # or "priorities"
    how = "Vote for two: one woman and one other."
    slate = ["Ann Webb", "Olu Shah"]  # the faction's slate, in its order
    one_per_clp = true                # one paper per CLP: collect it early
    note = "Voting opens at 9am in the ballot hall."
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from motions.brief.errors import BriefError
from motions.errors import Diagnostic, MotionsError, error
from motions.source import Span
from motions.whip.names import parse_card_vote
from motions.whip.tomlio import check_keys, load, read_text, table_spans

BALLOT_KINDS = ("election", "priorities")
_SESSION_KEYS = ("day", "name", "time", "place", "note", "card_votes", "ballot")
_BALLOT_KEYS = ("title", "kind", "how", "slate", "one_per_clp", "note")


@attrs.frozen
class Ballot:
    """A ballot that is not a card vote: an internal election or the priorities ballot."""

    title: str
    kind: str = "election"
    how: str = ""
    #: The faction's slate, in its order (candidates to vote for, or subjects to prioritise).
    slate: tuple[str, ...] = ()
    one_per_clp: bool = True
    note: str = ""


@attrs.frozen
class Session:
    """One sitting of conference: when, where, which card votes and ballots it takes."""

    day: str
    name: str
    time: str = ""
    place: str = ""
    note: str = ""
    card_votes: tuple[int, ...] = ()
    ballots: tuple[Ballot, ...] = ()

    @property
    def heading(self) -> str:
        """ "Sunday 27 September · Rule changes, part 1": the day and the session."""
        return " · ".join(part for part in (self.day, self.name) if part)

    @property
    def when(self) -> str:
        """ "14:15 to 17:30, Main hall": the time and the place, as far as known."""
        return ", ".join(part for part in (self.time, self.place) if part)


@attrs.frozen
class Schedule:
    """Every session in the order conference sits."""

    sessions: tuple[Session, ...] = ()

    def session_of(self, number: int) -> Session | None:
        return next((s for s in self.sessions if number in s.card_votes), None)


def _text(entry: dict[str, Any], key: str, what: str, span: Span | None) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise BriefError(error("brief.bad-schedule", f"{what}: {key!r} must be text", span=span))
    return " ".join(value.split())


def _ballot(entry: Any, span: Span | None) -> Ballot:
    what = "a [[session.ballot]]"
    if not isinstance(entry, dict):
        raise BriefError(error("brief.bad-schedule", f"{what} must be a table", span=span))
    problems = check_keys(entry, _BALLOT_KEYS, ("title",), what, span)
    if problems:
        raise BriefError(problems)
    kind = _text(entry, "kind", what, span) or "election"
    if kind not in BALLOT_KINDS:
        raise BriefError(
            error(
                "brief.bad-schedule",
                f"{what}: unknown kind {kind!r}",
                span=span,
                hint=f"use one of: {', '.join(BALLOT_KINDS)}",
            )
        )
    slate = entry.get("slate", [])
    if not isinstance(slate, list) or not all(isinstance(s, str) for s in slate):
        raise BriefError(
            error("brief.bad-schedule", f"{what}: 'slate' must be a list of names", span=span)
        )
    one_per_clp = entry.get("one_per_clp", True)
    if not isinstance(one_per_clp, bool):
        raise BriefError(
            error("brief.bad-schedule", f"{what}: 'one_per_clp' must be true or false", span=span)
        )
    return Ballot(
        title=_text(entry, "title", what, span),
        kind=kind,
        how=_text(entry, "how", what, span),
        slate=tuple(" ".join(s.split()) for s in slate if s.strip()),
        one_per_clp=one_per_clp,
        note=_text(entry, "note", what, span),
    )


def _session(entry: Any, span: Span | None, ballot_spans: list[Span]) -> Session:
    what = "a [[session]]"
    if not isinstance(entry, dict):
        raise BriefError(error("brief.bad-schedule", f"{what} must be a table", span=span))
    problems = check_keys(entry, _SESSION_KEYS, ("day", "name"), what, span)
    if problems:
        raise BriefError(problems)
    numbers = entry.get("card_votes", [])
    if not isinstance(numbers, list):
        raise BriefError(
            error("brief.bad-schedule", f"{what}: 'card_votes' must be a list", span=span)
        )
    try:
        card_votes = tuple(parse_card_vote(n, span=span) for n in numbers)
    except MotionsError as exc:
        raise BriefError(list(exc.diagnostics)) from None
    ballots = entry.get("ballot", [])
    if not isinstance(ballots, list):
        raise BriefError(
            error("brief.bad-schedule", f"{what}: write [[session.ballot]]", span=span)
        )
    return Session(
        day=_text(entry, "day", what, span),
        name=_text(entry, "name", what, span),
        time=_text(entry, "time", what, span),
        place=_text(entry, "place", what, span),
        note=_text(entry, "note", what, span),
        card_votes=card_votes,
        ballots=tuple(_ballot(b, ballot_spans.pop(0) if ballot_spans else span) for b in ballots),
    )


def parse_schedule(text: str, filename: str = "<schedule>") -> Schedule:
    """A schedule from TOML text; every problem is a located `BriefError`."""
    try:
        data = load(text, filename)
    except MotionsError as exc:
        raise BriefError(list(exc.diagnostics)) from None
    unknown = [key for key in data if key != "session"]
    if unknown:
        raise BriefError(
            error(
                "brief.bad-schedule",
                f"{filename}: unknown top-level key {unknown[0]!r}",
                hint="a schedule holds [[session]] tables (with [[session.ballot]] inside)",
            )
        )
    entries = data.get("session", [])
    if not isinstance(entries, list):
        raise BriefError(error("brief.bad-schedule", f"{filename}: write [[session]] tables"))
    spans = table_spans(text, filename, "session")
    ballot_spans = table_spans(text, filename, "session.ballot")
    sessions = tuple(
        _session(entry, spans[i] if i < len(spans) else None, ballot_spans)
        for i, entry in enumerate(entries)
    )
    problems: list[Diagnostic] = []
    seen: dict[int, str] = {}
    for session in sessions:
        for number in session.card_votes:
            if number in seen:
                problems.append(
                    error(
                        "brief.bad-schedule",
                        f"{filename}: CV {number} is in two sessions "
                        f"({seen[number]!r} and {session.heading!r})",
                        hint="list each card vote in the session that takes it",
                    )
                )
            seen[number] = session.heading
    if problems:
        raise BriefError(problems)
    return Schedule(sessions)


def read_schedule(path: str | Path) -> Schedule:
    """The schedule in a TOML file."""
    try:
        text = read_text(path)
    except MotionsError as exc:
        raise BriefError(list(exc.diagnostics)) from None
    return parse_schedule(text, str(path))
