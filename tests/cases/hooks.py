from tests.casekit import Case
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

JSON = "application/json"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
# the after-request hook's header: milliseconds with three decimals
TIMING = {"Server-Timing": r"app;dur=[0-9]+\.[0-9]{3}"}
# plain Flask's own answers, where they are not the contract's

CASES = [
    Case("root", "/", json={"first_request_runs": 1}, content_type=JSON, header_patterns=TIMING),
    Case("root-query", "/?x=1", json={"first_request_runs": 1}, header_patterns=TIMING),
    Case(
        "root-post",
        "/",
        "POST",
        status=405,
        expect_headers=ALLOW,
        header_patterns=TIMING,
        flask=ALLOW_SET,
    ),
    Case(
        "root-delete",
        "/",
        "DELETE",
        status=405,
        expect_headers=ALLOW,
        header_patterns=TIMING,
        flask=ALLOW_SET,
    ),
    Case(
        "root-options",
        "/",
        "OPTIONS",
        expect_headers=ALLOW,
        header_patterns=TIMING,
        flask=ALLOW_SET,
    ),
    Case("unknown", "/nope", status=404, header_patterns=TIMING),
    Case("unknown-head", "/nope", "HEAD", status=404, header_patterns=TIMING),
    Case("unknown-post", "/nope", "POST", status=404, header_patterns=TIMING),
    Case(
        "bad-utf8-path",
        "/%FF",
        status=400,
        header_patterns=TIMING,
        flask=NOT_UTF8_404,
    ),
    Case(
        "bad-utf8-query-unread", "/?x=%FF", json={"first_request_runs": 1}, header_patterns=TIMING
    ),
]
