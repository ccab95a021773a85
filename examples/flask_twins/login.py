"""login (seed 003): a JSON answer driven by the query string.

The seed's app, its ``"seccess"`` typo fixed as in the contract::

    @app.route('/login')
    def login():
        username = request.args.get("user_name")
        if username == "foo":
            return_data = dict(auth = "success")
        else:
            return_data = dict(auth = 'failed')
        return jsonify(return_data)

Compared with ``examples/raw/login.py``, Flask does for you: ``request.args.get``
is the first value of the parsed query string (``None`` when absent), and
``jsonify`` is ``json.dumps`` plus ``Content-Type: application/json`` and
``Content-Length``.

Flask differs: ``?user_name=%FF`` reaches the view as U+FFFD (``failed``, not a
400); a path that is not UTF-8 is a 404; ``Allow`` comes from a set (recorded
in ``tests/cases/login.py``).
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request

app = Flask(__name__)


@app.route("/login")
def login() -> Response:
    username = request.args.get("user_name")
    if username == "foo":
        return_data = dict(auth="success")
    else:
        return_data = dict(auth="failed")
    return jsonify(return_data)


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.login run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
