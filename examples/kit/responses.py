"""responses (seeds 002, 003): the three ways the seeds build a response.

The Flask originals::

    @app.route("/")              -> "<p>hello, world!</p>"
    @app.route("/test/<username>") -> app.response_class(response=json.dumps(result),
                                                          status=status,
                                                          mimetype='application/json')
    @app.route('/json_test')     -> jsonify(data)

``Response(body, status, content_type=...)`` is ``response_class(response=,
status=, mimetype=)``: the view chooses the bytes, the status and the media
type, and the response adds Content-Length.  ``json_response`` is the kit's
``jsonify`` (compact, keys in their order, UTF-8; jsonify sorts the keys and
adds a newline).  A returned ``str`` would be ``text/plain`` here, so the HTML
page says ``html_response``, where Flask sends any str as HTML.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/responses.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import json

from wsgikit import Request, Response, Router, handler, html_response, json_response

router = Router()


@router.route("/")
@handler
def hello_world(request: Request) -> Response:
    return html_response("<p>hello, world!</p>")


@router.route("/test/<username>")
@handler
def get_username(request: Request, username: str) -> Response:
    result = dict(username=username, foo="foo", bar=10000)
    return Response(json.dumps(result), status=200, content_type="application/json")


@router.route("/json_test")
@handler
def hello_json(request: Request) -> Response:
    data = {"one": 1, "two": 2, "tmp": 10000}
    return json_response(data)


application = router


if __name__ == "__main__":
    # python examples/kit/responses.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
