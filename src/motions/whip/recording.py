"""Recording a whip's word: factions, lines, mandates, pledges and undos, each in one transaction.

Every change is also an event in a history (pledges, lines and mandates alike): nothing a whip
recorded is lost by a later change, and `whip history` can show who changed what when.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from motions.errors import Diagnostic, WhipError, error
from motions.whip.bookfile import now_stamp
from motions.whip.model import (
    DEFAULT_CONFIDENCE,
    EventKind,
    Line,
    Mandate,
    PledgeEvent,
    Position,
    Recommendation,
    Section,
    VoterRef,
    card_vote_label,
)
from motions.whip.names import check_text, name_key, parse_card_vote
from motions.whip.queries import BookQueries

if TYPE_CHECKING:
    from motions.whip.csvio import PledgeRequest


def insert_faction(db: sqlite3.Connection, name: str) -> None:
    db.execute("INSERT OR IGNORE INTO factions (name) VALUES (?)", (name,))


def write_line(db: sqlite3.Connection, rec: Recommendation, stamp: str) -> None:
    """Set one line and append it to the lines' history."""
    db.execute(
        "INSERT INTO recommendations (faction, card_vote, line, reason) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (faction, card_vote) DO UPDATE SET line = excluded.line, "
        "reason = excluded.reason",
        (rec.faction, rec.card_vote, rec.line.value, rec.reason),
    )
    db.execute(
        "INSERT INTO recommendation_events (recorded_at, faction, card_vote, line, reason) "
        "VALUES (?, ?, ?, ?, ?)",
        (stamp, rec.faction, rec.card_vote, rec.line.value, rec.reason),
    )


def write_mandate(db: sqlite3.Connection, mandate: Mandate, stamp: str) -> None:
    """Set one mandate and append it to the mandates' history."""
    db.execute(
        "INSERT INTO mandates (delegation_id, card_vote, position, note) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (delegation_id, card_vote) DO UPDATE SET "
        "position = excluded.position, note = excluded.note",
        (mandate.delegation_id, mandate.card_vote, mandate.position.value, mandate.note),
    )
    db.execute(
        "INSERT INTO mandate_events (recorded_at, delegation_id, card_vote, position, note) "
        "VALUES (?, ?, ?, ?, ?)",
        (stamp, mandate.delegation_id, mandate.card_vote, mandate.position.value, mandate.note),
    )


def insert_pledge(db: sqlite3.Connection, ref: VoterRef, request: PledgeRequest, stamp: str) -> int:
    cursor = db.execute(
        "INSERT INTO pledge_events (recorded_at, delegate_id, delegation_id, card_vote, kind, "
        "position, confidence, note) VALUES (?, ?, ?, ?, 'pledge', ?, ?, ?)",
        (
            stamp,
            None if ref.is_delegation else ref.id,
            ref.id if ref.is_delegation else None,
            request.card_vote,
            request.position.value,
            request.confidence,
            request.note,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


class BookRecording(BookQueries):
    """Everything that records one change at a time."""

    def faction_named(self, text: str, *, new: bool = False) -> str:
        """The faction `text` names: an existing one (any case), or a new one if `new`."""
        if not new:
            return self.resolve_faction(text)
        name = " ".join(check_text(text, "faction").split())
        if not name:
            raise WhipError(
                error("whip.bad-faction", "the faction name is blank", hint="name a faction")
            )
        for known in self.factions():
            if name_key(known) == name_key(name):
                return known
        with self._write() as db:
            insert_faction(db, name)
        return name

    def set_home_faction(self, faction: str) -> None:
        name = self.faction_named(faction, new=True)
        self._set_meta("home_faction", name)

    def recommend(
        self, faction: str, card_vote: int | str, line: Line, reason: str | None = None
    ) -> Recommendation:
        """Set one faction's line on one card vote. `reason=None` keeps the earlier reason."""
        who = self.resolve_faction(faction)
        number = self._card_vote_number(card_vote)
        if reason is None:
            old = self._db.execute(
                "SELECT reason FROM recommendations WHERE faction = ? AND card_vote = ?",
                (who, number),
            ).fetchone()
            reason = "" if old is None else str(old[0])
        rec = Recommendation(
            faction=who, card_vote=number, line=line, reason=check_text(reason, "reason")
        )
        with self._write() as db:
            write_line(db, rec, now_stamp())
        return rec

    def set_mandate(
        self, delegation: str, card_vote: int | str, position: Position, note: str = ""
    ) -> Mandate:
        """Record a CLP's mandate on a card vote (the earlier one stays in the history)."""
        found = self.resolve_delegation(delegation)
        if found.section is not Section.CLP:
            raise WhipError(
                error(
                    "whip.affiliate-mandate",
                    f"{found.name} is an affiliate; only CLPs mandate their delegates",
                    hint="record an affiliate's decision as a pledge of the delegation",
                )
            )
        try:
            mandate = Mandate(
                found.id, self._card_vote_number(card_vote), position, check_text(note, "note")
            )
        except ValueError as exc:
            raise WhipError(
                error(
                    "whip.bad-mandate",
                    str(exc),
                    hint="a CLP mandates its delegates to vote for, against, or to abstain",
                )
            ) from None
        with self._write() as db:
            write_mandate(db, mandate, now_stamp())
        return mandate

    def clear_mandate(self, delegation: str, card_vote: int | str) -> None:
        found = self.resolve_delegation(delegation)
        number = self._card_vote_number(card_vote)
        with self._write() as db:
            gone = db.execute(
                "DELETE FROM mandates WHERE delegation_id = ? AND card_vote = ?",
                (found.id, number),
            ).rowcount
            if gone:
                db.execute(
                    "INSERT INTO mandate_events (recorded_at, delegation_id, card_vote, "
                    "position, note) VALUES (?, ?, ?, NULL, 'cleared')",
                    (now_stamp(), found.id, number),
                )

    def pledge(
        self,
        voter: str,
        card_vote: int | str,
        position: Position,
        *,
        confidence: float = DEFAULT_CONFIDENCE,
        note: str = "",
        recorded_at: str | None = None,
    ) -> PledgeEvent:
        """Record one pledge, in its own transaction; returns the event as committed."""
        from motions.whip.csvio import PledgeRequest  # a value of the CSV reader's

        return self.pledge_many(
            [PledgeRequest(voter, parse_card_vote(card_vote), position, confidence, note)],
            recorded_at=recorded_at,
        )[0]

    def pledge_many(
        self, requests: Sequence[PledgeRequest], *, recorded_at: str | None = None
    ) -> tuple[PledgeEvent, ...]:
        """Record many pledges in one transaction: all of them, or (on any error) none."""
        problems: list[Diagnostic] = []
        resolved: list[tuple[VoterRef, PledgeRequest]] = []
        find = self.voter_finder()
        numbers: set[int] = set()
        for request in requests:
            if not 0.0 <= request.confidence <= 1.0:
                problems.append(
                    error(
                        "whip.bad-confidence",
                        f"confidence {request.confidence} is not between 0 and 1",
                        hint="the confidence is the probability the delegate votes as pledged",
                    )
                )
                continue
            try:
                ref = find(request.voter)
                check_text(request.note, "note")
                if request.card_vote not in numbers:
                    numbers.add(self._card_vote_number(request.card_vote))
            except WhipError as exc:
                problems.extend(exc.diagnostics)
                continue
            resolved.append((ref, request))
        if problems:
            raise WhipError(problems)
        stamp = recorded_at or now_stamp()
        events = []
        with self._write() as db:
            for ref, request in resolved:
                seq = insert_pledge(db, ref, request, stamp)
                events.append(
                    PledgeEvent(
                        seq=seq,
                        voter=ref.id,
                        card_vote=request.card_vote,
                        kind=EventKind.PLEDGE,
                        position=request.position,
                        confidence=request.confidence,
                        note=request.note,
                        recorded_at=stamp,
                    )
                )
        return tuple(events)

    def undo(self, voter: str, card_vote: int | str, *, note: str = "") -> PledgeEvent:
        """Take back the voter's pledge in force on a card vote, as a new event."""
        ref = self.resolve_voter(voter)
        number = self._card_vote_number(card_vote)
        column = "delegation_id" if ref.is_delegation else "delegate_id"
        with self._write() as db:
            rows = db.execute(
                f"SELECT seq, kind, undoes FROM pledge_events WHERE card_vote = ? "
                f"AND {column} = ? ORDER BY seq",
                (number, ref.id),
            ).fetchall()
            stack: list[int] = []
            for seq, kind, undoes in rows:
                if kind == EventKind.PLEDGE.value:
                    stack.append(seq)
                elif stack and stack[-1] == undoes:
                    stack.pop()
            if not stack:
                raise WhipError(
                    error(
                        "whip.nothing-to-undo",
                        f"{ref.name} has no pledge on {card_vote_label(number)} to undo",
                        hint="see `motions whip history` for what was recorded",
                    )
                )
            stamp = now_stamp()
            cursor = db.execute(
                "INSERT INTO pledge_events (recorded_at, delegate_id, delegation_id, card_vote, "
                "kind, note, undoes) VALUES (?, ?, ?, ?, 'undo', ?, ?)",
                (
                    stamp,
                    None if ref.is_delegation else ref.id,
                    ref.id if ref.is_delegation else None,
                    number,
                    check_text(note, "note"),
                    stack[-1],
                ),
            )
            assert cursor.lastrowid is not None
        return PledgeEvent(
            seq=cursor.lastrowid,
            voter=ref.id,
            card_vote=number,
            kind=EventKind.UNDO,
            position=None,
            confidence=None,
            note=note,
            recorded_at=stamp,
            undoes=stack[-1],
        )
