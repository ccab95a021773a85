from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}

# Plain Flask's own answers, where they are not the contract's.




def page(id: str, path: str, text: str) -> Case:
    """A text answer: text/plain in the contract, text/html in Flask."""
    return Case(id, path, text=text, content_type=TEXT, flask=as_html(text))


def other_digits(text: str) -> FlaskDiffers:
    return FlaskDiffers(
        reason="Werkzeug's int and float converters match \\d, which takes other scripts' "
        "digits, and int() and float() read them",
        matters="taste",
        status=200,
        content_type=HTML,
        text=text,
    )


def replaced(text: str) -> FlaskDiffers:
    return FlaskDiffers(
        reason="Werkzeug decodes the path with errors='replace': bytes that are not UTF-8 "
        "reach the view as U+FFFD",
        matters="robustness",
        status=200,
        content_type=HTML,
        text=text,
    )

CASES = [
    # <username>: one non-empty segment
    page("user", "/user/alice", "User alice"),
    page("user-korean", "/user/%EC%84%B8%EA%B3%84", "User 세계"),
    page("user-space", "/user/John%20Doe", "User John Doe"),
    page("user-digits", "/user/42", "User 42"),
    Case(
        "user-html",
        "/user/%3Cb%3E",
        text="User <b>",
        content_type=TEXT,
        flask=FlaskDiffers(
            reason="a returned str is text/html, so the path's <b> goes out as markup, unescaped",
            matters="security",
            content_type=HTML,
            text="User <b>",
        ),
    ),
    page("user-dot", "/user/a.b", "User a.b"),
    Case("user-encoded-slash", "/user/a%2Fb", status=404),
    Case("user-empty", "/user/", status=404),
    Case("user-trailing-slash", "/user/alice/", status=404),
    Case("user-two-segments", "/user/a/b", status=404),
    Case("user-bare", "/user", status=404),
    Case("user-bad-utf8", "/user/%FF", status=400, flask=replaced("User \ufffd")),
    # <int:post_id>: ASCII digits, no sign; leading zeros allowed (werkzeug: int())
    page("post", "/post/42", "Post 42"),
    page("post-zero", "/post/0", "Post 0"),
    page("post-leading-zeros", "/post/007", "Post 7"),
    page("post-big", "/post/123456789012345678901234567890", "Post 123456789012345678901234567890"),
    Case("post-abc", "/post/abc", status=404),
    Case("post-negative", "/post/-1", status=404),
    Case("post-plus", "/post/%2B1", status=404),
    Case("post-float", "/post/1.5", status=404),
    Case("post-underscore", "/post/1_000", status=404),
    Case("post-space", "/post/%201", status=404),
    Case("post-arabic-digits", "/post/%D9%A1%D9%A2", status=404, flask=other_digits("Post 12")),
    Case("post-fullwidth-digit", "/post/%EF%BC%91", status=404, flask=other_digits("Post 1")),
    Case("post-empty", "/post/", status=404),
    Case("post-trailing-slash", "/post/1/", status=404),
    # <float:amount>: [0-9]+\.[0-9]+, printed as Python prints the float
    page("price", "/price/2.50", "Price 2.5"),
    page("price-zero", "/price/0.0", "Price 0.0"),
    page("price-leading-zeros", "/price/007.50", "Price 7.5"),
    page("price-precise", "/price/0.1", "Price 0.1"),
    page("price-many-digits", "/price/3.14159265358979323846", "Price 3.141592653589793"),
    page("price-overflow", "/price/" + "9" * 400 + ".0", "Price inf"),
    Case("price-int", "/price/2", status=404),
    Case("price-no-int-part", "/price/.5", status=404),
    Case("price-no-fraction", "/price/2.", status=404),
    Case("price-exponent", "/price/1e5", status=404),
    Case("price-negative", "/price/-2.5", status=404),
    Case("price-inf", "/price/inf", status=404),
    Case("price-nan", "/price/nan", status=404),
    Case("price-comma", "/price/2,50", status=404),
    Case("price-arabic-digits", "/price/%D9%A1.5", status=404, flask=other_digits("Price 1.5")),
    # <path:subpath>: anything not starting with '/', slashes kept
    page("path-one", "/path/a", "Subpath a"),
    page("path-nested", "/path/a/b/c", "Subpath a/b/c"),
    page("path-trailing-slash", "/path/a/b/", "Subpath a/b/"),
    page("path-inner-double-slash", "/path/a//b", "Subpath a//b"),
    page("path-encoded-slash", "/path/a%2Fb", "Subpath a/b"),
    page("path-dots", "/path/a/../b", "Subpath a/../b"),
    page("path-korean", "/path/%EC%84%B8/%EA%B3%84", "Subpath 세/계"),
    Case("path-empty", "/path/", status=404),
    Case("path-bare", "/path", status=404),
    Case("path-bad-utf8", "/path/a/%FF", status=400, flask=replaced("Subpath a/\ufffd")),
    # methods, and what is not routed
    Case("user-post", "/user/alice", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("post-put", "/post/1", "PUT", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("price-delete", "/price/2.5", "DELETE", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("path-post", "/path/a/b", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("post-abc-post", "/post/abc", "POST", status=404),
    Case("user-options", "/user/alice", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("path-options", "/path/a/b", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("root", "/", status=404),
    Case("unknown", "/nope", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
]
