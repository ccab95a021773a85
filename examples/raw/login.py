"""login (seed 003): a JSON answer driven by the query string.

The Flask original::

    @app.route('/login')
    def login():
        username = request.args.get("user_name")
        if username == "foo":
            return_data = dict(auth="seccess")
        else:
            return_data = dict(auth='failed')
        return jsonify(return_data)

(The seed's ``"seccess"`` is a typo; the contract says ``"success"``.)

What to notice: ``request.args.get("user_name")`` is the first value of the
parsed query string, so ``?user_name=foo&user_name=bar`` logs in and
``?user_name=bar&user_name=foo`` does not; ``;`` is no separator.
``query_args`` is the loop request-info wrote out; ``utf8_path`` and
``method_check`` are hello's; ``json_or_text`` is json-info's switch.

What Flask does for you: ``request.args`` (parsed once per request) and
``jsonify`` (``json.dumps`` plus ``Content-Type: application/json``); the route
answers HEAD and OPTIONS, and other methods with 405.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/login.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

from typing import TYPE_CHECKING, Any

from ._plumbing import json_or_text, method_check, query_args, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], dict[str, Any] | str]:
    """The status line, the extra headers, and a dict (JSON) or a str (text)."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if path != "/login":
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        return refusal
    args = query_args(environ)  # None: the query's bytes are not UTF-8
    if args is None:
        return "400 Bad Request", [], "The query string is not valid UTF-8."
    auth = "success" if args.get("user_name") == "foo" else "failed"
    return "200 OK", [], {"auth": auth}


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, value = answer(environ)
    content_type, body = json_or_text(value)
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/login.py [--host H] [--port P]: wsgiref, the standard library's
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
