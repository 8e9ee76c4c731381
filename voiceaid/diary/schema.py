"""The diary's SQLite schema and its migrations.

`PRAGMA user_version` holds the schema version. Each migration moves the file one version up and
runs inside the same transaction as the version bump, so a crash half-way leaves the old version
intact. Never edit a released migration: add a new one.
"""

from __future__ import annotations

import sqlite3

# version reached -> statements that reach it from the version before
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """
        CREATE TABLE episodes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            leg TEXT,
            site TEXT,
            steps_done INTEGER NOT NULL DEFAULT 0,
            eased_after_s REAL,
            answers TEXT NOT NULL DEFAULT '{}',
            disposition TEXT,
            notes TEXT NOT NULL DEFAULT '',
            ended_at TEXT
        )
        """,
    ),
    2: (
        # v2: voiceaid-derived answers, the reasons behind the outcome, and where a record came from.
        "ALTER TABLE episodes ADD COLUMN derived TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE episodes ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE episodes ADD COLUMN source TEXT NOT NULL DEFAULT 'session'",
        "CREATE INDEX episodes_started_at ON episodes (started_at)",
    ),
    3: (
        # v3: what the session was and whether anything happened in it, so that bedtime routines,
        # checklists alone and launches quit at once are kept but not counted as cramps. Old rows
        # stay cramps; only a session row with nothing in it at all (no step, answer, leg, time to
        # ease, outcome or note, and no site but the built-in starting one) is marked as empty.
        "ALTER TABLE episodes ADD COLUMN kind TEXT NOT NULL DEFAULT 'cramp'",
        "ALTER TABLE episodes ADD COLUMN happened INTEGER NOT NULL DEFAULT 1",
        """
        UPDATE episodes SET happened = 0
        WHERE source = 'session' AND steps_done = 0 AND leg IS NULL AND eased_after_s IS NULL
          AND disposition IS NULL AND answers IN ('', '{}') AND notes = ''
          AND (site IS NULL OR site = 'calf')
        """,
    ),
}

SCHEMA_VERSION = max(MIGRATIONS)


class NewerSchema(Exception):
    """The file was written by a newer voiceaid; it is left exactly as it is."""

    def __init__(self, found: int) -> None:
        super().__init__(f"the diary was written by a newer voiceaid (schema {found}, this one knows up to {SCHEMA_VERSION})")
        self.found = found


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION inside one write transaction; returns the version found.

    `BEGIN IMMEDIATE` takes the write lock even when there is nothing to migrate, so a database
    another process holds locked is noticed here (after the busy timeout), not at the first save.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise NewerSchema(found)
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version:d}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found
