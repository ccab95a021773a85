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
