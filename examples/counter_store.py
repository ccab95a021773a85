"""The counter exercise's store, shared by its raw, kit and Flask forms.

The store is chosen per request by ``$WSGIKIT_COUNTER_STORE``, a URL:

- ``sqlite:///path/to/file.sqlite3``: an SQLite file (three slashes then the
  path, SQLAlchemy's spelling, so an absolute path has four), exact across every
  process and thread of one machine;
- ``redis://127.0.0.1:6379/0``: a Redis server (the number is the database),
  exact across machines too, since ``INCR`` is atomic in Redis.

Unset, it is ``$WSGIKIT_COUNTER_DB`` (an SQLite path), or
``wsgikit-counter.sqlite3`` in the temporary directory, as before.

Redis is reached with redis-py in the kit and Flask forms (:func:`redis_client`,
the ``redis`` extra) and by the raw form's own few lines of RESP.  Either way a
connect or a read waits at most ``REDIS_TIMEOUT``: a Redis that is down or hung
is a 503 within a second, and the next request connects again, so the counter
resumes by itself when Redis is back.

SQLite's rules:

- one connection per request (``connect``), with ``isolation_level=None`` so
  that BEGIN and COMMIT are ours, and a busy timeout so that waiting requests
  queue instead of failing;
- ``BEGIN IMMEDIATE`` takes the write lock before anything is read, so two
  requests can never read the same old value; ``UPDATE`` then ``SELECT`` in
  that one transaction;
- the file is read from the URL on every call; the table is created by the
  first increase, and a read creates nothing.

This is plain ``sqlite3`` in every form: no framework adds anything to it.
Only where the connection is opened and closed differs (a ``with closing(...)``
in the raw and kit forms, Flask's ``g`` and teardown in the twin).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from typing import Any

try:
    from redis.exceptions import RedisError
except ImportError:  # redis-py is the ``redis`` extra: without it, SQLite still works

    class RedisError(Exception):  # type: ignore[no-redef]
        """Stands in for redis-py's base error, which nothing can raise without redis-py."""


__all__ = [
    "BUSY_TIMEOUT", "DEFAULT_NAME", "ENV_VAR", "REDIS_KEY", "REDIS_TIMEOUT", "STORE_VAR",
    "RedisError", "connect", "increase", "redis_client", "redis_url", "store_path",
    "store_url", "value",
]

STORE_VAR = "WSGIKIT_COUNTER_STORE"
ENV_VAR = "WSGIKIT_COUNTER_DB"  # the SQLite path, when STORE_VAR is unset
DEFAULT_NAME = "wsgikit-counter.sqlite3"
BUSY_TIMEOUT = 30.0  # seconds a request waits for the write lock before a 503
REDIS_TIMEOUT = 1.0  # seconds to connect to Redis, and to wait for each reply
REDIS_KEY = "counter"
SQLITE_PREFIX = "sqlite:///"


def store_url() -> str:
    """Read per call, so that a test (or a deployment) can point it elsewhere."""
    url = os.environ.get(STORE_VAR)
    if url:
        return url
    return SQLITE_PREFIX + (
        os.environ.get(ENV_VAR) or os.path.join(tempfile.gettempdir(), DEFAULT_NAME)
    )


def redis_url() -> str | None:
    """The store's URL when it is a Redis server; None when it is SQLite."""
    url = store_url()
    if url.startswith("redis://"):
        return url
    if url.startswith(SQLITE_PREFIX):
        return None
    raise ValueError(f"${STORE_VAR} is neither sqlite:///... nor redis://...: {url!r}")


def store_path() -> str:
    """The SQLite file's path (the store must be SQLite: see :func:`redis_url`)."""
    url = store_url()
    if not url.startswith(SQLITE_PREFIX):
        raise ValueError(f"the counter store is not an SQLite file: {url!r}")
    return url.removeprefix(SQLITE_PREFIX)


_clients: dict[str, Any] = {}


def redis_client(url: str) -> Any:
    """A redis-py client for ``url``, made once per URL and process.

    Its pool keeps connections open between requests, checks each one as it
    hands it out and reconnects one that Redis closed, so a Redis that comes
    back is used again without restarting the app.  ``retry`` is switched off:
    redis-py would resend a command after a timeout, and an ``INCR`` whose reply
    was lost would count twice.
    """
    import redis  # here, not at the top: the raw form, which imports this module, never needs it
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = _clients.get(url)
    if client is None:
        client = _clients[url] = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT,
            retry=Retry(NoBackoff(), 0),
        )
    return client


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
