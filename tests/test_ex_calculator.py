"""calculator: the form posts where it says, and numbers too big to print are a 400.

The form's ``action`` is read from ``GET /`` and the calculation posted there
(two steps, under every mount point).  Results past Python's 4300-digit limit
for ``str(int)``, and quotients too large for a float, must be a 400 with the
contract's JSON error, never a 500; these need URLs too long for the shared
case table (servers cap the request line).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.casekit import FORMS_PRESENT, Case, call_wsgi, load_app

WHERE = [(form, where) for form in FORMS_PRESENT for where in ("root", "gallery")]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
GET_ERROR = {"error": "잘못된 연산자 또는 인수입니다."}
MISSING = {"error": "POST 방식에서 JSON에 필요한 데이터 누락입니다"}
OPERATOR = {"error": "연산자 또는 인수를 올바르게 넣어주세요."}
BIG = "9" * 4300  # the longest int() accepts from text


def app_and_prefix(form: str, where: str) -> tuple[Any, str]:
    if where == "root":
        return load_app(form, "calculator"), ""
    from examples.gallery import application

    return application, f"/{form}/calculator"


@pytest.mark.parametrize(("form", "where"), WHERE)
def test_the_form_posts_to_its_action(form: str, where: str) -> None:
    app, prefix = app_and_prefix(form, where)
    page = call_wsgi(app, Case("form", "/"), prefix)
    assert page.status == 200
    found = re.search(r'<form action="([^"]*)" method="post">', page.body.decode("utf-8"))
    assert found, page.body[:300]
    action = found.group(1)
    assert action == prefix + "/post"
    answer = call_wsgi(
        app,
        Case(
            "post",
            action[len(prefix) :],
            "POST",
            headers=FORM,
            body=b"input1=12&operator=%2A&input2=5",
        ),
        prefix,
    )
    assert answer.status == 200
    assert answer.headers["content-type"].replace(" ", "") == "text/html;charset=utf-8"
    assert "<p>12 * 5 = 60</p>" in answer.body.decode("utf-8")


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize("op", ["+", "*"])
def test_get_result_too_long_to_print(form: str, op: str) -> None:
    app = load_app(form, "calculator")
    result = call_wsgi(app, Case("big", f"/{BIG}/{op.replace('+', '%2B')}/{BIG}"))
    assert result.status == 400
    assert json.loads(result.body) == GET_ERROR


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_get_operand_over_4300_digits_is_404(form: str) -> None:
    app = load_app(form, "calculator")
    assert call_wsgi(app, Case("long", f"/{BIG}9/+/1")).status == 404


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_get_longest_operands_work(form: str) -> None:
    app = load_app(form, "calculator")
    result = call_wsgi(app, Case("big", f"/{BIG}/-/{BIG}"))
    assert result.status == 200
    assert json.loads(result.body)["result"] == 0


@pytest.mark.parametrize("form", FORMS_PRESENT)
@pytest.mark.parametrize(
    ("body", "error"),
    [
        (f"input1={BIG}&operator=*&input2={BIG}", OPERATOR),  # 8600 digits: str() refuses
        (f"input1={BIG}&operator=%2B&input2={BIG}", OPERATOR),  # 4301 digits
        (f"input1=1{'0' * 400}&operator=/&input2=3", OPERATOR),  # float overflow
        (f"input1={BIG}9&operator=*&input2=1", MISSING),  # int() refuses 4301 digits
    ],
    ids=["times", "plus", "divide-overflow", "operand-too-long"],
)
def test_post_numbers_too_big(form: str, body: str, error: dict[str, str]) -> None:
    app = load_app(form, "calculator")
    result = call_wsgi(app, Case("big", "/post", "POST", headers=FORM, body=body.encode()))
    assert result.status == 400
    assert json.loads(result.body) == error


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_post_huge_exact_quotient(form: str) -> None:
    app = load_app(form, "calculator")
    body = f"input1={BIG}&operator=/&input2=9".encode()
    result = call_wsgi(app, Case("big", "/post", "POST", headers=FORM, body=body))
    assert result.status == 200
    assert f"= {'1' * 4300}</p>" in result.body.decode("utf-8")
