"""calculator (seed 000, Test #10): int segments, an HTML form and a form body.

The Flask original::

    @app.route('/<int:num1>/<string:op>/<int:num2>')   -> the result of num1 op num2
    @app.route('/')                                    -> render_template('calculator.html')
    @app.route('/post', methods=['POST'])              -> request.form['input1'], ...

Done by hand here: the ``int`` converter (ASCII digits only, no sign, leading
zeros allowed: ``/007/+/1`` is 7 + 1), the form's ``action`` built from
``SCRIPT_NAME`` (what ``url_for`` does), and ``request.form``: the content type
checked, the body read up to a limit, then split on ``&`` and decoded as UTF-8.

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
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING
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

from ._plumbing import (
    HTTPProblem,
    check_method,
    exercise,
    html,
    json_response,
    media_type,
    not_found,
    path_info,
    read_body,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

#: the largest form body read: Flask's MAX_CONTENT_LENGTH
BODY_LIMIT = 64 * 1024

#: werkzeug's IntegerConverter is r"\d+"; [0-9] keeps out other scripts' digits
UNSIGNED = re.compile(r"[0-9]+")


def mount_url(environ: WSGIEnvironment, path: str) -> str:
    """``path`` under the exercise's mount point: ``url_for`` reads SCRIPT_NAME too."""
    prefix = environ.get("SCRIPT_NAME", "").encode("latin-1")
    return quote(prefix, safe="/!$&'()*+,;=:@") + path


def error(start_response: StartResponse, message: str) -> Iterable[bytes]:
    # The seed built these by hand with make_response(..., HTTPStatus.BAD_REQUEST).
    return json_response(start_response, {"error": message}, status=400)


def form_fields(environ: WSGIEnvironment) -> dict[str, str]:
    """``request.form``: the urlencoded body as ``{name: first value}``."""
    kind, _ = media_type(environ)
    if kind != "application/x-www-form-urlencoded":
        raise HTTPProblem(415, "send the form as application/x-www-form-urlencoded")
    body = read_body(environ, BODY_LIMIT)  # 413 over the limit, 400 if cut short
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            separator="&",
            max_num_fields=100,
        )
    except (UnicodeError, ValueError):
        raise HTTPProblem(400, "the form body is not valid UTF-8 or has too many fields") from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)  # the first value wins, as request.form[name]
    return fields


def post(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    fields = form_fields(environ)
    if any(name not in fields for name in ("input1", "operator", "input2")):
        return error(start_response, MISSING_ERROR)  # Flask: a KeyError -> 400
    num1 = to_int(fields["input1"])
    num2 = to_int(fields["input2"])
    if num1 is None or num2 is None:
        return error(start_response, MISSING_ERROR)
    op = fields["operator"]
    if op not in ("+", "-", "*", "/"):
        return error(start_response, OPERATOR_ERROR)
    if op == "/" and num2 == 0:
        return error(start_response, ZERO_ERROR)
    try:
        result = calculate(num1, op, num2)
    except OverflowError:  # an int quotient too large for a float
        result = None
    shown = None if result is None else printable(result)
    if shown is None:
        return error(start_response, OPERATOR_ERROR)
    # Jinja2 would autoescape these; the values are validated, escaped anyway.
    page = RESULT_PAGE.format(
        calculation=escape(f"{num1} {op} {num2}"),
        result=escape(shown),
        home=escape(mount_url(environ, "/")),
    )
    return html(start_response, page)


def get(start_response: StartResponse, num1: int, op: str, num2: int) -> Iterable[bytes]:
    """``/<int:num1>/<op>/<int:num2>``: JSON, or the seed's 400 for an unknown operator."""
    # A "/" never reaches here: %2F is decoded before routing and splits the path.
    result = calculate(num1, op, num2) if op in ("+", "-", "*") else None
    if result is None or printable(result) is None:  # json.dumps would raise past 4300 digits
        return error(start_response, GET_ERROR)
    return json_response(start_response, {"num1": num1, "op": op, "num2": num2, "result": result})


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    if path == "/":
        check_method(environ, "GET")
        # render_template + url_for('calculate_post'): the action keeps the mount prefix.
        return html(start_response, FORM_PAGE.format(action=escape(mount_url(environ, "/post"))))
    if path == "/post":
        check_method(environ, "POST")
        return post(environ, start_response)
    parts = path.split("/")
    # The rule /<int:num1>/<op>/<int:num2>: three non-empty segments, and the
    # int converter must accept both numbers, or the rule does not match (404).
    if len(parts) == 4 and parts[0] == "" and parts[2]:
        num1 = to_int(parts[1], UNSIGNED)
        num2 = to_int(parts[3], UNSIGNED)
        if num1 is not None and num2 is not None:
            check_method(environ, "GET")
            return get(start_response, num1, parts[2], num2)
    raise not_found(path)
