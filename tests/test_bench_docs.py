"""The docs' measured tables are what the scripts render from the runs they saved.

``make bench-servers``, ``make bench`` and the counter lab write each table
between two marker comments in the README (and docs/deploying.md); these tests
render it again from ``docs/bench-*.json`` or ``docs/lab-*.json`` and compare,
so a number edited by hand, or a table left behind by a change to the script,
fails here.  Then one quick run of each script, into a temporary directory.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from benchmarks import bodies, limits, report, routing, servers, two_hosts
from examples import counter_lab
from examples.counter_lab import missing_programs

ROOT = Path(__file__).resolve().parent.parent
Render = Callable[[dict[str, Any]], dict[str, str]]
SCRIPTS = [pytest.param(servers, "bench-servers", id="servers"),
           pytest.param(two_hosts, "bench-two-hosts", id="two-hosts")]
REGENERATE = "run: make bench-servers (or benchmarks/<script>.py --load ... --readme README.md)"
BOTH = ["README.md", "docs/deploying.md"]
# Scripts with no chart, whose render gives several blocks: where each block must be.
BLOCKS = [
    pytest.param(routing.main, routing.render, "bench-routing.json",
                 {"bench-routing": ["README.md"], "bench-requests": ["README.md"]}, id="routing"),
    pytest.param(bodies.main, bodies.render, "bench-bodies.json",
                 {"bench-bodies": ["README.md"]}, id="bodies"),
    pytest.param(counter_lab.main, counter_lab.blocks, "lab-counter.json",
                 {"lab-one-host": ["README.md"], "lab-two-hosts": BOTH, "lab-failover": BOTH},
                 id="counter-lab"),
    pytest.param(limits.main, limits.blocks, "bench-limits.json",
                 {"limits-long": ["docs/deploying.md"], "limits-slow": ["docs/deploying.md"]},
                 id="limits"),
]


@pytest.mark.parametrize(("script", "name"), SCRIPTS)
def test_the_readme_block_is_the_saved_run_rendered(script: ModuleType, name: str) -> None:
    data = report.load(ROOT / "docs" / f"{name}.json")
    readme = (ROOT / "README.md").read_text()
    assert report.block(readme, name) == script.render(data), REGENERATE
    assert f"]({script.CHART})" in report.block(readme, name)
    assert (ROOT / script.CHART).is_file()


@pytest.mark.parametrize(("script", "name"), SCRIPTS)
def test_load_redraws_and_rewrites_without_measuring(
    script: ModuleType, name: str, tmp_path: Path
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n<!-- {name}:begin -->\nold\n<!-- {name}:end -->\nafter\n")
    saved = ROOT / "docs" / f"{name}.json"
    argv = ["--load", str(saved), "--chart", str(tmp_path / "c.png"), "--readme", str(readme)]
    assert script.main(argv) == 0
    rendered = script.render(report.load(saved))
    block = f"<!-- {name}:begin -->\n{rendered}\n<!-- {name}:end -->"
    assert readme.read_text() == f"before\n{block}\nafter\n"
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("main", "render", "saved", "places"), BLOCKS)
def test_every_block_is_its_saved_run_rendered(
    main: Callable[[list[str]], int], render: Render, saved: str, places: dict[str, list[str]]
) -> None:
    blocks = render(report.load(ROOT / "docs" / saved))
    assert set(blocks) == set(places)
    for name, files in places.items():
        for file in files:
            assert report.block((ROOT / file).read_text(), name) == blocks[name], (
                f"{file}, {name}: run make bench, or the script with --load docs/{saved} "
                "--readme README.md (the lab: also --readme docs/deploying.md)")


@pytest.mark.parametrize(("main", "render", "saved", "places"), BLOCKS)
def test_load_writes_every_block_without_measuring(
    main: Callable[[list[str]], int], render: Render, saved: str, places: dict[str, list[str]],
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # each block into every file that has its markers, and into no other
    files = {file: tmp_path / Path(file).name for file in BOTH}
    for file, path in files.items():
        path.write_text("".join(f"{name}:\n<!-- {name}:begin -->\nold\n<!-- {name}:end -->\n"
                                for name, where in places.items() if file in where) + "end\n")
    argv = ["--load", str(ROOT / "docs" / saved)]
    for path in files.values():
        argv += ["--readme", str(path)]
    assert main(argv) == 0
    blocks = render(report.load(ROOT / "docs" / saved))
    for file, path in files.items():
        assert path.read_text() == "".join(
            f"{name}:\n<!-- {name}:begin -->\n{blocks[name]}\n<!-- {name}:end -->\n"
            for name, where in places.items() if file in where) + "end\n"
    assert capsys.readouterr().out == "\n\n".join(blocks.values()) + "\n"


def test_a_block_that_no_file_has_is_an_error(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("<!-- a:begin -->\n<!-- a:end -->\n")
    with pytest.raises(ValueError, match="no b block"):
        report.write_blocks([readme], {"a": "1", "b": "2"})


def test_a_block_is_replaced_alone_and_a_missing_one_is_an_error() -> None:
    text = "a\n<!-- x:begin -->\n<!-- x:end -->\nb <!-- y:begin -->\n"
    once = report.replace_block(text, "x", "1\n2")
    assert once == "a\n<!-- x:begin -->\n1\n2\n<!-- x:end -->\nb <!-- y:begin -->\n"
    assert report.block(once, "x") == "1\n2"
    twice = report.replace_block(once, "x", "3")
    assert twice == "a\n<!-- x:begin -->\n3\n<!-- x:end -->\nb <!-- y:begin -->\n"
    with pytest.raises(ValueError):
        report.block(text, "y")  # no end marker
    with pytest.raises(ValueError):
        report.replace_block(text, "z", "1")


def test_the_ratio_is_taken_within_each_round() -> None:
    # The machine's speed drifts between rounds; in two of the three SQLite ran at 1/20
    # of the global in the same round.  (The ratio of the medians would say 200 / 2000.)
    rates = {"global": (1000.0, 2000.0, 4000.0), "sqlite": (400.0, 100.0, 200.0),
             "redis": (500.0, 1000.0, 2000.0)}
    runs = [{"round": r, "store": store, "rps": rps[r], "p99_ms": 10.0 * (r + 1)}
            for store, rps in rates.items() for r in range(3)]
    numbers = two_hosts.summary({"stores": list(rates), "runs": runs})
    assert numbers["sqlite"] == (200.0, 0.05, 20.0)
    assert numbers["redis"] == (1000.0, 0.5, 20.0)
    assert numbers["global"][1] == 1.0


def _quick(script: ModuleType, name: str, tmp_path: Path) -> dict[str, object]:
    readme = tmp_path / "README.md"
    readme.write_text(f"<!-- {name}:begin -->\n<!-- {name}:end -->\n")
    saved, png = tmp_path / "runs.json", tmp_path / "chart.png"
    argv = ["--quick", "--save", str(saved), "--chart", str(png), "--readme", str(readme)]
    assert script.main(argv) == 0
    data: dict[str, object] = json.loads(saved.read_text())
    assert report.block(readme.read_text(), name) == script.render(data)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return data


@pytest.mark.server
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_a_quick_server_run_saves_renders_and_draws(tmp_path: Path) -> None:
    data = _quick(servers, "bench-servers", tmp_path)
    assert {(r["server"], r["app"]) for r in data["runs"]} == {  # type: ignore[attr-defined]
        ("uWSGI", "hand-written"), ("uWSGI", "wsgikit")}
    assert all(r["rps"] > 0 for r in data["runs"])  # type: ignore[attr-defined]


@pytest.mark.server
@pytest.mark.skipif(bool(shutil.which("wrk") is None or missing_programs()),
                    reason="wrk, nginx or redis-server is not installed")
def test_a_quick_two_host_run_saves_renders_and_draws(tmp_path: Path) -> None:
    data = _quick(two_hosts, "bench-two-hosts", tmp_path)
    assert sorted(r["store"] for r in data["runs"]) == ["global", "redis", "sqlite"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("main", "render", "name"), [
    pytest.param(routing.main, routing.render, "bench-routing", id="routing"),
    pytest.param(bodies.main, bodies.render, "bench-bodies", id="bodies"),
])
def test_a_quick_in_process_run_saves_and_writes_its_blocks(
    main: Callable[[list[str]], int], render: Render, name: str, tmp_path: Path
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("".join(f"<!-- {block}:begin -->\n<!-- {block}:end -->\n"
                              for block in ("bench-routing", "bench-requests", "bench-bodies")))
    saved = tmp_path / "runs.json"
    assert main(["--quick", "--save", str(saved), "--readme", str(readme)]) == 0
    blocks = render(report.load(saved))
    assert name in blocks
    for block, text in blocks.items():
        assert report.block(readme.read_text(), block) == text
        assert "MISSED" in text or "met" in text


@pytest.mark.server
def test_a_quick_limits_run_saves_and_writes_both_blocks(tmp_path: Path) -> None:
    readme, saved = tmp_path / "deploying.md", tmp_path / "limits.json"
    readme.write_text("".join(f"<!-- {name}:begin -->\n<!-- {name}:end -->\n"
                              for name in ("limits-long", "limits-slow")))
    assert limits.main(["--quick", "--save", str(saved), "--readme", str(readme)]) == 0
    data = report.load(saved)
    assert [row["front"] for row in data["long"]] == list(limits.QUICK)
    assert [row["front"] for row in data["slow"]] == list(limits.QUICK)
    serve = data["long"][0]
    for kind in ("line", "header"):
        assert isinstance(serve[kind]["longest"], int) and serve[kind]["longest"] > 0
        assert serve[kind]["beyond"]  # what one step more got: a status or "no response"
    for row in data["slow"]:
        assert [r["answered"] for r in row["rounds"]] == [
            sum(ms is not None for ms in r["ms"]) for r in row["rounds"]]
        assert all(len(r["ms"]) == row["ordinary"] for r in row["rounds"])
    for name, text in limits.blocks(data).items():
        assert report.block(readme.read_text(), name) == text
    assert set(limits.blocks(data)) == {"limits-long", "limits-slow"}


@pytest.mark.server
def test_the_lab_saves_what_it_counted_and_writes_its_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme, saved = tmp_path / "README.md", tmp_path / "lab.json"
    readme.write_text("<!-- lab-one-host:begin -->\n<!-- lab-one-host:end -->\n")
    argv = ["--lab", "one-host", "--requests", "40", "--clients", "4"]
    assert counter_lab.main([*argv, "--save", str(saved), "--readme", str(readme)]) == 0
    printed = capsys.readouterr().out
    data = report.load(saved)
    finals = [o["store_final"] for o in data["one_host"]["layouts"]]
    assert finals == [40] * len(counter_lab.LAYOUTS)
    assert "two_hosts" not in data
    block = report.block(readme.read_text(), "lab-one-host")
    assert block == counter_lab.blocks(data)["lab-one-host"]
    # the block holds the rows the lab printed, and the lab printed only those
    rows = [line for line in printed.splitlines() if line.startswith("| ")]
    assert rows == [line for line in block.splitlines() if line.startswith("| ")]
