from tests.casekit import Case
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404, as_html

TEXT = "text/plain; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
# Counts depend on what ran before (the global, the shared default store): the
# exact sequences are in tests/test_ex_counter.py, against a fresh store.
NUMBER = r"[1-9][0-9]*"




ZERO_OR_MORE = r"0|" + NUMBER

CASES = [
    Case("increase", "/increase", content_type=TEXT, body_pattern=NUMBER,
         flask=as_html(pattern=NUMBER)),
    Case(
        "store-increase",
        "/store/increase",
        content_type=TEXT,
        body_pattern=NUMBER,
        flask=as_html(pattern=NUMBER),
    ),
    Case(
        "store-value",
        "/store/value",
        content_type=TEXT,
        body_pattern=ZERO_OR_MORE,
        flask=as_html(pattern=ZERO_OR_MORE),
    ),
    Case("increase-post", "/increase", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case(
        "store-increase-post",
        "/store/increase",
        "POST",
        status=405,
        expect_headers=ALLOW,
        flask=ALLOW_SET,
    ),
    Case(
        "store-value-delete",
        "/store/value",
        "DELETE",
        status=405,
        expect_headers=ALLOW,
        flask=ALLOW_SET,
    ),
    Case("increase-options", "/increase", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case(
        "store-increase-options",
        "/store/increase",
        "OPTIONS",
        expect_headers=ALLOW,
        flask=ALLOW_SET,
    ),
    Case("store-value-options", "/store/value", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("root", "/", status=404),
    Case("store", "/store", status=404),
    Case("trailing-slash", "/increase/", status=404),
    Case("seed-mount", "/60162176/increase", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
    Case("bad-utf8-path-store", "/store/%FF", status=400, flask=NOT_UTF8_404),
    Case(
        "query-ignored",
        "/store/value?name=%FF",
        content_type=TEXT,
        body_pattern=ZERO_OR_MORE,
        flask=as_html(pattern=ZERO_OR_MORE),
    ),
]
