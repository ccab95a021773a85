"""Real servers, real sockets: the same requests through uWSGI and gunicorn, measured by wrk.

    .venv/bin/python benchmarks/servers.py                 # about 4 minutes
    .venv/bin/python benchmarks/servers.py --quick         # a smoke run, under a minute
    .venv/bin/python benchmarks/servers.py --chart docs/bench-servers.png

For each server (uWSGI ``--http-socket`` and gunicorn, 2 worker processes each)
and each app of ``benchmarks/bench_apps.py`` (a hand-written callable, wsgikit,
falcon, Flask), it starts the server on 127.0.0.1, runs ``wrk -t2 -c32`` on a
plain GET, a routed JSON GET and a JSON POST, and stops the server by its PID.
The apps take turns in a new random order each round, so that the machine's
drift (it is shared and noisy) hits each alike; the table shows each app's
median requests per second as a ratio to the hand-written callable measured in
the same rounds, and its p99 latency.  Nothing leaves loopback.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_apps import APPS  # noqa: E402
from tests.servers import VENV_BIN, free_port, running  # noqa: E402

ENDPOINTS = {"GET /": ("/", None), "GET /users/<name>": ("/users/ada", None),
             "POST /echo (JSON)": ("/echo", '{"name": "ada", "tags": [1, 2, 3]}')}
POST_SCRIPT = """wrk.method = "POST"
wrk.body = '{body}'
wrk.headers["Content-Type"] = "application/json"
"""


def server_argv(server: str, attr: str, port: int) -> list[str]:
    if server == "uWSGI":
        return [str(VENV_BIN / "uwsgi"), "--http-socket", f"127.0.0.1:{port}", "--master",
                "--processes", "2", "--disable-logging", "--die-on-term", "--need-app",
                "--buffer-size", "65535", "--chdir", str(ROOT / "benchmarks"),
                "--wsgi-file", "bench_apps.py", "--callable", attr]
    return [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
            "--log-level", "warning", "--no-control-socket", "--chdir",
            str(ROOT / "benchmarks"), f"bench_apps:{attr}"]


def wrk(port: int, path: str, body: str | None, seconds: int, tmp: Path) -> tuple[float, float]:
    """(requests per second, p99 in ms) of one wrk run."""
    argv = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"]
    if body is not None:
        script = tmp / "post.lua"
        script.write_text(POST_SCRIPT.format(body=body))
        argv[1:1] = ["-s", str(script)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=seconds + 30)
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out.stdout).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([0-9.]+)(us|ms|s)", out.stdout).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    # uWSGI's --http-socket closes the connection after each answer, which wrk counts
    # as a "read" socket error; an answer that is not a 2xx is a real failure.
    if "Non-2xx" in out.stdout or re.search(r"Socket errors: connect [1-9]", out.stdout):
        raise RuntimeError(f"wrk saw errors:\n{out.stdout}")
    return rate, p99


def measure(rounds: int, seconds: int) -> dict[tuple[str, str, str], list[tuple[float, float]]]:
    results: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(rounds):
            for server in ("uWSGI", "gunicorn"):
                order = list(APPS)
                random.shuffle(order)
                for app in order:
                    port = free_port()
                    with running(server_argv(server, APPS[app], port), port):
                        wrk(port, "/", None, 1, Path(tmp))  # warm up every worker
                        for endpoint, (path, body) in ENDPOINTS.items():
                            got = wrk(port, path, body, seconds, Path(tmp))
                            results.setdefault((server, endpoint, app), []).append(got)
            print(f"round {round_ + 1} of {rounds} done", file=sys.stderr, flush=True)
    return results


def table(results: dict[tuple[str, str, str], list[tuple[float, float]]]) -> list[list[str]]:
    rows = []
    for server in ("uWSGI", "gunicorn"):
        for endpoint in ENDPOINTS:
            base = statistics.median(r for r, _ in results[(server, endpoint, "hand-written")])
            for app in APPS:
                runs = results[(server, endpoint, app)]
                rate = statistics.median(r for r, _ in runs)
                p99 = statistics.median(p for _, p in runs)
                rows.append([server, endpoint, app, f"{rate:,.0f}", f"{rate / base:.2f}",
                             f"{p99:.1f}"])
    return rows


def chart(rows: list[list[str]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
    for ax, server in zip(axes, ("uWSGI", "gunicorn"), strict=True):
        for i, app in enumerate(APPS):
            values = [float(r[4]) for r in rows if r[0] == server and r[2] == app]
            ax.bar([x + i * 0.2 for x in range(len(ENDPOINTS))], values, 0.2, label=app)
        ax.set_xticks([x + 0.3 for x in range(len(ENDPOINTS))], list(ENDPOINTS), fontsize=8)
        ax.set_title(f"{server}, 2 processes, wrk -t2 -c32")
        ax.axhline(1.0, color="grey", linewidth=0.5)
    axes[0].set_ylabel("requests/s, ratio to hand-written")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 round of 1 s runs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--chart", type=Path, help="also draw the ratios (needs matplotlib)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("servers.py: wrk is not installed (apt-get install wrk; make test installs it "
              "as root)", file=sys.stderr)
        return 2
    rounds, seconds = (1, 1) if args.quick else (args.rounds, args.seconds)
    rows = table(measure(rounds, seconds))
    header = ["server", "request", "app", "req/s", "ratio", "p99 ms"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    if args.chart:
        chart(rows, args.chart)
        print(f"wrote {args.chart}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
