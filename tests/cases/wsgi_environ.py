from tests.casekit import Case, FlaskDiffers

HTML = "text/html; charset=utf-8"
BODY = "Hello World wsgi1"


def page(id: str, path: str = "/", method: str = "GET", **kw: object) -> Case:
    return Case(id, path, method, text=BODY, content_type=HTML, **kw)  # type: ignore[arg-type]


# plain Flask's own answer, where it is not the contract's
PATH_REPLACED = FlaskDiffers(
    reason="Werkzeug decodes the path with errors='replace': the catch-all rule takes /U+FFFD",
    matters="taste",
    status=200,
    content_type=HTML,
    text=BODY,
)

CASES = [
    page("root"),
    page("any-path", "/60162176"),
    page("deep-path", "/a/b/c/"),
    page("korean-path", "/%ED%95%9C%EA%B8%80"),
    page("query-ignored", "/?name=x&y=1"),
    page("query-not-utf8-ignored", "/?name=%FF"),
    page("post", "/", "POST", body=b'{"name": "x"}', headers={"Content-Type": "application/json"}),
    page("put", "/x", "PUT"),
    page("delete", "/x", "DELETE"),
    page("patch", "/x", "PATCH"),
    page("options", "/", "OPTIONS"),
    page("unknown-method", "/", "BREW"),
    page("negative-content-length", "/", "POST", body=b"abc", content_length="-1"),
    page("bad-content-length", "/", "POST", body=b"abc", content_length="abc"),
    page("truncated-body", "/", "POST", body=b"abc", content_length="100"),
    page("chunked", "/", "POST", body=b"abc", chunked=True),
    Case("bad-utf8-path", "/%FF", status=400, flask=PATH_REPLACED),
    Case("bad-utf8-path-post", "/x/%C3%28", "POST", status=400, flask=PATH_REPLACED),
]
