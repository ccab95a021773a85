""""Try it": the case tables as rows a browser can send, and the check of what came back.

The rows are the cases of ``tests/cases/<module>.py``, the tables the test suite
holds every form to; the gallery has no copy of them.  The answer the page
receives is checked by ``POST /_gallery/check`` with the suite's own
``tests.casekit.check``, against the case as that form must answer it
(``expected``: for Flask, its recorded difference).

A browser cannot send every request a test can.  A case it cannot send says
why, and the page shows the row without a button:

- it will not let a page set some headers (``Host``, ``Content-Length``,
  ``Cookie``...), and Chromium always sends its own ``User-Agent``;
- it resolves ``..`` and ``%2e%2e`` in a URL before sending it;
- ``fetch()`` refuses a body on GET and HEAD, and cannot stream a chunked one;
- a case table may name more (``BROWSER_CANNOT``, ``{case id: reason}``): a
  case whose answer depends on a header being absent, when the browser adds it.

Where a case sets its own ``User-Agent`` (most of them do in the exercises that
echo it), the browser's is sent instead, and the check expects the browser's
string wherever the case expected its own: the one thing the page does not
control, accounted for out loud.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
from dataclasses import replace
from typing import Any

from examples.catalog import EXERCISES, FORMS, by_slug

__all__ = ["browser_problem", "case_body", "check_answer", "page_data", "rows"]

#: request headers a page's fetch() may not set (the Fetch standard's list)
FORBIDDEN = {
    "accept-charset", "accept-encoding", "access-control-request-headers",
    "access-control-request-method", "connection", "content-length", "cookie",
    "cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin", "referer",
    "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
}
FORBIDDEN_METHODS = {"CONNECT", "TRACE", "TRACK"}
#: bodies larger than this are not written into the page, but fetched when sent
INLINE = 8192
_TOKEN = set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _cases(module: str) -> tuple[list[Any], dict[str, str]]:
    table = importlib.import_module(f"tests.cases.{module}")
    return table.CASES, getattr(table, "BROWSER_CANNOT", {})


def browser_problem(case: Any, cannot: dict[str, str]) -> str | None:
    """Why a browser cannot send this case as the table has it, or None."""
    if case.id in cannot:
        return cannot[case.id]
    if case.chunked:
        return "a chunked body: fetch() cannot stream a request body over HTTP/1.1"
    if case.content_length is not None:
        return "a Content-Length that is not the body's length: the browser sets it itself"
    if case.method in FORBIDDEN_METHODS or not set(case.method) <= _TOKEN:
        return f"the browser refuses the method {case.method!r}"
    if case.body and case.method in ("GET", "HEAD"):
        return "a GET or HEAD with a body: fetch() refuses it"
    for name, value in case.headers.items():
        lowered = name.lower()
        if lowered in FORBIDDEN or lowered.startswith(("proxy-", "sec-")):
            return f"the browser will not let a page set {name}"
        if lowered == "user-agent" and not value:
            return "an empty User-Agent: the browser always sends its own"
        if not value.isascii():
            return f"a header value outside ASCII ({name}): fetch() refuses it"
    path = case.path.partition("?")[0].lower()
    segments = path.replace("%2e", ".").split("/")
    if "." in segments or ".." in segments or "\\" in path or "#" in case.path:
        return "the browser resolves '.', '..' and '%2e%2e' (and turns '\\' into '/') first"
    return None


def _expectation(case: Any) -> dict[str, Any]:
    from tests.casekit import MISSING

    shown: dict[str, Any] = {"status": case.status}
    if case.content_type:
        shown["content_type"] = case.content_type
    if case.expect_headers:
        shown["headers"] = dict(case.expect_headers)
    if case.header_patterns:
        shown["header_patterns"] = dict(case.header_patterns)
    if case.json is not MISSING:
        shown["json"] = case.json
    elif case.text is not None:
        shown["text"] = case.text
    if case.contains:
        shown["contains"] = list(case.contains)
    if case.body_pattern is not None:
        shown["body_pattern"] = case.body_pattern
    return shown


def rows(slug: str, forms: list[str]) -> list[dict[str, Any]]:
    """Every case of the exercise's table, as the page's script needs it."""
    from tests.casekit import expected

    cases, cannot = _cases(by_slug(slug).module)
    out = []
    for case in cases:
        body: dict[str, Any]
        if len(case.body) > INLINE:  # the page fetches it from /_gallery/body/...
            body = {"size": len(case.body)}
        else:
            try:
                body = {"text": case.body.decode("utf-8")}
            except UnicodeDecodeError:
                body = {"base64": base64.b64encode(case.body).decode("ascii")}
        out.append({
            "id": case.id,
            "method": case.method,
            "path": case.path,
            "headers": list(case.headers.items()),
            "body": body,
            "problem": browser_problem(case, cannot),
            "expect": {form: _expectation(expected(case, form)) for form in forms},
            "flask": None if case.flask is None else {
                "reason": case.flask.reason, "matters": case.flask.matters,
            },
        })
    return out


def _with_user_agent(case: Any, sent: str) -> Any:
    """The case, expecting the browser's User-Agent where it expected its own."""
    own = dict(case.headers).get("User-Agent")
    if not own or not sent or own == sent:
        return case

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(own, sent)
        if isinstance(value, list):
            return [swap(item) for item in value]
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        return value

    return replace(case, text=swap(case.text), json=swap(case.json),
                   contains=tuple(swap(list(case.contains))))


def check_answer(data: Any, script_name: str, user_agent: str) -> dict[str, Any]:
    """``{"ok": bool, "problem": str}`` for one form's answer to one case."""
    from tests.casekit import Result, check, expected

    try:
        slug, case_id, form = data["slug"], data["case"], data["form"]
        if not all(isinstance(value, str) for value in (slug, case_id, form)):
            raise TypeError("slug, case and form must be strings")
        envelope = data["answer"]
        status = int(envelope["status"].split()[0])
        headers = {name.lower(): value for name, value in envelope["headers"]}
        if envelope["encoding"] == "base64":
            body = base64.b64decode(envelope["body"], validate=True)
        else:
            body = envelope["body"].encode("utf-8")
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
        return {"ok": False, "problem": f"not an answer the gallery can check: {exc!r}"}
    if slug not in {exercise.slug for exercise in EXERCISES} or form not in FORMS:
        return {"ok": False, "problem": f"no exercise {slug!r} in the form {form!r}"}
    cases, _ = _cases(by_slug(slug).module)
    found = [case for case in cases if case.id == case_id]
    if not found:
        return {"ok": False, "problem": f"{slug} has no case {case_id!r}"}
    case = _with_user_agent(expected(found[0], form), user_agent)
    try:
        check(case, Result(status, headers, body), f"{script_name}/{form}/{slug}")
    except AssertionError as exc:
        return {"ok": False, "problem": str(exc)}
    return {"ok": True, "problem": ""}


def case_body(slug: str, case_id: str) -> bytes | None:
    """A case's request body, for the page to fetch when it is too big to inline."""
    cases, _ = _cases(by_slug(slug).module)
    return next((case.body for case in cases if case.id == case_id), None)


def page_data(slug: str, forms: list[str], script_name: str,
              cases: list[dict[str, Any]]) -> str:
    """The JSON the exercise page's script reads, safe inside a <script> element."""
    data = {
        "base": script_name,
        "slug": slug,
        "forms": {form: f"{script_name}/{form}/{slug}" for form in forms},
        "cases": cases,
    }
    # ASCII: a case may hold a lone surrogate ("\ud800"), which no HTML page can carry.
    return json.dumps(data).replace("<", "\\u003c").replace("&", "\\u0026")
