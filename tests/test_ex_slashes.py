"""slashes: the 308's Location keeps the exact mount point and query, and leads somewhere.

The case table can only match the Location with a prefix-free pattern; here the
exact prefix is checked (root-relative or absolute), and the redirect is
followed to the project page.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.casekit import FORMS_PRESENT, Case, call_wsgi, load_app

WHERE = [(form, where) for form in FORMS_PRESENT for where in ("root", "gallery")]


def app_and_prefix(form: str, where: str) -> tuple[Any, str]:
    if where == "root":
        return load_app(form, "slashes"), ""
    from examples.gallery import application

    return application, f"/{form}/slashes"


@pytest.mark.parametrize(("form", "where"), WHERE)
@pytest.mark.parametrize(
    ("query", "method"),
    [
        ("", "GET"),
        ("x=1", "GET"),
        ("x=1&y=%20&z=%ED%95%9C", "GET"),
        ("a=b", "HEAD"),
        ("", "OPTIONS"),
    ],
)
def test_redirect_keeps_prefix_and_query(form: str, where: str, query: str, method: str) -> None:
    app, prefix = app_and_prefix(form, where)
    path = "/projects" + (f"?{query}" if query else "")
    result = call_wsgi(app, Case("redirect", path, method), prefix)
    assert result.status == 308
    location = result.headers["location"]
    expected = prefix + "/projects/" + (f"?{query}" if query else "")
    assert re.fullmatch(r"(https?://[^/?#]+)?" + re.escape(expected), location), location
    # Following it lands on the project page.
    target = urlsplit(location)
    assert target.path.startswith(prefix)
    follow = target.path[len(prefix) :] + (f"?{target.query}" if target.query else "")
    landed = call_wsgi(app, Case("follow", follow), prefix)
    assert landed.status == 200
    assert landed.body == b"The project page"
