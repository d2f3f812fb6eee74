"""The whip book: one SQLite file, safe against crashes, concurrent whips and older spreadsheets.

`WhipBook` is assembled from one module per job: `bookfile` (the file, migrations,
transactions), `queries` (reading, names), `recording` (one change at a time) and this one,
imports and exports.

Imports are all-or-nothing: every file is read and checked, every problem reported, and only
then is anything written, in one transaction. Pledges merge by the time each was recorded:
a row older than the book's latest word from that voter on that card vote is skipped (and
counted), a row the book already holds is left alone (importing a file twice changes nothing
and adds no history), and a row recorded at the same moment as the book's but saying something
else is a conflict, reported and skipped. Rows without a time take the time given by the
caller (the CLI passes the file's modification time).

The modules that only imports and exports use (planning, schedules, TOML writers) are imported
by those methods, so a command that opens a book to read it (`motions tally`) does not load
them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from motions.errors import Diagnostic, WhipError, warning
from motions.files import atomic_write_text
from motions.whip.bookfile import now_stamp
from motions.whip.model import CardVote, Delegate, Delegation, Mandate, Recommendation, VoterRef
from motions.whip.names import name_key
from motions.whip.recording import (
    BookRecording,
    insert_faction,
    insert_pledge,
    write_line,
    write_mandate,
)

if TYPE_CHECKING:
    from motions.whip.csvio import Located, PledgeRequest
    from motions.whip.importing import ImportPlan, ImportSummary
    from motions.whip.recommendations import LocatedRecommendation
    from motions.whip.schedule import Schedule

_Word = tuple[str, float, str]  # position, confidence, note


@attrs.frozen
class _PledgeMerge:
    """Which incoming pledges to write, and what happened to the rest."""

    write: tuple[tuple[VoterRef, PledgeRequest, str], ...]
    unchanged: int
    older: int
    conflicts: tuple[Diagnostic, ...]
    superseded: int


class WhipBook(BookRecording):
    """An open whip book. Use `WhipBook.create` or `WhipBook.open`, ideally in a `with`."""

    # -- imports ----------------------------------------------------------------------------

    def import_data(
        self,
        *,
        delegations: Sequence[Located] = (),
        delegates: Sequence[Located] = (),
        card_votes: Sequence[CardVote] = (),
        mandates: Sequence[Located] = (),
        pledges: Sequence[Located] = (),
        recommendations: Sequence[LocatedRecommendation] = (),
        recorded_at: str | None = None,
        schedule: Schedule | None = None,
        schedule_recorded_at: str | None = None,
    ) -> ImportSummary:
        """Check everything against the book, then write it all in one transaction.

        Rows are inserted or updated by id; rows already in the book and not in the files are
        kept. Nothing is written unless every row is good. Pledges merge by time (see the
        module); `recorded_at` is the time of pledge rows that carry none (default: now).
        The schedule's sessions and ballots merge by time too (`schedulebook`);
        `schedule_recorded_at` is the time of entries that carry none (default: now).
        """
        from motions.whip.importing import ImportSummary, plan_import
        from motions.whip.schedulebook import merge_schedule

        plan = plan_import(
            self.delegations(),
            self.delegates(),
            (c.number for c in self.card_votes()),
            delegations=delegations,
            delegates=delegates,
            card_votes=card_votes,
            mandates=mandates,
            pledges=pledges,
            recommendations=recommendations,
        )
        plan, new_factions = self._known_factions(plan, schedule)
        stamp = recorded_at or now_stamp()
        with self._write() as db:
            merge = _merge_pledges(db, plan, stamp)
            for faction in new_factions:
                insert_faction(db, faction)
            self._write_delegations(db, plan.delegations)
            self._write_delegates(db, plan.delegates)
            self._write_card_votes(db, plan.card_votes)
            mandates_unchanged = _write_changed_mandates(db, plan.mandates, stamp)
            lines_unchanged = _write_changed_lines(db, plan.recommendations, stamp)
            for ref, request, when in merge.write:
                insert_pledge(db, ref, request, when)
            changes, schedule_conflicts = (
                ((), ())
                if schedule is None
                else merge_schedule(
                    db,
                    schedule,
                    schedule_recorded_at or stamp,
                    {n for (n,) in db.execute("SELECT number FROM card_votes")},
                    {name_key(f): f for (f,) in db.execute("SELECT name FROM factions")},
                )
            )
        return ImportSummary(
            delegations=len(plan.delegations),
            delegates=len(plan.delegates),
            card_votes=len(plan.card_votes),
            mandates=len(plan.mandates) - mandates_unchanged,
            pledges=len(merge.write),
            recommendations=len(plan.recommendations) - lines_unchanged,
            warnings=plan.warnings,
            unchanged=merge.unchanged + mandates_unchanged + lines_unchanged,
            older=merge.older,
            superseded=merge.superseded,
            conflicts=merge.conflicts + schedule_conflicts,
            new_factions=new_factions,
            schedule=changes,
        )

    def _known_factions(
        self, plan: ImportPlan, schedule: Schedule | None = None
    ) -> tuple[ImportPlan, tuple[str, ...]]:
        """Spell every faction in the files as the book already does; list the new ones
        (a schedule's slates name factions too)."""
        known = {name_key(f): f for f in self.factions()}
        added: list[str] = []

        def spelled(name: str | None) -> str | None:
            if name is None or not name.strip():
                return None
            key = name_key(name)
            if key not in known:
                known[key] = " ".join(name.split())
                added.append(known[key])
            return known[key]

        for ballot in () if schedule is None else schedule.ballots:
            for slate in ballot.slates:
                spelled(slate.faction)
        return (
            attrs.evolve(
                plan,
                delegations=tuple(
                    attrs.evolve(d, faction=spelled(d.faction)) for d in plan.delegations
                ),
                delegates=tuple(
                    attrs.evolve(d, faction=spelled(d.faction)) for d in plan.delegates
                ),
                recommendations=tuple(
                    attrs.evolve(r, faction=spelled(r.faction) or r.faction)
                    for r in plan.recommendations
                ),
            ),
            tuple(added),
        )

    @staticmethod
    def _write_delegations(db: sqlite3.Connection, delegations: Sequence[Delegation]) -> None:
        # Names are unique: park the incoming delegations' names first, so a file that swaps
        # two names does not trip over the constraint half-way.
        db.executemany(
            "UPDATE delegations SET name = char(1) || id WHERE id = ?",
            [(d.id,) for d in delegations],
        )
        db.executemany(
            "INSERT INTO delegations (id, name, section, votes, faction, women_members, "
            "young_members) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "name = excluded.name, section = excluded.section, votes = excluded.votes, "
            "faction = excluded.faction, women_members = excluded.women_members, "
            "young_members = excluded.young_members",
            [
                (
                    d.id,
                    d.name,
                    d.section.value,
                    d.votes,
                    d.faction,
                    d.women_members,
                    d.young_members,
                )
                for d in delegations
            ],
        )

    @staticmethod
    def _write_delegates(db: sqlite3.Connection, delegates: Sequence[Delegate]) -> None:
        db.executemany(
            "INSERT INTO delegates (id, name, delegation_id, faction, woman, under_27, "
            "attending) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "name = excluded.name, delegation_id = excluded.delegation_id, "
            "faction = excluded.faction, woman = excluded.woman, "
            "under_27 = excluded.under_27, attending = excluded.attending",
            [
                (
                    d.id,
                    d.name,
                    d.delegation_id,
                    d.faction,
                    int(d.woman),
                    int(d.under_27),
                    int(d.attending),
                )
                for d in delegates
            ],
        )

    @staticmethod
    def _write_card_votes(db: sqlite3.Connection, card_votes: Sequence[CardVote]) -> None:
        for cv in card_votes:
            db.execute(
                "INSERT INTO card_votes (number, title, threshold, casting) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (number) DO UPDATE SET title = excluded.title, "
                "threshold = excluded.threshold, casting = excluded.casting",
                (cv.number, cv.title, cv.threshold.value, cv.casting.value),
            )
            db.execute("DELETE FROM card_vote_motions WHERE card_vote = ?", (cv.number,))
            db.executemany(
                "INSERT INTO card_vote_motions (card_vote, ordinal, motion) VALUES (?, ?, ?)",
                [(cv.number, i, m) for i, m in enumerate(cv.motions)],
            )

    # -- export -----------------------------------------------------------------------------

    def export_json(self) -> dict[str, object]:
        """The whole book as plain JSON-ready data (history included)."""
        from motions.whip.schedule import schedule_json

        conference = self.snapshot()
        return {
            "schema_version": self.schema_version,
            "home_faction": conference.home_faction,
            "factions": list(self.factions()),
            "delegations": [attrs.asdict(d) for d in conference.delegations],
            "delegates": [attrs.asdict(d) for d in conference.delegates],
            "card_votes": [
                {
                    "number": c.number,
                    "label": c.label,
                    "title": c.title,
                    "motions": list(c.motions),
                    "threshold": c.threshold.value,
                    "casting": c.casting.value,
                }
                for c in conference.card_votes
            ],
            "recommendations": [attrs.asdict(r) for r in conference.recommendations],
            "mandates": [attrs.asdict(m) for m in conference.mandates],
            "pledges": [attrs.asdict(p) for p in conference.pledges],
            "history": [attrs.asdict(e) for e in self.history()],
            "schedule": schedule_json(self.schedule()),
            "schedule_history": [
                {
                    "seq": e.seq,
                    "recorded_at": e.recorded_at,
                    "what": e.what,
                    "id": e.id,
                    "entry": e.entry,
                }
                for e in self.schedule_history()
            ],
        }

    def export_csv(self, directory: str | Path) -> tuple[Path, ...]:
        """Write delegations.csv, delegates.csv, card-votes.toml, mandates.csv, pledges.csv
        (pledges in force with the time each was recorded, re-importable),
        pledge-history.csv and schedule.toml (sessions and ballots, with their times) into
        `directory`, each file atomically."""
        from motions.whip import csvio
        from motions.whip.cardvotes import dump_card_votes
        from motions.whip.schedule import dump_schedule

        conference = self.snapshot()
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "delegations.csv": csvio.write_delegations(conference.delegations),
            "delegates.csv": csvio.write_delegates(conference.delegates),
            "card-votes.toml": dump_card_votes(conference.card_votes),
            "mandates.csv": csvio.write_mandates(conference.mandates),
            "pledges.csv": csvio.write_pledges(
                csvio.PledgeRequest(
                    p.voter, p.card_vote, p.position, p.confidence, p.note, p.recorded_at
                )
                for p in conference.pledges
            ),
            "pledge-history.csv": csvio.write_history(self.history()),
            "schedule.toml": dump_schedule(self.schedule()),
        }
        written = []
        for name, text in files.items():
            path = out / name
            atomic_write_text(path, text)
            written.append(path)
        return tuple(written)


def _merge_pledges(db: sqlite3.Connection, plan: ImportPlan, default_stamp: str) -> _PledgeMerge:
    """Decide, row by row in time order, which incoming pledges are news."""
    from motions.whip.csvio import cell_error

    if not plan.pledges:
        return _PledgeMerge((), 0, 0, (), 0)
    latest: dict[tuple[str, int], str] = {
        (name_key(v), c): t
        for v, c, t in db.execute(
            "SELECT coalesce(delegate_id, delegation_id), card_vote, max(recorded_at) "
            "FROM pledge_events GROUP BY 1, 2"
        )
    }
    current: dict[tuple[str, int], _Word] = {
        (name_key(v), c): (p, conf, n)
        for v, c, p, conf, n in db.execute(
            "SELECT voter, card_vote, position, confidence, note FROM current_pledges"
        )
    }
    rows = list(zip(plan.pledges, plan.pledge_rows or [None] * len(plan.pledges), strict=True))
    rows.sort(key=lambda r: r[0][1].recorded_at or default_stamp)
    # Rows of one file for the same voter and card vote recorded at the same moment (rows
    # without a time take the file's): the later row is the word; the earlier ones are
    # superseded, never written (so importing the same file again changes nothing).
    final: dict[tuple[str, int, str], int] = {}
    for i, ((ref, request), _located) in enumerate(rows):
        final[(name_key(ref.id), request.card_vote, request.recorded_at or default_stamp)] = i
    write: list[tuple[VoterRef, PledgeRequest, str]] = []
    unchanged = older = superseded = 0
    conflicts: list[Diagnostic] = []
    for i, ((ref, request), located) in enumerate(rows):
        key = (name_key(ref.id), request.card_vote)
        when = request.recorded_at or default_stamp
        if final[(key[0], key[1], when)] != i:
            superseded += 1
            continue
        word = (request.position.value, request.confidence, request.note)
        if current.get(key) == word:
            unchanged += 1
            continue
        last = latest.get(key)
        if last is not None and when < last:
            older += 1
            continue
        if last is not None and when == last:
            message = (
                f"{ref.name} on CV{request.card_vote}: recorded at {when}, the same moment as "
                f"the book's pledge, but it says {request.position.value}"
            )
            hint = "record the right word with `motions whip pledge`"
            conflicts.append(
                warning("whip.pledge-conflict", message, hint=hint)
                if located is None
                else cell_error(located.row, "delegate", message, hint, "whip.pledge-conflict")
            )
            continue
        write.append((ref, request, when))
        latest[key] = when
        current[key] = word
    return _PledgeMerge(tuple(write), unchanged, older, tuple(conflicts), superseded)


def _write_changed_mandates(db: sqlite3.Connection, mandates: Sequence[Mandate], stamp: str) -> int:
    """Write the mandates that differ from the book's; return how many were already there."""
    held = {
        (name_key(d), c): (p, n)
        for d, c, p, n in db.execute(
            "SELECT delegation_id, card_vote, position, note FROM mandates"
        )
    }
    same = 0
    for mandate in mandates:
        key = (name_key(mandate.delegation_id), mandate.card_vote)
        if held.get(key) == (mandate.position.value, mandate.note):
            same += 1
            continue
        write_mandate(db, mandate, stamp)
        held[key] = (mandate.position.value, mandate.note)
    return same


def _write_changed_lines(
    db: sqlite3.Connection, recommendations: Sequence[Recommendation], stamp: str
) -> int:
    """Write the lines that differ from the book's; return how many were already there."""
    held = {
        (f, c): (line, r)
        for f, c, line, r in db.execute(
            "SELECT faction, card_vote, line, reason FROM recommendations"
        )
    }
    same = 0
    for rec in recommendations:
        key = (rec.faction, rec.card_vote)
        if held.get(key) == (rec.line.value, rec.reason):
            same += 1
            continue
        write_line(db, rec, stamp)
        held[key] = (rec.line.value, rec.reason)
    return same


__all__ = ["WhipBook", "WhipError"]
