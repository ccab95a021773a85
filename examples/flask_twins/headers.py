"""headers (seed 000, Test #5): adding a response header.

The seed's app, as written::

    resp = make_response(f'{greeting}, {name}!', HTTPStatus.NOT_FOUND)
    resp.headers['MY_HEADER'] = 1234
    return resp

Compared with ``examples/raw/headers.py``, Flask does for you: the response is
an object whose ``headers`` you edit after ``make_response``, and Werkzeug's
``Headers`` turns the seed's int ``1234`` into the string PEP 3333 requires.
The name keeps its underscore: Werkzeug sends it as given.

Flask differs as in greet: ``text/html`` with the path unescaped, U+FFFD for
bytes that are not UTF-8, ``Allow`` from a set (recorded in
``tests/cases/headers.py``).
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, Response, make_response

# No /static/<path:filename> route: /static/x is a greeting like any other.
app = Flask(__name__, static_folder=None)


@app.route("/<greeting>/<name>")
def greet(greeting: str, name: str) -> Response:
    resp = make_response(f"{greeting}, {name}!", HTTPStatus.NOT_FOUND)
    resp.headers["MY_HEADER"] = 1234  # Werkzeug sends it as the str "1234"
    return resp


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.headers run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
