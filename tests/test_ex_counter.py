"""counter: the stored count is exact under threads and processes; the global is per process.

Every test points ``WSGIKIT_COUNTER_DB`` at a fresh file under ``tmp_path``
(the app reads the variable on every request).
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.casekit import FORMS_PRESENT, Case, call_wsgi, expected, load_app, load_cases

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "counter.sqlite3"
    monkeypatch.delenv("WSGIKIT_COUNTER_STORE", raising=False)  # it would win over the path
    monkeypatch.setenv("WSGIKIT_COUNTER_DB", str(path))
    return path


def media_type(form: str) -> str | None:
    """A count's media type as this form sends it (the case table's, Flask's where recorded)."""
    (case,) = [case for case in load_cases("counter") if case.id == "store-value"]
    return expected(case, form).content_type


def get(app: Any, path: str, form: str) -> int:
    result = call_wsgi(app, Case("get", path))
    assert result.status == 200, result.body
    assert result.headers["content-type"] == media_type(form)
    return int(result.body)


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_store_counts_one_two_three(form: str, db: Path) -> None:
    app = load_app(form, "counter")
    assert get(app, "/store/value", form) == 0
    assert [get(app, "/store/increase", form) for _ in range(3)] == [1, 2, 3]
    assert get(app, "/store/value", form) == 3
    assert db.exists()


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_store_path_is_read_per_request(
    form: str, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = load_app(form, "counter")
    assert [get(app, "/store/increase", form) for _ in range(2)] == [1, 2]
    monkeypatch.setenv("WSGIKIT_COUNTER_DB", str(tmp_path / "other.sqlite3"))
    assert get(app, "/store/increase", form) == 1
    monkeypatch.setenv("WSGIKIT_COUNTER_DB", str(db))
    assert get(app, "/store/value", form) == 2


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_store_is_exact_under_threads(form: str, db: Path) -> None:
    app = load_app(form, "counter")
    with ThreadPoolExecutor(8) as pool:
        values = list(pool.map(lambda _: get(app, "/store/increase", form), range(8 * 50)))
    assert sorted(values) == list(range(1, 401))
    assert get(app, "/store/value", form) == 400


WORKER = """
import sys
from tests.casekit import Case, call_wsgi, load_app
app = load_app(sys.argv[1], "counter")
for _ in range(int(sys.argv[2])):
    print(int(call_wsgi(app, Case("inc", sys.argv[3])).body), flush=True)
"""


def in_processes(form: str, path: str, processes: int, each: int) -> list[list[int]]:
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, form, str(each), path],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    seen = []
    for worker in workers:
        out, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0
        seen.append([int(line) for line in out.split()])
    return seen


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_store_is_exact_under_processes(form: str, db: Path) -> None:
    values = sum(in_processes(form, "/store/increase", 4, 25), [])
    assert sorted(values) == list(range(1, 101))
    assert get(load_app(form, "counter"), "/store/value", form) == 100


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_global_counts_in_this_process_only(form: str, db: Path) -> None:
    app = load_app(form, "counter")
    first = get(app, "/increase", form)
    with ThreadPoolExecutor(8) as pool:
        values = list(pool.map(lambda _: get(app, "/increase", form), range(8 * 50)))
    # exact within the process (threads included) ...
    assert sorted(values) == list(range(first + 1, first + 401))
    # ... and nothing of it reached the store
    assert get(app, "/store/value", form) == 0


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_global_is_wrong_across_processes(form: str, db: Path) -> None:
    # The lab's observation under uwsgi --processes=2: each process counts on its own.
    assert in_processes(form, "/increase", 2, 3) == [[1, 2, 3], [1, 2, 3]]
