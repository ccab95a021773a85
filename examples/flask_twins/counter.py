"""counter (seed 000, Test #13): state in a global is wrong; state in a store is right.

The seed's ``flask11.py``::

    count = 0

    @app.route('/increase')
    def on_increase():
        global count
        count += 1
        return str(count)

The lab saw the count jump about under ``uwsgi --processes=2``: each worker
process has its own global.

- ``GET /increase`` is that pattern, **kept to show it is wrong**: a lock makes it
  exact across the threads of one process; nothing makes it exact across processes.
- ``GET /store/increase`` keeps the count in the store ``$WSGIKIT_COUNTER_STORE``
  names (``examples/counter_store.py``, the same store for all three forms):
  SQLite (``sqlite:///path``), a file every process and thread of one machine
  shares, or Redis (``redis://127.0.0.1:6379/0``, ``INCR``), shared by machines.
  A store that cannot be opened, stays locked, is down or hung is a 503.
- ``GET /store/value`` reads the stored count (0 before the first increase).

Compared with ``examples/raw/counter.py``, the store is the same plain
``sqlite3``; what Flask adds is the lifecycle of the connection, the pattern of
Flask's own tutorial: :func:`get_db` opens it on first use and keeps it in ``g``
(one per request: ``g`` lives in the app context, pushed for each request), and
a ``teardown_appcontext`` function closes it however the request ends, an
exception included.  The raw form needs a ``with closing(...)`` each time.
Redis is redis-py's client, one per process with its own pool of connections,
where the raw form writes RESP on a socket of its own.

Flask differs: the count, a returned ``str``, is ``text/html``; ``Allow`` comes
from a set; a path that is not UTF-8 is a 404 (recorded in ``tests/cases/counter.py``).
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/flask_twins/counter.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.flask_twins"

import sqlite3
import threading

from flask import Flask, g
from werkzeug.exceptions import ServiceUnavailable

from examples import counter_store as store

app = Flask(__name__)

# WRONG across processes: every worker process has its own copy of this number.
count = 0
_count_lock = threading.Lock()  # exact across threads, and no further


def get_db() -> sqlite3.Connection:
    """This request's connection, opened on first use (Flask's tutorial pattern)."""
    if "db" not in g:
        g.db = store.connect()
    db: sqlite3.Connection = g.db
    return db


@app.teardown_appcontext
def close_db(exception: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.errorhandler(sqlite3.Error)
@app.errorhandler(store.RedisError)
def store_unavailable(error: Exception) -> ServiceUnavailable:
    # A file that cannot be opened, a lock never released, Redis down or hung:
    # the store's fault, not the app's.
    return ServiceUnavailable(f"the counter store is unavailable: {error}")


@app.route("/increase")
def on_increase() -> str:
    global count
    with _count_lock:  # ``count += 1`` is a read, an add and a write: threads interleave
        count += 1
        return str(count)


@app.route("/store/increase")
def on_store_increase() -> str:
    url = store.redis_url()
    if url is not None:
        return str(store.redis_client(url).incr(store.REDIS_KEY))  # INCR is atomic in Redis
    return str(store.increase(get_db()))


@app.route("/store/value")
def on_store_value() -> str:
    url = store.redis_url()
    if url is not None:
        return str(int(store.redis_client(url).get(store.REDIS_KEY) or 0))
    return str(store.value(get_db()))


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.counter run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
