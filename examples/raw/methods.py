"""methods (seed 002): a route open to POST and PUT only.

The Flask original::

    @app.route("/hibernation", methods=['POST', 'PUT'])
    def hello_hibernation():
        return json.dumps({'hello': 'hibernation'}), 200

(The seed returned a ``json.dumps`` string, which Flask would have sent as
``text/html``; the contract sends ``application/json``.)

What to notice: a route without GET has no HEAD either, so ``GET`` and ``HEAD``
are both a 405 with ``Allow: OPTIONS, POST, PUT``.  The request body is never
read: the view does not need it.  The chores come from earlier exercises:
``utf8_path`` and ``method_check`` are what hello wrote out, ``json_or_text``
is json-info's switch from a dict to JSON.

What Flask does for you: ``methods=['POST', 'PUT']`` makes the router answer
the other methods with 405 and ``Allow``, and OPTIONS by itself.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/methods.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

from typing import TYPE_CHECKING, Any

from ._plumbing import json_or_text, method_check, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], dict[str, Any] | str]:
    """The status line, the extra headers, and a dict (JSON) or a str (text)."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if path != "/hibernation":
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("OPTIONS", "POST", "PUT"))  # OPTIONS, or a 405
    if refusal is not None:
        return refusal
    return "200 OK", [], {"hello": "hibernation"}


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, value = answer(environ)
    content_type, body = json_or_text(value)
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD never has a body (here it is always the 405)
    return [body]


if __name__ == "__main__":
    # python examples/raw/methods.py [--host H] [--port P]: wsgiref, the standard library's
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
