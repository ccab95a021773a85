from tests.casekit import Case

TEXT = "text/plain; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
MINE = {"MY_HEADER": "1234"}  # the name keeps its underscore; the value is a str
NOT_MINE = {"MY_HEADER": None}  # only the view adds it: not on router answers
CASES = [
    Case(
        "ascii",
        "/Hello/World",
        status=404,
        text="Hello, World!",
        content_type=TEXT,
        expect_headers=MINE,
    ),
    Case(
        "korean",
        "/%EC%95%88%EB%85%95/%EC%84%B8%EA%B3%84",
        status=404,
        text="안녕, 세계!",
        content_type=TEXT,
        expect_headers=MINE,
    ),
    Case(
        "encoded-space",
        "/Hi/John%20Doe",
        status=404,
        text="Hi, John Doe!",
        content_type=TEXT,
        expect_headers=MINE,
    ),
    Case(
        "html-chars",
        "/%3Cb%3E/x",
        status=404,
        text="<b>, x!",
        content_type=TEXT,
        expect_headers=MINE,
    ),
    Case(
        "head", "/Hello/World", "HEAD", status=404, content_type=TEXT, expect_headers=MINE, text=""
    ),
    Case("one-segment", "/Hello", status=404, expect_headers=NOT_MINE),
    Case("three-segments", "/a/b/c", status=404, expect_headers=NOT_MINE),
    Case("empty-name", "/Hello/", status=404, expect_headers=NOT_MINE),
    Case("root", "/", status=404, expect_headers=NOT_MINE),
    Case("bad-utf8", "/%FF/x", status=400, expect_headers=NOT_MINE),
    Case("bad-utf8-second", "/x/%C3%28", status=400),
    Case("post", "/Hello/World", "POST", status=405, expect_headers={**ALLOW, **NOT_MINE}),
    Case("options", "/Hello/World", "OPTIONS", expect_headers={**ALLOW, **NOT_MINE}),
]
