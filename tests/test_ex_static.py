"""static: the two-step conditional GETs, and that nothing outside the folder is served.

The first request learns the ``ETag`` and ``Last-Modified``; the second sends
them back and must get a 304 with no body.  Then a list of hostile names must
never be answered 200.  Every present form is run at its own root and in the
gallery.
"""

from __future__ import annotations

from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.casekit import FORMS_PRESENT, Case, Result, call_wsgi, load_app

STYLE = Path(__file__).resolve().parent.parent / "examples" / "static" / "style.css"
URL = "/static/style.css"


@pytest.fixture(
    params=[(f, w) for f in FORMS_PRESENT for w in ("root", "gallery")],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def target(request: pytest.FixtureRequest) -> tuple[str, Any, str]:
    """(form, app, prefix): each present form, at its own root and in the gallery."""
    form, where = request.param
    if where == "root":
        return form, load_app(form, "static"), ""
    from examples.gallery import application

    return form, application, f"/{form}/static"


@pytest.fixture
def get(target: tuple[str, Any, str]) -> Callable[..., Result]:
    _, app, prefix = target

    def call(path: str = URL, method: str = "GET", **headers: str) -> Result:
        names = {name.replace("_", "-"): value for name, value in headers.items()}
        return call_wsgi(app, Case("step", path, method, headers=names), prefix)

    return call


def assert_304(result: Result, etag: str) -> None:
    assert result.status == 304
    assert result.body == b""
    assert result.headers.get("etag") == etag
    assert "content-type" not in result.headers
    assert result.headers.get("content-length") in (None, str(STYLE.stat().st_size))


def test_first_response(get: Callable[..., Result]) -> None:
    result = get()
    assert result.status == 200
    assert result.body == STYLE.read_bytes()
    assert result.headers["content-type"].replace(" ", "") == "text/css;charset=utf-8"
    assert result.headers["content-length"] == str(STYLE.stat().st_size)
    assert result.headers["etag"]
    modified = parsedate_to_datetime(result.headers["last-modified"])
    assert modified.timestamp() == int(STYLE.stat().st_mtime)
    again = get()
    assert again.headers["etag"] == result.headers["etag"], "the ETag must be stable"


def test_if_none_match_with_the_etag_is_304(get: Callable[..., Result]) -> None:
    etag = get().headers["etag"]
    assert_304(get(If_None_Match=etag), etag)
    assert_304(get(method="HEAD", If_None_Match=etag), etag)
    weak = etag if etag.startswith("W/") else "W/" + etag
    assert_304(get(If_None_Match=weak), etag)  # If-None-Match compares weakly
    assert_304(get(If_None_Match=f'"other", {etag}'), etag)


def test_if_none_match_with_another_etag_is_200(get: Callable[..., Result]) -> None:
    etag = get().headers["etag"]
    for other in ('"other"', etag[:-1] + 'x"', '"", "x"'):
        result = get(If_None_Match=other)
        assert result.status == 200, other
        assert result.body == STYLE.read_bytes()


def test_if_modified_since(get: Callable[..., Result]) -> None:
    first = get()
    modified = first.headers["last-modified"]
    etag = first.headers["etag"]
    assert_304(get(If_Modified_Since=modified), etag)
    assert_304(get(method="HEAD", If_Modified_Since=modified), etag)
    earlier = formatdate(parsedate_to_datetime(modified).timestamp() - 1, usegmt=True)
    result = get(If_Modified_Since=earlier)
    assert result.status == 200
    assert result.body == STYLE.read_bytes()


def test_if_none_match_wins_over_if_modified_since(get: Callable[..., Result]) -> None:
    modified = get().headers["last-modified"]
    result = get(If_None_Match='"other"', If_Modified_Since=modified)
    assert result.status == 200
    assert result.body == STYLE.read_bytes()


HOSTILE = [
    "/static/../catalog.py",
    "/static/../../pyproject.toml",
    "/static/../raw/static.py",
    "/static/%2e%2e/catalog.py",
    "/static/.%2e/catalog.py",
    "/static/%2E%2E%2Fcatalog.py",
    "/static/..%2F..%2Fpyproject.toml",
    "/static/..%5Ccatalog.py",
    "/static/..%5C..%5Cpyproject.toml",
    "/static/%5C..%5Ccatalog.py",
    "/static/%2Fetc%2Fpasswd",
    "/static//etc/passwd",
    "/static///etc/passwd",
    "/static/%2F%2Fetc/passwd",
    "/static/style.css%00",
    "/static/%00",
    "/static/..%00/catalog.py",
    "/static/.",
    "/static/..",
    "/static/...",
    "/static/%2e",
    "/static/%C0%AE%C0%AE/catalog.py",
    "/static/%EF%BC%8E%EF%BC%8E/catalog.py",
    "/static/~",
    "/static/C:%5Cwindows%5Cwin.ini",
    "/static/" + "a/" * 200 + "style.css",
    "/static/" + "x" * 5000,
]


@pytest.mark.parametrize("path", HOSTILE)
def test_nothing_outside_the_folder(
    get: Callable[..., Result], target: tuple[str, Any, str], path: str
) -> None:
    form, _, prefix = target
    result = get(path)
    if form == "flask" and result.status == 308:
        # Werkzeug merges slashes and redirects (recorded in tests/cases/static.py):
        # where it sends the client must be no file either.
        location = urlsplit(result.headers["location"]).path
        assert location.startswith(f"{prefix}/static/"), location
        result = get(location[len(prefix) :])
    assert result.status in (400, 404), f"{path}: {result.status}"
    assert b"EXERCISES" not in result.body
    assert b"[project]" not in result.body
    assert b"root:" not in result.body
