"""cgi-vs-wsgi under a WSGI server: the pid is whatever process serves, so bodies are patterns.

Through the CGI gateway (``examples/cgi_gateway.py``) the same cases hold with
``"gateway":"CGI"`` (``tests/test_ex_cgi_vs_wsgi.py`` runs them so).
"""

import json
import re
from typing import Any

from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

JSON = "application/json"
ALLOW = {"Allow": "GET, HEAD, OPTIONS, POST"}
LIMIT = 1024 * 1024  # the exercise's body limit: 1 MiB
KIM = "%EA%B9%80%EC%B2%A0%EC%88%98"  # 김철수, percent-encoded
FLASK_JSON = ("Flask's JSON sorts the keys, escapes non-ASCII as \\uXXXX and ends in a newline "
              "(app.json's defaults)")


def pattern(name: str | None, body: str, *, flask: bool = False) -> str:
    """The answer's JSON with any pid: ``{"body":…,"gateway":…,"name":…,"pid":<n>}``."""
    known = json.dumps({"body": body, "gateway": "WSGI", "name": name},
                       ensure_ascii=flask, separators=(",", ":"))
    return re.escape(known[:-1]) + r',"pid":[1-9][0-9]*\}' + (r"\n" if flask else "")


def echo(id: str, path: str = "/", method: str = "GET", *, name: str | None = None,
         body: str = "", **kw: Any) -> Case:
    """A 200 that echoes ``name`` (from the query) and ``body`` (what was sent)."""
    flask = FlaskDiffers(FLASK_JSON, "taste", body_pattern=pattern(name, body, flask=True))
    return Case(id, path, method, body=body.encode(), content_type=JSON,
                body_pattern=pattern(name, body), flask=flask, **kw)


TEXT_BODY = {"Content-Type": "text/plain; charset=utf-8"}

CASES = [
    echo("root"),
    echo("name", "/?name=Arthur", name="Arthur"),
    echo("korean-name", f"/?name={KIM}", name="김철수"),
    echo("plus-is-space", "/?name=John+Doe", name="John Doe"),
    echo("first-name-wins", "/?name=a&name=b", name="a"),
    echo("empty-name", "/?name=", name=""),
    echo("post-body", "/", "POST", body="hello CGI", headers=TEXT_BODY),
    echo("post-korean-body", f"/?name={KIM}", "POST", name="김철수", body="안녕, 세계",
         headers=TEXT_BODY),
    echo("post-quotes", "/", "POST", body='{"a": "<b>"}\n', headers={"Content-Type": JSON}),
    echo("post-no-body", "/", "POST"),
    echo("post-chunked", "/", "POST", body="in chunks", headers=TEXT_BODY, chunked=True),
    Case("post-not-utf8", "/", "POST", body=b"\xff\xfe", headers=TEXT_BODY, status=400),
    Case("post-too-large", "/", "POST", body=b"x" * (LIMIT + 1), headers=TEXT_BODY,
         status=413),
    Case(
        "bad-utf8-query",
        "/?name=%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug keeps query bytes that are not UTF-8 percent-encoded: ?name=%FF is "
            "the name '%FF'",
            matters="robustness",
            status=200,
            content_type=JSON,
            body_pattern=pattern("%FF", "", flask=True),
        ),
    ),
    Case("put", "/", "PUT", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("delete", "/", "DELETE", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("unknown", "/nope", status=404),
    Case("unknown-post", "/nope", "POST", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
]
