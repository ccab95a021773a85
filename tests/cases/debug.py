"""debug: the default environment, debug mode off (tests/test_ex_debug.py turns it on).

Over real HTTP (tests/test_parity.py) every request comes from 127.0.0.1: debug
off, a client on this machine gets the bare 500 too.
"""

from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}
SECRET = "hunter2-debug-4711"  # the DB_PASSWORD every form plants in /boom's exception
INDEX_OFF = "debug mode is off\nGET {prefix}/boom -> 500 (the handler raises)\n"
INDEX_ON = "debug mode is on\nGET {prefix}/boom -> 500 (the handler raises)\n"
GENERIC = "500 Internal Server Error"
LEAKS = ("Traceback", "RuntimeError", SECRET, "debug.py", "password")

#: Flask's generic 500, debug off
FLASK_500 = FlaskDiffers(
    reason="Flask's generic 500 is Werkzeug's HTML page (the traceback is only logged)",
    matters="taste",
    content_type=HTML,
    contains=("<h1>Internal Server Error</h1>",),
)

CASES = [
    Case("index", "/", text=INDEX_OFF, content_type=TEXT, flask=as_html(INDEX_OFF)),
    # Werkzeug's debugger takes its commands from the query; nothing here obeys one
    Case("index-debugger-query", "/?__debugger__=yes&cmd=printpin&debug=1", text=INDEX_OFF,
         content_type=TEXT, flask=as_html(INDEX_OFF)),
    Case("index-post", "/", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("index-options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    # the handler that raises: the bare 500, nothing of the exception
    Case("boom", "/boom", status=500, text=GENERIC, content_type=TEXT, not_contains=LEAKS,
         flask=FLASK_500),
    Case("boom-debugger-query", "/boom?__debugger__=yes&cmd=resource&f=style.css", status=500,
         text=GENERIC, content_type=TEXT, not_contains=LEAKS, flask=FLASK_500),
    Case("boom-forwarded-for-loopback", "/boom", headers={"X-Forwarded-For": "127.0.0.1"},
         status=500, text=GENERIC, content_type=TEXT, not_contains=LEAKS, flask=FLASK_500),
    Case("boom-head", "/boom", "HEAD", status=500, text=""),
    Case("boom-post", "/boom", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("boom-options", "/boom", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    # the usual bad input
    Case("unknown", "/nope", status=404),
    Case("boom-trailing-slash", "/boom/", status=404),
    Case("console", "/console", status=404),  # Werkzeug's console, where its debugger runs
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
]
