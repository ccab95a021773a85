from tests.casekit import Case

TEXT = "text/plain; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
# Counts depend on what ran before (the global, the shared default store): the
# exact sequences are in tests/test_ex_counter.py, against a fresh store.
NUMBER = r"[1-9][0-9]*"

CASES = [
    Case("increase", "/increase", content_type=TEXT, body_pattern=NUMBER),
    Case("store-increase", "/store/increase", content_type=TEXT, body_pattern=NUMBER),
    Case("store-value", "/store/value", content_type=TEXT, body_pattern=r"0|" + NUMBER),
    Case("increase-post", "/increase", "POST", status=405, expect_headers=ALLOW),
    Case("store-increase-post", "/store/increase", "POST", status=405, expect_headers=ALLOW),
    Case("store-value-delete", "/store/value", "DELETE", status=405, expect_headers=ALLOW),
    Case("increase-options", "/increase", "OPTIONS", expect_headers=ALLOW),
    Case("store-increase-options", "/store/increase", "OPTIONS", expect_headers=ALLOW),
    Case("store-value-options", "/store/value", "OPTIONS", expect_headers=ALLOW),
    Case("root", "/", status=404),
    Case("store", "/store", status=404),
    Case("trailing-slash", "/increase/", status=404),
    Case("seed-mount", "/60162176/increase", status=404),
    Case("bad-utf8-path", "/%FF", status=400),
    Case("bad-utf8-path-store", "/store/%FF", status=400),
    Case("query-ignored", "/store/value?name=%FF", content_type=TEXT, body_pattern=r"0|" + NUMBER),
]
