"""What the benchmarks share: a wrk run, the machine it ran on, and the README blocks.

``benchmarks/servers.py`` and ``benchmarks/two_hosts.py`` measure with wrk on
loopback, ``benchmarks/routing.py`` and ``benchmarks/bodies.py`` in process, and
``examples/counter_lab.py`` counts what came back.  Each publishes what it
measured in places that must agree:

- a JSON file of every run (``docs/bench-*.json``, ``docs/lab-*.json``), the record;
- a PNG chart drawn from it (``docs/bench-*.png``), for the server benchmarks;
- markdown rendered from it, written into the README (and ``docs/deploying.md``)
  between two marker comments, ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->``.

So no number in those blocks is typed by hand: ``tests/test_bench_docs.py``
renders each block again from its JSON file and compares.  ``--load`` rewrites
the blocks (and redraws the chart) from a saved file without measuring, for a
change to the rendering.

    data = {"date": stamp(), "machine": machine({"uWSGI": ...}), "runs": [...]}
    publish(args, "bench-servers", data, render, chart)       # one block
    publish_blocks(args, data, {"bench-routing": ..., ...})   # several
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = [
    "block", "describe", "load", "machine", "met", "options", "plural", "publish", "publish_blocks",
    "replace_block", "save", "stamp", "wrk", "write_blocks",
]

POST_SCRIPT = """wrk.method = "POST"
wrk.body = '{body}'
wrk.headers["Content-Type"] = "application/json"
"""


def wrk(port: int, path: str, seconds: int, tmp: Path,
        body: str | None = None) -> tuple[float, float]:
    """(requests per second, p99 in ms) of one ``wrk -t2 -c32`` run on 127.0.0.1; a POST
    of ``body`` as JSON when there is one."""
    argv = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"]
    if body is not None:
        script = tmp / "post.lua"
        script.write_text(POST_SCRIPT.format(body=body))
        argv[1:1] = ["-s", str(script)]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({out.returncode}):\n{out.stdout}{out.stderr}")
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out.stdout).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([0-9.]+)(us|ms|s)", out.stdout).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    # uWSGI's --http-socket closes the connection after each answer, which wrk counts
    # as a "read" socket error; an answer that is not a 2xx is a real failure.
    if "Non-2xx" in out.stdout or re.search(r"Socket errors: connect [1-9]", out.stdout):
        raise RuntimeError(f"wrk saw errors:\n{out.stdout}")
    return rate, p99


def _first_line(argv: list[str]) -> str:
    out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    return (out.stdout or out.stderr).strip().splitlines()[0]


def machine(programs: dict[str, list[str]], packages: tuple[str, ...] = ()) -> dict[str, Any]:
    """Where and with what a run was made: cores, load, Python, and each program's version.

    ``programs`` maps a name to the command that prints its version; the first
    version-looking word of its first line is kept.
    """
    cpu = next((line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    versions = {"Python": platform.python_version()}
    for name, argv in programs.items():
        version = re.search(r"\d+\.\d+(\.\d+)?", _first_line(argv))
        versions[name] = version.group(0) if version else "?"
    for package in packages:
        versions[package] = importlib.metadata.version(package)
    return {"cores": os.cpu_count(), "cpu": cpu, "load": round(os.getloadavg()[0], 1),
            "versions": versions}


def describe(data: dict[str, Any]) -> str:
    """The line above a README table: when, on what, and how busy it was."""
    box = data["machine"]
    versions = ", ".join(f"{name} {version}" for name, version in box["versions"].items())
    return (f"Measured {data['date']} on {box['cores']} cores ({box['cpu']}), load average "
            f"{box['load']:.1f} as it began; {versions}.")


def _span(text: str, name: str) -> tuple[int, int]:
    """Where the lines between ``name``'s two marker lines start and stop in ``text``."""
    begin, end = f"<!-- {name}:begin -->\n", f"<!-- {name}:end -->"
    start = text.index(begin) + len(begin)  # ValueError: no such block
    return start, text.index(end, start)


def block(text: str, name: str) -> str:
    """The lines between ``name``'s two marker lines in ``text``."""
    start, stop = _span(text, name)
    return text[start:stop].removesuffix("\n")


def replace_block(text: str, name: str, inside: str) -> str:
    """``text`` with the lines between ``name``'s marker lines replaced by ``inside``."""
    start, stop = _span(text, name)
    return text[:start] + inside + "\n" + text[stop:]


def load(path: Path) -> dict[str, Any]:
    """The runs saved by ``--save``."""
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def options(parser: argparse.ArgumentParser, chart: bool = True) -> None:
    """The options that say where a run's results go (``make bench-servers`` gives them all)."""
    parser.add_argument("--save", type=Path, metavar="JSON", help="write every run to this file")
    parser.add_argument("--load", type=Path, metavar="JSON",
                        help="measure nothing: publish a file written by --save")
    if chart:
        parser.add_argument("--chart", type=Path, metavar="PNG", help="draw it (needs matplotlib)")
    parser.add_argument("--readme", type=Path, metavar="MD", action="append",
                        help="write the tables into this file's marked blocks (may be repeated)")


def met(ok: bool) -> str:
    """How a target line says whether the run reached it."""
    return "met" if ok else "MISSED"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def stamp() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def save(path: Path, data: dict[str, Any]) -> None:
    """Write what a run measured, for ``--load`` and the tests to render again."""
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {path}", file=sys.stderr)


def write_blocks(paths: list[Path], blocks: dict[str, str]) -> None:
    """Write each block into every file of ``paths`` that has its markers.

    A block that none of them has is an error: a renamed block must not go unwritten.
    """
    texts = {path: path.read_text() for path in paths}
    for name, inside in blocks.items():
        found = [path for path, text in texts.items() if f"<!-- {name}:begin -->" in text]
        if not found:
            raise ValueError(f"no {name} block in {', '.join(map(str, paths))}")
        for path in found:
            texts[path] = replace_block(texts[path], name, inside)
            print(f"wrote the {name} block of {path}", file=sys.stderr)
    for path, text in texts.items():
        # read and written at once: other edits to the file survive
        path.write_text(text)


def publish_blocks(args: argparse.Namespace, data: dict[str, Any], blocks: dict[str, str],
                   chart: Callable[[dict[str, Any], Path], None] | None = None) -> None:
    """Print the blocks; save the data, draw it and write the blocks where ``args`` say."""
    print("\n\n".join(blocks.values()))
    if args.save:
        save(args.save, data)
    if chart is not None and args.chart:
        chart(data, args.chart)
        print(f"wrote {args.chart}", file=sys.stderr)
    if args.readme:
        write_blocks(args.readme, blocks)


def in_process_main(doc: str, measure: Callable[[bool], dict[str, Any]],
                    render: Callable[[dict[str, Any]], dict[str, str]],
                    argv: list[str] | None) -> int:
    """The command line of an in-process benchmark: measure (or ``--load``), then publish."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    options(parser, chart=False)
    args = parser.parse_args(argv)
    data = load(args.load) if args.load else measure(args.quick)
    publish_blocks(args, data, render(data))
    return 0


def publish(args: argparse.Namespace, name: str, data: dict[str, Any],
            render: Callable[[dict[str, Any]], str],
            chart: Callable[[dict[str, Any], Path], None] | None = None) -> None:
    """Print the table; save, draw and write it where ``args`` say."""
    publish_blocks(args, data, {name: render(data)}, chart)
