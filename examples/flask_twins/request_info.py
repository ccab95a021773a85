"""request_info (seed 000, Test #6): reading the request: method, query, a header.

The seed's app::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        method = request.method
        name = request.args.get('name', default='이름이 없는 자')
        client = request.headers['User-Agent']
        return f'{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군.'

Compared with ``examples/raw/request_info.py``, Flask does for you: ``request``
is a view over the environ, so ``request.method`` is ``REQUEST_METHOD``,
``request.args`` the parsed query (split on ``&`` only, decoded from UTF-8) and
``request.headers`` the ``HTTP_*`` keys.  Two lines differ from the seed:
``request.headers['User-Agent']`` is a 500 without the header in Werkzeug 3 (a
bare ``KeyError``), so the view asks with ``.get`` and answers 400 itself; and
HEAD reports GET, so that HEAD announces GET's Content-Length (RFC 9110).

Flask differs: the text goes out as ``text/html`` (the query's ``<b>``
unescaped); a query that is not UTF-8 is no 400 (``?name=%FF`` is the name
``%FF``), nor is such a path (a 404); ``Allow`` comes from a set (recorded in
``tests/cases/request_info.py``).
"""

from __future__ import annotations

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def index() -> str:
    method = "GET" if request.method == "HEAD" else request.method  # HEAD is GET, no body
    name = request.args.get("name", default="이름이 없는 자")
    client = request.headers.get("User-Agent")
    if client is None:
        abort(400, "the request has no User-Agent header")
    return f"{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군."


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.request_info run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
