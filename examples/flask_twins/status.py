"""status (seed 000, Test #4): the status code is independent of the body.

Compared with ``examples/raw/status.py``, Flask does for you: ``make_response``
pairs the body with the status and builds the status line; the router's own
404 (no route matched) stays apart from the 404 this view chooses to send.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, make_response

from ._common import PlainText, make_app

app = make_app(__name__)
app.response_class = PlainText  # make_response(str) is text/plain here, not text/html


@app.route("/<greeting>/<name>")
def greet(greeting: str, name: str) -> Response:
    # The route matched, and the view *chooses* 404, with the greeting as the body.
    return make_response(f"{greeting}, {name}!", HTTPStatus.NOT_FOUND)
