from pathlib import Path

from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET

CSS = "text/css; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
STYLE = (Path(__file__).resolve().parents[2] / "examples" / "static" / "style.css").read_text(
    "utf-8"
)
VALIDATORS = {
    "ETag": r'(W/)?"[\x21\x23-\x7e]+"',
    "Last-Modified": r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep"
    r"|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT",
}
# plain Flask's own answers, where they are not the contract's
MERGED = FlaskDiffers(
    reason="Werkzeug merges slashes: a 308 to /static/etc/passwd, which is a 404 in turn",
    matters="taste",
    status=308,
    contains=("{prefix}/static/etc/passwd",),
)
CASES = [
    Case("style", "/static/style.css", text=STYLE, content_type=CSS, header_patterns=VALIDATORS),
    Case("style-query-ignored", "/static/style.css?v=1", text=STYLE, content_type=CSS),
    # conditional GETs that need no earlier response (the two-step ones: test_ex_static.py)
    Case(
        "if-none-match-star",
        "/static/style.css",
        headers={"If-None-Match": "*"},
        status=304,
        text="",
    ),
    Case(
        "if-none-match-other",
        "/static/style.css",
        headers={"If-None-Match": '"nope"'},
        text=STYLE,
        content_type=CSS,
    ),
    Case(
        "if-modified-since-old",
        "/static/style.css",
        headers={"If-Modified-Since": "Mon, 01 Jan 1990 00:00:00 GMT"},
        text=STYLE,
        content_type=CSS,
    ),
    Case(
        "if-modified-since-garbage",
        "/static/style.css",
        headers={"If-Modified-Since": "yesterday"},
        text=STYLE,
        content_type=CSS,
    ),
    # nothing outside the folder, no folders, no missing files
    Case("missing", "/static/nope.css", status=404),
    Case("wrong-case", "/static/STYLE.CSS", status=404),
    Case("folder-slash", "/static/", status=404),
    Case("folder-bare", "/static", status=404),
    Case("folder-dot", "/static/.", status=404),
    Case("dotdot", "/static/..", status=404),
    Case("traversal", "/static/../catalog.py", status=404, not_contains=("EXERCISES",)),
    Case("traversal-deep", "/static/../../pyproject.toml", status=404),
    Case("traversal-encoded-dots", "/static/%2e%2e/catalog.py", status=404),
    Case("traversal-encoded-upper", "/static/%2E%2E/raw/hello.py", status=404),
    Case("traversal-encoded-slash", "/static/..%2Fcatalog.py", status=404),
    Case("traversal-backslash", "/static/..%5Ccatalog.py", status=404),
    Case("absolute-encoded", "/static/%2Fetc%2Fpasswd", status=404, flask=MERGED),
    Case("absolute-double-slash", "/static//etc/passwd", status=404, flask=MERGED),
    Case("nul", "/static/style.css%00", status=404),
    Case("nul-extension", "/static/style.css%00.png", status=404),
    Case(
        "bad-utf8",
        "/static/%FF.css",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes the path with errors='replace': no file U+FFFD.css, a 404",
            matters="taste",
            status=404,
        ),
    ),
    # methods
    Case("post", "/static/style.css", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case(
        "put-missing", "/static/nope.css", "PUT", status=405, expect_headers=ALLOW, flask=ALLOW_SET
    ),
    Case("options", "/static/style.css", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("root", "/", status=404),
    Case("unknown", "/style.css", status=404),
]
