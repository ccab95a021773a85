from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}


def hello(name: str) -> str:
    return f"Hello, {name}!"


CASES = [
    Case("default", "/", text=hello("World"), content_type=TEXT, flask=as_html(hello("World"))),
    Case("name", "/?name=Arthur", text=hello("Arthur"), content_type=TEXT,
         flask=as_html(hello("Arthur"))),
    Case("korean-name", "/?name=%EA%B9%80%EC%B2%A0%EC%88%98", text=hello("김철수")),
    Case("plus-is-space", "/?name=John+Doe", text=hello("John Doe")),
    Case("empty-name", "/?name=", text=hello("")),
    Case("first-name-wins", "/?name=a&name=b", text=hello("a")),
    Case("other-params", "/?x=1&name=Z", text=hello("Z")),
    Case(
        "markup-name",
        "/?name=%3Cb%3E",
        text=hello("<b>"),
        content_type=TEXT,
        flask=FlaskDiffers(
            reason="a returned str is text/html, so the twin escapes the name",
            matters="taste",
            content_type=HTML,
            text=hello("&lt;b&gt;"),
        ),
    ),
    # the name is read after 0.3 s in greeting(); tests/test_ex_context_locals.py overlaps two
    Case("slow", "/slow?name=Arthur", text=hello("Arthur"), content_type=TEXT,
         flask=as_html(hello("Arthur")), head=False),
    Case(
        "bad-utf8-query",
        "/?name=%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug keeps query bytes that are not UTF-8 percent-encoded: ?name=%FF is "
            "the name '%FF'",
            matters="robustness",
            status=200,
            content_type=HTML,
            text=hello("%FF"),
        ),
    ),
    Case("post", "/", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("slow-post", "/slow", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("slow-options", "/slow", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("unknown", "/nope", status=404),
    Case("slow-trailing-slash", "/slow/", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
]
