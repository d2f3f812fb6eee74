"""Reading the whip book: its rows as frozen values, and names people type resolved to ids.

Names are matched with `names.name_key` (NFKC, case-folded), in Python, so `BÉA QUINN` finds
`Béa Quinn` (SQLite's NOCASE folds ASCII only). A book whose rows are not what the schema
promises (a damaged or hand-edited file) gives our error, not a Python exception.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from motions.errors import WhipError, error
from motions.whip.bookfile import BookFile
from motions.whip.model import (
    CardVote,
    Casting,
    Conference,
    Delegate,
    Delegation,
    EventKind,
    Line,
    Mandate,
    Pledge,
    PledgeEvent,
    Position,
    Recommendation,
    Section,
    Threshold,
    VoterRef,
    card_vote_label,
)
from motions.whip.names import check_text, did_you_mean, name_key, parse_card_vote

if TYPE_CHECKING:
    from motions.whip.schedule import Schedule, ScheduleEvent

T = TypeVar("T")


class BookQueries(BookFile):
    """Everything that reads the book."""

    @contextmanager
    def _rows(self) -> Iterator[None]:
        """Turn a damaged book's surprises (a missing table, an unknown value) into our error."""
        try:
            yield
        except WhipError:
            raise
        except (sqlite3.Error, ValueError, TypeError, KeyError) as exc:
            raise WhipError(
                error(
                    "whip.damaged-book",
                    f"{self.path}: the whip book is damaged ({type(exc).__name__}: {exc})",
                    hint="restore it from a backup or an export (`motions whip export`)",
                )
            ) from None

    def _all(self, build: Callable[[], T]) -> T:
        with self._rows():
            return build()

    # -- facts about the book ---------------------------------------------------------------

    def home_faction(self) -> str | None:
        row = self._all(
            lambda: self._db.execute("SELECT value FROM meta WHERE key = 'home_faction'").fetchone()
        )
        return None if row is None or not str(row[0]).strip() else str(row[0])

    def factions(self) -> tuple[str, ...]:
        """The factions the book knows, as first written."""
        return self._all(
            lambda: tuple(r[0] for r in self._db.execute("SELECT name FROM factions ORDER BY 1"))
        )

    def resolve_faction(self, text: str) -> str:
        """A known faction, matched case-insensitively; unknown names get "did you mean"."""
        wanted = name_key(check_text(text, "faction"))
        if not wanted:
            raise WhipError(
                error("whip.bad-faction", "the faction name is blank", hint="name a faction")
            )
        known = self.factions()
        for name in known:
            if name_key(name) == wanted:
                return name
        raise WhipError(
            error(
                "whip.unknown-faction",
                f"no faction called {text.strip()!r} in the whip book",
                hint=(did_you_mean(text, known) or "")
                + (f" known: {', '.join(known)}; " if known else " ")
                + "add a new one with --new-faction NAME",
            )
        )

    def counts(self) -> dict[str, int]:
        queries = {
            "clps": "SELECT count(*) FROM delegations WHERE section = 'clp'",
            "affiliates": "SELECT count(*) FROM delegations WHERE section = 'affiliate'",
            "delegates": "SELECT count(*) FROM delegates",
            "card_votes": "SELECT count(*) FROM card_votes",
            "recommendations": "SELECT count(*) FROM recommendations",
            "mandates": "SELECT count(*) FROM mandates",
            "pledge_events": "SELECT count(*) FROM pledge_events",
        }
        return self._all(
            lambda: {k: int(self._db.execute(q).fetchone()[0]) for k, q in queries.items()}
        )

    # -- rows as values ---------------------------------------------------------------------

    def delegations(self) -> tuple[Delegation, ...]:
        return self._all(
            lambda: tuple(
                Delegation(
                    id=r[0],
                    name=r[1],
                    section=Section(r[2]),
                    votes=r[3],
                    faction=r[4],
                    women_members=r[5],
                    young_members=r[6],
                )
                for r in self._db.execute(
                    "SELECT id, name, section, votes, faction, women_members, young_members "
                    "FROM delegations ORDER BY section DESC, id"
                )
            )
        )

    def delegates(self) -> tuple[Delegate, ...]:
        return self._all(
            lambda: tuple(
                Delegate(
                    id=r[0],
                    name=r[1],
                    delegation_id=r[2],
                    faction=r[3],
                    woman=bool(r[4]),
                    under_27=bool(r[5]),
                    attending=bool(r[6]),
                )
                for r in self._db.execute(
                    "SELECT id, name, delegation_id, faction, woman, under_27, attending "
                    "FROM delegates ORDER BY id"
                )
            )
        )

    def card_votes(self) -> tuple[CardVote, ...]:
        def build() -> tuple[CardVote, ...]:
            motions: dict[int, list[str]] = {}
            for card_vote, motion in self._db.execute(
                "SELECT card_vote, motion FROM card_vote_motions ORDER BY card_vote, ordinal"
            ):
                motions.setdefault(card_vote, []).append(motion)
            return tuple(
                CardVote(
                    number=n,
                    title=t,
                    motions=tuple(motions.get(n, ())),
                    threshold=Threshold(th),
                    casting=Casting(casting),
                )
                for n, t, th, casting in self._db.execute(
                    "SELECT number, title, threshold, casting FROM card_votes ORDER BY number"
                )
            )

        return self._all(build)

    def recommendations(self) -> tuple[Recommendation, ...]:
        return self._all(
            lambda: tuple(
                Recommendation(faction=f, card_vote=c, line=Line(line), reason=r)
                for f, c, line, r in self._db.execute(
                    "SELECT faction, card_vote, line, reason FROM recommendations "
                    "ORDER BY card_vote, faction"
                )
            )
        )

    def mandates(self) -> tuple[Mandate, ...]:
        return self._all(
            lambda: tuple(
                Mandate(delegation_id=d, card_vote=c, position=Position(p), note=n)
                for d, c, p, n in self._db.execute(
                    "SELECT delegation_id, card_vote, position, note FROM mandates "
                    "ORDER BY card_vote, delegation_id"
                )
            )
        )

    def pledges(self, card_vote: int | None = None) -> tuple[Pledge, ...]:
        """The pledges in force (on one card vote, if given), read as rows: one pass over the
        pledge events in order.

        An undo always takes back the latest pledge still in force, so the pledge in force for
        a voter and card vote is its latest pledge event no undo names (the `current_pledges`
        view says the same in SQL; this pass is faster than its window function). An object is
        built only per pledge in force, never per historical event. The tests check this
        against `model.current_pledges`, which replays the history event by event.
        """
        positions = {p.value: p for p in Position}

        def build() -> tuple[Pledge, ...]:
            db = self._db
            one = "" if card_vote is None else " AND card_vote = ?"
            args = () if card_vote is None else (card_vote,)
            undone = {
                r[0]
                for r in db.execute(
                    f"SELECT undoes FROM pledge_events WHERE kind = 'undo'{one}", args
                )
            }
            latest: dict[tuple[int, str], tuple[Any, ...]] = {}
            rows = db.execute(
                "SELECT card_vote, coalesce(delegate_id, delegation_id), position, confidence, "
                f"note, seq, recorded_at FROM pledge_events WHERE kind = 'pledge'{one} "
                "ORDER BY seq",
                args,
            )
            if undone:
                for row in rows:
                    if row[5] not in undone:
                        latest[row[0], row[1]] = row
            else:
                for row in rows:
                    latest[row[0], row[1]] = row
            # In card-vote, then voter order: two sorts on one key each are much faster than
            # one on a (number, text) pair.
            ordered = sorted(latest.values(), key=itemgetter(1))
            ordered.sort(key=itemgetter(0))
            # Values from the book were checked on the way in (and by its CHECK constraints).
            with attrs.validators.disabled():
                return tuple(
                    Pledge(v, c, positions[p], conf, n, s, at)
                    for c, v, p, conf, n, s, at in ordered
                )

        return self._all(build)

    def history(
        self, *, voter: str | None = None, card_vote: int | str | None = None
    ) -> tuple[PledgeEvent, ...]:
        """Pledge events in order, for one voter and/or card vote if given."""
        clauses = []
        params: list[object] = []
        if voter is not None:
            ref = self.resolve_voter(voter)
            clauses.append("delegation_id = ?" if ref.is_delegation else "delegate_id = ?")
            params.append(ref.id)
        if card_vote is not None:
            clauses.append("card_vote = ?")
            params.append(self._card_vote_number(card_vote))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._all(
            lambda: tuple(
                _event(r)
                for r in self._db.execute(
                    "SELECT seq, coalesce(delegate_id, delegation_id), card_vote, kind, "
                    "position, confidence, note, recorded_at, undoes "
                    f"FROM pledge_events {where} ORDER BY seq",
                    params,
                )
            )
        )

    def line_history(self) -> tuple[tuple[str, str, int, str | None, str], ...]:
        """(recorded_at, faction, card_vote, line or None if cleared, reason), oldest first."""
        return self._all(
            lambda: tuple(
                self._db.execute(
                    "SELECT recorded_at, faction, card_vote, line, reason "
                    "FROM recommendation_events ORDER BY seq"
                )
            )
        )

    def mandate_history(self) -> tuple[tuple[str, str, int, str | None, str], ...]:
        """(recorded_at, delegation id, card_vote, position or None if cleared, note)."""
        return self._all(
            lambda: tuple(
                self._db.execute(
                    "SELECT recorded_at, delegation_id, card_vote, position, note "
                    "FROM mandate_events ORDER BY seq"
                )
            )
        )

    def schedule(self) -> Schedule:
        """The schedule: sessions in the order conference sits (each with its day, time,
        place and card votes) and the ballots that are not card votes (elections and the
        priorities ballot, with options, places, casting, slates and results). Empty when
        none was imported."""
        from motions.whip.schedulebook import read_schedule_rows  # a tally never asks

        with self._read():
            return self._all(lambda: read_schedule_rows(self._db))

    def schedule_history(self) -> tuple[ScheduleEvent, ...]:
        """Every session or ballot an import wrote, oldest first: the schedule's history."""
        from motions.whip.schedulebook import read_schedule_history

        return self._all(lambda: read_schedule_history(self._db))

    def snapshot(self, *, card_vote: int | None = None) -> Conference:
        """Everything in the book now, as one frozen value; with `card_vote`, only that card
        vote's pledges (a single tally then reads a few hundred rows, not the whole history)."""
        with self._read():
            return Conference(
                delegations=self.delegations(),
                delegates=self.delegates(),
                card_votes=self.card_votes(),
                recommendations=self.recommendations(),
                mandates=self.mandates(),
                pledges=self.pledges(card_vote),
                home_faction=self.home_faction(),
            )

    # -- names ------------------------------------------------------------------------------

    def _voter_table(self) -> list[tuple[str, str, str, str, str]]:
        """(kind, id, name, section, delegation name) for every delegate and delegation."""
        return self._all(
            lambda: self._db.execute(
                "SELECT 'delegate', d.id, d.name, g.section, g.name "
                "FROM delegates d JOIN delegations g ON g.id = d.delegation_id "
                "UNION ALL SELECT 'delegation', id, name, section, name FROM delegations"
            ).fetchall()
        )

    def voter_finder(self) -> Callable[[str], VoterRef]:
        """A resolver for many names at once (one read of the names, then lookups)."""
        table = self._voter_table()
        by_id: dict[str, list[tuple[str, str, str, str, str]]] = {}
        by_name: dict[str, list[tuple[str, str, str, str, str]]] = {}
        for row in table:
            by_id.setdefault(name_key(row[1]), []).append(row)
            by_name.setdefault(name_key(row[2]), []).append(row)

        def find(text: str) -> VoterRef:
            key = name_key(check_text(text, "delegate"))
            rows = by_id.get(key) or by_name.get(key, [])
            return _voter_ref(text, rows, table)

        return find

    def resolve_voter(self, text: str) -> VoterRef:
        """A delegate (CLP) or an affiliate delegation, by id or name, case-insensitive."""
        return self.voter_finder()(text)

    def resolve_delegation(self, text: str) -> Delegation:
        """A delegation by id or name, case-insensitive."""
        key = name_key(check_text(text, "delegation"))
        groups = self.delegations()
        found = [d for d in groups if name_key(d.id) == key] or [
            d for d in groups if name_key(d.name) == key
        ]
        if not found:
            raise WhipError(
                error(
                    "whip.unknown-delegation",
                    f"no CLP or affiliate called {text.strip()!r} in the whip book",
                    hint=did_you_mean(text, [d.name for d in groups])
                    or "check the spelling, or use its id",
                )
            )
        return found[0]

    def _card_vote_number(self, text: int | str) -> int:
        number = parse_card_vote(text)
        found = self._all(
            lambda: self._db.execute(
                "SELECT 1 FROM card_votes WHERE number = ?", (number,)
            ).fetchone()
        )
        if found:
            return number
        labels = [card_vote_label(c.number) for c in self.card_votes()]
        raise WhipError(
            error(
                "whip.unknown-card-vote",
                f"there is no card vote {card_vote_label(number)} in the whip book",
                hint=did_you_mean(card_vote_label(number), labels)
                or (
                    f"the book has {labels[0]} to {labels[-1]}"
                    if labels
                    else "import the card votes first: motions whip import --card-votes FILE"
                ),
            )
        )

    def card_vote(self, text: int | str) -> CardVote:
        number = self._card_vote_number(text)
        return next(c for c in self.card_votes() if c.number == number)


def _voter_ref(
    text: str,
    rows: list[tuple[str, str, str, str, str]],
    table: list[tuple[str, str, str, str, str]],
) -> VoterRef:
    shown = text.strip()
    if not rows:
        names = [r[2] for r in table if r[0] == "delegate" or r[3] == Section.AFFILIATE.value]
        raise WhipError(
            error(
                "whip.unknown-delegate",
                f"no delegate or affiliate called {shown!r} in the whip book",
                hint=did_you_mean(text, names)
                or "check the spelling, or use the delegate's id (motions whip show)",
            )
        )
    if len(rows) > 1:
        listed = "; ".join(f"{r[1]} ({r[2]}, {r[4]})" for r in rows[:6])
        raise WhipError(
            error(
                "whip.ambiguous-delegate",
                f"{shown!r} could be any of: {listed}",
                hint="use the id instead of the name",
            )
        )
    kind, ident, name, section, delegation_name = rows[0]
    if kind == "delegate" and section == Section.AFFILIATE.value:
        raise WhipError(
            error(
                "whip.affiliate-delegate",
                f"{name} is a delegate of {delegation_name}, an affiliate that votes as a bloc",
                hint=f"pledge the delegation itself: {delegation_name!r}",
            )
        )
    if kind == "delegation" and section == Section.CLP.value:
        raise WhipError(
            error(
                "whip.clp-not-voter",
                f"{name} is a CLP; its delegates vote one by one",
                hint="pledge one of its delegates, or give the CLP a mandate "
                "(motions whip mandate)",
            )
        )
    return VoterRef(id=ident, name=name, is_delegation=kind == "delegation")


def _event(row: tuple[object, ...]) -> PledgeEvent:
    seq, voter, card_vote, kind, position, confidence, note, recorded_at, undoes = row
    assert isinstance(seq, int) and isinstance(card_vote, int)
    return PledgeEvent(
        seq=seq,
        voter=str(voter),
        card_vote=card_vote,
        kind=EventKind(str(kind)),
        position=None if position is None else Position(str(position)),
        confidence=None if confidence is None else float(str(confidence)),
        note=str(note),
        recorded_at=str(recorded_at),
        undoes=None if undoes is None else int(str(undoes)),
    )
