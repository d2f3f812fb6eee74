"""The whip book's SQLite schema, as an ordered list of migrations.

A book records the last migration applied in its `schema_version` table; opening a book runs
the later ones, in one transaction. Add a migration at the end; never edit one that shipped.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
            """CREATE TABLE delegations (
                id TEXT PRIMARY KEY COLLATE NOCASE,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                section TEXT NOT NULL CHECK (section IN ('clp', 'affiliate')),
                votes INTEGER NOT NULL CHECK (votes >= 0),
                faction TEXT,
                women_members INTEGER CHECK (women_members >= 0),
                young_members INTEGER CHECK (young_members >= 0)
            )""",
            """CREATE TABLE delegates (
                id TEXT PRIMARY KEY COLLATE NOCASE,
                name TEXT NOT NULL COLLATE NOCASE,
                delegation_id TEXT NOT NULL REFERENCES delegations (id),
                faction TEXT,
                woman INTEGER NOT NULL DEFAULT 0 CHECK (woman IN (0, 1)),
                under_27 INTEGER NOT NULL DEFAULT 0 CHECK (under_27 IN (0, 1)),
                attending INTEGER NOT NULL DEFAULT 1 CHECK (attending IN (0, 1))
            )""",
            "CREATE INDEX delegates_name ON delegates (name)",
            "CREATE INDEX delegates_delegation ON delegates (delegation_id)",
            """CREATE TABLE card_votes (
                number INTEGER PRIMARY KEY CHECK (number >= 1),
                title TEXT NOT NULL,
                threshold TEXT NOT NULL CHECK (threshold IN ('majority', 'two-thirds'))
            )""",
            """CREATE TABLE card_vote_motions (
                card_vote INTEGER NOT NULL REFERENCES card_votes (number) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                motion TEXT NOT NULL,
                PRIMARY KEY (card_vote, ordinal)
            )""",
            """CREATE TABLE recommendations (
                faction TEXT NOT NULL,
                card_vote INTEGER NOT NULL REFERENCES card_votes (number),
                line TEXT NOT NULL CHECK (line IN ('support', 'oppose', 'abstain',
                    'oppose-if-not-remitted', 'remit', 'free-vote')),
                reason TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (faction, card_vote)
            )""",
            """CREATE TABLE mandates (
                delegation_id TEXT NOT NULL REFERENCES delegations (id),
                card_vote INTEGER NOT NULL REFERENCES card_votes (number),
                position TEXT NOT NULL CHECK (position IN ('for', 'against', 'abstain')),
                note TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (delegation_id, card_vote)
            )""",
            """CREATE TABLE pledge_events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                recorded_at TEXT NOT NULL,
                delegate_id TEXT REFERENCES delegates (id),
                delegation_id TEXT REFERENCES delegations (id),
                card_vote INTEGER NOT NULL REFERENCES card_votes (number),
                kind TEXT NOT NULL CHECK (kind IN ('pledge', 'undo')),
                position TEXT CHECK (position IN ('for', 'against', 'abstain', 'undecided',
                    'absent')),
                confidence REAL CHECK (confidence BETWEEN 0 AND 1),
                note TEXT NOT NULL DEFAULT '',
                undoes INTEGER REFERENCES pledge_events (seq),
                CHECK ((delegate_id IS NULL) <> (delegation_id IS NULL)),
                CHECK ((kind = 'pledge') = (position IS NOT NULL AND confidence IS NOT NULL)),
                CHECK ((kind = 'undo') = (undoes IS NOT NULL))
            )""",
            """CREATE INDEX pledge_events_key
                ON pledge_events (card_vote, delegate_id, delegation_id)""",
            """CREATE TRIGGER pledge_events_no_update BEFORE UPDATE ON pledge_events
                BEGIN SELECT RAISE(ABORT, 'pledge history is append-only'); END""",
            """CREATE TRIGGER pledge_events_no_delete BEFORE DELETE ON pledge_events
                BEGIN SELECT RAISE(ABORT, 'pledge history is append-only'); END""",
        ),
    ),
    (
        2,
        (
            # Ballots cast once per CLP (priorities ballot, NCC and CAC elections).
            """ALTER TABLE card_votes ADD COLUMN casting TEXT NOT NULL DEFAULT 'delegates'
                CHECK (casting IN ('delegates', 'one-per-clp'))""",
        ),
    ),
    (
        3,
        (
            # Factions are named things: created by `whip init --faction`, `--new-faction` or
            # an import that names them; everything else must match one (case-insensitively).
            """CREATE TABLE factions (name TEXT PRIMARY KEY)""",
            """INSERT OR IGNORE INTO factions (name)
                SELECT value FROM meta WHERE key = 'home_faction' AND trim(value) <> ''
                UNION SELECT faction FROM recommendations
                UNION SELECT faction FROM delegates WHERE faction IS NOT NULL
                UNION SELECT faction FROM delegations WHERE faction IS NOT NULL""",
            # Lines and mandates keep a history, like pledges: each change is an event;
            # a NULL line or position records that the line or mandate was cleared.
            """CREATE TABLE recommendation_events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                recorded_at TEXT NOT NULL,
                faction TEXT NOT NULL,
                card_vote INTEGER NOT NULL REFERENCES card_votes (number),
                line TEXT,
                reason TEXT NOT NULL DEFAULT ''
            )""",
            """CREATE TABLE mandate_events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                recorded_at TEXT NOT NULL,
                delegation_id TEXT NOT NULL REFERENCES delegations (id),
                card_vote INTEGER NOT NULL REFERENCES card_votes (number),
                position TEXT,
                note TEXT NOT NULL DEFAULT ''
            )""",
            """INSERT INTO recommendation_events (recorded_at, faction, card_vote, line, reason)
                SELECT '', faction, card_vote, line, reason FROM recommendations""",
            """INSERT INTO mandate_events (recorded_at, delegation_id, card_vote, position, note)
                SELECT '', delegation_id, card_vote, position, note FROM mandates""",
            # The pledge in force per voter and card vote, as SQL: the latest pledge event
            # that no undo names. Reading it is one query, not a replay in Python.
            """CREATE INDEX pledge_events_undoes ON pledge_events (undoes)
                WHERE undoes IS NOT NULL""",
            """CREATE VIEW current_pledges AS
                SELECT seq, voter, card_vote, position, confidence, note, recorded_at
                FROM (
                    SELECT seq, coalesce(delegate_id, delegation_id) AS voter, card_vote,
                           position, confidence, note, recorded_at,
                           row_number() OVER (
                               PARTITION BY coalesce(delegate_id, delegation_id), card_vote
                               ORDER BY seq DESC
                           ) AS newest
                    FROM pledge_events
                    WHERE kind = 'pledge' AND seq NOT IN (
                        SELECT undoes FROM pledge_events WHERE undoes IS NOT NULL
                    )
                )
                WHERE newest = 1""",
        ),
    ),
    (
        4,
        (
            # The schedule: sessions (when and where conference sits, which card votes each
            # takes) and the ballots that are not card votes (internal elections and the
            # priorities ballot), each entry with the time it was written: imports keep the
            # newest word, as they do for pledges. Ids are matched case-insensitively in Python.
            """CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                ordinal INTEGER NOT NULL,
                day TEXT NOT NULL,
                name TEXT NOT NULL,
                time TEXT NOT NULL DEFAULT '',
                place TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                recorded_at TEXT NOT NULL
            )""",
            """CREATE TABLE session_card_votes (
                card_vote INTEGER PRIMARY KEY REFERENCES card_votes (number),
                session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL
            )""",
            """CREATE TABLE ballots (
                id TEXT PRIMARY KEY,
                ordinal INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('election', 'priorities')),
                title TEXT NOT NULL,
                places INTEGER NOT NULL CHECK (places >= 1),
                casting TEXT NOT NULL CHECK (casting IN ('delegates', 'one-per-clp')),
                when_text TEXT NOT NULL DEFAULT '',
                how TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                session_id TEXT REFERENCES sessions (id),
                recorded_at TEXT NOT NULL
            )""",
            # A candidate or topic; `votes` is the published result (NULL: not given).
            """CREATE TABLE ballot_options (
                ballot_id TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL,
                clp TEXT NOT NULL DEFAULT '',
                votes INTEGER CHECK (votes >= 0),
                PRIMARY KEY (ballot_id, ordinal)
            )""",
            """CREATE TABLE ballot_slates (
                ballot_id TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                faction TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (ballot_id, ordinal)
            )""",
            # A slate's choices in its order (the priorities ballot ranks them).
            """CREATE TABLE ballot_slate_choices (
                ballot_id TEXT NOT NULL,
                slate INTEGER NOT NULL,
                ordinal INTEGER NOT NULL,
                option TEXT NOT NULL,
                PRIMARY KEY (ballot_id, slate, ordinal),
                FOREIGN KEY (ballot_id, slate) REFERENCES ballot_slates (ballot_id, ordinal)
                    ON DELETE CASCADE
            )""",
            # The schedule keeps a history like lines and mandates: every session or ballot
            # an import writes (added or changed) is an event, with its whole entry as JSON.
            """CREATE TABLE schedule_events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                recorded_at TEXT NOT NULL,
                what TEXT NOT NULL CHECK (what IN ('session', 'ballot')),
                id TEXT NOT NULL,
                entry TEXT NOT NULL
            )""",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1][0]
