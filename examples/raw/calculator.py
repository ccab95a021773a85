"""calculator (seed 000, Test #10): int segments, an HTML form and a form body.

The Flask original::

    @app.route('/<int:num1>/<string:op>/<int:num2>')   -> the result of num1 op num2
    @app.route('/')                                    -> render_template('calculator.html')
    @app.route('/post', methods=['POST'])              -> request.form['input1'], ...

Decisions the seed left open (the other forms follow them):

- ``GET /<num1>/<op>/<num2>`` answers JSON ``{"num1", "op", "num2", "result"}``;
  an operator other than ``+ - *``, or a result over 4300 digits (which
  ``json.dumps`` refuses), is a 400 with ``{"error": "잘못된 연산자 또는 인수입니다."}``.
- ``POST /post`` takes ``application/x-www-form-urlencoded`` only (else 415), at
  most 64 KiB (else 413).  ``input1``/``input2`` are integers written as
  ``[+-]?[0-9]+`` (no spaces, no ``_``, ASCII digits; the first value of a
  repeated field counts).  ``/`` is exact division: ``6 / 3`` shows ``2``,
  ``7 / 2`` shows ``3.5`` (Python's ``repr`` of the float).
- Errors of ``POST /post`` are 400 JSON ``{"error": ...}`` in Korean: a missing or
  non-integer field -> the seed's ``POST 방식에서 JSON에 필요한 데이터 누락입니다``;
  an unknown operator, or a result too large to print -> ``연산자 또는 인수를
  올바르게 넣어주세요.``; division by zero -> ``0으로 나눌 수 없습니다.``

What to notice: the routes answer in HTML, in JSON or, for a refusal, in plain
text, so ``answer`` returns the content type along with the text.  Done by
hand: the ``int`` converter (ASCII digits only, no sign, leading zeros allowed:
``/007/+/1`` is 7 + 1), the form's ``action`` built from ``SCRIPT_NAME`` (what
``url_for`` does), and ``request.form``: the content type checked, the body
read up to a limit, then split on ``&`` and decoded as UTF-8.  ``utf8_path``,
``method_check`` and ``root_redirect`` are hello's; ``media_type`` and
``read_body`` are what wsgi-body wrote out, and the ``BodyError`` that
``read_body`` raises is caught in ``application``, as there.

What Flask does for you: the ``int`` converter and the 404 when it refuses,
``url_for``, ``request.form`` (parsed once, under ``MAX_CONTENT_LENGTH``), a
``KeyError`` on it turned into a 400, and ``render_template``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/calculator.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import json
import re
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote

from examples.calculation import (
    FORM_PAGE,
    GET_ERROR,
    MISSING_ERROR,
    OPERATOR_ERROR,
    RESULT_PAGE,
    ZERO_ERROR,
    calculate,
    printable,
    to_int,
)

from ._plumbing import BodyError, media_type, method_check, read_body, root_redirect, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

    # the status line, the extra headers, the content type and the text
    Answer = tuple[str, list[tuple[str, str]], str, str]

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json"

#: the largest form body read: Flask's MAX_CONTENT_LENGTH
BODY_LIMIT = 64 * 1024

#: werkzeug's IntegerConverter is r"\d+"; [0-9] keeps out other scripts' digits
UNSIGNED = re.compile(r"[0-9]+")


def mount_url(environ: WSGIEnvironment, path: str) -> str:
    """``path`` under the exercise's mount point: ``url_for`` reads SCRIPT_NAME too."""
    prefix = environ.get("SCRIPT_NAME", "").encode("latin-1")
    return quote(prefix, safe="/!$&'()*+,;=:@") + path


def as_json(status: str, value: dict[str, Any]) -> Answer:
    return status, [], JSON, json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def error(message: str) -> Answer:
    # The seed built these by hand with make_response(..., HTTPStatus.BAD_REQUEST).
    return as_json("400 Bad Request", {"error": message})


def form_fields(body: bytes) -> dict[str, str] | None:
    """``request.form``: the urlencoded body as ``{name: first value}``, or None (a 400)."""
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            separator="&",
            max_num_fields=100,
        )
    except ValueError:  # not UTF-8 (a UnicodeError is a ValueError), or too many fields
        return None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)  # the first value wins, as request.form[name]
    return fields


def post(environ: WSGIEnvironment) -> Answer:
    """``POST /post``: the form's calculation, as an HTML page."""
    if media_type(environ)[0] != "application/x-www-form-urlencoded":
        return "415 Unsupported Media Type", [], TEXT, "Send the form urlencoded."
    fields = form_fields(read_body(environ, BODY_LIMIT))  # a BodyError: see application
    if fields is None:
        return "400 Bad Request", [], TEXT, "The form is not valid UTF-8, or has too many fields."
    if any(name not in fields for name in ("input1", "operator", "input2")):
        return error(MISSING_ERROR)  # Flask: a KeyError -> 400
    num1 = to_int(fields["input1"])
    num2 = to_int(fields["input2"])
    if num1 is None or num2 is None:
        return error(MISSING_ERROR)
    op = fields["operator"]
    if op not in ("+", "-", "*", "/"):
        return error(OPERATOR_ERROR)
    if op == "/" and num2 == 0:
        return error(ZERO_ERROR)
    try:
        result = calculate(num1, op, num2)
    except OverflowError:  # an int quotient too large for a float
        result = None
    shown = None if result is None else printable(result)
    if shown is None:
        return error(OPERATOR_ERROR)
    # Jinja2 would autoescape these; the values are validated, escaped anyway.
    page = RESULT_PAGE.format(
        calculation=escape(f"{num1} {op} {num2}"),
        result=escape(shown),
        home=escape(mount_url(environ, "/")),
    )
    return "200 OK", [], HTML, page


def get(num1: int, op: str, num2: int) -> Answer:
    """``/<int:num1>/<op>/<int:num2>``: JSON, or the seed's 400 for an unknown operator."""
    # A "/" never reaches here: %2F is decoded before routing and splits the path.
    result = calculate(num1, op, num2) if op in ("+", "-", "*") else None
    if result is None or printable(result) is None:  # json.dumps would raise past 4300 digits
        return as_json("400 Bad Request", {"error": GET_ERROR})
    return as_json("200 OK", {"num1": num1, "op": op, "num2": num2, "result": result})


def numbers(path: str) -> tuple[int, str, int] | None:
    """The rule ``/<int:num1>/<op>/<int:num2>``, or None when it does not match (404)."""
    # Three non-empty segments, and the int converter must accept both numbers.
    parts = path.split("/")
    if len(parts) != 4 or parts[0] != "" or not parts[2]:
        return None
    num1 = to_int(parts[1], UNSIGNED)
    num2 = to_int(parts[3], UNSIGNED)
    if num1 is None or num2 is None:
        return None
    return num1, parts[2], num2


def answer(environ: WSGIEnvironment) -> Answer:
    """The status line, the extra headers, the content type and the text for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], TEXT, "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            status, location, text = redirect
            return status, location, TEXT, text
    calculation = numbers(path)  # None: the rule /<int:num1>/<op>/<int:num2> does not match
    methods: tuple[str, ...]
    if path == "/post":
        methods = ("OPTIONS", "POST")
    elif path == "/" or calculation is not None:
        methods = ("GET", "HEAD", "OPTIONS")
    else:
        return "404 Not Found", [], TEXT, "Nothing is served at this path."
    refusal = method_check(environ, methods)  # OPTIONS, or a 405
    if refusal is not None:
        status, allow, text = refusal
        return status, allow, TEXT, text
    if path == "/post":
        return post(environ)
    if calculation is not None:
        return get(*calculation)
    # render_template + url_for('calculate_post'): the action keeps the mount prefix.
    return "200 OK", [], HTML, FORM_PAGE.format(action=escape(mount_url(environ, "/post")))


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    try:
        status, extra, content_type, text = answer(environ)
    except BodyError as refused:  # read_body: the form body will not do (400, 408, 413)
        status, extra, content_type, text = refused.status, [], TEXT, refused.text
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/calculator.py [--host H] [--port P]: wsgiref, the standard library's
    # server, serves this application on 127.0.0.1:29130, the seed's port.  The seed's host
    # 0.0.0.0 would expose this development server to every machine on the network.
    import argparse
    from contextlib import suppress
    from wsgiref.simple_server import make_server

    parser = argparse.ArgumentParser(description="Serve this exercise with wsgiref.")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=29130, help="port (default: %(default)s)")
    args = parser.parse_args()
    with make_server(args.host, args.port, application) as server, suppress(KeyboardInterrupt):
        print(f"Serving on http://{args.host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()
