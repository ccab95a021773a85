"""status (seed 000, Test #4): the status code is independent of the body.

The Flask original::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        return make_response(f'{greeting}, {name}!', HTTPStatus.NOT_FOUND)

What to notice: the status line is one argument of ``start_response`` and the
body is what the function returns; nothing ties the two, so a 404 can carry a
friendly greeting.  Two different 404s come out of this file: the router's
(no route matched) and the view's (the route matched, and the view chose 404).
The status line is the code and its reason phrase, ``"404 Not Found"``; the
standard library has them all (``http.HTTPStatus(404).phrase``).

What Flask does for you: ``make_response(body, status)`` pairs any body with any
status and builds the status line; the rest (decoding the path, the route
variables, ``HEAD``, ``OPTIONS``, 405) is as in greet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

ALLOW = "GET, HEAD, OPTIONS"  # a GET route: Flask adds HEAD and OPTIONS


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the text for this request."""
    try:
        # PEP 3333 hands PATH_INFO over as latin-1; the client's bytes were UTF-8.
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    parts = path.split("/")  # '/안녕/세계' -> ['', '안녕', '세계']
    if len(parts) != 3 or parts[0] != "" or not parts[1] or not parts[2]:
        return "404 Not Found", [], "Nothing is served at this path."  # no route matched
    method = environ["REQUEST_METHOD"]
    if method == "OPTIONS":
        return "200 OK", [("Allow", ALLOW)], ""
    if method not in ("GET", "HEAD"):
        return "405 Method Not Allowed", [("Allow", ALLOW)], f"This path answers {ALLOW} only."
    _, greeting, name = parts
    # The route matched, and the view chose 404: make_response(body, 404).
    return "404 Not Found", [], f"{greeting}, {name}!"


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, text = answer(environ)
    body = text.encode("utf-8")
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *extra,
    ]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/status.py [--host H] [--port P]: wsgiref, the standard library's
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
