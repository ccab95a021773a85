from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

JSON = "application/json"
ALLOW = {"Allow": "GET, HEAD, OPTIONS, POST"}
UA = "curl/8.5.0"
H = {"User-Agent": UA}
NO_NAME = "이름이 없는 자"


def info(name: str = NO_NAME, method: str = "GET", client: str = UA) -> dict[str, str]:
    return {"method": method, "name": name, "client": client}


# Plain Flask's own answers, where they are not the contract's.

CASES = [
    Case(
        "get",
        "/",
        headers=H,
        json=info(),
        content_type=JSON,
        flask=FlaskDiffers(
            reason="Flask's JSON sorts the keys, escapes non-ASCII as \\uXXXX and ends in a "
            "newline (app.json's defaults)",
            matters="taste",
            text='{"client":"curl/8.5.0","method":"GET",'
            '"name":"\\uc774\\ub984\\uc774 \\uc5c6\\ub294 \\uc790"}\n',
        ),
    ),
    Case("post", "/", "POST", headers=H, json=info(method="POST"), content_type=JSON),
    Case("name", "/?name=Arthur", headers=H, json=info("Arthur"), content_type=JSON),
    Case("post-name", "/?name=Arthur", "POST", headers=H, json=info("Arthur", "POST")),
    Case("korean-name", "/?name=%EA%B9%80%EC%B2%A0%EC%88%98", headers=H, json=info("김철수")),
    Case("plus-is-space", "/?name=John+Doe", headers=H, json=info("John Doe")),
    Case("empty-name", "/?name=", headers=H, json=info("")),
    Case("first-name-wins", "/?name=a&name=b", headers=H, json=info("a")),
    Case("semicolon-is-not-a-separator", "/?name=a;b", headers=H, json=info("a;b")),
    Case("quotes", "/?name=%22%5C%3C", headers=H, json=info('"\\<')),
    Case("empty-ua", "/", headers={"User-Agent": ""}, json=info(client="")),
    Case("no-ua", "/", status=400),
    Case("no-ua-post", "/", "POST", status=400),
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
            content_type=JSON,
            json=info("%FF"),
        ),
    ),
    Case("bad-utf8-path", "/%FF", headers=H, status=400, flask=NOT_UTF8_404),
    Case("unknown", "/nope", headers=H, status=404),
    Case("put", "/", "PUT", headers=H, status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("options", "/", "OPTIONS", headers=H, expect_headers=ALLOW, flask=ALLOW_SET),
]

# Cases a browser cannot send as they are written (the gallery's "Try it" shows them
# without a send button): case id -> why.
BROWSER_CANNOT: dict[str, str] = {
    "no-ua": "no User-Agent: a browser always sends its own",
    "no-ua-post": "no User-Agent: a browser always sends its own",
}
