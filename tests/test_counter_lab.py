"""Seed Test #13 for real: the counter under uWSGI with several processes and threads."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from examples.counter_lab import LAYOUTS, main, run_layout
from tests.servers import free_port

pytestmark = pytest.mark.server


@pytest.mark.parametrize(("processes", "threads"), LAYOUTS, ids=[f"{p}x{t}" for p, t in LAYOUTS])
def test_store_is_exact_and_global_only_in_one_process(processes: int, threads: int) -> None:
    outcome = run_layout(processes, threads, requests=2000, clients=16)
    # State outside the app server is exact under every layout ...
    assert outcome.store_final == 2000
    assert outcome.store_repeats == 0
    # ... a module global is exact only when one process serves everything.
    if processes == 1:
        assert outcome.global_right, outcome
    else:
        assert outcome.global_max < 2000 and outcome.global_repeats > 0, outcome


def test_the_lab_prints_each_layout_and_starts_from_a_fresh_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A store left over from another run (the gallery's, or an earlier lab's) must not count.
    old = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(old)) as db:
        db.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        db.execute("INSERT INTO counter VALUES (1, 1055)")
        db.commit()
    monkeypatch.setenv("WSGIKIT_COUNTER_DB", str(old))
    assert main(["--requests", "40", "--clients", "4", "--port", str(free_port())]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    layout_rows = [row for row in rows if "of 40 |" in row and "| - |" not in row]
    assert len(layout_rows) == len(LAYOUTS)
    assert all("| 40 of 40 | 0 |" in row for row in layout_rows), layout_rows
    with closing(sqlite3.connect(old)) as db:
        assert db.execute("SELECT value FROM counter").fetchone() == (1055,)
