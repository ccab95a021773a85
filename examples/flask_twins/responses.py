"""responses (seeds 002, 003): the three ways the seeds build a response.

The seeds' views, as written, with seed 003's ``reslult`` typo fixed and its
undefined ``status`` set to 200 (and the ``import json`` it needs)::

    @app.route("/")
    def hellop_world():
        return "<p>hello, world!</p>"

    @app.route("/test/<username>")
    def get_username(username):
        ...
        response = app.response_class(response=json.dumps(reslult), status=status,
                                      mimetype='application/json')

    @app.route('/json_test')
    def hello_json():
        data = {'one': 1, "two": 2, "tmp": 10000}
        return jsonify(data)

Compared with ``examples/raw/responses.py``, Flask does for you: a returned
``str`` becomes a ``text/html; charset=utf-8`` response with its
Content-Length; ``app.response_class`` is Werkzeug's ``Response``, which turns
``mimetype`` into the Content-Type (no charset for ``application/json``);
``jsonify`` serialises with ``app.json`` (``DefaultJSONProvider``: sorted keys,
no spaces, non-ASCII as ``\\uXXXX``, a final newline; indented in debug mode)
and sets ``application/json``.

Flask differs (recorded in ``tests/cases/responses.py``): ``jsonify``'s bytes
are not the raw and kit forms' (the same value, other formatting); a username
that is not UTF-8 reaches the view as U+FFFD, where the others answer 400;
``/%FF`` is a 404; ``Allow`` comes from a set.
"""

from __future__ import annotations

import json

from flask import Flask, Response, jsonify

app = Flask(__name__)


@app.route("/")
def hellop_world() -> str:  # the seed's name
    return "<p>hello, world!</p>"


@app.route("/test/<username>")
def get_username(username: str) -> Response:
    result = dict(username=username, foo="foo", bar=10000)
    response = app.response_class(
        response=json.dumps(result), status=200, mimetype="application/json"
    )
    return response


@app.route("/json_test")
def hello_json() -> Response:
    data = {"one": 1, "two": 2, "tmp": 10000}
    return jsonify(data)


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.responses run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
