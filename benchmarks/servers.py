"""Real servers, real sockets: the same requests through uWSGI and gunicorn, measured by wrk.

    .venv/bin/python benchmarks/servers.py           # about 10 minutes; prints the table
    .venv/bin/python benchmarks/servers.py --quick   # a smoke run in seconds: uWSGI, 2 apps
    make bench-servers                                # also docs/bench-servers.json and .png,
                                                      # and the README's block

For each server (uWSGI ``--http-socket`` and gunicorn, 2 worker processes each)
and each app of ``benchmarks/bench_apps.py`` (a hand-written callable, wsgikit,
falcon, Flask), it starts the server on 127.0.0.1, runs ``wrk -t2 -c32`` on a
plain GET, a routed JSON GET and a JSON POST, and stops the server by its PID.
Nothing leaves loopback.

The machine is shared and noisy, so absolute numbers drift from one minute to
the next.  What holds is a ratio measured in the same minute: in each round the
apps take turns in a new random order, each app's requests per second is
divided by the hand-written callable's in that round, and the table shows the
median of those ratios over the rounds, with the median req/s and p99 latency
beside them.  ``benchmarks/report.py`` saves the runs, draws the chart and
writes the table into the README (``--save``, ``--chart``, ``--readme``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402
from benchmarks.bench_apps import APPS  # noqa: E402
from tests.servers import VENV_BIN, free_port, running  # noqa: E402

SERVERS = ("uWSGI", "gunicorn")
REQUESTS = {"GET /": ("/", None), "GET /users/<name>": ("/users/ada", None),
            "POST /echo (JSON)": ("/echo", '{"name": "ada", "tags": [1, 2, 3]}')}
BASELINE = "hand-written"
PROCESSES = 2
CHART = "docs/bench-servers.png"  # where the README's block shows the chart from


def server_argv(server: str, attr: str, port: int) -> list[str]:
    if server == "uWSGI":
        return [str(VENV_BIN / "uwsgi"), "--http-socket", f"127.0.0.1:{port}", "--master",
                "--processes", str(PROCESSES), "--disable-logging", "--die-on-term",
                "--need-app", "--buffer-size", "65535", "--chdir", str(ROOT / "benchmarks"),
                "--wsgi-file", "bench_apps.py", "--callable", attr]
    return [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers",
            str(PROCESSES), "--log-level", "warning", "--no-control-socket", "--chdir",
            str(ROOT / "benchmarks"), f"bench_apps:{attr}"]


def serve_and_measure(server: str, app: str, seconds: int, tmp: Path,
                      warm_up: bool) -> dict[str, tuple[float, float]]:
    """Each request's (req/s, p99 ms) from one server process of ``app``, on a fresh port.

    Other programs on this machine pick free ports too: when another one took the
    port between our look and our bind, our server exits and wrk meets theirs, or
    nothing.  That attempt is dropped and made again, on another port.
    """
    attempts = 3
    while True:
        port = free_port()
        try:
            with running(server_argv(server, APPS[app], port), port) as proc:
                if warm_up:  # every worker imports and answers once first
                    report.wrk(port, "/", 1, tmp)
                got = {request: report.wrk(port, path, seconds, tmp, body)
                       for request, (path, body) in REQUESTS.items()}
                if proc.poll() is not None:
                    raise RuntimeError(f"{server} exited with {proc.returncode}")
                return got
        except RuntimeError as exc:
            attempts -= 1
            if not attempts:
                raise
            print(f"{server}, {app}: {exc}\nonce more, on another port", file=sys.stderr)


def measure(rounds: int, seconds: int, servers: tuple[str, ...], apps: tuple[str, ...],
            warm_up: bool = True) -> dict[str, Any]:
    """Every wrk run of every round, with what is needed to read them again."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(rounds):
            for server in servers:
                order = list(apps)
                random.shuffle(order)
                for app in order:
                    got = serve_and_measure(server, app, seconds, Path(tmp), warm_up)
                    for request, (rate, p99) in got.items():
                        runs.append({"round": round_, "server": server, "request": request,
                                     "app": app, "rps": round(rate, 1), "p99_ms": round(p99, 3)})
            print(f"round {round_ + 1} of {rounds} done", file=sys.stderr, flush=True)
    programs = {"uWSGI": [str(VENV_BIN / "uwsgi"), "--version"],
                "gunicorn": [str(VENV_BIN / "gunicorn"), "--version"], "wrk": ["wrk", "-v"]}
    return {"date": report.stamp(), "machine": report.machine(programs, ("falcon", "Flask")),
            "rounds": rounds, "seconds": seconds, "processes": PROCESSES,
            "servers": list(servers), "requests": list(REQUESTS), "apps": list(apps),
            "runs": runs}


def summary(data: dict[str, Any]) -> dict[tuple[str, str, str], tuple[float, float, float]]:
    """(server, request, app) -> (median req/s, median ratio to the baseline, median p99 ms)."""
    runs = {(r["round"], r["server"], r["request"], r["app"]): r for r in data["runs"]}
    numbers: dict[tuple[str, str, str], list[tuple[float, float, float]]] = {}
    for (round_, server, request, app), run in runs.items():
        numbers.setdefault((server, request, app), []).append(
            (run["rps"], run["rps"] / runs[(round_, server, request, BASELINE)]["rps"],
             run["p99_ms"]))
    medians = {}
    for key, values in numbers.items():
        rates, ratios, p99s = zip(*values, strict=True)
        medians[key] = (statistics.median(rates), statistics.median(ratios),
                        statistics.median(p99s))
    return medians


def render(data: dict[str, Any]) -> str:
    """The README's block: when and where, the table, the chart."""
    numbers = summary(data)
    servers = data["servers"]
    header = "| request | app |" + "".join(f" {s} req/s | ratio | p99 ms |" for s in servers)
    lines = [
        report.describe(data),
        "",
        f"wrk -t2 -c32 on 127.0.0.1, {data['processes']} worker processes per server, "
        f"{report.plural(data['rounds'], 'interleaved round')} of {data['seconds']} s "
        "per request. "
        f"Ratio: requests per second over the {BASELINE} callable's in the same round "
        "(the median of the rounds; higher is faster).",
        "",
        header,
        "|---|---|" + "---|---|---|" * len(servers),
    ]
    for request in data["requests"]:
        for app in data["apps"]:
            cells = "".join(f" {rate:,.0f} | {ratio:.2f} | {p99:.1f} |" for rate, ratio, p99
                            in (numbers[(s, request, app)] for s in servers))
            lines.append(f"| `{request}` | {app} |{cells}")
    lines += ["", f"![Requests per second of each app as a ratio to the {BASELINE} callable, "
                  f"for each request, under each server]({CHART})"]
    return "\n".join(lines)


def chart(data: dict[str, Any], path: Path) -> None:
    """Grouped bars: one panel per server, a group per request, a bar per app."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    numbers = summary(data)
    servers, requests, apps = data["servers"], data["requests"], data["apps"]
    width = 0.8 / len(apps)
    highest = max(ratio for _, ratio, _ in numbers.values())
    fig, axes = plt.subplots(1, len(servers), figsize=(5.5 * len(servers) + 1, 5),
                             sharey=True, squeeze=False)
    for ax, server in zip(axes[0], servers, strict=True):
        for i, app in enumerate(apps):
            xs = [x + (i - (len(apps) - 1) / 2) * width for x in range(len(requests))]
            bars = ax.bar(xs, [numbers[(server, r, app)][1] for r in requests], width,
                          label=app, color=f"C{i}")
            ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=2)
        ax.axhline(1.0, color="black", linestyle="--", linewidth=0.8,
                   label=f"{BASELINE} = 1.0")
        ax.set_xticks(range(len(requests)), requests, fontsize=9)
        ax.set_xlabel("request")
        ax.set_title(f"{server}, {data['processes']} worker processes")
        ax.set_ylim(0, highest * 1.3)
    axes[0][0].set_ylabel(f"requests/s as a ratio to {BASELINE}\n(higher is faster)")
    axes[0][0].legend(ncol=3, loc="upper left", fontsize=8)
    rounds = report.plural(data["rounds"], "interleaved round")
    fig.suptitle("The same requests through real servers, wrk -t2 -c32 on loopback\n"
                 f"median of {rounds}, {data['date']}", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="1 round of 1 s runs, uWSGI only, hand-written and wsgikit only")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3, help="of each wrk run")
    report.options(parser)
    args = parser.parse_args(argv)
    if args.load:
        data = report.load(args.load)
    elif shutil.which("wrk") is None:
        print("servers.py: wrk is not installed (apt-get install wrk; make test installs it "
              "as root)", file=sys.stderr)
        return 2
    elif args.quick:
        data = measure(1, 1, SERVERS[:1], (BASELINE, "wsgikit"), warm_up=False)
    else:
        data = measure(args.rounds, args.seconds, SERVERS, tuple(APPS))
    report.publish(args, "bench-servers", data, render, chart)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
