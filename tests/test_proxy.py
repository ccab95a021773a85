"""ProxyFix in-process: each X-Forwarded-* header believed for the declared proxies only.

The cases follow werkzeug's ``tests/middleware/test_proxy_fix.py`` (their cases,
this code): the rightmost values are the trusted proxies' own, a header with
fewer values than declared is ignored, and so is a value that is not what it
says.  ``tests/test_proxy_nginx.py`` runs it behind a real nginx.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from werkzeug.test import Client

from wsgikit import ProxyFix, Request, Router, handler, redirect

router = Router()


@router.route("/where")
@handler
def where(request: Request) -> dict[str, Any]:
    environ = request.environ
    return {key: environ.get(key) for key in (
        "REMOTE_ADDR", "wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT",
        "SCRIPT_NAME")} | {"url": request.url, "built": request.url_for("where")}


@router.route("/go")
@handler
def go(request: Request) -> Any:
    return redirect(request.url_for("where"), 303)


BASE = {"REMOTE_ADDR": "10.0.0.9", "HTTP_HOST": "internal:8000", "SERVER_NAME": "internal",
        "SERVER_PORT": "8000", "wsgi.url_scheme": "http", "SCRIPT_NAME": ""}


def seen(app: Any, headers: dict[str, str], path: str = "/where") -> dict[str, Any]:
    response = Client(app).get(path, headers=headers, environ_overrides=dict(BASE))
    assert response.status_code == 200, response.data
    result: dict[str, Any] = json.loads(response.data)
    return result


SPOOF = {"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https",
         "X-Forwarded-Host": "evil.example", "X-Forwarded-Port": "443",
         "X-Forwarded-Prefix": "/evil"}


def test_no_proxy_declared_believes_nothing() -> None:
    got = seen(ProxyFix(router), SPOOF)
    assert got["REMOTE_ADDR"] == "10.0.0.9" and got["wsgi.url_scheme"] == "http"
    assert got["HTTP_HOST"] == "internal:8000" and got["SCRIPT_NAME"] == ""
    assert got["built"] == "/where" and got["url"] == "http://internal:8000/where"


def test_one_proxy_uses_the_rightmost_values() -> None:
    app = ProxyFix(router, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)
    got = seen(app, {"X-Forwarded-For": "6.6.6.6, 192.0.2.7", "X-Forwarded-Proto": "https",
                     "X-Forwarded-Host": "example.com", "X-Forwarded-Port": "8443",
                     "X-Forwarded-Prefix": "/app"})
    assert got["REMOTE_ADDR"] == "192.0.2.7"  # the client's own 6.6.6.6 is never read
    assert got["wsgi.url_scheme"] == "https"
    assert (got["HTTP_HOST"], got["SERVER_NAME"], got["SERVER_PORT"]) == (
        "example.com:8443", "example.com", "8443")
    assert got["SCRIPT_NAME"] == "/app"
    assert got["url"] == "https://example.com:8443/app/where"
    assert got["built"] == "/app/where"


def test_two_proxies_use_the_second_value_from_the_right() -> None:
    got = seen(ProxyFix(router, x_for=2), {"X-Forwarded-For": "6.6.6.6, 192.0.2.1, 10.0.0.2"})
    assert got["REMOTE_ADDR"] == "192.0.2.1"


@pytest.mark.parametrize(("kw", "headers"), [
    pytest.param({"x_for": 2}, {"X-Forwarded-For": "192.0.2.1"}, id="fewer-values-than-proxies"),
    pytest.param({"x_proto": 1}, {"X-Forwarded-Proto": "gopher"}, id="unknown-scheme"),
    pytest.param({"x_host": 1}, {"X-Forwarded-Host": "a b/c"}, id="not-a-host"),
    pytest.param({"x_host": 1}, {"X-Forwarded-Host": "example.com:99999"}, id="bad-host-port"),
    pytest.param({"x_port": 1}, {"X-Forwarded-Port": "0x50"}, id="bad-port"),
    pytest.param({"x_prefix": 1}, {"X-Forwarded-Prefix": "app"}, id="relative-prefix"),
    pytest.param({"x_prefix": 1}, {"X-Forwarded-Prefix": "/a?b"}, id="prefix-with-query"),
    pytest.param({"x_for": 1}, {"X-Forwarded-For": "not an address"}, id="not-an-address"),
    pytest.param({"x_for": 1}, {"X-Forwarded-For": "1.2.3.4, "}, id="empty-last-value"),
])
def test_values_that_are_not_what_they_claim_are_ignored(kw: dict[str, int],
                                                         headers: dict[str, str]) -> None:
    assert seen(ProxyFix(router, **kw), headers) == seen(ProxyFix(router), {})


def test_the_prefix_is_percent_decoded_and_kept_in_front() -> None:
    app = ProxyFix(router, x_prefix=1)
    got = seen(app, {"X-Forwarded-Prefix": "/%ED%95%9C/"})
    assert got["SCRIPT_NAME"] == "/한".encode().decode("latin-1")
    assert got["built"] == "/%ED%95%9C/where"


def test_the_originals_are_kept_and_the_callers_environ_is_untouched() -> None:
    environ: dict[str, Any] = {}

    def app(env: dict[str, Any], start_response: Any) -> list[bytes]:
        environ.update(env)
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return []

    outer = dict(BASE)
    Client(ProxyFix(app, x_for=1)).get("/", headers={"X-Forwarded-For": "192.0.2.5"},
                                       environ_overrides=outer)
    assert environ["REMOTE_ADDR"] == "192.0.2.5"
    assert environ["wsgikit.proxy"]["REMOTE_ADDR"] == "10.0.0.9"
    assert outer["REMOTE_ADDR"] == "10.0.0.9"


def test_a_redirect_keeps_the_proxys_port_and_prefix() -> None:
    app = ProxyFix(router, x_host=1, x_prefix=1)
    response = Client(app).get("/go", headers={"X-Forwarded-Host": "127.0.0.1:8080",
                                               "X-Forwarded-Prefix": "/app"},
                               environ_overrides=dict(BASE))
    assert response.status_code == 303
    assert response.headers["Location"] == "/app/where"
