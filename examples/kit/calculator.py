"""calculator (seed 000, Test #10): int segments, an HTML form and a form body.

The Flask original::

    @app.route('/<int:num1>/<string:op>/<int:num2>')   -> the result of num1 op num2
    @app.route('/')                                    -> render_template('calculator.html')
    @app.route('/post', methods=['POST'])              -> request.form['input1'], ...

The router's ``int`` converter does the raw form's digit checks (ASCII digits,
no sign, leading zeros allowed; anything else is a 404), ``request.url_for``
puts the mount point into the form's ``action``, ``request.form`` reads the
body (bounded, 400 if cut short or not UTF-8, 413 over the limit) and parses it,
and a returned dict or tuple is the JSON answer.  The decisions the seed left
open are the raw form's: see its docstring.
"""

from __future__ import annotations

import re
from html import escape

from wsgikit import Request, Response, Router, UnsupportedMediaType, handler, html_response

GET_ERROR = "잘못된 연산자 또는 인수입니다."
MISSING_ERROR = "POST 방식에서 JSON에 필요한 데이터 누락입니다"
OPERATOR_ERROR = "연산자 또는 인수를 올바르게 넣어주세요."
ZERO_ERROR = "0으로 나눌 수 없습니다."

SIGNED = re.compile(r"[+-]?[0-9]+")  # a form field: no spaces, no '_', ASCII digits

FORM_PAGE = """\
<!DOCTYPE html>
<html lang="ko">
<head>
    <meta charset="UTF-8">
    <title>Calculator (POST request)</title>
</head>
<body>
    <form action="{action}" method="post">
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
    <p>{calculation} = {result}</p>
    <p>최종 연산 결과 값은 다음과 같습니다: {result}</p>
    <p><a href="{home}">다시 계산하기</a></p>
</body>
</html>
"""


class FormRequest(Request):
    """The raw form's limits: 64 KiB (Flask's MAX_CONTENT_LENGTH there), 100 fields."""

    max_form_bytes = 64 * 1024
    max_form_fields = 100



def calculate(num1: int, op: str, num2: int) -> int | float | None:
    """The seed's ``do_calculation``; None for an unknown operator."""
    if op == "+":
        return num1 + num2
    if op == "-":
        return num1 - num2
    if op == "*":
        return num1 * num2
    if op == "/":  # only the form offers division; num2 != 0 is checked first
        return num1 // num2 if num1 % num2 == 0 else num1 / num2
    return None


def printable(result: int | float) -> str | None:
    """``str(result)``, or None where Python refuses (an int over 4300 digits)."""
    try:
        return str(result)
    except ValueError:
        return None


def to_int(value: str | None) -> int | None:
    if value is None or not SIGNED.fullmatch(value):
        return None
    try:
        return int(value)
    except ValueError:  # over 4300 digits
        return None


router = Router()


@router.route("/")
@handler
def index(request: Request) -> Response:
    action = request.url_for("calculate_post")
    return html_response(FORM_PAGE.format(action=escape(action)))


@router.route("/<int:num1>/<op>/<int:num2>")
@handler
def calculate_get(
    request: Request, num1: int, op: str, num2: int
) -> dict[str, int | float | str] | tuple[dict[str, str], int]:
    result = calculate(num1, op, num2) if op in ("+", "-", "*") else None
    if result is None or printable(result) is None:  # json.dumps refuses 4300+ digits too
        return {"error": GET_ERROR}, 400
    return {"num1": num1, "op": op, "num2": num2, "result": result}


@router.route("/post", methods=("POST",))
@handler
def calculate_post(request: Request) -> Response | tuple[dict[str, str], int]:
    if request.content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("send the form as application/x-www-form-urlencoded")
    form = FormRequest(request.environ).form  # @handler's Request has a 1 MiB limit
    num1, num2 = to_int(form.get("input1")), to_int(form.get("input2"))
    op = form.get("operator")
    if num1 is None or num2 is None or op is None:
        return {"error": MISSING_ERROR}, 400
    if op not in ("+", "-", "*", "/"):
        return {"error": OPERATOR_ERROR}, 400
    if op == "/" and num2 == 0:
        return {"error": ZERO_ERROR}, 400
    try:
        result = calculate(num1, op, num2)
    except OverflowError:  # an int quotient too large for a float
        result = None
    shown = None if result is None else printable(result)
    if shown is None:
        return {"error": OPERATOR_ERROR}, 400
    page = RESULT_PAGE.format(
        calculation=escape(f"{num1} {op} {num2}"),
        result=escape(shown),
        home=escape(request.url_for("index")),
    )
    return html_response(page)


application = router
