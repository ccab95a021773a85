"""counter (seed 000, Test #13): state in a global is wrong; state in a store is right.

The Flask original (``flask11.py``)::

    count = 0

    @app.route('/increase')
    def on_increase():
        global count
        count += 1
        return str(count)

Under ``uwsgi --processes=2`` each worker has its own ``count``: the lab's
lesson is that state belongs in an external store.  ``GET /increase`` keeps the
lab's global (**wrong across processes**; a lock makes it exact across
threads); ``GET /store/increase`` and ``GET /store/value`` use SQLite
(``$WSGIKIT_COUNTER_DB``, or a file in the temporary directory), exact under
any number of processes and threads.  See the raw form for the SQLite details;
the store code is plain ``sqlite3`` in every form.  wsgikit does the routing
and the 503 (``abort``) when the store cannot be used.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from contextlib import closing

from wsgikit import Request, Router, abort, handler

ENV_VAR = "WSGIKIT_COUNTER_DB"
DEFAULT_NAME = "wsgikit-counter.sqlite3"

# WRONG across processes: every worker process has its own copy of this number.
count = 0
_count_lock = threading.Lock()  # exact across threads, and no further


def connect() -> sqlite3.Connection:
    """A connection per request to the file named now; BEGIN and COMMIT are ours."""
    path = os.environ.get(ENV_VAR) or os.path.join(tempfile.gettempdir(), DEFAULT_NAME)
    return sqlite3.connect(path, timeout=30.0, isolation_level=None)


def increase_stored() -> int:
    with closing(connect()) as db:
        db.execute("BEGIN IMMEDIATE")  # take the write lock before reading
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
            if db.in_transaction:
                db.execute("ROLLBACK")
    return int(value)


def stored_value() -> int:
    with closing(connect()) as db:
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counter'"
        ).fetchone()
        row = db.execute("SELECT value FROM counter WHERE id = 1").fetchone() if exists else None
    return 0 if row is None else int(row[0])


router = Router()


@router.route("/increase")
@handler
def increase(request: Request) -> str:
    global count
    with _count_lock:
        count += 1
        return str(count)


@router.route("/store/increase")
@handler
def store_increase(request: Request) -> str:
    try:
        return str(increase_stored())
    except sqlite3.Error as exc:
        abort(503, f"the counter store is unavailable: {exc}")


@router.route("/store/value")
@handler
def store_value(request: Request) -> str:
    try:
        return str(stored_value())
    except sqlite3.Error as exc:
        abort(503, f"the counter store is unavailable: {exc}")


application = router
