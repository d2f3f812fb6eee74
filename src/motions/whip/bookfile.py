"""The whip book's SQLite file: creating, opening, migrating, and the two kinds of transaction.

- A `schema_version` table and an ordered list of migrations (`schema.py`). Migrations run only
  when the book is opened for writing; a book opened for reading that needs one is refused with
  "run `motions whip upgrade`", so a read never writes and never waits for a writer's lock.
- A read opens the file read-only (SQLite's `mode=ro`), so a 0-byte or foreign file is never
  written into by `whip show` or `tally`.
- `whip init` builds the new book in a temporary file beside the target and renames it into
  place: a failure (a full disk) never leaves a 0-byte book behind.
- Foreign keys on; WAL journal; `synchronous=FULL`, so a change reported committed survives a
  crash; a busy timeout, and every change in a `BEGIN IMMEDIATE` transaction, so two whips
  pledging at once wait for each other instead of failing or losing a pledge.
- A failed COMMIT is reported as what it is (disk full, read-only file, I/O error, busy).
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from motions.errors import WhipError, error
from motions.whip.names import check_text
from motions.whip.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 30_000

B = TypeVar("B", bound="BookFile")


def now_stamp() -> str:
    """The time a change is recorded: UTC, ISO 8601, to the microsecond (sorts as text)."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def sqlite_failure(exc: sqlite3.Error, path: Path, doing: str) -> WhipError:
    """An SQLite error as our error, named for what it is (never "busy" unless it was)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        code, what, hint = (
            "whip.book-busy",
            "the whip book stayed busy",
            "another whip is writing a long change; try again in a moment",
        )
    elif "full" in text:
        code, what, hint = (
            "whip.disk-full",
            "the disk is full",
            "free some space; nothing of this change was written",
        )
    elif "readonly" in text or "read-only" in text:
        code, what, hint = (
            "whip.read-only",
            "the whip book cannot be written (read-only file or folder)",
            "check the file's permissions, or copy the book somewhere writable",
        )
    elif "i/o" in text or "disk" in text:
        code, what, hint = (
            "whip.io-error",
            "the disk reported an input/output error",
            "check the disk; nothing of this change was written",
        )
    elif "no such table" in text or "no such column" in text or "malformed" in text:
        code, what, hint = (
            "whip.damaged-book",
            "the whip book is damaged",
            "restore it from a backup or an export (`motions whip export`)",
        )
    else:
        code, what, hint = (
            "whip.sqlite-error",
            "SQLite refused the change",
            "check the book with `motions whip show`",
        )
    return WhipError(error(code, f"{path}: {what} while {doing} ({exc})", hint=hint))


def _not_a_book(path: Path, detail: str) -> WhipError:
    return WhipError(
        error(
            "whip.not-a-book",
            f"{path}: not a whip book ({detail})",
            hint="point --book at a file made by `motions whip init`",
        )
    )


def _read_version(db: sqlite3.Connection, path: Path) -> int | None:
    """The book's schema version; None for an empty database; our error for anything else."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        if tables:
            raise _not_a_book(path, "an SQLite file, but not a whip book")
        return None
    rows = db.execute("SELECT version FROM schema_version").fetchall()
    if len(rows) != 1 or not isinstance(rows[0][0], int) or isinstance(rows[0][0], bool):
        raise WhipError(
            error(
                "whip.damaged-book",
                f"{path}: the whip book is damaged (its schema_version is {rows!r})",
                hint="restore it from a backup or an export (`motions whip export`)",
            )
        )
    return int(rows[0][0])


class BookFile:
    """The open SQLite connection, and the transactions every part of the book uses."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, writable: bool) -> None:
        self._db = connection
        self.path = path
        self.writable = writable

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(
        cls: type[B], path: str | Path, *, home_faction: str | None = None, force: bool = False
    ) -> B:
        """A new, empty book at `path` (refused if a file is there, unless `force`).

        The book is built in a temporary file in the same folder and renamed into place, so
        a failure leaves either no file or the old one, never a half-made book.
        """
        target = Path(path)
        faction = (
            None if home_faction is None else " ".join(check_text(home_faction, "faction").split())
        )
        if faction == "":
            raise WhipError(
                error("whip.bad-faction", "the faction name is blank", hint="name a faction")
            )
        if target.exists() and not force:
            raise WhipError(
                error(
                    "whip.book-exists",
                    f"{target}: a file is already there",
                    hint="open it with --book, or pass --force to start a new book "
                    "(the old one is deleted)",
                )
            )
        folder = target.parent if str(target.parent) else Path(".")
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".new", dir=folder)
        os.close(fd)
        temp = Path(temp_name)
        try:
            db = sqlite3.connect(temp_name, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
                new = cls(db, temp, writable=True)
                new._migrate(None)
                if faction is not None:
                    new._set_meta("home_faction", faction)
                    db.execute("INSERT INTO factions (name) VALUES (?)", (faction,))
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                db.execute("PRAGMA journal_mode = DELETE")
            finally:
                db.close()
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            os.replace(temp, target)
        except sqlite3.Error as exc:
            raise sqlite_failure(exc, target, "creating the book") from None
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(temp_name + suffix).unlink(missing_ok=True)
        return cls.open(target, write=True)

    def _set_meta(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @classmethod
    def open(cls: type[B], path: str | Path, *, durable: bool = True, write: bool = True) -> B:
        """An existing book. `write=False` opens it read-only: no lock, no migration.

        `durable` (the default) fsyncs every commit (`synchronous=FULL`): a pledge reported
        committed survives a power cut. With `durable=False` (`synchronous=NORMAL`) a commit
        still survives the process being killed, but the last few may be lost if the machine
        loses power; single pledges are several times faster.
        """
        target = Path(path)
        if not target.is_file():
            raise WhipError(
                error(
                    "whip.no-book",
                    f"{target}: no whip book here",
                    hint="create one with `motions whip init`, or point --book (or the "
                    "MOTIONS_WHIP_BOOK variable) at yours",
                )
            )
        if target.stat().st_size == 0:
            raise _not_a_book(target, "the file is empty")
        if not write:
            return cls._connect_read_only(target)
        try:
            db = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise sqlite_failure(exc, target, "opening the book") from None
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            version = _read_version(db, target)
            if version is None:
                raise _not_a_book(target, "an empty SQLite file")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                raise sqlite3.OperationalError(f"could not switch to WAL (got {mode})")
            db.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            book = cls(db, target, writable=True)
            if version != SCHEMA_VERSION:
                book._migrate(version)
        except sqlite3.DatabaseError as exc:
            db.close()
            if "not a database" in str(exc) or "file is encrypted" in str(exc):
                raise _not_a_book(target, str(exc)) from None
            raise sqlite_failure(exc, target, "opening the book") from None
        except WhipError:
            db.close()
            raise
        return book

    @classmethod
    def _connect_read_only(cls: type[B], target: Path) -> B:
        uri = target.resolve().as_uri()
        db: sqlite3.Connection | None = None
        try:
            try:
                db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
                version = _read_version(db, target)
            except sqlite3.OperationalError:
                # Read-only media: SQLite cannot make the WAL's shared-memory file there.
                if db is not None:
                    db.close()
                db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
                version = _read_version(db, target)
            if version is None:
                raise _not_a_book(target, "an empty SQLite file")
            if version < SCHEMA_VERSION:
                raise WhipError(
                    error(
                        "whip.needs-upgrade",
                        f"{target}: this whip book has schema version {version}; this motions "
                        f"reads version {SCHEMA_VERSION}",
                        hint="run `motions whip upgrade` (or any command that writes to it)",
                    )
                )
            _refuse_newer(target, version)
        except sqlite3.DatabaseError as exc:
            if db is not None:
                db.close()
            raise _not_a_book(target, str(exc)) from None
        except WhipError:
            if db is not None:
                db.close()
            raise
        return cls(db, target, writable=False)

    def _migrate(self, version: int | None) -> None:
        """Bring the schema from `version` (None: a new, empty file) to the current one."""
        with self._write() as db:
            if version is None:
                db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                db.execute("INSERT INTO schema_version (version) VALUES (0)")
                version = 0
            _refuse_newer(self.path, version)
            for number, statements in MIGRATIONS:
                if number > version:
                    for statement in statements:
                        db.execute(statement)
                    db.execute("UPDATE schema_version SET version = ?", (number,))

    def close(self) -> None:
        self._db.close()

    def __enter__(self: B) -> B:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE), committed or rolled back."""
        if not self.writable:
            raise WhipError(
                error(
                    "whip.read-only",
                    f"{self.path}: the book was opened for reading only",
                    hint="open it with write=True to change it",
                )
            )
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise sqlite_failure(exc, self.path, "starting a change") from None
        try:
            yield db
        except sqlite3.Error as exc:
            self._rollback()
            raise sqlite_failure(exc, self.path, "writing") from None
        except BaseException:
            self._rollback()
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise sqlite_failure(exc, self.path, "committing the change") from None

    def _rollback(self) -> None:
        # SQLite may already have rolled back (a full disk does): only roll back what is open.
        if self._db.in_transaction:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    @contextmanager
    def _read(self) -> Iterator[None]:
        """A consistent read: every query inside sees the same committed state."""
        self._db.execute("BEGIN")
        try:
            yield
        except sqlite3.Error as exc:
            raise sqlite_failure(exc, self.path, "reading") from None
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    # -- facts about the file ---------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])

    def integrity_check(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])


def _refuse_newer(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION or version < 0:
        raise WhipError(
            error(
                "whip.newer-book",
                f"{path}: schema version {version} is not one this motions understands "
                f"(it reads up to {SCHEMA_VERSION})",
                hint="upgrade motions",
            )
        )
