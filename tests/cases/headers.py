from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
MINE = {"MY_HEADER": "1234"}  # the name keeps its underscore; the value is a str
NOT_MINE = {"MY_HEADER": None}  # only the view adds it: not on router answers
# Plain Flask's own answers, where they are not the contract's.




def replaced(text: str) -> FlaskDiffers:
    return FlaskDiffers(
        reason="Werkzeug decodes the path with errors='replace': bytes that are not UTF-8 "
        "reach the view as U+FFFD, and the view adds its header",
        matters="robustness",
        status=404,
        content_type=HTML,
        expect_headers=MINE,
        text=text,
    )


CASES = [
    Case(
        "ascii",
        "/Hello/World",
        status=404,
        text="Hello, World!",
        content_type=TEXT,
        expect_headers=MINE,
        flask=as_html("Hello, World!"),
    ),
    Case(
        "korean",
        "/%EC%95%88%EB%85%95/%EC%84%B8%EA%B3%84",
        status=404,
        text="안녕, 세계!",
        content_type=TEXT,
        expect_headers=MINE,
        flask=as_html("안녕, 세계!"),
    ),
    Case(
        "encoded-space",
        "/Hi/John%20Doe",
        status=404,
        text="Hi, John Doe!",
        content_type=TEXT,
        expect_headers=MINE,
        flask=as_html("Hi, John Doe!"),
    ),
    Case(
        "html-chars",
        "/%3Cb%3E/x",
        status=404,
        text="<b>, x!",
        content_type=TEXT,
        expect_headers=MINE,
        flask=FlaskDiffers(
            reason="make_response(str) is text/html, so the path's <b> goes out as markup, "
            "unescaped",
            matters="security",
            content_type=HTML,
            text="<b>, x!",
        ),
    ),
    # Flask's default /static/<path:filename> route would take this one (the twin has none).
    Case(
        "static-is-a-greeting",
        "/static/x",
        status=404,
        text="static, x!",
        content_type=TEXT,
        expect_headers=MINE,
        flask=as_html("static, x!"),
    ),
    Case(
        "head", "/Hello/World", "HEAD", status=404, content_type=TEXT, expect_headers=MINE, text="",
        flask=as_html(""),
    ),
    Case("one-segment", "/Hello", status=404, expect_headers=NOT_MINE),
    Case("three-segments", "/a/b/c", status=404, expect_headers=NOT_MINE),
    Case("empty-name", "/Hello/", status=404, expect_headers=NOT_MINE),
    Case("root", "/", status=404, expect_headers=NOT_MINE),
    Case("bad-utf8", "/%FF/x", status=400, expect_headers=NOT_MINE,
         flask=replaced("\ufffd, x!")),
    Case("bad-utf8-second", "/x/%C3%28", status=400, flask=replaced("x, \ufffd(!")),
    Case("post", "/Hello/World", "POST", status=405, expect_headers={**ALLOW, **NOT_MINE},
         flask=ALLOW_SET),
    Case("options", "/Hello/World", "OPTIONS", expect_headers={**ALLOW, **NOT_MINE},
         flask=ALLOW_SET),
]
