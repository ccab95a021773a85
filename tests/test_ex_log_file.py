"""log_file: each unknown path is one WARNING line in a rotating file named by $WSGIKIT_LOG_FILE.

The handler is installed when the module is imported, from the environment, so
each test loads the module afresh under a name of its own
(``examples.raw.log_file_fresh_3``), and with it a logger of its own: loggers
are named after modules (Flask's after ``app.name``, which is ``__name__``).
The fixture takes every handler off those loggers and closes the files again,
so that no later test writes to them and no open file is left behind (a
ResourceWarning, an error here).

The sizes are computed, not guessed: every line is the same 62 characters,
the path as an ASCII literal and a newline, and ``RotatingFileHandler`` writes a
line only while the file stays under ``maxBytes`` (it rolls over when
``size + len(line) >= maxBytes``), so a file holds ``(maxBytes - 1) // line``
lines.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import logging
import re
import sys
from collections.abc import Callable, Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import pytest

from examples.catalog import FORMS
from tests.casekit import FORMS_PRESENT, Case, call_wsgi
from tests.servers import free_port, http_request, running, serve_argv

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 2000  # the seed's maxBytes
STAMP = "[2026-05-09 07:35:25,123]"  # every asctime is as long as this one
PREFIX = f"{STAMP} WARNING in log_file: 404 Not Found: "
LINE = re.compile(
    r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] WARNING in log_file: 404 Not Found: (.*)"
)
#: how each form is told it is debugging
DEBUG_VARIABLE = {"raw": "WSGIKIT_DEBUG", "kit": "WSGIKIT_DEBUG", "flask": "FLASK_DEBUG"}

_fresh = itertools.count()
Loader = Callable[..., ModuleType]


def line_bytes(path: str) -> int:
    return len(PREFIX) + len(ascii(path)) + 1


def app_of(form: str, module: ModuleType) -> Any:
    return getattr(module, FORMS[form][1])


def file_handlers(module: ModuleType) -> list[logging.Handler]:
    logger = logging.getLogger(module.__name__)  # Flask's app.logger has the module's name too
    return [h for h in logger.handlers if isinstance(h, RotatingFileHandler)]


def logged_paths(file: Path) -> list[str]:
    """The paths named in a log file, read back from their literals, checking every line."""
    paths = []
    for line in file.read_text("ascii").splitlines():
        match = LINE.fullmatch(line)
        assert match, f"{file.name}: not a WARNING line: {line!r}"
        paths.append(ast.literal_eval(match.group(1)))
    return paths


@pytest.fixture
def load(monkeypatch: pytest.MonkeyPatch) -> Iterator[Loader]:
    """``load(form, log_file, debug=False)``: the form's module, imported afresh."""
    names: list[str] = []

    def load(form: str, log_file: Path | None, *, debug: bool = False) -> ModuleType:
        for variable in ("WSGIKIT_LOG_FILE", "WSGIKIT_DEBUG", "FLASK_DEBUG"):
            monkeypatch.delenv(variable, raising=False)
        if log_file is not None:
            monkeypatch.setenv("WSGIKIT_LOG_FILE", str(log_file))
        if debug:
            monkeypatch.setenv(DEBUG_VARIABLE[form], "1")
        package = FORMS[form][0]
        name = f"{package}.log_file_fresh_{next(_fresh)}"  # in the package: relative imports work
        path = ROOT / package.replace(".", "/") / "log_file.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        names.append(name)
        sys.modules[name] = module  # Flask(__name__) looks its module up to find its folder
        spec.loader.exec_module(module)
        return module

    yield load
    for name in names:
        sys.modules.pop(name, None)
        logger = logging.getLogger(name)
        for handler in logger.handlers[:]:
            logger.removeHandler(handler)
            if isinstance(handler, logging.FileHandler):
                handler.close()


def run_again(module: ModuleType) -> None:
    """Execute the module's code once more in the same module, as ``importlib.reload`` does."""
    assert module.__spec__ is not None and module.__spec__.loader is not None
    module.__spec__.loader.exec_module(module)


def get(app: Any, path: str) -> int:
    return call_wsgi(app, Case("request", path)).status


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_forty_unknown_paths_fill_three_files(form: str, load: Loader, tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    module = load(form, log)
    paths = [f"/missing/{i:02d}/" + "x" * 43 for i in range(40)]  # 55 characters each
    size = line_bytes(paths[0])
    assert size == 120
    per_file = (MAX_BYTES - 1) // size
    assert per_file == 16
    app = app_of(form, module)
    for path in paths:
        assert get(app, path) == 404
    assert len(file_handlers(module)) == 1  # installed at import, not per request
    # Oldest first: x.log.2 holds the first 16, x.log.1 the next 16, x.log the last 8.
    chunks = [paths[i : i + per_file] for i in range(0, len(paths), per_file)]
    names = ["x.log", "x.log.1", "x.log.2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # no x.log.3: no more than needed
    for name, chunk in zip(names, reversed(chunks), strict=True):
        file = tmp_path / name
        assert file.stat().st_size == len(chunk) * size < MAX_BYTES, name
        assert logged_paths(file) == chunk, name


HOSTILE_PATHS = [
    pytest.param("/a%0A" + STAMP.replace(" ", "%20") + "%20WARNING%20in%20log_file:%20x", id="LF"),
    pytest.param("/a%0D%0Ab", id="CRLF"),
    pytest.param("/%1B%5B2J%1B%5B31mred", id="terminal-escape"),
    pytest.param("/a%E2%80%A8b%C2%85c%0Bd%1Ce", id="unicode-line-breaks"),
    pytest.param("/%ED%95%9C%EA%B8%80", id="korean"),
]


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize("target", HOSTILE_PATHS)
def test_a_path_is_one_ascii_line(form: str, target: str, load: Loader, tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    app = app_of(form, load(form, log))
    assert get(app, target) == 404
    data = log.read_bytes()
    assert data.isascii() and data.count(b"\n") == 1 and data.endswith(b"\n"), data
    assert b"\r" not in data and b"\x1b" not in data
    path = unquote(target)  # what the app saw: the client's bytes, as UTF-8
    assert logged_paths(log) == [path]  # the literal names the path exactly
    assert len(data) == line_bytes(path)  # ASCII: the handler's count is the file's bytes


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_a_long_path_is_cut_to_one_short_line(form: str, load: Loader, tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    app = app_of(form, load(form, log))
    for _ in range(3):
        assert get(app, "/" + "a" * 5000) == 404
    # 200 characters of the literal (its closing quote cut off): three lines in one file.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.log"]
    lines = [line[len(STAMP) :] for line in log.read_text("ascii").splitlines()]
    assert lines == [PREFIX[len(STAMP) :] + "'/" + "a" * 198] * 3


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_without_the_variable_no_file_and_the_line_goes_up(
    form: str, load: Loader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.chdir(tmp_path)  # where the seed's "exam_log.log" would have appeared
    module = load(form, None)
    assert file_handlers(module) == []
    caplog.set_level(logging.WARNING)
    assert get(app_of(form, module), "/nope") == 404
    assert list(tmp_path.iterdir()) == []
    # ... and the record still reaches the root logger's handlers (stderr under a server).
    records = [r for r in caplog.records if r.name == module.__name__]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("WARNING", "404 Not Found: '/nope'")
    ]


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_no_file_while_debugging(form: str, load: Loader, tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    module = load(form, log, debug=True)
    assert file_handlers(module) == []
    assert get(app_of(form, module), "/nope") == 404
    assert not log.exists()


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_run_again_the_module_keeps_one_handler(form: str, load: Loader, tmp_path: Path) -> None:
    """raw and kit: one handler, one line; the seed's code (flask) adds a second handler."""
    log = tmp_path / "x.log"
    module = load(form, log)
    run_again(module)  # what importlib.reload does
    handlers = file_handlers(module)
    assert get(app_of(form, module), "/nope") == 404
    if form == "flask":  # the same logger (by name) for the new app, and a second handler
        assert len(handlers) == 2
        assert logged_paths(log) == ["/nope", "/nope"]
    else:
        assert len(handlers) == 1
        assert logged_paths(log) == ["/nope"]


@pytest.mark.server
@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_under_a_server_the_line_goes_to_the_file_and_stderr(form: str, tmp_path: Path) -> None:
    log, output = tmp_path / "x.log", tmp_path / "server.out"
    port = free_port()
    module = f"{FORMS[form][0]}.log_file"
    env = {"WSGIKIT_LOG_FILE": str(log), "WSGIKIT_DEBUG": "0", "FLASK_DEBUG": "0"}
    with running(serve_argv(module, "--port", str(port)), port, env=env, log=output):
        assert http_request(port, "GET", "/")[0] == 200
        assert http_request(port, "GET", "/a%0Ab")[0] == 404
    assert logged_paths(log) == ["/a\nb"]
    printed = output.read_text("utf-8")
    assert f"WARNING {module} 404 Not Found: '/a\\nb'" in printed  # serve's root handler
