"""calculator (seed 000, Test #10): int segments, an HTML form and a form body.

The seed's app, with the decisions ``examples/raw/calculator.py`` records (JSON
for ``GET``, the Korean error messages, exact division).  Compared with the raw
form, Flask does for you:

- ``<int:num1>``: the converter matches the digits and calls ``int()``, and a
  segment it refuses is no match, a 404 (``make_app`` makes it ASCII-only: ``\\d``
  would take ``١٢``; past 4300 digits ``int()`` refuses, and Werkzeug says 404);
- ``url_for('calculate_post')`` writes the form's ``action`` under the mount
  point (``SCRIPT_NAME``), and Jinja2 autoescapes what the page shows;
- ``request.form``: the body read up to ``CONTENT_LENGTH`` and at most
  ``MAX_CONTENT_LENGTH`` (413), split on ``&`` and decoded, the first value of a
  repeated field under ``request.form.get``.

Bent where Flask is laxer than the contract: a body that is not
``application/x-www-form-urlencoded`` is a 415 (Flask would leave ``request.form``
empty), a chunked body over the limit is a 413 (``get_body``), and a missing
field answers the seed's JSON error instead of the ``BadRequestKeyError`` that
``request.form[name]`` raises.  Werkzeug decodes a bad ``%FF`` leniently (as
the text ``%FF``), but no such text is an integer or an operator, so it ends in
the same 400 as in the raw form.
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template_string, request

from examples.calculation import (
    GET_ERROR,
    MISSING_ERROR,
    OPERATOR_ERROR,
    ZERO_ERROR,
    calculate,
    printable,
    to_int,
)

from ._common import get_body, make_app

app = make_app(__name__)
app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # a form body: 64 KiB, then 413
# Jinja2 drops a template's last newline; the raw form's page ends with one.
app.jinja_env.keep_trailing_newline = True

# The seed's templates/calculator.html and its result page, kept in the module.
FORM_PAGE = """\
<!DOCTYPE html>
<html lang="ko">
<head>
    <meta charset="UTF-8">
    <title>Calculator (POST request)</title>
</head>
<body>
    <form action="{{ url_for('calculate_post') }}" method="post">
        <p> 인자 1 : <input type="number" id="input1" name="input1"> </p>
        <p> 연산자 : <input type="text" id="operator" name="operator"> </p>
        <p> 인자 2 : <input type="number" id="input2" name="input2"> </p>
        <p> 인자와 연산자를 입력하고 제출 버튼을 누르세요. <input type="submit" value="제출"></p>
    </form>
</body>
</html>
"""

RESULT_PAGE = """\
<!DOCTYPE html>
<html lang="ko">
<head>
    <meta charset="UTF-8">
    <title>Calculator (POST result)</title>
</head>
<body>
    <p>{{ calculation }} = {{ result }}</p>
    <p>최종 연산 결과 값은 다음과 같습니다: {{ result }}</p>
    <p><a href="{{ url_for('calculator') }}">다시 계산하기</a></p>
</body>
</html>
"""


def error(message: str) -> tuple[dict[str, Any], int]:
    # The seed: make_response(jsonify(...), HTTPStatus.BAD_REQUEST).
    return {"error": message}, 400


@app.route("/")
def calculator() -> str:
    return render_template_string(FORM_PAGE)


@app.route("/<int:num1>/<op>/<int:num2>")
def calculate_get(num1: int, op: str, num2: int) -> tuple[dict[str, Any], int]:
    result = calculate(num1, op, num2) if op in ("+", "-", "*") else None
    if result is None or printable(result) is None:  # json.dumps refuses past 4300 digits too
        return error(GET_ERROR)
    return {"num1": num1, "op": op, "num2": num2, "result": result}, 200


@app.route("/post", methods=["POST"])
def calculate_post() -> str | tuple[dict[str, Any], int]:
    # request.form is empty for any other media type; the contract says 415.
    if request.mimetype != "application/x-www-form-urlencoded":
        abort(415, "send the form as application/x-www-form-urlencoded")
    get_body()  # 413 over the limit, a chunked body included; request.form parses these bytes
    num1 = to_int(request.form.get("input1"))
    num2 = to_int(request.form.get("input2"))
    op = request.form.get("operator")
    if num1 is None or num2 is None or op is None:
        return error(MISSING_ERROR)
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
    return render_template_string(RESULT_PAGE, calculation=f"{num1} {op} {num2}", result=shown)

