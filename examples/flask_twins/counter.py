"""counter (seed 000, Test #13): state in a global is wrong; state in a store is right.

The seed's ``flask11.py`` counted in a module global, and the lab saw the count
jump about under ``uwsgi --processes=2``: each worker process has its own.

- ``GET /increase`` is that pattern, **kept to show it is wrong**: a lock makes it
  exact across the threads of one process; nothing makes it exact across processes.
- ``GET /store/increase`` keeps the count in SQLite, a file every process and
  thread shares: one connection per request, ``BEGIN IMMEDIATE`` (the write lock
  taken before reading, so two requests never read the same old value),
  ``UPDATE`` then ``SELECT`` in that one transaction, and a busy timeout so that
  waiting requests queue instead of failing.  The file is ``$WSGIKIT_COUNTER_DB``,
  read on every request, or ``wsgikit-counter.sqlite3`` in the temporary
  directory.  A store that cannot be opened or stays locked is a 503.
- ``GET /store/value`` reads the stored count (0 before the first increase).

The store is plain ``sqlite3``, with the same rules as ``examples/raw/counter.py``.
What Flask adds is the lifecycle of the connection, the pattern of Flask's own
tutorial: :func:`get_db` opens it on first use and keeps it in ``g`` (one per
request: ``g`` lives in the app context, pushed for each request), and a
``teardown_appcontext`` function closes it however the request ends, an
exception included.  The raw form needs a ``with closing(...)`` in each function.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading

from flask import g
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.wrappers import Response

from ._common import PlainText, make_app

app = make_app(__name__)
app.response_class = PlainText  # the number alone, as text/plain

ENV_VAR = "WSGIKIT_COUNTER_DB"
DEFAULT_NAME = "wsgikit-counter.sqlite3"
BUSY_TIMEOUT = 30.0  # seconds a request waits for the write lock before a 503

# WRONG across processes: every worker process has its own copy of this number.
count = 0
_count_lock = threading.Lock()  # exact across threads, and no further


def store_path() -> str:
    """Read per call, so that a test (or a deployment) can point it elsewhere."""
    return os.environ.get(ENV_VAR) or os.path.join(tempfile.gettempdir(), DEFAULT_NAME)


def get_db() -> sqlite3.Connection:
    """This request's connection, opened on first use (Flask's tutorial pattern)."""
    if "db" not in g:
        # isolation_level=None: no implicit transactions; BEGIN and COMMIT are ours.
        # timeout: SQLite's busy handler, how long to wait for another writer's lock.
        g.db = sqlite3.connect(store_path(), timeout=BUSY_TIMEOUT, isolation_level=None)
    db: sqlite3.Connection = g.db
    return db


@app.teardown_appcontext
def close_db(exception: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.errorhandler(sqlite3.Error)
def store_unavailable(error: sqlite3.Error) -> Response:
    # A file that cannot be opened, a lock never released: the store, not the app.
    # (An error handler returns its response; an abort() raised here would be a 500.)
    return ServiceUnavailable(f"the counter store is unavailable: {error}").get_response()


@app.route("/increase")
def on_increase() -> str:
    global count
    with _count_lock:  # ``count += 1`` is a read, an add and a write: threads interleave
        count += 1
        return str(count)


@app.route("/store/increase")
def on_store_increase() -> str:
    """Add one to the stored count and return the new value, atomically."""
    db = get_db()
    db.execute("BEGIN IMMEDIATE")  # the write lock, taken before anything is read
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS counter"
            " (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)"
        )
        db.execute("INSERT OR IGNORE INTO counter (id, value) VALUES (1, 0)")
        db.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
        (value,) = db.execute("SELECT value FROM counter WHERE id = 1").fetchone()
        db.execute("COMMIT")
    finally:
        if db.in_transaction:  # something failed before COMMIT
            db.execute("ROLLBACK")
    return str(value)


@app.route("/store/value")
def on_store_value() -> str:
    """The stored count; 0 while the table does not exist (a read creates nothing)."""
    db = get_db()
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counter'"
    ).fetchone()
    row = db.execute("SELECT value FROM counter WHERE id = 1").fetchone() if exists else None
    return str(0 if row is None else row[0])
