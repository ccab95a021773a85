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
threads); ``GET /store/increase`` and ``GET /store/value`` use the store that
``$WSGIKIT_COUNTER_STORE`` names: SQLite (``sqlite:///path``, the default a file
in the temporary directory), exact under any number of processes and threads of
one machine, or Redis (``redis://127.0.0.1:6379/0``, ``INCR``), exact across
machines.  The store is ``examples/counter_store.py``, shared by every form:
plain ``sqlite3``, and a redis-py client here (the raw form speaks RESP itself).
wsgikit does the routing and the 503 (``abort``) when the store cannot be used:
a Redis that is down or hung answers 503 within a second.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/counter.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import sqlite3
import threading
from contextlib import closing

from examples import counter_store as store
from wsgikit import Request, Router, abort, handler

UNAVAILABLE = (sqlite3.Error, store.RedisError)  # the store's fault, not the app's: a 503

# WRONG across processes: every worker process has its own copy of this number.
count = 0
_count_lock = threading.Lock()  # exact across threads, and no further


def increase_stored() -> int:
    url = store.redis_url()
    if url is not None:
        return int(store.redis_client(url).incr(store.REDIS_KEY))  # INCR is atomic in Redis
    with closing(store.connect()) as db:
        return store.increase(db)


def stored_value() -> int:
    url = store.redis_url()
    if url is not None:
        return int(store.redis_client(url).get(store.REDIS_KEY) or 0)  # None: no increase yet
    with closing(store.connect()) as db:
        return store.value(db)


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
    except UNAVAILABLE as exc:
        abort(503, f"the counter store is unavailable: {exc}")


@router.route("/store/value")
@handler
def store_value(request: Request) -> str:
    try:
        return str(stored_value())
    except UNAVAILABLE as exc:
        abort(503, f"the counter store is unavailable: {exc}")


application = router


if __name__ == "__main__":
    # python examples/kit/counter.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
