from tests.casekit import Case

TEXT = "text/plain; charset=utf-8"
CASES = [
    Case("root", "/", text="Hello, World!", content_type=TEXT),
    Case("bad-get", "/bad", text="Bad World!", content_type=TEXT),
    Case("bad-post", "/bad", "POST", text="Bad World!", content_type=TEXT),
    Case("good", "/good", text="Good World!", content_type=TEXT),
    Case("good-post", "/good", "POST", status=405, expect_headers={"Allow": "GET, HEAD, OPTIONS"}),
    Case("good-put", "/good", "PUT", status=405, expect_headers={"Allow": "GET, HEAD, OPTIONS"}),
    Case("root-delete", "/", "DELETE", status=405, expect_headers={"Allow": "GET, HEAD, OPTIONS"}),
    Case("bad-options", "/bad", "OPTIONS", expect_headers={"Allow": "GET, HEAD, OPTIONS, POST"}),
    Case("good-options", "/good", "OPTIONS", expect_headers={"Allow": "GET, HEAD, OPTIONS"}),
    Case("unknown", "/nope", status=404),
    Case("good-trailing-slash", "/good/", status=404),
    Case("bad-utf8-path", "/%FF", status=400),
]
