"""The parity harness: one table of cases per exercise, run against every form.

A :class:`Case` is a request and what must come back.  ``tests/cases/<module>.py``
holds ``CASES``, a list of them, written from the exercise's contract in
EXERCISES.md.  :func:`call_wsgi` runs a case in-process through werkzeug's
``Client`` with the app wrapped in ``wsgiref.validate.validator``;
:func:`check` compares what came back.  The server tests (real HTTP) reuse
``check`` with their own transport.

Strings in the expectations may hold ``{prefix}``: it becomes the mount point of
the exercise (``''`` at its own root, ``'/raw/hello'`` under the gallery).

Where plain Flask answers a case differently from the contract, the case says so
with ``flask=FlaskDiffers(reason, matters, ...)``: Flask's own answer, asserted
exactly for the Flask form (:func:`expected`), with a one-line reason.  The raw
and kit forms are always held to the contract.  ``docs/flask-differences.md`` is
generated from these records (``scripts/exercise_docs.py``).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import json
import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote_to_bytes
from wsgiref import validate
from wsgiref.validate import validator

from examples.catalog import EXERCISES, FORMS

MISSING: Any = object()

#: how much a Flask difference matters in production
MATTERS = ("security", "robustness", "taste")


@dataclass(frozen=True)
class FlaskDiffers:
    """Plain Flask's own answer to a case, where it is not the contract's.

    Fields left as they are keep the case's expectation, except the body: a
    recorded difference drops the contract's ``text``/``json``/``contains``/
    ``body_pattern`` unless it gives its own (``not_contains`` is kept: a secret
    must not leak from Flask either).  ``unordered`` names headers whose value
    Flask builds from a set: compared as sets of comma-separated items.
    ``streamed=True``: the difference is how Werkzeug reads a body of unknown
    length; a server that de-chunks the body first (nginx) hands Flask a
    ``CONTENT_LENGTH``, and Flask then answers as the contract.
    """

    reason: str
    matters: str
    status: int | None = None
    content_type: str | None = None
    expect_headers: Mapping[str, str | None] | None = None
    text: str | None = None
    json: Any = MISSING
    contains: tuple[str, ...] = ()
    body_pattern: str | None = None
    unordered: tuple[str, ...] = ()
    streamed: bool = False

    def __post_init__(self) -> None:
        assert self.matters in MATTERS, f"matters must be one of {MATTERS}: {self.matters!r}"
        assert self.reason and "\n" not in self.reason, "a one-line reason"


@dataclass(frozen=True)
class Case:
    id: str
    path: str = "/"
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    #: sent as CONTENT_LENGTH instead of len(body); "" removes it
    content_length: str | None = None
    #: True: no CONTENT_LENGTH, body ends at EOF, server sets wsgi.input_terminated
    chunked: bool = False
    # expectations
    status: int = 200
    content_type: str | None = None
    expect_headers: Mapping[str, str | None] = field(default_factory=dict)
    header_patterns: Mapping[str, str] = field(default_factory=dict)
    text: str | None = None
    json: Any = MISSING
    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    body_pattern: str | None = None
    #: derive a HEAD twin of this case (on by default for 200 GETs)
    head: bool = True
    #: plain Flask's own answer, where it differs from the contract
    flask: FlaskDiffers | None = None
    #: headers compared as sets of comma-separated items (set by FlaskDiffers.unordered)
    unordered: tuple[str, ...] = ()


def expected(case: Case, form: str, *, dechunked: bool = False) -> Case:
    """The case as ``form`` must answer it: the contract, or Flask's recorded answer.

    ``dechunked``: the server turned a chunked body into one with a length.
    """
    diff = case.flask
    if form != "flask" or diff is None or (dechunked and diff.streamed):
        return case
    changes: dict[str, Any] = {
        "text": diff.text, "json": diff.json, "contains": diff.contains,
        "body_pattern": diff.body_pattern, "unordered": diff.unordered,
    }
    for name in ("status", "content_type", "expect_headers"):
        if getattr(diff, name) is not None:
            changes[name] = getattr(diff, name)
    return replace(case, **changes)


@dataclass
class Result:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes


def load_cases(module: str) -> list[Case]:
    cases: list[Case] = importlib.import_module(f"tests.cases.{module}").CASES
    return cases


def load_app(form: str, module: str) -> Callable[..., Any]:
    package, attr = FORMS[form]
    mod = importlib.import_module(f"{package}.{module}")
    app: Callable[..., Any] = getattr(mod, attr)
    return app


def with_head_twins(cases: list[Case]) -> list[Case]:
    """Every 200 GET case gets a HEAD twin: same status and headers, no body."""
    out = list(cases)
    for case in cases:
        if case.method == "GET" and case.status == 200 and case.head:
            out.append(
                Case(
                    id=f"{case.id}-HEAD",
                    path=case.path,
                    method="HEAD",
                    headers=case.headers,
                    status=200,
                    content_type=case.content_type,
                    expect_headers=case.expect_headers,
                    header_patterns=case.header_patterns,
                    text="",
                    head=False,
                    flask=_head_of(case.flask),
                )
            )
    return out


def _head_of(diff: FlaskDiffers | None) -> FlaskDiffers | None:
    """A GET's recorded difference, as it shows on HEAD: status and headers, no body."""
    if diff is None:
        return None
    return replace(diff, text="", json=MISSING, contains=(), body_pattern=None)


def build_environ(case: Case, prefix: str = "") -> dict[str, Any]:
    # Imported here: the gallery reads the case tables and check() without werkzeug.
    from werkzeug.test import EnvironBuilder

    path, _, query = (prefix + case.path).partition("?")
    builder = EnvironBuilder(
        path="/",
        method=case.method,
        headers=list(case.headers.items()),
        data=case.body,
        query_string=query,
    )
    environ: dict[str, Any] = builder.get_environ()
    # werkzeug's builder would replace undecodable bytes; a server does not.
    environ["PATH_INFO"] = unquote_to_bytes(path).decode("latin-1")
    environ["REQUEST_URI"] = environ["RAW_URI"] = prefix + case.path
    if case.chunked:
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True
    elif case.content_length is not None:
        if case.content_length == "":
            environ.pop("CONTENT_LENGTH", None)
        else:
            environ["CONTENT_LENGTH"] = case.content_length
    return environ


def _environ_is_valid(environ: dict[str, Any]) -> bool:
    """Would ``wsgiref.validate`` accept this environ from a server?"""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            validate.check_environ(environ)  # type: ignore[attr-defined]
    except (AssertionError, ValueError, Warning):
        return False
    return True


def _response_checker(app: Callable[..., Any]) -> Callable[..., Any]:
    """The validator's checks of the response alone, for environs it would refuse.

    ``validator`` checks the server as well as the app, and stops on a
    CONTENT_LENGTH like ``-1`` or a method like ``BREW`` before the app runs;
    real servers pass both through, so the app must cope with them.
    """

    def checked(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        calls: list[str] = []

        def checking_start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
            validate.check_status(status)  # type: ignore[attr-defined]
            validate.check_headers(headers)  # type: ignore[attr-defined]
            validate.check_content_type(status, headers)  # type: ignore[attr-defined]
            assert not calls or exc_info is not None, "start_response called twice"
            calls.append(status)
            return start_response(status, headers, exc_info)

        app_iter = app(environ, checking_start_response)
        assert calls, "the app returned without calling start_response"
        assert not isinstance(app_iter, (str, bytes)), "the body must be an iterable of bytes"
        return app_iter

    return checked


@contextmanager
def werkzeug_upload_leaks(form: str, slug: str) -> Iterator[None]:
    """Collect, inside the case, the temporary file Werkzeug leaves unclosed.

    Where a multipart body breaks off inside a file part, Werkzeug's parser drops
    the part's ``SpooledTemporaryFile`` without closing it
    (``tests/test_ex_upload.py`` shows it).  The ResourceWarning would fire when
    the garbage collector runs, in whatever test runs then; here it is collected
    at once and ignored, for the Flask form of the upload exercise only.
    """
    if (form, slug) != ("flask", "upload"):
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            yield
        finally:
            gc.collect()


def call_wsgi(app: Callable[..., Any], case: Case, prefix: str = "") -> Result:
    """Run ``case`` through werkzeug's Client, the app wrapped in a validator."""
    from werkzeug.test import Client

    environ = build_environ(case, prefix)
    wrapped = validator(app) if _environ_is_valid(environ) else _response_checker(app)
    # Client.open() would rebuild the environ (and re-encode PATH_INFO), so the
    # case's environ goes straight to the client's runner.
    client = Client(wrapped)
    app_iter, status, headers = client.run_wsgi_app(environ, buffered=True)
    lowered = {name.lower(): value for name, value in headers.items()}
    return Result(int(status.split()[0]), lowered, b"".join(app_iter))


def _sub(value: Any, prefix: str) -> Any:
    if isinstance(value, str):
        return value.replace("{prefix}", prefix)
    if isinstance(value, list):
        return [_sub(v, prefix) for v in value]
    if isinstance(value, dict):
        return {k: _sub(v, prefix) for k, v in value.items()}
    return value


def _items(value: str) -> set[str]:
    return {item.strip() for item in value.split(",")}


def normalise_content_type(value: str) -> str:
    return ";".join(part.strip() for part in value.lower().split(";"))


def check(case: Case, result: Result, prefix: str = "") -> None:
    """Assert that ``result`` meets ``case``; messages name the case."""
    where = f"{case.id} ({case.method} {prefix + case.path})"
    body = result.body
    assert result.status == case.status, f"{where}: status {result.status}, body {body[:300]!r}"
    assert result.status != 500 or case.status == 500, f"{where}: 500"
    headers = result.headers
    if case.method != "HEAD" and result.status not in (204, 304):
        assert headers.get("content-length") == str(len(body)), f"{where}: Content-Length"
    if case.content_type is not None:
        got = normalise_content_type(headers.get("content-type", ""))
        assert got == normalise_content_type(case.content_type), f"{where}: Content-Type {got}"
    unordered = {name.lower() for name in case.unordered}
    for name, want in case.expect_headers.items():
        got_value = headers.get(name.lower())
        want = _sub(want, prefix)
        if name.lower() in unordered and got_value is not None and want is not None:
            assert _items(got_value) == _items(want), f"{where}: header {name}: {got_value!r}"
        else:
            assert got_value == want, f"{where}: header {name}: {got_value!r}"
    for name, pattern in case.header_patterns.items():
        got_value = headers.get(name.lower(), "")
        assert re.fullmatch(pattern, got_value), f"{where}: header {name}: {got_value!r}"
    if case.method == "HEAD":
        assert body == b"", f"{where}: HEAD sent a body"
        return
    if case.text is not None:
        assert body.decode("utf-8") == _sub(case.text, prefix), f"{where}: body {body[:300]!r}"
    if case.json is not MISSING:
        assert json.loads(body) == _sub(case.json, prefix), f"{where}: body {body[:300]!r}"
    decoded = body.decode("utf-8", "replace")
    for needle in case.contains:
        assert _sub(needle, prefix) in decoded, f"{where}: {needle!r} not in {decoded[:300]!r}"
    for needle in case.not_contains:
        assert _sub(needle, prefix) not in decoded, f"{where}: {needle!r} in body"
    if case.body_pattern is not None:
        assert re.fullmatch(case.body_pattern, decoded, re.S), f"{where}: body {decoded[:300]!r}"


def _package_present(package: str) -> bool:
    spec = importlib.util.find_spec(package)
    return spec is not None and spec.origin is not None  # a regular package, not a bare folder


#: the forms whose package exists; within a present form every exercise must exist.
#: WSGIKIT_TEST_FORMS=raw,flask narrows (or, for a form in the works, widens) the list.
FORMS_PRESENT = (
    os.environ["WSGIKIT_TEST_FORMS"].split(",")
    if os.environ.get("WSGIKIT_TEST_FORMS")
    else [form for form, (package, _) in FORMS.items() if _package_present(package)]
)


def modules() -> list[str]:
    return [exercise.module for exercise in EXERCISES]
