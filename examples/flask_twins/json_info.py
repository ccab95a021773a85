"""json_info (seed 000, Test #7): returning JSON.

The seed's app::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        return {
            'method' : request.method,
            'name' : request.args.get('name', default='이름이 없는 자'),
            'client' : request.headers['User-Agent'],
        }

Compared with ``examples/raw/json_info.py``, Flask does for you: a view may
return a dict, which Flask serialises with ``app.json`` and sends as
``application/json`` with Content-Length.  As in request_info, the view asks
for the User-Agent with ``.get`` and answers 400 itself (``headers[...]`` is a
500 in Werkzeug 3), and HEAD reports GET so as to announce GET's Content-Length.

Flask differs: its JSON sorts the keys and writes Korean as ``\\uXXXX`` escapes;
a query that is not UTF-8 is no 400 (``?name=%FF`` is the name ``%FF``), nor is
such a path (a 404); ``Allow`` comes from a set (recorded in
``tests/cases/json_info.py``).
"""

from __future__ import annotations

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def index() -> dict[str, str]:
    client = request.headers.get("User-Agent")
    if client is None:
        abort(400, "the request has no User-Agent header")
    return {
        "method": "GET" if request.method == "HEAD" else request.method,  # HEAD is GET, no body
        "name": request.args.get("name", default="이름이 없는 자"),
        "client": client,
    }


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.json_info run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
