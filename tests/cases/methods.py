from tests.casekit import Case, FlaskDiffers

JSON = "application/json"
ALLOW = {"Allow": "OPTIONS, POST, PUT"}
HELLO = {"hello": "hibernation"}
# plain Flask's own answers, where they are not the contract's
ANY_ORDER = FlaskDiffers(
    reason="Werkzeug collects the allowed methods in a set: their order changes between processes",
    matters="taste",
    unordered=("Allow",),
)
PATH_REPLACED = FlaskDiffers(
    reason="Werkzeug decodes the path with errors='replace': /U+FFFD matches no rule, a 404",
    matters="taste",
    status=404,
)
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
    Case("get", "/hibernation", status=405, expect_headers=ALLOW, flask=ANY_ORDER),
    Case("head", "/hibernation", "HEAD", status=405, expect_headers=ALLOW, flask=ANY_ORDER),
    Case("delete", "/hibernation", "DELETE", status=405, expect_headers=ALLOW, flask=ANY_ORDER),
    Case("patch", "/hibernation", "PATCH", status=405, expect_headers=ALLOW, flask=ANY_ORDER),
    Case("options", "/hibernation", "OPTIONS", expect_headers=ALLOW, flask=ANY_ORDER),
    Case("root", "/", status=404),
    Case("root-post", "/", "POST", status=404),
    Case("trailing-slash", "/hibernation/", "POST", status=404),
    Case("other-case", "/Hibernation", "POST", status=404),
    Case("bad-utf8-path", "/%FF", "POST", status=400, flask=PATH_REPLACED),
]
