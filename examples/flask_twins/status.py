"""status (seed 000, Test #4): the status code is independent of the body.

The seed's app, as written::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        resp = make_response(f'{greeting}, {name}!', HTTPStatus.NOT_FOUND)
        return resp

Compared with ``examples/raw/status.py``, Flask does for you: ``make_response``
pairs the body with the status and builds the status line; the router's own
404 (no route matched) stays apart from the 404 this view chooses to send.

Flask differs as in greet: ``text/html`` with the path unescaped, U+FFFD for
bytes that are not UTF-8, ``Allow`` from a set (recorded in
``tests/cases/status.py``).
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, Response, make_response

# No /static/<path:filename> route: /static/x is a greeting like any other.
app = Flask(__name__, static_folder=None)


@app.route("/<greeting>/<name>")
def greet(greeting: str, name: str) -> Response:
    resp = make_response(f"{greeting}, {name}!", HTTPStatus.NOT_FOUND)
    return resp


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.status run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
