"""headers (seed 000, Test #5): adding a response header.

The Flask original::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        resp = make_response(f'{greeting}, {name}!', HTTPStatus.NOT_FOUND)
        resp.headers['MY_HEADER'] = 1234
        return resp

What to notice: a response header is one more ``(name, value)`` pair in the list
given to ``start_response``, and both are ``str``: PEP 3333 says so, and
``wsgiref.validate`` rejects the int ``1234``, so the value is written
``'1234'``.  The name keeps its underscore: it is a legal header token (RFC
9110), though some proxies (nginx by default) drop *request* headers with
underscores.  Only the view's answer carries the header; the 400, 404 and 405
before it do not.

What Flask does for you: ``resp.headers`` is a Werkzeug ``Headers`` object that
quietly turns ``1234`` into ``'1234'``; the rest is as in status.
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
        return "404 Not Found", [], "Nothing is served at this path."
    method = environ["REQUEST_METHOD"]
    if method == "OPTIONS":
        return "200 OK", [("Allow", ALLOW)], ""
    if method not in ("GET", "HEAD"):
        return "405 Method Not Allowed", [("Allow", ALLOW)], f"This path answers {ALLOW} only."
    _, greeting, name = parts
    # resp.headers['MY_HEADER'] = 1234: one more (str, str) pair.
    return "404 Not Found", [("MY_HEADER", "1234")], f"{greeting}, {name}!"


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
    # python examples/raw/headers.py [--host H] [--port P]: wsgiref, the standard library's
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
