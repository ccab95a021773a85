from tests.casekit import Case, FlaskDiffers

JSON = "application/json"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
# the after-request hook's header: milliseconds with three decimals
TIMING = {"Server-Timing": r"app;dur=[0-9]+\.[0-9]{3}"}
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
    Case("root", "/", json={"first_request_runs": 1}, content_type=JSON, header_patterns=TIMING),
    Case("root-query", "/?x=1", json={"first_request_runs": 1}, header_patterns=TIMING),
    Case(
        "root-post",
        "/",
        "POST",
        status=405,
        expect_headers=ALLOW,
        header_patterns=TIMING,
        flask=ANY_ORDER,
    ),
    Case(
        "root-delete",
        "/",
        "DELETE",
        status=405,
        expect_headers=ALLOW,
        header_patterns=TIMING,
        flask=ANY_ORDER,
    ),
    Case(
        "root-options",
        "/",
        "OPTIONS",
        expect_headers=ALLOW,
        header_patterns=TIMING,
        flask=ANY_ORDER,
    ),
    Case("unknown", "/nope", status=404, header_patterns=TIMING),
    Case("unknown-head", "/nope", "HEAD", status=404, header_patterns=TIMING),
    Case("unknown-post", "/nope", "POST", status=404, header_patterns=TIMING),
    Case(
        "bad-utf8-path",
        "/%FF",
        status=400,
        header_patterns=TIMING,
        flask=PATH_REPLACED,
    ),
    Case(
        "bad-utf8-query-unread", "/?x=%FF", json={"first_request_runs": 1}, header_patterns=TIMING
    ),
]
