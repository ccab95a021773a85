"""errors: the 404 is logged at WARNING; the 500's traceback goes to wsgi.errors, not the client."""

from __future__ import annotations

import io
import logging
from typing import Any
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client

from tests.casekit import FORMS_PRESENT, Case, build_environ, load_app

LOGGER = "examples.errors"


def run(app: Any, case: Case) -> tuple[int, dict[str, str], bytes, str]:
    environ = build_environ(case)
    errors = io.StringIO()
    environ["wsgi.errors"] = errors
    app_iter, status, headers = Client(validator(app)).run_wsgi_app(environ, buffered=True)
    lowered = {name.lower(): value for name, value in headers.items()}
    return int(status.split()[0]), lowered, b"".join(app_iter), errors.getvalue()


def warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize("path", ["/nope", "/a/b", "/private/"])
def test_404_is_logged_at_warning(form: str, path: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    status, headers, body, _ = run(load_app(form, "errors"), Case("missing", path))
    assert (status, body) == (404, b"<h1>404 Error</h1>")
    assert headers["content-type"] == "text/html; charset=utf-8"
    found = warnings(caplog)
    assert len(found) == 1
    assert path in found[0].getMessage()


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_a_newline_in_the_path_cannot_forge_a_log_line(
    form: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    run(load_app(form, "errors"), Case("forged", "/x%0AERROR:root:forged"))
    (record,) = warnings(caplog)
    assert "\n" not in record.getMessage()


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize("path", ["/", "/private", "/boom"])
def test_known_paths_log_no_404(form: str, path: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    run(load_app(form, "errors"), Case("known", path))
    assert warnings(caplog) == []


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_500_sends_nothing_of_the_exception(form: str) -> None:
    status, headers, body, logged = run(load_app(form, "errors"), Case("boom", "/boom"))
    assert status == 500
    if form == "flask":  # Werkzeug's generic page (recorded in tests/cases/errors.py)
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert b"<h1>Internal Server Error</h1>" in body
    else:
        assert headers["content-type"] == "text/plain; charset=utf-8"
        assert body == b"500 Internal Server Error"
    for leak in (b"Traceback", b"RuntimeError", b"hunter2", b"File "):
        assert leak not in body
    # ... while the server's error stream has the whole story.
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError" in logged


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_the_app_survives_its_500(form: str) -> None:
    app = load_app(form, "errors")
    assert run(app, Case("boom", "/boom"))[0] == 500
    assert run(app, Case("index", "/"))[0] == 200
