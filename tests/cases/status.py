from tests.casekit import Case

TEXT = "text/plain; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
CASES = [
    # The route matched and the view chose 404: the greeting is the body.
    Case("ascii", "/Hello/World", status=404, text="Hello, World!", content_type=TEXT),
    Case(
        "korean",
        "/%EC%95%88%EB%85%95/%EC%84%B8%EA%B3%84",
        status=404,
        text="안녕, 세계!",
        content_type=TEXT,
    ),
    Case("encoded-space", "/Hi/John%20Doe", status=404, text="Hi, John Doe!", content_type=TEXT),
    Case("html-chars", "/%3Cb%3E/x", status=404, text="<b>, x!", content_type=TEXT),
    Case("head", "/Hello/World", "HEAD", status=404, content_type=TEXT, text=""),
    # No route matched: also 404, but not the greeting.
    Case("one-segment", "/Hello", status=404, not_contains=("Hello, ",)),
    Case("three-segments", "/a/b/c", status=404, not_contains=("a, b!",)),
    Case("empty-name", "/Hello/", status=404),
    Case("root", "/", status=404),
    Case("bad-utf8", "/%FF/x", status=400),
    Case("bad-utf8-second", "/x/%C3%28", status=400),
    Case("post", "/Hello/World", "POST", status=405, expect_headers=ALLOW),
    Case("delete", "/Hello/World", "DELETE", status=405, expect_headers=ALLOW),
    Case("options", "/Hello/World", "OPTIONS", expect_headers=ALLOW),
]
