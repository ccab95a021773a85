"""CGI against WSGI, measured: the same app called in process, and run as a CGI script.

    .venv/bin/python examples/cgi_compare.py        # 20 requests of each kind
    .venv/bin/python examples/cgi_compare.py -n 50

For each form of the cgi-vs-wsgi exercise (raw, kit and, where Flask is
installed, flask), it sends ``GET /`` N times to the app itself, as a WSGI
server would call it, and N times to ``examples.cgi_gateway.Gateway``, which
starts the form's file as a new process for each one.  It prints, for each, the
distinct process ids the answers named and the mean milliseconds per request
(for WSGI, the best of five rounds of N), and the ratio of the two: what a new
interpreter and its imports cost on every request.  A benchmark prints ratios
measured in one run; the tests never time.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/cgi_compare.py): put the repository root on sys.path
    # and name the package (PEP 366), as `python -m` does (see examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "examples"

import argparse
import importlib
import json
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from wsgiref.util import setup_testing_defaults

from .catalog import FORMS
from .cgi_gateway import PYTHON, Gateway

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

MODULE = "cgi_vs_wsgi"
EXAMPLES = Path(__file__).resolve().parent


def get(app: WSGIApplication) -> dict[str, Any]:
    """``GET /`` in process, as a WSGI server calls an app; the JSON it answered."""
    environ: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": "/"}
    setup_testing_defaults(environ)
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        statuses.append(status)
        return lambda data: None  # the write() callable, which no form uses

    body = app(environ, start_response)
    try:
        data = b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    assert statuses[0].startswith("200"), (statuses, data)
    answer: dict[str, Any] = json.loads(data)
    return answer


def measure(app: WSGIApplication, count: int, rounds: int = 1) -> tuple[int, float]:
    """(distinct pids, mean milliseconds per request) over ``count`` requests.

    With ``rounds``, the best round's mean: an in-process call takes microseconds,
    and one pause of a busy machine would otherwise be most of its figure.
    """
    pids: set[int] = set()
    means = []
    for _ in range(rounds):
        started = time.perf_counter()
        pids.update(get(app)["pid"] for _ in range(count))
        means.append((time.perf_counter() - started) * 1000 / count)
    return len(pids), min(means)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CGI against WSGI, per request.")
    parser.add_argument("-n", "--requests", type=int, default=20, help="of each kind (20)")
    args = parser.parse_args(argv)
    count = args.requests
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", "pass"], check=True)
    bare_ms = (time.perf_counter() - started) * 1000
    print(f"GET /, {count} requests of each kind, in one run; `python -c pass` takes "
          f"{bare_ms:.1f} ms here.\n")
    print("| form | run as | distinct pids | ms per request | CGI / WSGI |")
    print("|---|---|---|---|---|")
    for form, (package, attr) in FORMS.items():
        try:
            app = getattr(importlib.import_module(f"{package}.{MODULE}"), attr)
        except ModuleNotFoundError:  # Flask is not installed: no flask row
            continue
        get(app)  # the first call may set things up; under a WSGI server it happens once
        script = EXAMPLES / package.removeprefix("examples.") / f"{MODULE}.py"
        wsgi_pids, wsgi_ms = measure(app, count, rounds=5)
        cgi_pids, cgi_ms = measure(Gateway(script, timeout=60), count)
        print(f"| {form} | WSGI (in process) | {wsgi_pids} | {wsgi_ms:.3f} | |")
        print(f"| {form} | CGI (a process each) | {cgi_pids} | {cgi_ms:.1f} | "
              f"{cgi_ms / wsgi_ms:,.0f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
