"""wsgikit.Mount against its contract, werkzeug's DispatcherMiddleware and real uWSGI.

One table of cases: (request path, outer SCRIPT_NAME) -> (app, SCRIPT_NAME, PATH_INFO)
as the inner app sees them.  Paths are written as a client sends them
(percent-encoded); the server decodes them into PATH_INFO.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from tests import mount_echo
from tests.servers import free_port, http_request, running, uwsgi_argv
from wsgikit import Mount

MOUNTS = {
    "/app": mount_echo.app_a,
    "/app/sub": mount_echo.app_sub,
    "/한글": mount_echo.app_kor,
    "/x/": mount_echo.app_x,  # normalised to /x
}

CASES = [
    pytest.param("/", "", ("root", "", "/"), id="root"),
    pytest.param("", "", ("root", "", ""), id="empty-path"),
    pytest.param("/app", "", ("app", "/app", ""), id="exact-prefix-empty-path-info"),
    pytest.param("/app/", "", ("app", "/app", "/"), id="trailing-slash-keeps-slash"),
    pytest.param("/app/x/y", "", ("app", "/app", "/x/y"), id="deeper"),
    pytest.param("/apple", "", ("root", "", "/apple"), id="segment-boundary"),
    pytest.param("/app/sub", "", ("sub", "/app/sub", ""), id="longest-prefix"),
    pytest.param("/app/sub/z", "", ("sub", "/app/sub", "/z"), id="longest-prefix-deeper"),
    pytest.param("/app/subway", "", ("app", "/app", "/subway"), id="nested-boundary"),
    pytest.param("/x", "", ("x", "/x", ""), id="normalised-key"),
    pytest.param("/x/1", "", ("x", "/x", "/1"), id="normalised-key-deeper"),
    pytest.param("/%ED%95%9C%EA%B8%80/%EA%B0%80", "", ("kor", "/한글", "/가"), id="non-ascii"),
    pytest.param("/app%2Fx", "", ("app", "/app", "/x"), id="encoded-slash-is-decoded-first"),
    pytest.param("/%61pp/x", "", ("app", "/app", "/x"), id="percent-encoded-letter"),
    pytest.param("//app", "", ("root", "", "//app"), id="double-slash-no-match"),
    pytest.param("/APP", "", ("root", "", "/APP"), id="case-sensitive"),
    pytest.param("/app/x", "/outer", ("app", "/outer/app", "/x"), id="outer-script-name-kept"),
    pytest.param("/nothing", "/outer", ("root", "/outer", "/nothing"), id="fallback-keeps-outer"),
]


def environ_for(path: str, script_name: str) -> dict[str, Any]:
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ["QUERY_STRING"] = ""
    environ["SCRIPT_NAME"] = script_name
    environ["PATH_INFO"] = unquote_to_bytes(path).decode("latin-1")
    return environ


def call(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]) -> tuple[str, str, str]:
    client = Client(validator(app))
    app_iter, status, _ = client.run_wsgi_app(environ, buffered=True)
    assert status.startswith("200")
    seen = json.loads(b"".join(app_iter))
    return seen["app"], seen["SCRIPT_NAME"], seen["PATH_INFO"]


@pytest.mark.parametrize(("path", "script_name", "expected"), CASES)
def test_mount_table(path: str, script_name: str, expected: tuple[str, str, str]) -> None:
    app = Mount(mount_echo.root, MOUNTS)
    environ = environ_for(path, script_name)
    before = dict(environ)
    assert call(app, environ) == expected
    assert environ == before, "Mount changed the caller's environ"


@pytest.mark.parametrize(("path", "script_name", "expected"), CASES)
def test_werkzeug_dispatcher_agrees(path: str, script_name: str, expected: Any) -> None:
    # Werkzeug takes its keys in the WSGI (latin-1) form and does not strip a
    # trailing slash; given those, it answers the same on every case.
    keys = {
        k.rstrip("/").encode("utf-8").decode("latin-1"): app for k, app in MOUNTS.items()
    }
    app = DispatcherMiddleware(mount_echo.root, keys)
    assert call(app, environ_for(path, script_name)) == expected


def test_nested_mounts_stack_script_name() -> None:
    inner = Mount(mount_echo.root, {"/inner": mount_echo.app_a})
    outer = Mount(mount_echo.root, {"/outer": inner})
    assert call(outer, environ_for("/outer/inner/q", "")) == ("app", "/outer/inner", "/q")
    assert call(outer, environ_for("/outer/q", "")) == ("root", "/outer", "/q")


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param("/", id="root"),
        pytest.param("", id="empty"),
        pytest.param("app", id="relative"),
        pytest.param("/a//b", id="empty-segment"),
        pytest.param("/a?b", id="query"),
        pytest.param("/a\nb", id="newline"),
    ],
)
def test_bad_prefixes_raise(prefix: str) -> None:
    with pytest.raises(ValueError, match="mount|mounted"):
        Mount(mount_echo.root, {prefix: mount_echo.app_a})


def test_duplicate_after_normalising_raises() -> None:
    with pytest.raises(ValueError, match="share the prefix"):
        Mount(mount_echo.root, {"/a": mount_echo.app_a, "/a/": mount_echo.app_x})


def test_close_of_the_inner_response_is_passed_through() -> None:
    closed: list[bool] = []

    class Body:
        def __iter__(self) -> Any:
            return iter([b"ok"])

        def close(self) -> None:
            closed.append(True)

    def inner(environ: dict[str, Any], start_response: Callable[..., Any]) -> Body:
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return Body()

    app = Mount(mount_echo.root, {"/in": inner})
    client = Client(validator(app))
    app_iter, status, _ = client.run_wsgi_app(environ_for("/in/x", ""), buffered=True)
    assert b"".join(app_iter) == b"ok"
    assert closed == [True]


@pytest.mark.server
def test_uwsgi_manage_script_name_agrees() -> None:
    """uWSGI's own --mount with --manage-script-name, over real HTTP.

    With ``no-default-app`` uWSGI has no fallback app: a path under no mount gets
    its 500 'no python application found'. Those rows compare only that no app
    was reached; every other row must match Mount exactly.
    """
    port = free_port()
    argv = uwsgi_argv(
        "--master", "--http-socket", f"127.0.0.1:{port}", "--manage-script-name",
        "--no-default-app",
        "--mount", "/app=tests.mount_echo:app_a",
        "--mount", "/app/sub=tests.mount_echo:app_sub",
        "--mount", "/한글=tests.mount_echo:app_kor",
        "--mount", "/x=tests.mount_echo:app_x",
    )
    with running(argv, port):
        for param in CASES:
            path, script_name, expected = param.values
            if script_name or not path or path.startswith("//"):
                continue  # no outer SCRIPT_NAME over HTTP; '' and '//' are not request targets
            status, _, body = http_request(port, "GET", path)
            if expected[0] == "root":
                assert status == 500, (param.id, status, body)
                continue
            seen = json.loads(body)
            assert (seen["app"], seen["SCRIPT_NAME"], seen["PATH_INFO"]) == expected, param.id
