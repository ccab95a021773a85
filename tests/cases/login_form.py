from examples.login_pages import FORM_PAGE, MISSING_USERNAME, WELCOME_PAGE
from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

HTML = "text/html; charset=utf-8"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ALLOW = {"Allow": "GET, HEAD, OPTIONS, POST"}

# The exact pages: the same bytes from Jinja2 (flask) and str.format (raw, kit).
# {prefix} is the exercise's mount point: the form posts back to its own URL.
LOGIN_FORM = FORM_PAGE.format(action="{prefix}/login")


def welcome(escaped_name: str) -> str:
    return WELCOME_PAGE.format(username=escaped_name, action="{prefix}/login")


def post(id: str, body: bytes, **kw: object) -> Case:
    headers = kw.pop("headers", FORM)
    return Case(id, "/login", "POST", headers=headers, body=body, **kw)  # type: ignore[arg-type]


def greets(id: str, body: bytes, escaped_name: str, **kw: object) -> Case:
    return post(id, body, content_type=HTML, text=welcome(escaped_name), **kw)


def refused(id: str, body: bytes, **kw: object) -> Case:
    """A form without a name: 400, and the message says which field."""
    return post(id, body, status=400, contains=(MISSING_USERNAME,), **kw)


CASES = [
    # GET /login: the form, posting back to /login under any mount point
    Case(
        "form",
        "/login",
        content_type=HTML,
        text=LOGIN_FORM,
        contains=(
            '<form action="{prefix}/login" method="post">',
            '<input type="text" id="username" name="username">',
        ),
    ),
    Case("form-ignores-query", "/login?username=foo", content_type=HTML, text=LOGIN_FORM),
    Case("options", "/login", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("put", "/login", "PUT", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("delete", "/login", "DELETE", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("patch", "/login", "PATCH", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    # POST /login: the same URL, the greeting
    greets("post", b"username=foo", "foo"),
    greets("post-korean", b"username=%EC%84%B8%EA%B3%84", "세계"),
    greets("post-plus-is-space", b"username=John+Doe", "John Doe"),
    greets("post-other-fields", b"password=secret&username=foo", "foo"),
    greets("post-first-value-wins", b"username=a&username=b", "a"),
    greets("post-semicolon-is-no-separator", b"username=a;b=c", "a;b=c"),
    greets(
        "post-escaped",
        b"username=%3Cscript%3Ealert(%22x%22)%3C/script%3E",
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;",
        not_contains=("<script>",),
    ),
    greets("post-escaped-quotes", b"username=%27%22%26", "&#39;&#34;&amp;"),
    greets(
        "post-charset",
        b"username=foo",
        "foo",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
    ),
    greets("post-chunked", b"username=foo", "foo", chunked=True),
    # POST /login without a name
    refused("post-missing", b"password=secret"),
    refused("post-empty", b"username="),
    refused("post-no-value", b"username"),
    refused("post-empty-body", b""),
    Case("post-query-is-not-the-form", "/login?username=foo", "POST", headers=FORM,
         status=400, contains=(MISSING_USERNAME,)),
    # POST /login: the body and its framing, as the calculator's POST /post
    post(
        "post-bad-utf8-value",
        b"username=%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug keeps form bytes that are not UTF-8 percent-encoded: username=%FF "
            "is the name '%FF'",
            matters="robustness",
            status=200,
            content_type=HTML,
            contains=("<p>Welcome, %FF!</p>",),
        ),
    ),
    post("post-bad-utf8-body", b"username=\xff", status=400),
    post("post-json", b'{"username": "foo"}', status=415,
         headers={"Content-Type": "application/json"}),
    post("post-multipart", b"--x\r\n\r\n--x--\r\n", status=415,
         headers={"Content-Type": "multipart/form-data; boundary=x"}),
    post("post-no-content-type", b"username=foo", status=415, headers={}),
    post("post-text-plain", b"username=foo", status=415, headers={"Content-Type": "text/plain"}),
    post("post-negative-length", b"username=foo", content_length="-1", status=400),
    post("post-abc-length", b"username=foo", content_length="abc", status=400),
    post("post-no-length", b"username=foo", content_length="", status=400),
    post("post-truncated", b"username=foo", content_length="100", status=400),
    post("post-oversized", b"username=" + b"x" * (64 * 1024), status=413),
    post("post-huge-length", b"username=foo", content_length="99999999999", status=413),
    # other paths
    Case("root", "/", status=404),
    Case("trailing-slash", "/login/", status=404),
    Case("upper-case", "/LOGIN", status=404),
    Case("post-unknown", "/", "POST", headers=FORM, body=b"username=foo", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
    Case("bad-utf8-login-path", "/login%FF", "POST", status=400, flask=NOT_UTF8_404),
]
