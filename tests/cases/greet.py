from tests.casekit import Case

TEXT = "text/plain; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
CASES = [
    Case("ascii", "/Hello/World", text="Hello, World!", content_type=TEXT),
    Case("korean", "/%EC%95%88%EB%85%95/%EC%84%B8%EA%B3%84", text="안녕, 세계!", content_type=TEXT),
    Case("encoded-space", "/Hi/John%20Doe", text="Hi, John Doe!", content_type=TEXT),
    Case("html-chars", "/%3Cb%3E/x", text="<b>, x!", content_type=TEXT),
    Case("bad-utf8", "/%FF/x", status=400),
    Case("bad-utf8-second", "/x/%C3%28", status=400),
    Case("one-segment", "/Hello", status=404),
    Case("three-segments", "/a/b/c", status=404),
    Case("empty-name", "/Hello/", status=404),
    Case("root", "/", status=404),
    Case("post", "/Hello/World", "POST", status=405, expect_headers=ALLOW),
    Case("options", "/Hello/World", "OPTIONS", expect_headers=ALLOW),
]
