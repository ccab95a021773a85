"""responses (seeds 002, 003): the three ways the seeds build a response.

The Flask originals::

    @app.route("/")
    def hellop_world():
        return "<p>hello, world!</p>"                 # a str: text/html

    @app.route("/test/<username>")
    def get_username(username):
        result = dict(username = username, foo= "foo", bar= 10000)
        response = app.response_class(response=json.dumps(reslult), status=status,
                                      mimetype='application/json')
        return response                              # a response built by hand

    @app.route('/json_test')
    def hello_json():
        data = {'one': 1, "two": 2, "tmp": 10000}
        return jsonify(data)                         # jsonify: JSON for you

(The seed's ``reslult`` is a typo for ``result``, and its ``status`` is never
set: the status is 200.)

What to notice: each answer is the same three things, a status line, a
Content-Type and the body's bytes; only who writes them changes.  The str is
sent as ``text/html; charset=utf-8``, as Flask sends a returned str (this
exercise is where that is the point).  ``/test/<username>`` is
``response_class`` written out: the body is ``json.dumps(result)``'s bytes,
whatever they are (``", "`` and ``": "`` between items, non-ASCII as ``\\uXXXX``),
under the status and the media type the view chose.  ``/json_test`` is JSON
as wsgikit's ``json_response`` writes it (compact, the keys in their order,
UTF-8); ``jsonify`` writes other bytes for the same value (sorted keys, a final
newline), recorded in the case table.  ``utf8_path``, ``method_check`` and
``root_redirect`` are hello's.

What Flask does for you: a returned ``str`` becomes a ``text/html`` response;
``response_class`` (Werkzeug's ``Response``) adds Content-Length, and
``mimetype`` becomes the Content-Type; ``jsonify`` serialises the value
(``sort_keys``, compact separators, ``ensure_ascii``, a trailing newline, all
``DefaultJSONProvider``'s choices) and sets ``application/json``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/responses.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import json
from typing import TYPE_CHECKING

from ._plumbing import method_check, root_redirect, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

    # the status line, the extra headers, the content type and the text
    Answer = tuple[str, list[tuple[str, str]], str, str]

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json"


def username_of(path: str) -> str | None:
    """The rule ``/test/<username>``: one non-empty segment after ``/test/``, or None (404)."""
    name = path.removeprefix("/test/")
    if name == path or not name or "/" in name:
        return None
    return name


def answer(environ: WSGIEnvironment) -> Answer:
    """The status line, the extra headers, the content type and the text for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], TEXT, "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            status, location, text = redirect
            return status, location, TEXT, text
    username = username_of(path)
    if path not in ("/", "/json_test") and username is None:
        return "404 Not Found", [], TEXT, "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        status, allow, text = refusal
        return status, allow, TEXT, text
    if path == "/":
        return "200 OK", [], HTML, "<p>hello, world!</p>"  # Flask: a returned str is HTML
    if path == "/json_test":
        data = {"one": 1, "two": 2, "tmp": 10000}
        return "200 OK", [], JSON, json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # app.response_class(response=json.dumps(result), status=200, mimetype='application/json')
    result = dict(username=username, foo="foo", bar=10000)
    return "200 OK", [], JSON, json.dumps(result)


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, content_type, text = answer(environ)
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/responses.py [--host H] [--port P]: wsgiref, the standard library's
    # server, serves this application on 127.0.0.1:29130, the seed's port.  The seed's host
    # 0.0.0.0 would expose this development server to every machine on the network.
    import argparse
    from contextlib import suppress
    from wsgiref.simple_server import make_server

    parser = argparse.ArgumentParser(description="Serve this exercise with wsgiref.")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=29130, help="port (default: %(default)s)")
    args = parser.parse_args()
    with make_server(args.host, args.port, application) as server, suppress(KeyboardInterrupt):
        print(f"Serving on http://{args.host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()
