"""The whip book on disk: one SQLite file, safe against crashes and concurrent whips.

- A `schema_version` table and an ordered list of migrations; opening a book applies any
  that are missing, in one transaction. A book from a newer `motions` is refused.
- Foreign keys on; WAL journal; `synchronous=FULL`, so a change reported committed survives
  a crash of the process (and of the machine); a busy timeout, and every change in a
  `BEGIN IMMEDIATE` transaction, so two whips pledging at once wait for each other instead of
  failing or losing a pledge.
- Pledge history is append-only (triggers refuse UPDATE and DELETE): an undo is a new event.
- Imports are all-or-nothing: every file is read and checked, every problem reported, and only
  then is anything written, in one transaction.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs

from motions.errors import Diagnostic, WhipError, error
from motions.whip.cardvotes import dump_card_votes
from motions.whip.csvio import (
    DEFAULT_CONFIDENCE,
    Located,
    PledgeRequest,
)
from motions.whip.importing import ImportSummary, VoterRef, plan_import
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
    card_vote_label,
)
from motions.whip.names import did_you_mean, parse_card_vote
from motions.whip.recommendations import LocatedRecommendation
from motions.whip.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 30_000


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def _locked(exc: sqlite3.OperationalError, path: Path) -> WhipError:
    return WhipError(
        error(
            "whip.book-busy",
            f"{path}: the whip book stayed busy ({exc})",
            hint="another whip is writing a long change; try again in a moment",
        )
    )


class WhipBook:
    """An open whip book. Use `WhipBook.create` or `WhipBook.open`, ideally in a `with`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, *, home_faction: str | None = None, force: bool = False
    ) -> WhipBook:
        """A new, empty book at `path` (refused if a file is there, unless `force`)."""
        target = Path(path)
        if target.exists():
            if not force:
                raise WhipError(
                    error(
                        "whip.book-exists",
                        f"{target}: a file is already there",
                        hint="open it with --book, or pass --force to start a new book "
                        "(the old one is deleted)",
                    )
                )
            for suffix in ("", "-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
        book = cls._connect(target, create=True)
        if home_faction:
            book.set_home_faction(home_faction)
        return book

    @classmethod
    def open(cls, path: str | Path, *, durable: bool = True) -> WhipBook:
        """An existing book, migrated to the current schema if it is older.

        `durable` (the default) fsyncs every commit (`synchronous=FULL`): a pledge reported
        committed survives a power cut. With `durable=False` (`synchronous=NORMAL`) a commit
        still survives the process being killed, but the last few may be lost if the machine
        loses power; single pledges are several times faster.
        """
        target = Path(path)
        if not target.exists():
            raise WhipError(
                error(
                    "whip.no-book",
                    f"{target}: no whip book here",
                    hint="create one with `motions whip init`, or point --book (or the "
                    "MOTIONS_WHIP_BOOK variable) at yours",
                )
            )
        return cls._connect(target, create=False, durable=durable)

    @classmethod
    def _connect(cls, path: Path, *, create: bool, durable: bool = True) -> WhipBook:
        try:
            db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise WhipError(
                error("whip.cannot-open", f"{path}: cannot open ({exc})", hint="check the path")
            ) from None
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                raise sqlite3.DatabaseError(f"could not switch to WAL (got {mode})")
            db.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            book = cls(db, path)
            book._migrate(create=create)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise WhipError(
                error(
                    "whip.not-a-book",
                    f"{path}: not a whip book ({exc})",
                    hint="point --book at a file made by `motions whip init`",
                )
            ) from None
        except WhipError:
            db.close()
            raise
        return book

    def _migrate(self, *, create: bool) -> None:
        db = self._db
        with self._write():
            has_table = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            ).fetchone()
            if has_table is None:
                others = db.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                ).fetchone()[0]
                if others and not create:
                    raise WhipError(
                        error(
                            "whip.not-a-book",
                            f"{self.path}: an SQLite file, but not a whip book",
                            hint="point --book at a file made by `motions whip init`",
                        )
                    )
                db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                db.execute("INSERT INTO schema_version (version) VALUES (0)")
            version = int(db.execute("SELECT version FROM schema_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise WhipError(
                    error(
                        "whip.newer-book",
                        f"{self.path}: schema version {version} is newer than this motions "
                        f"understands ({SCHEMA_VERSION})",
                        hint="upgrade motions",
                    )
                )
            for number, statements in MIGRATIONS:
                if number > version:
                    for statement in statements:
                        db.execute(statement)
                    db.execute("UPDATE schema_version SET version = ?", (number,))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> WhipBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE), committed or rolled back."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _locked(exc, self.path) from None
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._db.execute("ROLLBACK")
            raise _locked(exc, self.path) from None

    # -- facts about the book ---------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])

    def integrity_check(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    def home_faction(self) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'home_faction'").fetchone()
        return None if row is None else str(row[0])

    def set_home_faction(self, faction: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('home_faction', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (faction.strip(),),
            )

    def counts(self) -> dict[str, int]:
        db = self._db
        queries = {
            "clps": "SELECT count(*) FROM delegations WHERE section = 'clp'",
            "affiliates": "SELECT count(*) FROM delegations WHERE section = 'affiliate'",
            "delegates": "SELECT count(*) FROM delegates",
            "card_votes": "SELECT count(*) FROM card_votes",
            "recommendations": "SELECT count(*) FROM recommendations",
            "mandates": "SELECT count(*) FROM mandates",
            "pledge_events": "SELECT count(*) FROM pledge_events",
        }
        return {k: int(db.execute(q).fetchone()[0]) for k, q in queries.items()}

    # -- reading ----------------------------------------------------------------------------

    def delegations(self) -> tuple[Delegation, ...]:
        rows = self._db.execute(
            "SELECT id, name, section, votes, faction, women_members, young_members "
            "FROM delegations ORDER BY section DESC, id"
        )
        return tuple(
            Delegation(
                id=r[0],
                name=r[1],
                section=Section(r[2]),
                votes=r[3],
                faction=r[4],
                women_members=r[5],
                young_members=r[6],
            )
            for r in rows
        )

    def delegates(self) -> tuple[Delegate, ...]:
        rows = self._db.execute(
            "SELECT id, name, delegation_id, faction, woman, under_27, attending "
            "FROM delegates ORDER BY id"
        )
        return tuple(
            Delegate(
                id=r[0],
                name=r[1],
                delegation_id=r[2],
                faction=r[3],
                woman=bool(r[4]),
                under_27=bool(r[5]),
                attending=bool(r[6]),
            )
            for r in rows
        )

    def card_votes(self) -> tuple[CardVote, ...]:
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

    def recommendations(self) -> tuple[Recommendation, ...]:
        return tuple(
            Recommendation(faction=f, card_vote=c, line=Line(line), reason=r)
            for f, c, line, r in self._db.execute(
                "SELECT faction, card_vote, line, reason FROM recommendations "
                "ORDER BY card_vote, faction"
            )
        )

    def mandates(self) -> tuple[Mandate, ...]:
        return tuple(
            Mandate(delegation_id=d, card_vote=c, position=Position(p), note=n)
            for d, c, p, n in self._db.execute(
                "SELECT delegation_id, card_vote, position, note FROM mandates "
                "ORDER BY card_vote, delegation_id"
            )
        )

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
        rows = self._db.execute(
            "SELECT seq, coalesce(delegate_id, delegation_id), card_vote, kind, position, "
            f"confidence, note, recorded_at, undoes FROM pledge_events {where} ORDER BY seq",
            params,
        )
        return tuple(_event(r) for r in rows)

    def snapshot(self) -> Conference:
        """Everything in the book now, as one frozen value."""
        with self._read():
            return Conference(
                delegations=self.delegations(),
                delegates=self.delegates(),
                card_votes=self.card_votes(),
                recommendations=self.recommendations(),
                mandates=self.mandates(),
                pledges=self.pledges(),
                home_faction=self.home_faction(),
            )

    def pledges(self) -> tuple[Pledge, ...]:
        """The pledges in force, read straight from the history.

        An undo always takes back the latest pledge still in force, so the pledges still in
        force for a voter and card vote are exactly its pledge events no undo names, and the
        one in force is the latest of them. (`model.current_pledges` replays the same history
        event by event; the tests check that the two agree.)
        """
        db = self._db
        undone = {r[0] for r in db.execute("SELECT undoes FROM pledge_events WHERE kind = 'undo'")}
        latest: dict[tuple[str, int], tuple[int, str, float, str]] = {}
        for seq, voter, card_vote, position, confidence, note in db.execute(
            "SELECT seq, coalesce(delegate_id, delegation_id), card_vote, position, confidence, "
            "note FROM pledge_events WHERE kind = 'pledge' ORDER BY seq"
        ):
            if seq not in undone:
                latest[(voter, card_vote)] = (seq, position, confidence, note)
        positions = {p.value: p for p in Position}
        # Values from the book were checked on the way in (and by its CHECK constraints).
        with attrs.validators.disabled():
            pledges = [
                Pledge(voter, card_vote, positions[position], confidence, note, seq)
                for (voter, card_vote), (seq, position, confidence, note) in latest.items()
            ]
        pledges.sort(key=lambda p: (p.card_vote, p.voter))
        return tuple(pledges)

    @contextmanager
    def _read(self) -> Iterator[None]:
        """A consistent read: every query inside sees the same committed state."""
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    # -- names ------------------------------------------------------------------------------

    def resolve_voter(self, text: str) -> VoterRef:
        """A delegate (CLP) or an affiliate delegation, by id or name, case-insensitive."""
        key = text.strip()
        rows = self._db.execute(
            "SELECT 'delegate', d.id, d.name, g.section, g.name, d.id = ? "
            "FROM delegates d JOIN delegations g ON g.id = d.delegation_id "
            "WHERE d.id = ? OR d.name = ? "
            "UNION ALL "
            "SELECT 'delegation', id, name, section, name, id = ? FROM delegations "
            "WHERE id = ? OR name = ?",
            (key, key, key, key, key, key),
        ).fetchall()
        by_id = [r for r in rows if r[5]]
        if by_id:
            rows = by_id
        if not rows:
            names = [r[0] for r in self._db.execute("SELECT name FROM delegates")]
            names += [
                r[0]
                for r in self._db.execute(
                    "SELECT name FROM delegations WHERE section = 'affiliate'"
                )
            ]
            raise WhipError(
                error(
                    "whip.unknown-delegate",
                    f"no delegate or affiliate called {key!r} in the whip book",
                    hint=did_you_mean(key, names)
                    or "check the spelling, or use the delegate's id (motions whip show)",
                )
            )
        if len(rows) > 1:
            listed = "; ".join(f"{r[1]} ({r[2]}, {r[4]})" for r in rows[:6])
            raise WhipError(
                error(
                    "whip.ambiguous-delegate",
                    f"{key!r} could be any of: {listed}",
                    hint="use the id instead of the name",
                )
            )
        kind, ident, name, section, delegation_name, _ = rows[0]
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

    def resolve_delegation(self, text: str) -> Delegation:
        """A delegation by id or name, case-insensitive."""
        key = text.strip()
        rows = self._db.execute(
            "SELECT id FROM delegations WHERE id = ? OR name = ? ORDER BY id = ? DESC",
            (key, key, key),
        ).fetchall()
        if not rows:
            names = [r[0] for r in self._db.execute("SELECT name FROM delegations")]
            raise WhipError(
                error(
                    "whip.unknown-delegation",
                    f"no CLP or affiliate called {key!r} in the whip book",
                    hint=did_you_mean(key, names) or "check the spelling, or use its id",
                )
            )
        ident = rows[0][0]
        return next(d for d in self.delegations() if d.id == ident)

    def _card_vote_number(self, text: int | str) -> int:
        number = parse_card_vote(text)
        if self._db.execute("SELECT 1 FROM card_votes WHERE number = ?", (number,)).fetchone():
            return number
        labels = [card_vote_label(r[0]) for r in self._db.execute("SELECT number FROM card_votes")]
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
    ) -> ImportSummary:
        """Check everything against the book, then write it all in one transaction.

        Rows are inserted or updated by id; rows already in the book and not in the files are
        kept. Nothing is written unless every row is good.
        """
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
        resolved_delegates = plan.delegates
        resolved_mandates = plan.mandates
        pledge_rows = plan.pledges
        warnings = plan.warnings
        with self._write() as db:
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
                    for d in plan.delegations
                ],
            )
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
                    for d in resolved_delegates
                ],
            )
            self._write_card_votes(db, card_votes)
            db.executemany(
                "INSERT INTO mandates (delegation_id, card_vote, position, note) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (delegation_id, card_vote) DO UPDATE SET "
                "position = excluded.position, note = excluded.note",
                [
                    (m.delegation_id, m.card_vote, m.position.value, m.note)
                    for m in resolved_mandates
                ],
            )
            self._write_recommendations(db, plan.recommendations)
            stamp = _now()
            db.executemany(
                "INSERT INTO pledge_events (recorded_at, delegate_id, delegation_id, card_vote, "
                "kind, position, confidence, note) VALUES (?, ?, ?, ?, 'pledge', ?, ?, ?)",
                [
                    (
                        stamp,
                        None if ref.is_delegation else ref.id,
                        ref.id if ref.is_delegation else None,
                        req.card_vote,
                        req.position.value,
                        req.confidence,
                        req.note,
                    )
                    for ref, req in pledge_rows
                ],
            )
        return ImportSummary(
            delegations=len(delegations),
            delegates=len(resolved_delegates),
            card_votes=len(card_votes),
            mandates=len(resolved_mandates),
            pledges=len(pledge_rows),
            recommendations=len(recommendations),
            warnings=tuple(warnings),
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

    @staticmethod
    def _write_recommendations(
        db: sqlite3.Connection, recommendations: Sequence[Recommendation]
    ) -> None:
        db.executemany(
            "INSERT INTO recommendations (faction, card_vote, line, reason) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (faction, card_vote) DO UPDATE SET line = excluded.line, "
            "reason = excluded.reason",
            [(r.faction, r.card_vote, r.line.value, r.reason) for r in recommendations],
        )

    # -- lines, mandates, pledges -----------------------------------------------------------

    def recommend(
        self, faction: str, card_vote: int | str, line: Line, reason: str = ""
    ) -> Recommendation:
        """Set one faction's line on one card vote (replacing any earlier line)."""
        rec = Recommendation(
            faction=faction.strip(),
            card_vote=self._card_vote_number(card_vote),
            line=line,
            reason=reason,
        )
        with self._write() as db:
            self._write_recommendations(db, [rec])
        return rec

    def set_mandate(
        self, delegation: str, card_vote: int | str, position: Position, note: str = ""
    ) -> Mandate:
        """Record a CLP's mandate on a card vote (replacing any earlier one)."""
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
            mandate = Mandate(found.id, self._card_vote_number(card_vote), position, note)
        except ValueError as exc:
            raise WhipError(
                error(
                    "whip.bad-mandate",
                    str(exc),
                    hint="a CLP mandates its delegates to vote for, against, or to abstain",
                )
            ) from None
        with self._write() as db:
            db.execute(
                "INSERT INTO mandates (delegation_id, card_vote, position, note) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (delegation_id, card_vote) DO UPDATE SET "
                "position = excluded.position, note = excluded.note",
                (mandate.delegation_id, mandate.card_vote, mandate.position.value, note),
            )
        return mandate

    def clear_mandate(self, delegation: str, card_vote: int | str) -> None:
        found = self.resolve_delegation(delegation)
        number = self._card_vote_number(card_vote)
        with self._write() as db:
            db.execute(
                "DELETE FROM mandates WHERE delegation_id = ? AND card_vote = ?",
                (found.id, number),
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
        cache: dict[str, VoterRef] = {}
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
            key = request.voter.strip().lower()
            try:
                ref = cache.get(key) or self.resolve_voter(request.voter)
                cache[key] = ref
                if request.card_vote not in numbers:
                    numbers.add(self._card_vote_number(request.card_vote))
            except WhipError as exc:
                problems.extend(exc.diagnostics)
                continue
            resolved.append((ref, request))
        if problems:
            raise WhipError(problems)
        stamp = recorded_at or _now()
        events = []
        with self._write() as db:
            for ref, request in resolved:
                cursor = db.execute(
                    "INSERT INTO pledge_events (recorded_at, delegate_id, delegation_id, "
                    "card_vote, kind, position, confidence, note) "
                    "VALUES (?, ?, ?, ?, 'pledge', ?, ?, ?)",
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
                events.append(
                    PledgeEvent(
                        seq=cursor.lastrowid,
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
            stamp = _now()
            cursor = db.execute(
                "INSERT INTO pledge_events (recorded_at, delegate_id, delegation_id, card_vote, "
                "kind, note, undoes) VALUES (?, ?, ?, ?, 'undo', ?, ?)",
                (
                    stamp,
                    None if ref.is_delegation else ref.id,
                    ref.id if ref.is_delegation else None,
                    number,
                    note,
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

    # -- export -----------------------------------------------------------------------------

    def export_json(self) -> dict[str, object]:
        """The whole book as plain JSON-ready data (history included)."""
        conference = self.snapshot()
        return {
            "schema_version": self.schema_version,
            "home_faction": conference.home_faction,
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
        }

    def export_csv(self, directory: str | Path) -> tuple[Path, ...]:
        """Write delegations.csv, delegates.csv, card-votes.toml, mandates.csv, pledges.csv
        (pledges in force, re-importable) and pledge-history.csv into `directory`."""
        from motions.whip import csvio

        conference = self.snapshot()
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "delegations.csv": csvio.write_delegations(conference.delegations),
            "delegates.csv": csvio.write_delegates(conference.delegates),
            "card-votes.toml": dump_card_votes(conference.card_votes),
            "mandates.csv": csvio.write_mandates(conference.mandates),
            "pledges.csv": csvio.write_pledges(
                PledgeRequest(p.voter, p.card_vote, p.position, p.confidence, p.note)
                for p in conference.pledges
            ),
            "pledge-history.csv": csvio.write_history(self.history()),
        }
        written = []
        for name, text in files.items():
            path = out / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
        return tuple(written)


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
