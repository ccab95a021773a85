from tests.casekit import Case
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

JSON = "application/json"
ALLOW = {"Allow": "OPTIONS, POST, PUT"}
HELLO = {"hello": "hibernation"}
# plain Flask's own answers, where they are not the contract's
CASES = [
    Case("post", "/hibernation", "POST", json=HELLO, content_type=JSON),
    Case("put", "/hibernation", "PUT", json=HELLO, content_type=JSON),
    Case(
        "post-with-body",
        "/hibernation",
        "POST",
        headers={"Content-Type": "application/json"},
        body=b'{"x": 1}',
        json=HELLO,
    ),
    Case("put-with-query", "/hibernation?x=1", "PUT", json=HELLO, content_type=JSON),
    Case("get", "/hibernation", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("head", "/hibernation", "HEAD", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("delete", "/hibernation", "DELETE", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("patch", "/hibernation", "PATCH", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("options", "/hibernation", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("root", "/", status=404),
    Case("root-post", "/", "POST", status=404),
    Case("trailing-slash", "/hibernation/", "POST", status=404),
    Case("other-case", "/Hibernation", "POST", status=404),
    Case("bad-utf8-path", "/%FF", "POST", status=400, flask=NOT_UTF8_404),
]
