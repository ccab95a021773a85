"""Who refuses a long request, and who keeps answering while slow clients trickle in.

    .venv/bin/python benchmarks/limits.py           # under 3 minutes; prints both tables
    .venv/bin/python benchmarks/limits.py --quick   # a smoke run in seconds
    make bench-servers                              # also docs/bench-limits.json and the
                                                    # two blocks of docs/deploying.md

Long requests.  Each server of the table is started on a free loopback port with
the gallery (``examples.gallery:application``), and asked ``GET`` requests with
a long path, then with one long ``Cookie`` header (the other headers short).  A
request is *answered* when the app's own answer comes back (a 2xx, 3xx or the
app's 404 for a path it does not know); anything else (a 400, 414, 431 or 502,
or no response at all) is the server refusing it.  The longest answered line is
found by bisection between the shortest request and 128 KiB, counted as the bytes
of the request line, or of the header line, without its CRLF; then one request a
step longer is sent, and what it got is kept: the status line, or "no response"
and whether the connection was closed or reset.

Slow clients.  Each front is started with 2 processes x 2 threads, as
``uwsgi.ini`` has it; 200 connections then send the headers of a request one
byte a second, and once they are all connecting, one ordinary ``GET
/kit/hello/`` a second is sent on a fresh connection and given 1 s.  The table
counts the ordinary requests answered (a 200) within that second, over three
rounds, each on a server started afresh (gunicorn's count varies from one start
to the next).

Every process is started and stopped by ``tests/servers.py`` (by its own PID);
``--save``, ``--load`` and ``--readme`` are ``benchmarks/report.py``'s, and the
two tables go between ``<!-- limits-long:begin -->`` and ``<!-- limits-slow:begin
-->`` and their end markers.  ``--quick`` measures two servers only, with a
coarse bisection, 8 slow clients and one round of 2 ordinary requests.
"""

from __future__ import annotations

import argparse
import select
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402
from tests.servers import (  # noqa: E402
    VENV_BIN,
    free_port,
    ini_copy,
    running,
    running_nginx,
    serve_argv,
    uwsgi_argv,
)

__all__ = ["blocks", "main", "measure_line", "slow_clients"]

GALLERY = "examples.gallery:application"
NGINX_SITE = """\
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include /etc/nginx/uwsgi_params;
            uwsgi_pass 127.0.0.1:{upstream};
        }}
    }}"""
ORDINARY = b"GET /kit/hello/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
WORKERS = ("--master", "--processes", "2", "--threads", "2")
LONGEST = 128 * 1024


def _uwsgi(*args: str, buffer: bool = True) -> list[str]:
    if buffer:
        return uwsgi_argv(*WORKERS, *args)
    # uwsgi_argv sets buffer-size 65535; this row is uWSGI's default, 4096
    return [str(VENV_BIN / "uwsgi"), "--die-on-term", "--need-app", "--disable-logging",
            *WORKERS, *args]


@contextmanager
def _nginx(tmp: Path) -> Iterator[int]:
    """nginx with its defaults in front of a uWSGI socket (buffer-size 65535)."""
    port, upstream = free_port(), free_port()
    with (running(_uwsgi("--socket", f"127.0.0.1:{upstream}", "--module", GALLERY),
                  upstream, sig=signal.SIGTERM),
          running_nginx(tmp, port, NGINX_SITE.format(port=port, upstream=upstream))):
        yield port


ARGV = {
    "serve": serve_argv("--port", "{port}"),
    "gunicorn": [str(VENV_BIN / "gunicorn"), "--bind", "127.0.0.1:{port}", "--workers", "2",
                 "--threads", "2", "--log-level", "critical", "--no-control-socket", GALLERY],
    "uwsgi-http": _uwsgi("--http-socket", "127.0.0.1:{port}", "--module", GALLERY),
    "uwsgi-4k": _uwsgi("--http-socket", "127.0.0.1:{port}", "--module", GALLERY, buffer=False),
}
#: the rows of the long-request table, in order: (front, what the table calls it)
LONG_ROWS = {
    "serve": "`python -m wsgikit.serve` (wsgiref)",
    "gunicorn": "gunicorn, defaults",
    "nginx": "nginx, defaults (`large_client_header_buffers 4 8k`), in front of uWSGI",
    "uwsgi-http": "uWSGI `--http-socket`, `buffer-size 65535`",
    "uwsgi-ini": "uWSGI HTTP router (`http =`, `uwsgi.ini`), `buffer-size 65535`",
    "uwsgi-4k": "uWSGI `--http-socket`, default `buffer-size` (4096)",
}
SLOW_ROWS = {
    "uwsgi-http": ("uWSGI `--http-socket`",
                   "each slow client holds a worker thread; harakiri's clock starts only "
                   "after the headers"),
    "uwsgi-ini": ("uWSGI HTTP router (`http =`, `uwsgi.ini`)",
                  "the router reads headers in an event loop; a worker sees only whole ones"),
    "nginx": ("nginx → uWSGI socket", "nginx reads the request before it passes it on"),
    "gunicorn": ("gunicorn, 2 workers × 2 threads", "varies from one start to the next"),
    "serve": ("`python -m wsgikit.serve`", "a thread per connection"),
}
QUICK = ("serve", "uwsgi-http")


@contextmanager
def _front(name: str, tmp: Path) -> Iterator[int]:
    """Start the server ``name`` on a free loopback port; yield the port."""
    if name == "nginx":
        with _nginx(tmp) as port:
            yield port
        return
    port = free_port()
    if name == "uwsgi-ini":
        ini = ini_copy("uwsgi.ini", tmp, http=port, socket=free_port())
        argv = [str(VENV_BIN / "uwsgi"), "--ini", str(ini)]
    else:
        argv = [arg.replace("{port}", str(port)) for arg in ARGV[name]]
    with running(argv, port, sig=signal.SIGTERM):
        yield port


def _exchange(port: int, data: bytes, timeout: float = 5.0) -> str:
    """Send ``data`` on a fresh connection; the status line that came back, or
    "no response: closed" / "reset" / "timeout"."""
    got = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except OSError:
            pass  # refused half-way: what it answered, if anything, is still to be read
        try:
            while b"\r\n" not in got and (chunk := sock.recv(65536)):
                got += chunk
        except ConnectionResetError:
            if not got:
                return "no response: reset"
        except TimeoutError:
            if not got:
                return "no response: timeout"
    if not got:
        return "no response: closed"
    return got.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 1)[1]


def _request(path: str, length: int, kind: str) -> bytes:
    """A GET whose request line (kind "line") or Cookie header line ("header") is
    ``length`` bytes long, without its CRLF."""
    headers = "Host: 127.0.0.1\r\nConnection: close\r\n"
    if kind == "line":
        target = path + "a" * (length - len(f"GET {path} HTTP/1.1"))
        return f"GET {target} HTTP/1.1\r\n{headers}\r\n".encode()
    cookie = "Cookie: k=" + "v" * (length - len("Cookie: k="))
    return f"GET {path} HTTP/1.1\r\n{headers}{cookie}\r\n\r\n".encode()


def _answered(status: str) -> bool:
    return status[:1] in "23" or status.startswith("404")


def _shortest(path: str, kind: str) -> int:
    return len(f"GET {path} HTTP/1.1") if kind == "line" else len("Cookie: k=v")


def measure_line(send: Callable[[bytes], str], kind: str, step: int = 1,
                 path: str = "/kit/hello/") -> dict[str, Any]:
    """The longest ``kind`` line the server answers (to within ``step`` bytes), and what
    a line ``step`` bytes longer gets."""
    low = _shortest(path, kind)
    first = send(_request(path, low, kind))
    if not _answered(first):
        raise RuntimeError(f"the shortest {kind} was refused: {first}")
    high = LONGEST + 1
    beyond = send(_request(path, high, kind))
    if _answered(beyond):
        return {"longest": LONGEST, "at_least": True, "step": step, "beyond": None}
    while high - low > step:
        middle = (low + high) // 2
        status = send(_request(path, middle, kind))
        if _answered(status):
            low = middle
        else:
            high, beyond = middle, status
    return {"longest": low, "at_least": False, "step": step, "beyond": beyond}


def long_requests(fronts: tuple[str, ...], step: int, tmp: Path) -> list[dict[str, Any]]:
    rows = []
    for name in fronts:
        with _front(name, tmp) as port:
            def send(data: bytes, port: int = port) -> str:
                return _exchange(port, data)
            row = {"front": name, "line": measure_line(send, "line", step),
                   "header": measure_line(send, "header", step)}
        print(f"{name}: {row}", file=sys.stderr)
        rows.append(row)
    return rows


def slow_clients(port: int, clients: int, ordinary: int) -> dict[str, Any]:
    """Hold ``clients`` connections sending headers a byte a second, and count the
    ordinary requests (one a second, each given 1 s) answered in time."""
    head = b"GET /kit/hello/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"s" * 4096
    slow, sent = [], []
    for _ in range(clients):
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        slow.append(sock)
        sent.append(0)
    times: list[float | None] = []  # per ordinary request, in order: ms, or None
    try:
        for tick in range(ordinary + 2):
            _, writable, _ = select.select([], slow, [], 0)
            for index, sock in enumerate(slow):
                if sock in writable:
                    try:
                        sent[index] += sock.send(head[sent[index]:sent[index] + 1])
                    except OSError:
                        pass  # refused or dropped: it holds nothing any more
            start = time.monotonic()
            if tick >= 2:  # the first two seconds, the slow clients settle in
                status = _timed_get(port, start + 1.0)
                took = time.monotonic() - start
                answered = status.startswith("200") and took <= 1.0
                times.append(round(took * 1000, 1) if answered else None)
            time.sleep(max(0.0, start + 1.0 - time.monotonic()))
    finally:
        for sock in slow:
            sock.close()
    return {"answered": sum(ms is not None for ms in times), "ms": times,
            "slow_bytes_sent": min(sent)}


def _timed_get(port: int, deadline: float) -> str:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as sock:
            sock.sendall(ORDINARY)
            got = b""
            while b"\r\n" not in got:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                if not (chunk := sock.recv(4096)):
                    break
                got += chunk
    except OSError:
        return "no response"
    return got.split(b"\r\n", 1)[0].decode("latin-1").partition(" ")[2] or "no response"


def measure(quick: bool) -> dict[str, Any]:
    programs = {"gunicorn": [str(VENV_BIN / "gunicorn"), "--version"], "nginx": ["nginx", "-v"],
                "uWSGI": [str(VENV_BIN / "uwsgi"), "--version"]}
    data: dict[str, Any] = {"date": report.stamp(), "machine": report.machine(programs),
                            "quick": quick}
    long_fronts = QUICK if quick else tuple(LONG_ROWS)
    slow_fronts = QUICK if quick else tuple(SLOW_ROWS)
    clients, ordinary = (8, 2) if quick else (200, 6)
    with tempfile.TemporaryDirectory(prefix="wsgikit-limits-") as tmp:
        data["long"] = long_requests(long_fronts, 1024 if quick else 1, Path(tmp))
        data["slow"] = []
        for name in slow_fronts:
            rounds = []
            for _ in range(1 if quick else 3):
                # a fresh server each round: which worker took which client starts again
                with _front(name, Path(tmp)) as port:
                    rounds.append(slow_clients(port, clients, ordinary))
                print(f"{name}: {rounds[-1]}", file=sys.stderr)
            data["slow"].append({"front": name, "clients": clients, "ordinary": ordinary,
                                 "rounds": rounds})
    return data


def _limit(found: dict[str, Any]) -> str:
    if found["at_least"]:
        return f"{found['longest']:,} or more"
    about = "" if found["step"] == 1 else "about "
    return f"{about}{found['longest']:,}"


def _range(times: list[float | None]) -> str:
    answered = [ms for ms in times if ms is not None]
    if not answered:
        return ""
    low, high = round(min(answered)), round(max(answered))
    return f", in {low} ms" if low == high else f", in {low}–{high} ms"


def _answered_in(row: dict[str, Any]) -> str:
    rounds = row["rounds"]
    answered = sum(r["answered"] for r in rounds)
    times = [ms for r in rounds for ms in r["ms"]]
    text = f"{answered} of {row['ordinary'] * len(rounds)}"
    if len(rounds) > 1:
        text += f" ({', '.join(str(r['answered']) for r in rounds)} in {len(rounds)} rounds)"
    return text + _range(times)


def blocks(data: dict[str, Any]) -> dict[str, str]:
    """The two blocks of docs/deploying.md, rendered from a run saved by ``--save``."""
    measured = report.describe(data)
    long = ["| server | request line | one header line | one byte more on the request line "
            "| one byte more on the header line |", "|---|---|---|---|---|"]
    for row in data["long"]:
        line, header = row["line"], row["header"]
        long.append(f"| {LONG_ROWS[row['front']]} | {_limit(line)} | {_limit(header)} "
                    f"| {line['beyond'] or '—'} | {header['beyond'] or '—'} |")
    slow = ["| in front | ordinary requests answered in time | why |", "|---|---|---|"]
    for row in data["slow"]:
        name, why = SLOW_ROWS[row["front"]]
        slow.append(f"| {name} | {_answered_in(row)} | {why} |")
    first = data["slow"][0] if data["slow"] else {"clients": 0, "ordinary": 0}
    return {
        "limits-long": "\n".join([measured, "", *long]),
        "limits-slow": "\n".join([
            f"{measured} {report.plural(first['clients'], 'slow client')}, "
            f"{report.plural(first['ordinary'], 'ordinary request')} a round, each round on "
            "a server started afresh.", "", *slow]),
    }


render = blocks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="two servers, a coarse bisection and 8 slow clients")
    report.options(parser, chart=False)
    args = parser.parse_args(argv)
    try:
        data = report.load(args.load) if args.load else measure(args.quick)
    # a server that is missing, did not start, or refused the shortest request
    except (OSError, RuntimeError) as exc:
        print(f"limits: {exc}", file=sys.stderr)
        return 1
    report.publish_blocks(args, data, blocks(data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
