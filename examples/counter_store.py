"""The counter exercise's store, shared by its raw, kit and Flask forms.

The count lives in SQLite, a file every process and thread shares, so it is
exact under any number of both.  The rules:

- one connection per request (``connect``), with ``isolation_level=None`` so
  that BEGIN and COMMIT are ours, and a busy timeout so that waiting requests
  queue instead of failing;
- ``BEGIN IMMEDIATE`` takes the write lock before anything is read, so two
  requests can never read the same old value; ``UPDATE`` then ``SELECT`` in
  that one transaction;
- the file is ``$WSGIKIT_COUNTER_DB``, read on every call, or
  ``wsgikit-counter.sqlite3`` in the temporary directory; the table is created
  by the first increase, and a read creates nothing.

This is plain ``sqlite3`` in every form: no framework adds anything to it.
Only where the connection is opened and closed differs (a ``with closing(...)``
in the raw and kit forms, Flask's ``g`` and teardown in the twin).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile

__all__ = ["BUSY_TIMEOUT", "DEFAULT_NAME", "ENV_VAR", "connect", "increase", "store_path", "value"]

ENV_VAR = "WSGIKIT_COUNTER_DB"
DEFAULT_NAME = "wsgikit-counter.sqlite3"
BUSY_TIMEOUT = 30.0  # seconds a request waits for the write lock before a 503


def store_path() -> str:
    """Read per call, so that a test (or a deployment) can point it elsewhere."""
    return os.environ.get(ENV_VAR) or os.path.join(tempfile.gettempdir(), DEFAULT_NAME)


def connect() -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; BEGIN and COMMIT are ours.
    # timeout: SQLite's busy handler, how long to wait for another writer's lock.
    return sqlite3.connect(store_path(), timeout=BUSY_TIMEOUT, isolation_level=None)


def increase(db: sqlite3.Connection) -> int:
    """Add one to the stored count and return the new value, atomically."""
    db.execute("BEGIN IMMEDIATE")  # the write lock, taken before anything is read
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS counter"
            " (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)"
        )
        db.execute("INSERT OR IGNORE INTO counter (id, value) VALUES (1, 0)")
        # SQLite 3.35+ could say UPDATE ... RETURNING value; UPDATE then SELECT
        # inside the same write transaction is just as atomic, on any SQLite.
        db.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
        (count,) = db.execute("SELECT value FROM counter WHERE id = 1").fetchone()
        db.execute("COMMIT")
    finally:
        if db.in_transaction:  # something failed before COMMIT
            db.execute("ROLLBACK")
    return int(count)


def value(db: sqlite3.Connection) -> int:
    """The stored count; 0 while the table does not exist (a read creates nothing)."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counter'"
    ).fetchone()
    row = db.execute("SELECT value FROM counter WHERE id = 1").fetchone() if exists else None
    return 0 if row is None else int(row[0])
