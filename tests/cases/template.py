from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}

# Plain Flask's own answers, where they are not the contract's.
# The exact bytes Flask's Jinja2 renders from examples/templates/hello.html:
# the {% if %} line leaves a blank line behind, the file's last newline is dropped.
NAMELESS = "<!DOCTYPE html>\n\n    <h1> Hi, 이름없는 용사!</h1>\n"


def hi(escaped_name: str) -> str:
    return f"<!DOCTYPE html>\n\n    <h1> Hi, 필멸자 {escaped_name}!</h1>\n"


CASES = [
    Case("no-name", "/", text=NAMELESS, content_type=HTML),
    Case("name", "/?name=X", text=hi("X"), content_type=HTML),
    Case("korean-name", "/?name=%EC%84%B8%EA%B3%84", text=hi("세계"), content_type=HTML),
    Case("empty-name-is-no-name", "/?name=", text=NAMELESS, content_type=HTML),
    Case("space-is-a-name", "/?name=+", text=hi(" "), content_type=HTML),
    Case("first-name-wins", "/?name=a&name=b", text=hi("a"), content_type=HTML),
    Case("other-params", "/?other=1", text=NAMELESS, content_type=HTML),
    # autoescape, as MarkupSafe writes it: &#34; and &#39; for the quotes
    Case(
        "escaped",
        "/?name=%3Cscript%3Ealert(%22x%22)%3C/script%3E",
        text=hi("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"),
        content_type=HTML,
        not_contains=("<script>",),
    ),
    Case("escaped-quotes", "/?name=%27%22", text=hi("&#39;&#34;"), content_type=HTML),
    Case("escaped-ampersand", "/?name=a%26amp%3Bb", text=hi("a&amp;amp;b"), content_type=HTML),
    Case(
        "bad-utf8-query",
        "/?name=%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug keeps query bytes that are not UTF-8 percent-encoded: ?name=%FF is "
            "the name '%FF'",
            matters="robustness",
            status=200,
            content_type=HTML,
            text=hi("%FF"),
        ),
    ),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
    Case("unknown", "/hello.html", status=404),
    Case("post", "/", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
]
