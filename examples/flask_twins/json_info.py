"""json_info (seed 000, Test #7): returning JSON.

Compared with ``examples/raw/json_info.py``, Flask does for you: a view may
return a dict, which Flask serialises with ``app.json`` and sends as
``application/json``, with ``Content-Length``.  (``make_app`` sets ``app.json``
to write Korean as UTF-8 rather than ``\\uXXXX`` escapes, as the raw form does.)
"""

from __future__ import annotations

from flask import request

from ._common import make_app, require_header

app = make_app(__name__)

NO_NAME = "이름이 없는 자"


@app.route("/", methods=["GET", "POST"])
def index() -> dict[str, str]:
    return {
        # Flask runs the GET view for HEAD and says "HEAD"; the contract answers
        # HEAD exactly as GET (the same Content-Length too), so HEAD reports GET.
        "method": "GET" if request.method == "HEAD" else request.method,
        "name": request.args.get("name", default=NO_NAME),
        "client": require_header("User-Agent"),  # request.headers["User-Agent"], but a 400
    }
