from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
# Plain Flask's own answers, where they are not the contract's.




def replaced(text: str) -> FlaskDiffers:
    return FlaskDiffers(
        reason="Werkzeug decodes the path with errors='replace': bytes that are not UTF-8 "
        "reach the view as U+FFFD",
        matters="robustness",
        status=200,
        content_type=HTML,
        text=text,
    )


CASES = [
    Case("ascii", "/Hello/World", text="Hello, World!", content_type=TEXT,
         flask=as_html("Hello, World!")),
    Case("korean", "/%EC%95%88%EB%85%95/%EC%84%B8%EA%B3%84", text="안녕, 세계!", content_type=TEXT,
         flask=as_html("안녕, 세계!")),
    Case("encoded-space", "/Hi/John%20Doe", text="Hi, John Doe!", content_type=TEXT,
         flask=as_html("Hi, John Doe!")),
    Case(
        "html-chars",
        "/%3Cb%3E/x",
        text="<b>, x!",
        content_type=TEXT,
        flask=FlaskDiffers(
            reason="a returned str is text/html, so the path's <b> goes out as markup, unescaped",
            matters="security",
            content_type=HTML,
            text="<b>, x!",
        ),
    ),
    # Flask's default /static/<path:filename> route would take this one (the twin has none).
    Case("static-is-a-greeting", "/static/x", text="static, x!", content_type=TEXT,
         flask=as_html("static, x!")),
    Case("bad-utf8", "/%FF/x", status=400, flask=replaced("\ufffd, x!")),
    Case("bad-utf8-second", "/x/%C3%28", status=400, flask=replaced("x, \ufffd(!")),
    Case("one-segment", "/Hello", status=404),
    Case("three-segments", "/a/b/c", status=404),
    Case("empty-name", "/Hello/", status=404),
    Case("root", "/", status=404),
    Case("post", "/Hello/World", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("options", "/Hello/World", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
]
