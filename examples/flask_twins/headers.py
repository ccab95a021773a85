"""headers (seed 000, Test #5): adding a response header.

Compared with ``examples/raw/headers.py``, Flask does for you: the response is
an object whose ``headers`` you edit after ``make_response``, and Werkzeug's
``Headers`` turns the seed's int ``1234`` into the string PEP 3333 requires
(here the value is written as a string anyway, to say what goes on the wire).
The name keeps its underscore: Werkzeug sends it as given.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, make_response

from ._common import PlainText, make_app

app = make_app(__name__)
app.response_class = PlainText  # make_response(str) is text/plain here, not text/html


@app.route("/<greeting>/<name>")
def greet(greeting: str, name: str) -> Response:
    resp = make_response(f"{greeting}, {name}!", HTTPStatus.NOT_FOUND)
    resp.headers["MY_HEADER"] = "1234"
    return resp
