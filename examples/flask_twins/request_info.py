"""request_info (seed 000, Test #6): reading the request: method, query, a header.

Compared with ``examples/raw/request_info.py``, Flask does for you: ``request``
is a view over the WSGI environ, so ``request.method`` is ``REQUEST_METHOD``,
``request.args`` is the parsed ``QUERY_STRING`` (split on ``&`` only, decoded
from UTF-8) and ``request.headers['User-Agent']`` is ``HTTP_USER_AGENT``.  A
missing header should be a 400, but Werkzeug 3 raises a bare ``KeyError`` (a
500), hence ``require_header`` from ``_common``.
"""

from __future__ import annotations

from flask import request

from ._common import PlainText, make_app, require_header

app = make_app(__name__)
app.response_class = PlainText  # a returned str is text/plain here, not Flask's text/html

NO_NAME = "이름이 없는 자"


@app.route("/", methods=["GET", "POST"])
def index() -> str:
    # Flask runs the GET view for HEAD and says "HEAD"; the contract answers HEAD
    # exactly as GET (the same Content-Length too), so HEAD reports GET.
    method = "GET" if request.method == "HEAD" else request.method
    name = request.args.get("name", default=NO_NAME)
    client = require_header("User-Agent")  # request.headers["User-Agent"], but a 400
    return f"{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군."
