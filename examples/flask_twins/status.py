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
