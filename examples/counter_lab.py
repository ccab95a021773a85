"""The lab's multi-process lesson (seed 000, Test #13), reproduced for real.

Runs the ``counter`` exercise under uWSGI with several processes x threads
layouts, fires concurrent ``GET /increase`` (a module global) and
``GET /store/increase`` (SQLite) requests from a bounded pool of client threads
on 127.0.0.1, and prints what came back::

    .venv/bin/python -m examples.counter_lab            # 2,000 + 2,000 requests per layout
    .venv/bin/python -m examples.counter_lab --requests 500 --port 9000

Each layout prints its row as soon as it finishes, and starts from a store of
its own in a fresh temporary directory (never ``$WSGIKIT_COUNTER_DB`` or the
gallery's default file), so the counts of one run cannot leak into the next.

The global count is right only when one process serves every request: each
uWSGI worker has its own copy of the module, so each counts from 1.  The store
is right under any layout, because the count lives outside the app server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LAYOUTS", "Outcome", "main", "run_layout"]

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ((1, 1), (1, 2), (2, 1), (4, 4))
SEED_THREADS = (2, 16)


@dataclass
class Outcome:
    processes: int
    threads: int
    requests: int
    global_max: int  # the highest count any worker returned
    global_repeats: int  # values returned more than once (0 when the count is right)
    store_final: int
    store_repeats: int
    seconds: float

    @property
    def global_right(self) -> bool:
        return self.global_max == self.requests and self.global_repeats == 0

    @property
    def store_right(self) -> bool:
        return self.store_final == self.requests and self.store_repeats == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status} {body[:100]!r}")
        return int(body)
    finally:
        conn.close()


def _wait(port: int, proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uWSGI exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("uWSGI did not start listening")


def _repeats(values: list[int]) -> int:
    return sum(count - 1 for count in Counter(values).values())


def run_layout(processes: int, threads: int, requests: int = 2000, clients: int = 16,
               form: str = "raw", port: int | None = None) -> Outcome:
    """Serve ``counter`` under uWSGI with that layout; fire the requests; stop it by PID."""
    uwsgi = Path(sys.executable).parent / "uwsgi"
    module = "examples.counter_seed" if form == "seed" else f"examples.{form}.counter"
    port = port or _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WSGIKIT_COUNTER_DB": str(Path(tmp) / "counter.sqlite3")}
        argv = [
            str(uwsgi), "--http-socket", f"127.0.0.1:{port}", "--master", "--die-on-term",
            "--need-app", "--disable-logging", "--lazy-apps", "--buffer-size", "65535",
            "--processes", str(processes), "--threads", str(threads),
            "--listen", "128", "--module", module,
        ]
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            _wait(port, proc)
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                global_values = list(pool.map(lambda _: _get(port, "/increase"), range(requests)))
                store_values = [] if form == "seed" else list(
                    pool.map(lambda _: _get(port, "/store/increase"), range(requests))
                )
            seconds = time.perf_counter() - started
            store_final = 0 if form == "seed" else _get(port, "/store/value")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return Outcome(processes, threads, requests, max(global_values), _repeats(global_values),
                   store_final, _repeats(store_values), seconds)


def table(outcomes: list[Outcome]) -> str:
    lines = [
        "| processes x threads | global: highest value | global: repeated values "
        "| store: final count | store: repeated values | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.processes} x {o.threads} | {o.global_max} of {o.requests} "
            f"| {o.global_repeats} | {o.store_final} of {o.requests} | {o.store_repeats} "
            f"| {o.seconds:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--form", default="raw", choices=["raw", "kit", "flask_twins"])
    parser.add_argument("--port", type=int, default=None,
                        help="the port uWSGI listens on, on 127.0.0.1 (a free one by default)")
    args = parser.parse_args(argv)
    print(f"The counter exercise ({args.form} form; its global is incremented under a lock):")
    header = table([]).splitlines()
    print("\n".join(header), flush=True)
    outcomes = []
    for p, t in LAYOUTS:  # one row as each layout finishes: the whole run takes a while
        outcomes.append(run_layout(p, t, args.requests, args.clients, args.form, args.port))
        print(table(outcomes[-1:]).splitlines()[-1], flush=True)
    print("\nThe seed's global without a lock (examples/counter_seed.py), one process:")
    print("\n".join(header).replace("store: final count", "-")
          .replace("store: repeated values", "-"), flush=True)
    for t in SEED_THREADS:
        o = run_layout(1, t, args.requests, args.clients, "seed", args.port)
        print(f"| 1 x {o.threads} | {o.global_max} of {o.requests} | {o.global_repeats} "
              f"| - | - | {o.seconds:.1f} |", flush=True)
    return 0 if all(o.store_right for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
