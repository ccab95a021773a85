"""counter (seed 000, Test #13): state in a global is wrong; state in a store is right.

The Flask original (``flask11.py``)::

    count = 0

    @app.route('/increase')
    def on_increase():
        global count
        count += 1
        return str(count)

The lab ran it under ``uwsgi --processes=2`` and saw the count jump about: each
worker process has its own ``count``.  Its conclusion stands: an application
server must keep no state of its own; state belongs in an external store.

- ``GET /increase`` is the lab's pattern, **kept to show it is wrong**: the count
  lives in this module, so every process counts on its own and a restart resets
  it.  A lock makes it exact across the threads of one process; nothing can make
  it exact across processes.
- ``GET /store/increase`` keeps the count in SQLite, a file every process and
  thread shares, and is exact under any number of both: one connection per
  request, ``BEGIN IMMEDIATE`` (take the write lock before reading, so two
  requests can never read the same old value), ``UPDATE`` then ``SELECT`` inside
  that one transaction, and a busy timeout so that waiting requests queue
  instead of failing.  The file is ``$WSGIKIT_COUNTER_DB``, read on every request,
  or ``wsgikit-counter.sqlite3`` in the temporary directory; the table is created
  when missing.  A store that cannot be opened or stays locked is a 503.
- ``GET /store/value`` reads the stored count (0 before the first increase).

Bodies are the number alone, as ``text/plain``.  Flask adds nothing here: the
store is plain ``sqlite3`` in any form.  (Counting on ``GET`` is the lab's
choice; a real API would make the increase a ``POST``.)
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from contextlib import closing
from typing import TYPE_CHECKING

from ._plumbing import HTTPProblem, check_method, exercise, not_found, path_info, text

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

ENV_VAR = "WSGIKIT_COUNTER_DB"
DEFAULT_NAME = "wsgikit-counter.sqlite3"
BUSY_TIMEOUT = 30.0  # seconds a request waits for the write lock before a 503

# WRONG across processes: every worker process has its own copy of this number.
count = 0
_count_lock = threading.Lock()  # exact across threads, and no further


def increase_global() -> int:
    global count
    with _count_lock:  # ``count += 1`` is a read, an add and a write: threads interleave
        count += 1
        return count


def store_path() -> str:
    """Read per call, so that a test (or a deployment) can point it elsewhere."""
    return os.environ.get(ENV_VAR) or os.path.join(tempfile.gettempdir(), DEFAULT_NAME)


def connect() -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; BEGIN and COMMIT are ours.
    # timeout: SQLite's busy handler, how long to wait for another writer's lock.
    return sqlite3.connect(store_path(), timeout=BUSY_TIMEOUT, isolation_level=None)


def increase_stored() -> int:
    """Add one to the stored count and return the new value, atomically."""
    with closing(connect()) as db:
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
            (value,) = db.execute("SELECT value FROM counter WHERE id = 1").fetchone()
            db.execute("COMMIT")
        finally:
            if db.in_transaction:  # something failed before COMMIT
                db.execute("ROLLBACK")
    return int(value)


def stored_value() -> int:
    """The stored count; 0 while the table does not exist (a read creates nothing)."""
    with closing(connect()) as db:
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counter'"
        ).fetchone()
        row = db.execute("SELECT value FROM counter WHERE id = 1").fetchone() if exists else None
    return 0 if row is None else int(row[0])


ROUTES = {
    "/increase": increase_global,
    "/store/increase": increase_stored,
    "/store/value": stored_value,
}


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    handler = ROUTES.get(path)
    if handler is None:
        raise not_found(path)
    check_method(environ, "GET")  # @app.route's default: GET (and HEAD, OPTIONS)
    try:
        value = handler()
    except sqlite3.Error as exc:  # a file that cannot be opened, a lock never released
        raise HTTPProblem(503, f"the counter store is unavailable: {exc}") from None
    return text(start_response, str(value))
