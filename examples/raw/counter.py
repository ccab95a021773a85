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
  thread shares, and is exact under any number of both; the store's rules
  (``BEGIN IMMEDIATE``, the busy timeout, ``$WSGIKIT_COUNTER_DB``) are in
  ``examples/counter_store.py``, shared by the three forms.  A store that cannot
  be opened or stays locked is a 503.
- ``GET /store/value`` reads the stored count (0 before the first increase).

Bodies are the number alone, as ``text/plain``.  Flask adds nothing here: the
store is plain ``sqlite3`` in any form.  (Counting on ``GET`` is the lab's
choice; a real API would make the increase a ``POST``.)
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from typing import TYPE_CHECKING

from examples import counter_store as store

from ._plumbing import HTTPProblem, check_method, exercise, not_found, path_info, text

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

# WRONG across processes: every worker process has its own copy of this number.
count = 0
_count_lock = threading.Lock()  # exact across threads, and no further


def increase_global() -> int:
    global count
    with _count_lock:  # ``count += 1`` is a read, an add and a write: threads interleave
        count += 1
        return count


def increase_stored() -> int:
    with closing(store.connect()) as db:
        return store.increase(db)


def stored_value() -> int:
    with closing(store.connect()) as db:
        return store.value(db)


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
