"""login-form: the form posts back to its own URL, under any mount point.

Each form is mounted under a prefix with ``wsgikit.Mount``; the form's
``action`` is read from ``GET /login`` as a browser reads it (HTML-unescaped,
non-ASCII percent-encoded as UTF-8), the name is posted there, and the greeting
must come back, its link leading to the same URL.  Flask's ``url_for`` leaves a
non-ASCII mount point as it is (``/한글/login``) where the raw and kit forms
percent-encode it: the same URL once a browser sends it.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote, unquote

import pytest

from tests.casekit import FORMS_PRESENT, Case, call_wsgi, load_app
from wsgikit import Mount

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PREFIXES = ["/p", "/raw/login-form", "/한글", "/site/a b"]


def not_found(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
    return []


def mounted(form: str, prefix: str) -> Any:
    """The form under ``prefix``; ``/site/...`` is two mounts, the outer one's SCRIPT_NAME kept."""
    app = load_app(form, "login_form")
    outer, _, inner = prefix.removeprefix("/").partition("/")
    if outer == "site":
        return Mount(not_found, {"/site": Mount(not_found, {f"/{inner}": app})})
    return Mount(not_found, {prefix: app})


def browser_url(attribute: str) -> str:
    """What a browser requests for an ``action`` or ``href``: unescaped, then UTF-8 %-encoded."""
    return quote(html.unescape(attribute), safe="/%")


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_the_form_posts_back_to_its_own_url(form: str, prefix: str) -> None:
    app = mounted(form, prefix)
    page = call_wsgi(app, Case("form", quote(prefix) + "/login"))
    assert page.status == 200, page.body[:300]
    found = re.search(r'<form action="([^"]*)" method="post">', page.body.decode("utf-8"))
    assert found, page.body[:300]
    action = html.unescape(found.group(1))
    assert unquote(action) == prefix + "/login"
    if form != "flask":  # url_for in Flask writes the mount point as it is
        assert action == quote(prefix) + "/login"

    answer = call_wsgi(
        app, Case("post", browser_url(action), "POST", headers=FORM, body=b"username=%3Cfoo%3E")
    )
    assert answer.status == 200, answer.body[:300]
    assert answer.headers["content-type"].replace(" ", "") == "text/html;charset=utf-8"
    text = answer.body.decode("utf-8")
    assert "<p>Welcome, &lt;foo&gt;!</p>" in text
    link = re.search(r'<a href="([^"]*)">', text)
    assert link and browser_url(link.group(1)) == browser_url(action)

