"""hello (seed 000, Test #1-#2): three routes, one of them open to POST.

The seed's app, nearly as written.  Compared with ``examples/raw/hello.py``,
Flask does for you: the routing table (``@app.route`` builds it), the method
check (``methods=[...]``: a wrong method is 405 with ``Allow``, OPTIONS is
answered, HEAD runs the GET view and drops the body), and turning the returned
``str`` into a response with ``Content-Length``.
"""

from __future__ import annotations

from ._common import PlainText, make_app

app = make_app(__name__)
app.response_class = PlainText  # a returned str is text/plain here, not Flask's text/html


@app.route("/")
def hello_world() -> str:
    return "Hello, World!"


@app.route("/bad", methods=["GET", "POST"])
def bad_world() -> str:
    return "Bad World!"


@app.route("/good")
def good_world() -> str:
    return "Good World!"
