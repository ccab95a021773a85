from tests.casekit import Case, FlaskDiffers

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
URLS = {
    "index": "{prefix}/",
    "login": "{prefix}/login",
    "login_next": "{prefix}/login?next=/",
    "profile": "{prefix}/user/John%20Doe",
}


# plain Flask's own answers, where they are not the contract's
def as_html(text: str) -> FlaskDiffers:
    return FlaskDiffers(
        reason="a view's str return is text/html in Flask (the twin escapes what it puts in)",
        matters="taste",
        content_type=HTML,
        text=text,
    )


ANY_ORDER = FlaskDiffers(
    reason="Werkzeug collects the allowed methods in a set: their order changes between processes",
    matters="taste",
    unordered=("Allow",),
)
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
    Case("index-post", "/", "POST", status=405, expect_headers=ALLOW, flask=ANY_ORDER),
    Case("login-post", "/login", "POST", status=405, expect_headers=ALLOW, flask=ANY_ORDER),
    Case("profile-delete", "/user/x", "DELETE", status=405, expect_headers=ALLOW, flask=ANY_ORDER),
    Case("index-options", "/", "OPTIONS", expect_headers=ALLOW, flask=ANY_ORDER),
    Case("login-options", "/login", "OPTIONS", expect_headers=ALLOW, flask=ANY_ORDER),
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
