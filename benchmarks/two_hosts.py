"""The counter lab's two hosts behind nginx, measured by wrk: requests/s and p99 per store.

    .venv/bin/python benchmarks/two_hosts.py           # about 2 minutes; prints the table
    .venv/bin/python benchmarks/two_hosts.py --quick   # a smoke run in seconds
    make bench-servers                                  # also docs/bench-two-hosts.json and
                                                        # .png, and the README's block

The layout is ``python -m examples.counter_lab --lab two-hosts``'s, started by
the same code (``two_hosts`` and ``redis_server`` there): uWSGI on 127.0.0.2
and on 127.0.0.3, standing for two machines, 2 processes each, the counter
exercise's raw form, nginx on 127.0.0.1 in front with an ``upstream`` of both
(round robin).  Two such layouts run side by side, one with an SQLite file per
host and one with a Redis both hosts share, and ``wrk -t2 -c32`` asks nginx
for an increase:

- ``GET /increase`` on the SQLite layout: the module global, no store at all;
- ``GET /store/increase`` on the SQLite layout: a transaction on the host's file;
- ``GET /store/increase`` on the Redis layout: an ``INCR`` over the network.

The lab shows which of them count right (only Redis); this shows what each
costs.  The stores take turns in a new random order in each round, and the
table gives the median requests per second, its ratio to the module global's
in the same round, and the median p99 latency.  Every process is started on
loopback and stopped by its own PID on the way out, whatever happens.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402
from examples import counter_lab  # noqa: E402
from examples.counter_lab import HOST_PROCESSES, HOSTS, STORES  # noqa: E402

BASELINE = "global"
COUNTS = {"global": "wrong: each process counts alone",
          "sqlite": "wrong: each host counts alone", "redis": "exact"}
CHART = "docs/bench-two-hosts.png"  # where the README's block shows the chart from


@contextmanager
def layouts(tmp: Path) -> Iterator[dict[str, int]]:
    """Both layouts running; nginx's port for each store."""
    with counter_lab.redis_server() as url, ExitStack() as stack:
        for name in ("sqlite", "redis"):
            (tmp / name).mkdir()
        per_host = {host: f"sqlite:///{tmp}/{host}.sqlite3" for host in HOSTS}
        local = stack.enter_context(counter_lab.two_hosts(tmp / "sqlite", per_host))
        shared = stack.enter_context(
            counter_lab.two_hosts(tmp / "redis", dict.fromkeys(HOSTS, url)))
        yield {"global": local.port, "sqlite": local.port, "redis": shared.port}


def measure(rounds: int, seconds: int, warm_up: bool = True) -> dict[str, Any]:
    """Every wrk run of every round, with what is needed to read them again."""
    runs = []
    with tempfile.TemporaryDirectory() as name, layouts(Path(name)) as ports:
        tmp = Path(name)
        if warm_up:  # every worker imports the exercise and opens its store once first
            for store, port in ports.items():
                report.wrk(port, STORES[store][0], 1, tmp)
        for round_ in range(rounds):
            order = list(STORES)
            random.shuffle(order)
            for store in order:
                rate, p99 = report.wrk(ports[store], STORES[store][0], seconds, tmp)
                runs.append({"round": round_, "store": store, "rps": round(rate, 1),
                             "p99_ms": round(p99, 3)})
            print(f"round {round_ + 1} of {rounds} done", file=sys.stderr, flush=True)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    programs = {"uWSGI": [str(Path(sys.executable).parent / "uwsgi"), "--version"],
                "nginx": [nginx, "-v"], "redis-server": ["redis-server", "--version"],
                "wrk": ["wrk", "-v"]}
    return {"date": report.stamp(), "machine": report.machine(programs), "rounds": rounds,
            "seconds": seconds, "processes": HOST_PROCESSES, "stores": list(STORES),
            "runs": runs}


def summary(data: dict[str, Any]) -> dict[str, tuple[float, float, float]]:
    """store -> (median req/s, median ratio to the module global, median p99 ms)."""
    runs = {(r["round"], r["store"]): r for r in data["runs"]}
    medians = {}
    for store in data["stores"]:
        mine = [run for (_, s), run in runs.items() if s == store]
        medians[store] = (
            statistics.median(run["rps"] for run in mine),
            statistics.median(run["rps"] / runs[(run["round"], BASELINE)]["rps"] for run in mine),
            statistics.median(run["p99_ms"] for run in mine),
        )
    return medians


def render(data: dict[str, Any]) -> str:
    """The README's block: when and where, the table, the chart."""
    numbers = summary(data)
    lines = [
        report.describe(data),
        "",
        f"wrk -t2 -c32 to nginx on 127.0.0.1, 2 hosts x {data['processes']} uWSGI processes, "
        f"{report.plural(data['rounds'], 'interleaved round')} of {data['seconds']} s per "
        f"store. Ratio: requests per second over the module global's in the same round "
        "(the median of the rounds; higher is faster).",
        "",
        "| store | the count across hosts | req/s | vs module global | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for store in data["stores"]:
        rate, ratio, p99 = numbers[store]
        lines.append(f"| {STORES[store][1]} | {COUNTS[store]} | {rate:,.0f} | {ratio:.2f} "
                     f"| {p99:.1f} |")
    lines += ["", f"![Requests per second and p99 latency of the counter behind nginx, "
                  f"for each store]({CHART})"]
    return "\n".join(lines)


def chart(data: dict[str, Any], path: Path) -> None:
    """Two panels of one bar per store: requests per second, and p99 latency."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    numbers = summary(data)
    stores = data["stores"]
    labels = [f"{STORES[s][1]}\n(count {COUNTS[s].split(':')[0]})" for s in stores]
    colours = [f"C{i}" for i in range(len(stores))]
    fig, (rate, latency) = plt.subplots(1, 2, figsize=(11, 4.8))
    rate_labels = [f"{numbers[s][0]:,.0f}/s\n{numbers[s][1]:.2f}x the global" for s in stores]
    latency_labels = [f"{numbers[s][2]:.1f} ms" for s in stores]
    for ax, column, bar_labels, title, unit in (
        (rate, 0, rate_labels, "Throughput (higher is better)", "requests per second"),
        (latency, 2, latency_labels, "p99 latency (lower is better)", "milliseconds"),
    ):
        values = [numbers[s][column] for s in stores]
        bars = ax.bar(range(len(stores)), values, 0.6, color=colours)
        ax.bar_label(bars, bar_labels, fontsize=8, padding=2)
        ax.set_xticks(range(len(stores)), labels, fontsize=8)
        ax.set_xlabel("where the count is kept")
        ax.set_ylabel(unit)
        ax.set_title(title, fontsize=10)
        ax.set_ylim(0, max(values) * 1.25)
    rate.yaxis.set_major_formatter("{x:,.0f}")
    rounds = report.plural(data["rounds"], "interleaved round")
    fig.suptitle(f"The counter through nginx to 2 hosts x {data['processes']} uWSGI processes, "
                 f"wrk -t2 -c32 on loopback\nmedian of {rounds}, {data['date']}", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 round of 1 s runs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="of each wrk run")
    report.options(parser)
    args = parser.parse_args(argv)
    missing = [name for name in ("wrk",) if shutil.which(name) is None]
    missing += counter_lab.missing_programs()
    if args.load:
        data = report.load(args.load)
    elif missing:
        print(f"two_hosts.py: {' and '.join(missing)} not installed (make test installs "
              "them as root)", file=sys.stderr)
        return 2
    elif args.quick:
        data = measure(1, 1, warm_up=False)
    else:
        data = measure(args.rounds, args.seconds)
    report.publish(args, "bench-two-hosts", data, render, chart)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
