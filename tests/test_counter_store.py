"""counter: the store chosen by ``$WSGIKIT_COUNTER_STORE``, SQLite or a real Redis.

Each Redis test starts its own ``redis-server`` on a free loopback port (no
persistence) and stops it by its PID; stopping it and starting it again on the
same port is how the tests take Redis down and bring it back.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from examples import counter_store as store
from examples.raw.counter import redis_command
from tests.casekit import FORMS_PRESENT, Case, call_wsgi, load_app
from tests.servers import free_port, stop, wait_for_port

REDIS_SERVER = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(
    REDIS_SERVER is None,
    reason="redis-server is not installed (make test installs it when run as root)",
)


class RedisServer:
    """A redis-server on 127.0.0.1:``port`` that a test can stop and start again."""

    def __init__(self, port: int, log: Path) -> None:
        self.port, self.log = port, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert REDIS_SERVER is not None
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no"],
                stdout=out, stderr=subprocess.STDOUT,
            )
        wait_for_port(self.port, self.proc)

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)
            self.proc = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def app_for(form: str, url: str | None = None) -> Any:
    if form != "raw" and url is not None and url.startswith("redis://"):
        pytest.importorskip("redis", reason="redis-py (the redis extra) is not installed")
    return load_app(form, "counter")


def get(app: Any, path: str) -> tuple[int, str]:
    result = call_wsgi(app, Case("get", path))
    return result.status, result.body.decode("utf-8")


def count(app: Any, path: str) -> int:
    status, body = get(app, path)
    assert status == 200, body
    return int(body)


def four_threads(app: Any) -> list[int]:
    """4 threads x 25 concurrent increases; every value each one got back."""
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(lambda _: count(app, "/store/increase"), range(4 * 25)))


@needs_redis
@pytest.mark.parametrize("database", [0, 3], ids=["db0", "db3"])
@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_redis_store_is_exact_under_threads(
    form: str, database: int, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"redis://127.0.0.1:{redis_server.port}/{database}"
    monkeypatch.setenv("WSGIKIT_COUNTER_STORE", url)
    app = app_for(form, url)
    assert count(app, "/store/value") == 0
    assert sorted(four_threads(app)) == list(range(1, 101))
    assert count(app, "/store/value") == 100
    # the count is Redis's, under the key "counter" of the database the URL names
    assert redis_command(url, "GET", "counter") == 100
    if database != 0:
        assert redis_command(f"redis://127.0.0.1:{redis_server.port}/0", "GET", "counter") is None


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_sqlite_url_store_is_exact_under_threads(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "counter.sqlite3"
    monkeypatch.setenv("WSGIKIT_COUNTER_STORE", f"sqlite:///{path}")  # four slashes: absolute
    monkeypatch.setenv("WSGIKIT_COUNTER_DB", str(tmp_path / "ignored.sqlite3"))
    app = app_for(form)
    assert count(app, "/store/value") == 0
    assert sorted(four_threads(app)) == list(range(1, 101))
    assert count(app, "/store/value") == 100
    assert path.exists() and not (tmp_path / "ignored.sqlite3").exists()


def assert_unavailable(app: Any, path: str) -> None:
    # In a thread, so that a store that hangs fails this test instead of hanging the
    # suite; how long the store's own 1 s timeout takes is not asserted.
    answers: list[tuple[int, str]] = []
    thread = threading.Thread(target=lambda: answers.append(get(app, path)), daemon=True)
    thread.start()
    thread.join(60)
    assert answers, f"{path} hung: the store's timeout did not fire"
    status, body = answers[0]
    assert status == 503, body
    assert "counter store is unavailable" in body


@needs_redis
@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_redis_down_is_a_503_and_the_count_resumes_when_it_is_back(
    form: str, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    monkeypatch.setenv("WSGIKIT_COUNTER_STORE", url)
    app = app_for(form, url)
    assert [count(app, "/store/increase") for _ in range(3)] == [1, 2, 3]
    redis_server.stop()
    for path in ("/store/increase", "/store/value", "/store/increase"):
        assert_unavailable(app, path)
    redis_server.start()  # the same port, an empty database (no persistence)
    assert count(app, "/store/increase") == 1  # the same app: no restart
    assert count(app, "/store/value") == 1


@needs_redis
@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_an_error_from_redis_is_a_503(
    form: str, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Redis has 16 databases: SELECT 99 answers "-ERR DB index is out of range".
    url = f"redis://127.0.0.1:{redis_server.port}/99"
    monkeypatch.setenv("WSGIKIT_COUNTER_STORE", url)
    app = app_for(form, url)
    assert_unavailable(app, "/store/increase")
    assert "DB index is out of range" in get(app, "/store/value")[1]


@pytest.fixture
def hung_redis() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_a_redis_that_never_answers_is_a_503_after_the_timeout(
    form: str, hung_redis: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"redis://127.0.0.1:{hung_redis}/0"
    monkeypatch.setenv("WSGIKIT_COUNTER_STORE", url)
    app = app_for(form, url)
    assert_unavailable(app, "/store/increase")
    assert_unavailable(app, "/store/value")


def test_a_store_url_of_another_kind_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WSGIKIT_COUNTER_STORE", "postgres://127.0.0.1/counter")
    with pytest.raises(ValueError, match="neither sqlite"):
        store.redis_url()  # a configuration error: the app's fault, a 500, never a 503
