from tests.casekit import Case
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404, as_html

TEXT = "text/plain; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
# Location: root-relative (raw) or absolute (Flask builds it from the Host header),
# ending in <mount point>/projects/.  header_patterns has no {prefix}: the exact
# prefix is checked in tests/test_ex_slashes.py.
HOST = r"(https?://[^/?#]+)?"
MOUNT = r"(/[^/?#]+)*"

# Plain Flask's own answers, where they are not the contract's.




CASES = [
    Case("projects", "/projects/", text="The project page", content_type=TEXT,
         flask=as_html("The project page")),
    Case("projects-query", "/projects/?x=1", text="The project page", content_type=TEXT,
         flask=as_html("The project page")),
    Case(
        "projects-redirect",
        "/projects",
        status=308,
        head=False,
        header_patterns={"Location": HOST + MOUNT + "/projects/"},
    ),
    Case(
        "projects-redirect-query",
        "/projects?x=1&y=%20",
        status=308,
        header_patterns={"Location": HOST + MOUNT + r"/projects/\?x=1&y=%20"},
    ),
    Case(
        "projects-redirect-head",
        "/projects",
        "HEAD",
        status=308,
        header_patterns={"Location": HOST + MOUNT + "/projects/"},
    ),
    Case(
        "projects-redirect-options",
        "/projects",
        "OPTIONS",
        status=308,
        header_patterns={"Location": HOST + MOUNT + "/projects/"},
    ),
    # A method /projects/ does not answer is not redirected: the 308 would only lead to
    # a 405.  Nothing is served at /projects for it.
    Case("projects-post-no-redirect", "/projects", "POST", status=404),
    Case("projects-put-no-redirect", "/projects", "PUT", status=404),
    Case("about", "/about", text="The about page", content_type=TEXT,
         flask=as_html("The about page")),
    Case("about-trailing-slash", "/about/", status=404),
    Case("projects-subpath", "/projects/x", status=404),
    Case("projects-post", "/projects/", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("about-put", "/about", "PUT", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("projects-options", "/projects/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("about-options", "/about", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("root", "/", status=404),
    Case("unknown", "/nope", status=404),
    Case("unknown-slash", "/nope/", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
    Case("bad-utf8-under-projects", "/projects/%FF", status=400, flask=NOT_UTF8_404),
]
