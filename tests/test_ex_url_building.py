"""url_building: every URL that ``GET /`` builds leads to its page.

The case table checks the URLs' text; here each one is requested in turn (with
the mount point taken off again) and must answer 200 with the right body.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.casekit import FORMS_PRESENT, Case, call_wsgi, load_app

WHERE = [(form, where) for form in FORMS_PRESENT for where in ("root", "gallery")]
PAGES = {
    "login": b"login",
    "login_next": b"login",
    "profile": b"User John Doe",
}


def app_and_prefix(form: str, where: str) -> tuple[Any, str]:
    if where == "root":
        return load_app(form, "url_building"), ""
    from examples.gallery import application

    return application, f"/{form}/url-building"


@pytest.mark.parametrize(("form", "where"), WHERE)
def test_built_urls_lead_to_their_pages(form: str, where: str) -> None:
    app, prefix = app_and_prefix(form, where)
    index = call_wsgi(app, Case("index", "/"), prefix)
    assert index.status == 200
    urls = json.loads(index.body)
    assert set(urls) == {"index", "login", "login_next", "profile"}
    for name, url in urls.items():
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{name}: {url} is not root-relative"
        assert parts.path.startswith(prefix + "/"), f"{name}: {url} lost the mount point"
        path = parts.path[len(prefix) :] + (f"?{parts.query}" if parts.query else "")
        page = call_wsgi(app, Case(name, path), prefix)
        assert page.status == 200, f"{name}: {url} -> {page.status}"
        if name in PAGES:
            assert page.body == PAGES[name], f"{name}: {page.body!r}"
        else:
            assert page.body == index.body  # the index again
