from tests.casekit import Case

JSON = "application/json"
ALLOW = {"Allow": "OPTIONS, POST, PUT"}
HELLO = {"hello": "hibernation"}
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
    Case("get", "/hibernation", status=405, expect_headers=ALLOW),
    Case("head", "/hibernation", "HEAD", status=405, expect_headers=ALLOW),
    Case("delete", "/hibernation", "DELETE", status=405, expect_headers=ALLOW),
    Case("patch", "/hibernation", "PATCH", status=405, expect_headers=ALLOW),
    Case("options", "/hibernation", "OPTIONS", expect_headers=ALLOW),
    Case("root", "/", status=404),
    Case("root-post", "/", "POST", status=404),
    Case("trailing-slash", "/hibernation/", "POST", status=404),
    Case("other-case", "/Hibernation", "POST", status=404),
    Case("bad-utf8-path", "/%FF", "POST", status=400),
]
