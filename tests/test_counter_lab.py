"""Seed Test #13 for real: the counter under uWSGI with several processes and threads."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from examples.counter_lab import (
    HOSTS,
    LAYOUTS,
    STORES,
    main,
    missing_programs,
    run_failover,
    run_hosts,
    run_layout,
)
from tests.servers import free_port

pytestmark = pytest.mark.server

MISSING = missing_programs()
needs_two_hosts = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{' and '.join(MISSING)} not installed (make test installs them when run as root)",
)


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
    monkeypatch.setenv("WSGIKIT_COUNTER_STORE", f"sqlite:///{old}")
    argv = ["--lab", "one-host", "--requests", "40", "--clients", "4", "--port", str(free_port())]
    assert main(argv) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    layout_rows = [row for row in rows if "of 40 |" in row and "| - |" not in row]
    assert len(layout_rows) == len(LAYOUTS)
    assert all("| 40 of 40 | 0 |" in row for row in layout_rows), layout_rows
    with closing(sqlite3.connect(old)) as db:
        assert db.execute("SELECT value FROM counter").fetchone() == (1055,)


@needs_two_hosts
def test_two_hosts_count_exactly_only_with_a_shared_store() -> None:
    requests = 400
    outcomes = {store: run_hosts(store, requests=requests, clients=16) for store in STORES}
    # Redis, shared by both hosts: exact.
    assert outcomes["redis"].right, outcomes["redis"]
    # Round robin with no host failing sends requests to both hosts, and each host counts
    # from 1 on its own: whatever the timing, some value comes back twice and none reaches
    # the number of requests.  (How they split between processes is not certain.)
    for store in ("global", "sqlite"):
        outcome = outcomes[store]
        assert all(outcome.answered[host] > 0 for host in HOSTS), outcome
        assert outcome.highest < requests and outcome.repeats > 0, outcome
        assert not outcome.right
    # Each host's SQLite file is exact for that host alone: together they hold every request.
    sqlite = outcomes["sqlite"]
    assert sqlite.finals == [sqlite.answered[host] for host in HOSTS]
    assert sum(sqlite.finals) == requests and requests not in sqlite.finals


@needs_two_hosts
def test_killing_a_host_loses_no_acknowledged_increase() -> None:
    requests, clients = 600, 16
    run = run_failover(requests=requests, clients=clients)
    # Every 200 carries its own count, and every one of them is in Redis.
    assert len(run.values) == run.ok
    assert run.distinct == run.ok
    assert max(run.values) <= run.final
    assert run.final >= run.ok
    assert run.exact
    # nginx sent the killed host's traffic to the other host: only a request the dead
    # host had half answered can be without an answer (never a 5xx), and at most one
    # per client was in flight when it died.
    assert set(run.statuses) <= {200, 0}, run.statuses
    assert run.ok >= requests - clients, run.statuses
    assert run.answered[HOSTS[-1]] > 0 and run.answered[HOSTS[0]] > run.answered[HOSTS[-1]]
    # An increase applied without a 200 (the host died mid-request) is allowed, and counted.
    assert 0 <= run.applied_without_answer <= clients


@needs_two_hosts
def test_the_lab_prints_the_two_host_table_and_the_failover_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--lab", "two-hosts", "--requests", "40", "--clients", "4"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    names = [label for _, label in STORES.values()]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows[1:4]] == names
    assert "| 40 of 40 | 0 | 40 |" in rows[3]  # Redis, shared: exact
    assert rows[-1].startswith("| 40 | 13 (127.0.0.3) |"), rows[-1]
