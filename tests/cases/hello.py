from tests.casekit import Case
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404, as_html

TEXT = "text/plain; charset=utf-8"
# Plain Flask's own answers, where they are not the contract's.




CASES = [
    Case("root", "/", text="Hello, World!", content_type=TEXT, flask=as_html("Hello, World!")),
    Case("bad-get", "/bad", text="Bad World!", content_type=TEXT, flask=as_html("Bad World!")),
    Case("bad-post", "/bad", "POST", text="Bad World!", content_type=TEXT,
         flask=as_html("Bad World!")),
    Case("good", "/good", text="Good World!", content_type=TEXT, flask=as_html("Good World!")),
    Case("good-post", "/good", "POST", status=405, expect_headers={"Allow": "GET, HEAD, OPTIONS"},
         flask=ALLOW_SET),
    Case("good-put", "/good", "PUT", status=405, expect_headers={"Allow": "GET, HEAD, OPTIONS"},
         flask=ALLOW_SET),
    Case("root-delete", "/", "DELETE", status=405, expect_headers={"Allow": "GET, HEAD, OPTIONS"},
         flask=ALLOW_SET),
    Case("bad-options", "/bad", "OPTIONS", expect_headers={"Allow": "GET, HEAD, OPTIONS, POST"},
         flask=ALLOW_SET),
    Case("good-options", "/good", "OPTIONS", expect_headers={"Allow": "GET, HEAD, OPTIONS"},
         flask=ALLOW_SET),
    Case("unknown", "/nope", status=404),
    Case("good-trailing-slash", "/good/", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
]
