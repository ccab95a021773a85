"""wsgi-environ: each request writes one line, ``"{METHOD} {PATH}"``, to ``wsgi.errors``.

The line goes to the stream the server hands over in the environ (here an
``io.StringIO``), never to stdout; the path is the one below the mount point,
decoded as UTF-8.
"""

from __future__ import annotations

import io
from typing import Any
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client

from tests.casekit import FORMS_PRESENT, Case, build_environ, load_app

LINES = [
    (Case("get", "/"), "GET /\n"),
    (Case("post", "/60162176", "POST", body=b"{}"), "POST /60162176\n"),
    (Case("head", "/x/y", "HEAD"), "HEAD /x/y\n"),
    (Case("delete", "/x", "DELETE"), "DELETE /x\n"),
    (Case("korean", "/%ED%95%9C%EA%B8%80"), "GET /한글\n"),
    (Case("query", "/a?name=b"), "GET /a\n"),
]


def run(app: Any, case: Case, prefix: str = "") -> tuple[int, bytes, str]:
    environ = build_environ(case, prefix)
    errors = io.StringIO()
    environ["wsgi.errors"] = errors
    app_iter, status, _ = Client(validator(app)).run_wsgi_app(environ, buffered=True)
    return int(status.split()[0]), b"".join(app_iter), errors.getvalue()


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize(("case", "line"), LINES, ids=[case.id for case, _ in LINES])
def test_one_line_per_request_in_wsgi_errors(form: str, case: Case, line: str) -> None:
    status, body, logged = run(load_app(form, "wsgi_environ"), case)
    assert status == 200
    assert body == (b"" if case.method == "HEAD" else b"Hello World wsgi1")
    assert logged == line


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_the_path_logged_is_below_the_mount_point(form: str) -> None:
    from examples.gallery import application

    _, body, logged = run(application, Case("mounted", "/a"), f"/{form}/wsgi-environ")
    assert body == b"Hello World wsgi1"
    assert logged == "GET /a\n"


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_nothing_is_printed_to_stdout(form: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(load_app(form, "wsgi_environ"), Case("get", "/"))
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_extra_leading_slashes_are_logged_as_sent(form: str) -> None:
    # Werkzeug's request.path drops them: the Flask twin logs "//a" as "/a" (its docstring).
    status, _, logged = run(load_app(form, "wsgi_environ"), Case("slashes", "//a"))
    assert status == 200
    assert logged == ("GET /a\n" if form == "flask" else "GET //a\n")
