from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
URLS = {
    "index": "{prefix}/",
    "login": "{prefix}/login",
    "login_next": "{prefix}/login?next=/",
    "profile": "{prefix}/user/John%20Doe",
}




CASES = [
    Case("index", "/", content_type="application/json", json=URLS),
    Case("index-query-ignored", "/?next=x", content_type="application/json", json=URLS),
    Case("login", "/login", text="login", content_type=TEXT, flask=as_html("login")),
    Case("login-next", "/login?next=/", text="login", content_type=TEXT, flask=as_html("login")),
    Case(
        "profile",
        "/user/John%20Doe",
        text="User John Doe",
        content_type=TEXT,
        flask=as_html("User John Doe"),
    ),
    Case(
        "profile-korean",
        "/user/%EC%84%B8%EA%B3%84",
        text="User 세계",
        content_type=TEXT,
        flask=as_html("User 세계"),
    ),
    Case("profile-empty", "/user/", status=404),
    Case("profile-two-segments", "/user/a/b", status=404),
    Case("profile-encoded-slash", "/user/a%2Fb", status=404),
    Case("login-trailing-slash", "/login/", status=404),
    Case("index-post", "/", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("login-post", "/login", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("profile-delete", "/user/x", "DELETE", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("index-options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("login-options", "/login", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("unknown", "/nope", status=404),
    Case(
        "bad-utf8-path",
        "/user/%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes the path with errors='replace': the view gets U+FFFD",
            matters="robustness",
            status=200,
            content_type=HTML,
            text="User \ufffd",
        ),
    ),
]
