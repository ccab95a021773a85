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
- ``GET /store/increase`` keeps the count in a store every process shares:
  SQLite, a file, exact under any number of processes and threads on one
  machine; or Redis (``INCR``), exact across machines too.
  ``$WSGIKIT_COUNTER_STORE`` chooses (``sqlite:///path`` or
  ``redis://127.0.0.1:6379/0``); the store's rules (``BEGIN IMMEDIATE``, the
  busy timeout, the defaults) are in ``examples/counter_store.py``, shared by
  the three forms.  A store that cannot be opened, stays locked, is down or does
  not answer within a second is a 503.
- ``GET /store/value`` reads the stored count (0 before the first increase).

Bodies are the number alone, as ``text/plain``.  (Counting on ``GET`` is the
lab's choice; a real API would make the increase a ``POST``.)

What to notice: the routing table maps a path to a plain function that returns
the count, and ``answer`` turns it into the text to send; ``utf8_path`` and
``method_check`` are what hello wrote out.

Redis without a client library: :func:`redis_command` speaks Redis's protocol
(RESP) itself, on a connection of its own for each request.

What Flask does for you: the routing and the method check, as in hello; nothing
for the state itself: the store is plain ``sqlite3``, or a Redis client, in any form.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/counter.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import socket
import sqlite3
import threading
from contextlib import closing
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

from examples import counter_store as store

from ._plumbing import method_check, utf8_path

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


class RedisReplyError(Exception):
    """Redis answered with an error (``-ERR ...``): a 503, as when it does not answer."""


def redis_command(url: str, *words: str) -> int | None:
    """Send one command to the Redis at ``url``; its reply, an integer or nil.

    A command is an array of bulk strings (``*2\\r\\n$4\\r\\nINCR\\r\\n$7\\r\\ncounter\\r\\n``); a
    reply's first byte is its type: ``:`` an integer, ``$`` a bulk string (``$-1``
    is nil), ``+`` a status (``+OK``), ``-`` an error.  That is all a counter needs.
    A client library such as redis-py adds: a pool of connections kept open
    between requests (here, one connection per command, so a Redis that comes
    back needs nothing), checks and reconnection of pooled connections, encoding
    of any value, a parser for every reply (arrays, maps, RESP3), retries,
    pipelines, pub/sub, TLS, AUTH, Sentinel and Cluster.
    """
    parts = urlsplit(url)
    database = parts.path.strip("/") or "0"
    commands = [("SELECT", database)] if database != "0" else []
    commands.append(words)
    address = (parts.hostname or "127.0.0.1", parts.port or 6379)
    with socket.create_connection(address, timeout=store.REDIS_TIMEOUT) as sock:
        # every read waits at most REDIS_TIMEOUT too: a hung Redis is a TimeoutError
        sock.sendall(b"".join(_resp_array(command) for command in commands))
        with sock.makefile("rb") as replies:
            return [_resp_reply(replies) for _ in commands][-1]


def _resp_array(words: tuple[str, ...]) -> bytes:
    data = [word.encode() for word in words]
    return b"*%d\r\n" % len(data) + b"".join(b"$%d\r\n%s\r\n" % (len(d), d) for d in data)


def _resp_reply(replies: BinaryIO) -> int | None:
    line = replies.readline()
    if not line.endswith(b"\r\n"):
        raise ConnectionError("Redis closed the connection before it answered")
    kind, rest = line[:1], line[1:-2]
    if kind == b"-":
        raise RedisReplyError(rest.decode("utf-8", "replace"))
    if kind == b":":
        return int(rest)
    if kind == b"$" and rest != b"-1":
        return int(replies.read(int(rest) + 2)[:-2])  # a counter's value is a number
    return None  # $-1 (nil), or +OK (SELECT's answer)


def increase_stored() -> int:
    url = store.redis_url()
    if url is not None:
        count = redis_command(url, "INCR", store.REDIS_KEY)  # INCR is atomic in Redis
        if count is None:
            raise RedisReplyError("INCR answered nil")
        return count
    with closing(store.connect()) as db:
        return store.increase(db)


def stored_value() -> int:
    url = store.redis_url()
    if url is not None:
        return redis_command(url, "GET", store.REDIS_KEY) or 0  # nil: no increase yet
    with closing(store.connect()) as db:
        return store.value(db)


ROUTES = {
    "/increase": increase_global,
    "/store/increase": increase_stored,
    "/store/value": stored_value,
}


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the text for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if path not in ROUTES:
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # @app.route's default
    if refusal is not None:
        return refusal
    try:
        value = ROUTES[path]()
    # a file that cannot be opened, a lock never released; Redis down, hung or refusing
    except (sqlite3.Error, OSError, RedisReplyError) as exc:
        return "503 Service Unavailable", [], f"The counter store is unavailable: {exc}"
    return "200 OK", [], str(value)


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, text = answer(environ)
    body = text.encode("utf-8")
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *extra,
    ]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/counter.py [--host H] [--port P]: wsgiref, the standard library's
    # server, serves this application on 127.0.0.1:29130, the seed's port.  The seed's host
    # 0.0.0.0 would expose this development server to every machine on the network.
    import argparse
    from contextlib import suppress
    from wsgiref.simple_server import make_server

    parser = argparse.ArgumentParser(description="Serve this exercise with wsgiref.")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=29130, help="port (default: %(default)s)")
    args = parser.parse_args()
    with make_server(args.host, args.port, application) as server, suppress(KeyboardInterrupt):
        print(f"Serving on http://{args.host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()
