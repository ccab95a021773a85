from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

JSON = "application/json"
HTML = "text/html; charset=utf-8"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
GET_ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
POST_ALLOW = {"Allow": "OPTIONS, POST"}
GET_ERROR = {"error": "잘못된 연산자 또는 인수입니다."}
MISSING = {"error": "POST 방식에서 JSON에 필요한 데이터 누락입니다"}
OPERATOR = {"error": "연산자 또는 인수를 올바르게 넣어주세요."}
ZERO = {"error": "0으로 나눌 수 없습니다."}

# Plain Flask's own answers, where they are not the contract's.
# ١٢ + 5 and 12 + ５ alike
OTHER_DIGITS = FlaskDiffers(
    reason="Werkzeug's int converter matches \\d, which takes other scripts' digits, and int() "
    "reads them",
    matters="taste",
    status=200,
    content_type=JSON,
    json={"num1": 12, "op": "+", "num2": 5, "result": 17},
)


def post(id: str, body: bytes, **kw: object) -> Case:
    headers = kw.pop("headers", FORM)
    return Case(id, "/post", "POST", headers=headers, body=body, **kw)  # type: ignore[arg-type]


def result(calculation: str, value: str) -> tuple[str, ...]:
    return (
        f"<p>{calculation} = {value}</p>",
        f"<p>최종 연산 결과 값은 다음과 같습니다: {value}</p>",
        '<a href="{prefix}/">',
    )


CASES = [
    # GET /: the form, posting to the exercise's own /post under any mount point
    Case(
        "form",
        "/",
        content_type=HTML,
        contains=(
            '<form action="{prefix}/post" method="post">',
            '<input type="number" id="input1" name="input1">',
            '<input type="text" id="operator" name="operator">',
            '<input type="number" id="input2" name="input2">',
            "인자 1 :",
            "연산자 :",
            "인자 2 :",
        ),
    ),
    Case("form-post", "/", "POST", status=405, expect_headers=GET_ALLOW, flask=ALLOW_SET),
    Case("form-options", "/", "OPTIONS", expect_headers=GET_ALLOW, flask=ALLOW_SET),
    # GET /<int>/<op>/<int>
    Case(
        "get-times",
        "/12/*/5",
        content_type=JSON,
        json={"num1": 12, "op": "*", "num2": 5, "result": 60},
    ),
    Case(
        "get-plus",
        "/12/+/5",
        content_type=JSON,
        json={"num1": 12, "op": "+", "num2": 5, "result": 17},
    ),
    Case(
        "get-plus-encoded",
        "/12/%2B/5",
        content_type=JSON,
        json={"num1": 12, "op": "+", "num2": 5, "result": 17},
    ),
    Case(
        "get-minus-negative",
        "/5/-/12",
        content_type=JSON,
        json={"num1": 5, "op": "-", "num2": 12, "result": -7},
    ),
    Case(
        "get-zeros",
        "/0/*/0",
        content_type=JSON,
        json={"num1": 0, "op": "*", "num2": 0, "result": 0},
    ),
    Case(
        "get-leading-zeros",
        "/007/+/01",
        content_type=JSON,
        json={"num1": 7, "op": "+", "num2": 1, "result": 8},
    ),
    Case(
        "get-big",
        "/123456789012345678901234567890/*/2",
        content_type=JSON,
        json={
            "num1": 123456789012345678901234567890,
            "op": "*",
            "num2": 2,
            "result": 246913578024691357802469135780,
        },
    ),
    Case("get-power", "/12/**/5", status=400, content_type=JSON, json=GET_ERROR),
    Case("get-word-op", "/12/plus/5", status=400, content_type=JSON, json=GET_ERROR),
    Case("get-modulo", "/12/%25/5", status=400, content_type=JSON, json=GET_ERROR),
    Case("get-html-op", "/12/%3Cb%3E/5", status=400, content_type=JSON, json=GET_ERROR),
    Case(
        "get-korean-op",
        "/12/%EB%8D%94%ED%95%98%EA%B8%B0/5",
        status=400,
        content_type=JSON,
        json=GET_ERROR,
    ),
    Case("get-slash-op", "/12/%2F/5", status=404),
    Case("get-empty-op", "/12//5", status=404),
    Case("get-not-int", "/abc/+/5", status=404),
    Case("get-not-int-second", "/12/+/five", status=404),
    Case("get-negative", "/-12/+/5", status=404),
    Case("get-plus-sign", "/%2B12/+/5", status=404),
    Case("get-float", "/1.5/+/5", status=404),
    Case("get-arabic-digits", "/%D9%A1%D9%A2/+/5", status=404, flask=OTHER_DIGITS),
    Case("get-fullwidth-digit", "/12/+/%EF%BC%95", status=404, flask=OTHER_DIGITS),
    Case("get-underscore", "/1_000/+/5", status=404),
    Case("get-trailing-slash", "/12/+/5/", status=404),
    Case("get-two-segments", "/12/5", status=404),
    Case("get-post", "/12/+/5", "POST", status=405, expect_headers=GET_ALLOW, flask=ALLOW_SET),
    Case("get-delete-bad-op", "/12/**/5", "DELETE", status=405, expect_headers=GET_ALLOW,
         flask=ALLOW_SET),
    Case("get-options", "/12/+/5", "OPTIONS", expect_headers=GET_ALLOW, flask=ALLOW_SET),
    Case("get-bad-utf8", "/12/%FF/5", status=400),
    Case("unknown", "/nope", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
    # POST /post: a urlencoded form -> an HTML page
    post(
        "post-times",
        b"input1=12&operator=*&input2=5",
        content_type=HTML,
        contains=result("12 * 5", "60"),
    ),
    post(
        "post-plus",
        b"input1=12&operator=%2B&input2=5",
        content_type=HTML,
        contains=result("12 + 5", "17"),
    ),
    post(
        "post-minus",
        b"input1=5&operator=-&input2=12",
        content_type=HTML,
        contains=result("5 - 12", "-7"),
    ),
    post(
        "post-negative",
        b"input1=-3&operator=-&input2=-2",
        content_type=HTML,
        contains=result("-3 - -2", "-1"),
    ),
    post(
        "post-plus-sign",
        b"input1=%2B7&operator=*&input2=3",
        content_type=HTML,
        contains=result("7 * 3", "21"),
    ),
    post(
        "post-divide-exact",
        b"input1=6&operator=%2F&input2=3",
        content_type=HTML,
        contains=result("6 / 3", "2"),
    ),
    post(
        "post-divide-fraction",
        b"input1=7&operator=/&input2=2",
        content_type=HTML,
        contains=result("7 / 2", "3.5"),
    ),
    post(
        "post-divide-repeating",
        b"input1=1&operator=/&input2=3",
        content_type=HTML,
        contains=result("1 / 3", "0.3333333333333333"),
    ),
    post(
        "post-divide-negative",
        b"input1=-7&operator=/&input2=2",
        content_type=HTML,
        contains=result("-7 / 2", "-3.5"),
    ),
    post(
        "post-order-free",
        b"input2=5&operator=*&input1=12",
        content_type=HTML,
        contains=result("12 * 5", "60"),
    ),
    post(
        "post-repeated-field",
        b"input1=12&input1=99&operator=*&input2=5",
        content_type=HTML,
        contains=result("12 * 5", "60"),
    ),
    post(
        "post-charset",
        b"input1=1&operator=*&input2=2",
        content_type=HTML,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
        contains=result("1 * 2", "2"),
    ),
    post(
        "post-chunked",
        b"input1=12&operator=*&input2=5",
        chunked=True,
        content_type=HTML,
        contains=result("12 * 5", "60"),
    ),
    # POST errors: the seed's Korean JSON messages
    post(
        "post-missing-input1", b"operator=*&input2=5", status=400, content_type=JSON, json=MISSING
    ),
    post(
        "post-missing-operator", b"input1=12&input2=5", status=400, content_type=JSON, json=MISSING
    ),
    post(
        "post-empty-input2",
        b"input1=12&operator=*&input2=",
        status=400,
        content_type=JSON,
        json=MISSING,
    ),
    post(
        "post-not-int",
        b"input1=twelve&operator=*&input2=5",
        status=400,
        content_type=JSON,
        json=MISSING,
    ),
    post(
        "post-float", b"input1=1.5&operator=*&input2=5", status=400, content_type=JSON, json=MISSING
    ),
    post(
        "post-spaces",
        b"input1=+12+&operator=*&input2=5",
        status=400,
        content_type=JSON,
        json=MISSING,
    ),
    post(
        "post-underscore",
        b"input1=1_000&operator=*&input2=5",
        status=400,
        content_type=JSON,
        json=MISSING,
    ),
    post(
        "post-arabic-digits",
        b"input1=%D9%A1%D9%A2&operator=*&input2=5",
        status=400,
        content_type=JSON,
        json=MISSING,
    ),
    post("post-empty-body", b"", status=400, content_type=JSON, json=MISSING),
    post(
        "post-unknown-operator",
        b"input1=12&operator=**&input2=5",
        status=400,
        content_type=JSON,
        json=OPERATOR,
    ),
    post(
        "post-plus-unencoded",
        b"input1=12&operator=+&input2=5",
        status=400,
        content_type=JSON,
        json=OPERATOR,
    ),
    post(
        "post-empty-operator",
        b"input1=12&operator=&input2=5",
        status=400,
        content_type=JSON,
        json=OPERATOR,
    ),
    post(
        "post-html-operator",
        b"input1=12&operator=%3Cscript%3E&input2=5",
        status=400,
        content_type=JSON,
        json=OPERATOR,
    ),
    post(
        "post-divide-zero",
        b"input1=12&operator=%2F&input2=0",
        status=400,
        content_type=JSON,
        json=ZERO,
    ),
    post(
        "post-divide-zero-zero",
        b"input1=0&operator=/&input2=0",
        status=400,
        content_type=JSON,
        json=ZERO,
    ),
    # POST: the body and its framing
    post("post-bad-utf8-value", b"input1=%FF&operator=*&input2=5", status=400),
    post("post-bad-utf8-body", b"input1=\xff&operator=*&input2=5", status=400),
    post(
        "post-json",
        b'{"input1": 12, "operator": "*", "input2": 5}',
        status=415,
        headers={"Content-Type": "application/json"},
    ),
    post(
        "post-multipart",
        b"--x\r\n\r\n--x--\r\n",
        status=415,
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    ),
    post("post-no-content-type", b"input1=12&operator=*&input2=5", status=415, headers={}),
    post(
        "post-text-plain",
        b"input1=12&operator=*&input2=5",
        status=415,
        headers={"Content-Type": "text/plain"},
    ),
    post("post-negative-length", b"input1=12&operator=*&input2=5", content_length="-1", status=400),
    post("post-abc-length", b"input1=12&operator=*&input2=5", content_length="abc", status=400),
    post("post-no-length", b"input1=12&operator=*&input2=5", content_length="", status=400),
    post("post-truncated", b"input1=12&operator=*&input2=5", content_length="100", status=400),
    post("post-oversized", b"input1=1&operator=*&input2=" + b"1" * (64 * 1024), status=413),
    post(
        "post-huge-length",
        b"input1=12&operator=*&input2=5",
        content_length="99999999999",
        status=413,
    ),
    Case("post-get", "/post", status=405, expect_headers=POST_ALLOW, flask=ALLOW_SET),
    Case("post-put", "/post", "PUT", status=405, expect_headers=POST_ALLOW, flask=ALLOW_SET),
    Case("post-options", "/post", "OPTIONS", expect_headers=POST_ALLOW, flask=ALLOW_SET),
    Case("post-trailing-slash", "/post/", "POST", status=404),
]
