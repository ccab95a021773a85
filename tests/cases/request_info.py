from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS, POST"}
UA = "curl/8.5.0"
H = {"User-Agent": UA}
NO_NAME = "이름이 없는 자"


def said(name: str, method: str = "GET", client: str = UA) -> str:
    return f"{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군."


# Plain Flask's own answers, where they are not the contract's.




CASES = [
    Case("get", "/", headers=H, text=said(NO_NAME), content_type=TEXT,
         flask=as_html(said(NO_NAME))),
    Case("post", "/", "POST", headers=H, text=said(NO_NAME, "POST"), content_type=TEXT,
         flask=as_html(said(NO_NAME, "POST"))),
    Case("name", "/?name=Arthur", headers=H, text=said("Arthur"), content_type=TEXT,
         flask=as_html(said("Arthur"))),
    Case("post-name", "/?name=Arthur", "POST", headers=H, text=said("Arthur", "POST")),
    Case("korean-name", "/?name=%EA%B9%80%EC%B2%A0%EC%88%98", headers=H, text=said("김철수")),
    Case("plus-is-space", "/?name=John+Doe", headers=H, text=said("John Doe")),
    Case("empty-name", "/?name=", headers=H, text=said("")),
    Case("first-name-wins", "/?name=a&name=b", headers=H, text=said("a")),
    Case("semicolon-is-not-a-separator", "/?name=a;b", headers=H, text=said("a;b")),
    Case("other-params", "/?x=1&name=Z", headers=H, text=said("Z")),
    Case(
        "text-is-not-escaped",
        "/?name=%3Cb%3E",
        headers=H,
        text=said("<b>"),
        flask=FlaskDiffers(
            reason="a returned str is text/html, so the query's <b> goes out as markup, unescaped",
            matters="security",
            content_type=HTML,
            text=said("<b>"),
        ),
    ),
    Case(
        "browser-ua",
        "/",
        headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"},
        text=said(NO_NAME, client="Mozilla/5.0 (X11; Linux x86_64)"),
    ),
    Case("empty-ua", "/", headers={"User-Agent": ""}, text=said(NO_NAME, client="")),
    Case("no-ua", "/", status=400),
    Case("no-ua-post", "/?name=x", "POST", status=400),
    Case(
        "bad-utf8-query",
        "/?name=%FF",
        headers=H,
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug keeps query bytes that are not UTF-8 percent-encoded: ?name=%FF is "
            "the name '%FF'",
            matters="robustness",
            status=200,
            content_type=HTML,
            text=said("%FF"),
        ),
    ),
    Case("bad-utf8-path", "/%FF", headers=H, status=400, flask=NOT_UTF8_404),
    Case("unknown", "/nope", headers=H, status=404),
    Case("put", "/", "PUT", headers=H, status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("delete", "/", "DELETE", headers=H, status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("options", "/", "OPTIONS", headers=H, expect_headers=ALLOW, flask=ALLOW_SET),
]

# Cases a browser cannot send as they are written (the gallery's "Try it" shows them
# without a send button): case id -> why.
BROWSER_CANNOT: dict[str, str] = {
    "no-ua": "no User-Agent: a browser always sends its own",
    "no-ua-post": "no User-Agent: a browser always sends its own",
}
