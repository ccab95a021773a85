"""request_info (seed 000, Test #6): reading the request: method, query, a header.

The Flask original::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        method = request.method
        name = request.args.get('name', default='이름이 없는 자')
        client = request.headers['User-Agent']
        return f'{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군.'

What to notice: everything about the request is a key of ``environ``.  The
method is ``REQUEST_METHOD``; a header is ``HTTP_`` + its name in capitals
(``User-Agent`` -> ``HTTP_USER_AGENT``); the query is the raw ``QUERY_STRING``
(``name=%EA%B9%80&x=1``), which the loop below splits on ``&`` (never on
``;``), then each pair on its first ``=``, then unquotes as UTF-8 (``+`` is a
space).  Bytes that are not UTF-8, or a missing User-Agent, are the client's
error: a 400 that says so.  A HEAD is answered as the GET would be, so the text
says ``GET``: HEAD must announce GET's Content-Length (RFC 9110).

What Flask does for you: ``request`` is a view over the environ:
``request.method``, ``request.args`` (the query, parsed once) and
``request.headers``; the rest is as in hello.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, unquote_plus

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

ALLOW = "GET, HEAD, OPTIONS, POST"  # methods=['GET', 'POST'], plus Flask's HEAD and OPTIONS
NO_NAME = "이름이 없는 자"


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the text for this request."""
    try:
        # PEP 3333 hands PATH_INFO over as latin-1; the client's bytes were UTF-8.
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path and environ["REQUEST_METHOD"] in ("GET", "HEAD", "OPTIONS", "POST"):
        # the bare mount point, /app, for a method "/" answers: a 308 to /app/, as hello
        # writes it (any other method gets the 404 below, as in Flask)
        mount = environ.get("SCRIPT_NAME", "").encode("latin-1")
        location = quote(mount, safe="/!$&'()*+,;=:@") + "/"
        query = environ.get("QUERY_STRING", "")
        if query:
            location += "?" + quote(query.encode("latin-1"), safe="%!$&'()*+,/:;=?@")
        return "308 Permanent Redirect", [("Location", location)], f"Redirecting to {location}\n"
    if path != "/":
        return "404 Not Found", [], "Nothing is served at this path."
    method = environ["REQUEST_METHOD"]  # request.method
    if method == "OPTIONS":
        return "200 OK", [("Allow", ALLOW)], ""
    if method not in ("GET", "HEAD", "POST"):
        return "405 Method Not Allowed", [("Allow", ALLOW)], f"This path answers {ALLOW} only."
    if method == "HEAD":
        method = "GET"  # HEAD must announce GET's Content-Length (RFC 9110), so answer as GET
    # request.args: the first value of each name.  QUERY_STRING is latin-1 too.
    args: dict[str, str] = {}
    try:
        query = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
        for pair in query.split("&"):
            key, _, value = pair.partition("=")
            key = unquote_plus(key, errors="strict")
            args.setdefault(key, unquote_plus(value, errors="strict"))
    except UnicodeError:
        return "400 Bad Request", [], "The query string is not valid UTF-8."
    name = args.get("name", NO_NAME)  # request.args.get('name', default=...)
    client = environ.get("HTTP_USER_AGENT")  # request.headers['User-Agent']
    if client is None:
        return "400 Bad Request", [], "The request has no User-Agent header."
    return "200 OK", [], f"{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군."


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
    # python examples/raw/request_info.py [--host H] [--port P]: wsgiref, the standard library's
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
