"""The calculator exercise's own logic, shared by its raw, kit and Flask forms.

The arithmetic (the seed's ``do_calculation``), the Korean error messages and
the pages are the exercise, not what a framework does for you, so they live
here once.  The pages are ``str.format`` templates for the raw and kit forms;
the Flask twin keeps Jinja2 copies, which is the point of that column.
"""

from __future__ import annotations

import re

__all__ = [
    "FORM_PAGE",
    "GET_ERROR",
    "MISSING_ERROR",
    "OPERATOR_ERROR",
    "RESULT_PAGE",
    "SIGNED",
    "ZERO_ERROR",
    "calculate",
    "printable",
    "to_int",
]

GET_ERROR = "잘못된 연산자 또는 인수입니다."
MISSING_ERROR = "POST 방식에서 JSON에 필요한 데이터 누락입니다"
OPERATOR_ERROR = "연산자 또는 인수를 올바르게 넣어주세요."
ZERO_ERROR = "0으로 나눌 수 없습니다."

#: what a form field may hold: a sign, then ASCII digits (int() alone would take " 12 ", "1_0")
SIGNED = re.compile(r"[+-]?[0-9]+")

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


def to_int(value: str | None, pattern: re.Pattern[str] = SIGNED) -> int | None:
    """The text as an int, or None; int() refuses more than 4300 digits (ValueError)."""
    if value is None or not pattern.fullmatch(value):
        return None
    try:
        return int(value)
    except ValueError:
        return None


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
