from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
INDEX = "Any other path is a 404, logged at WARNING."
NOT_FOUND = "<h1>404 Error</h1>"


def missing(id: str, path: str, method: str = "GET") -> Case:
    """An unknown path: the custom 404 (and one WARNING line, tests/test_ex_log_file.py)."""
    body = "" if method == "HEAD" else NOT_FOUND
    return Case(id, path, method, status=404, content_type=HTML, text=body)


CASES = [
    Case("index", "/", text=INDEX, content_type=TEXT, flask=as_html(INDEX)),
    Case("index-query", "/?x=%FF", text=INDEX, content_type=TEXT, flask=as_html(INDEX)),
    Case("index-post", "/", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("index-options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    missing("unknown", "/nope"),
    missing("unknown-deep", "/a/b/c"),
    missing("unknown-post", "/nope", "POST"),
    missing("unknown-head", "/nope", "HEAD"),
    missing("unknown-options", "/nope", "OPTIONS"),
    missing("trailing-slash", "/nope/"),
    missing("korean", "/%ED%95%9C%EA%B8%80"),
    missing("markup-in-path", "/%3Cscript%3E"),
    # each of these is one line in the log, not two, and no terminal escape
    missing("newline-in-path", "/a%0AWARNING%20in%20log_file:%20forged"),
    missing("cr-in-path", "/a%0Db"),
    missing("escape-in-path", "/%1B%5B31mred"),
    missing("line-separator-in-path", "/a%E2%80%A8b"),
    missing("long-path", "/" + "a" * 3000),
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
]
