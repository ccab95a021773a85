from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

JSON = "application/json"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
OK = {"auth": "success"}
NO = {"auth": "failed"}
# plain Flask's own answers, where they are not the contract's
CASES = [
    Case("foo", "/login?user_name=foo", json=OK, content_type=JSON),
    Case("foo-encoded", "/login?user_name=f%6Fo", json=OK, content_type=JSON),
    Case("foo-and-more", "/login?user_name=foo&tmp_parameter=bar", json=OK, content_type=JSON),
    Case("first-value-wins", "/login?user_name=foo&user_name=bar", json=OK),
    Case("first-value-loses", "/login?user_name=bar&user_name=foo", json=NO),
    Case("bar", "/login?user_name=bar", json=NO, content_type=JSON),
    Case("no-name", "/login", json=NO, content_type=JSON),
    Case("empty-name", "/login?user_name=", json=NO),
    Case("upper-case", "/login?user_name=FOO", json=NO),
    Case("trailing-space", "/login?user_name=foo%20", json=NO),
    Case("semicolon-is-not-a-separator", "/login?user_name=foo;x=1", json=NO),
    Case("other-key", "/login?username=foo", json=NO),
    Case(
        "bad-utf8-query",
        "/login?user_name=%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes the query with errors='replace': the view sees U+FFFD",
            matters="robustness",
            status=200,
            content_type=JSON,
            json=NO,
        ),
    ),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
    Case("root", "/", status=404),
    Case("trailing-slash", "/login/", status=404),
    Case("post", "/login?user_name=foo", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("options", "/login", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
]
