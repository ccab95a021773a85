from tests.casekit import Case, FlaskDiffers

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
# Counts depend on what ran before (the global, the shared default store): the
# exact sequences are in tests/test_ex_counter.py, against a fresh store.
NUMBER = r"[1-9][0-9]*"


# plain Flask's own answers, where they are not the contract's
def as_html(pattern: str) -> FlaskDiffers:
    return FlaskDiffers(
        reason="a view's str return is text/html in Flask, as the seed's str(count) was sent",
        matters="taste",
        content_type=HTML,
        body_pattern=pattern,
    )


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
ZERO_OR_MORE = r"0|" + NUMBER

CASES = [
    Case("increase", "/increase", content_type=TEXT, body_pattern=NUMBER, flask=as_html(NUMBER)),
    Case(
        "store-increase",
        "/store/increase",
        content_type=TEXT,
        body_pattern=NUMBER,
        flask=as_html(NUMBER),
    ),
    Case(
        "store-value",
        "/store/value",
        content_type=TEXT,
        body_pattern=ZERO_OR_MORE,
        flask=as_html(ZERO_OR_MORE),
    ),
    Case("increase-post", "/increase", "POST", status=405, expect_headers=ALLOW, flask=ANY_ORDER),
    Case(
        "store-increase-post",
        "/store/increase",
        "POST",
        status=405,
        expect_headers=ALLOW,
        flask=ANY_ORDER,
    ),
    Case(
        "store-value-delete",
        "/store/value",
        "DELETE",
        status=405,
        expect_headers=ALLOW,
        flask=ANY_ORDER,
    ),
    Case("increase-options", "/increase", "OPTIONS", expect_headers=ALLOW, flask=ANY_ORDER),
    Case(
        "store-increase-options",
        "/store/increase",
        "OPTIONS",
        expect_headers=ALLOW,
        flask=ANY_ORDER,
    ),
    Case("store-value-options", "/store/value", "OPTIONS", expect_headers=ALLOW, flask=ANY_ORDER),
    Case("root", "/", status=404),
    Case("store", "/store", status=404),
    Case("trailing-slash", "/increase/", status=404),
    Case("seed-mount", "/60162176/increase", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=PATH_REPLACED),
    Case("bad-utf8-path-store", "/store/%FF", status=400, flask=PATH_REPLACED),
    Case(
        "query-ignored",
        "/store/value?name=%FF",
        content_type=TEXT,
        body_pattern=ZERO_OR_MORE,
        flask=as_html(ZERO_OR_MORE),
    ),
]
