from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
NOT_FOUND = "<h1>404 Error</h1>"
INDEX = (
    "GET {prefix}/private -> 401 (abort)\n"
    "GET {prefix}/boom -> 500 (the handler raises; the traceback is logged, not sent)\n"
    "GET {prefix}/<anything else> -> 404 (the custom handler, logged at WARNING)\n"
)
LEAKS = ("Traceback", "RuntimeError", "hunter2", "errors.py")
# plain Flask's own answers, where they are not the contract's


def missing(id: str, path: str, method: str = "GET") -> Case:
    body = "" if method == "HEAD" else NOT_FOUND
    return Case(id, path, method, status=404, content_type=HTML, text=body)


CASES = [
    Case("index", "/", text=INDEX, content_type=TEXT),
    Case("index-query", "/?x=%FF", text=INDEX, content_type=TEXT),
    Case("index-post", "/", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("index-options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    # abort(401)
    Case(
        "private",
        "/private",
        status=401,
        expect_headers={"WWW-Authenticate": 'Bearer realm="private"'},
        flask=FlaskDiffers(
            reason="Werkzeug's WWWAuthenticate quotes a value only where a token cannot hold it",
            matters="taste",
            expect_headers={"WWW-Authenticate": "Bearer realm=private"},
        ),
    ),
    Case("private-head", "/private", "HEAD", status=401, text=""),
    Case("private-post", "/private", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("private-options", "/private", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    # the custom 404
    missing("unknown", "/nope"),
    missing("unknown-deep", "/a/b/c"),
    missing("unknown-post", "/nope", "POST"),
    missing("unknown-head", "/nope", "HEAD"),
    missing("trailing-slash", "/private/"),
    missing("korean", "/%ED%95%9C%EA%B8%80"),
    missing("markup-in-path", "/%3Cscript%3E"),
    missing("newline-in-path", "/a%0Ab"),
    Case(
        "bad-utf8-path",
        "/%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes the path with errors='replace': /U+FFFD is an unknown path",
            matters="taste",
            status=404,
            content_type=HTML,
            text=NOT_FOUND,
        ),
    ),
    # a handler that raises
    Case(
        "boom",
        "/boom",
        status=500,
        text="500 Internal Server Error",
        content_type=TEXT,
        not_contains=LEAKS,
        flask=FlaskDiffers(
            reason="Flask's generic 500 is Werkzeug's HTML page (the traceback is only logged)",
            matters="taste",
            content_type=HTML,
            contains=("<h1>Internal Server Error</h1>",),
        ),
    ),
    Case("boom-head", "/boom", "HEAD", status=500, text=""),
    Case("boom-post", "/boom", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("boom-options", "/boom", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
]
