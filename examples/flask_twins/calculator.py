"""calculator (seed 000, Test #10): int segments, an HTML form and a form body.

The seed's app, with the decisions ``examples/raw/calculator.py`` records (JSON
for ``GET``, the Korean error messages, exact division)::

    @app.route('/<int:num1>/<string:op>/<int:num2>', methods=['GET'])
    def calculate_get(num1, op, num2): ...

    @app.route('/post', methods=['POST'])
    def calculate_post():
        arg1 = request.form['input1']
        ...

Compared with the raw form, Flask does for you: ``<int:num1>`` matches the
digits and calls ``int()`` (a segment it refuses, past 4300 digits too, is no
match, a 404); ``url_for('calculate_post')`` writes the form's ``action`` under
the mount point (``SCRIPT_NAME``) and Jinja2 autoescapes what the page shows;
``request.form`` is the body read up to ``CONTENT_LENGTH`` and at most
``MAX_CONTENT_LENGTH`` (413), split on ``&`` and decoded.  The view checks the
media type itself (``request.form`` is empty for any other, the contract says
415) and reads fields with ``.get`` (``request.form[name]`` would be Werkzeug's
own 400 page instead of the seed's JSON error).

Flask differs (recorded in ``tests/cases/calculator.py``): ``int`` matches
``\\d``, so other scripts' digits count (``/١٢/+/5`` is 12 + 5); ``/%FF`` is a
404, not a 400; ``Allow`` comes from a set.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/flask_twins/calculator.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.flask_twins"

from typing import Any

from flask import Flask, abort, render_template_string, request
from werkzeug.exceptions import ClientDisconnected

from examples.calculation import (
    GET_ERROR,
    MISSING_ERROR,
    OPERATOR_ERROR,
    ZERO_ERROR,
    calculate,
    printable,
    to_int,
)

from ._common import client_failed

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # a form body: 64 KiB, then 413
app.register_error_handler(ClientDisconnected, client_failed)  # 408 for a stalled body
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


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.calculator run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
