"""json_info (seed 000, Test #7): returning JSON.

The Flask original::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        return {
            'method': request.method,
            'name': request.args.get('name', default='이름이 없는 자'),
            'client': request.headers['User-Agent'],
        }

What to notice: JSON is text with its own media type.  ``answer`` returns a
``dict`` for the view's answer and a ``str`` for a refusal, and ``application``
turns a dict into ``json.dumps`` + ``Content-Type: application/json``, a str into
plain text.  ``ensure_ascii=False`` keeps the Korean readable; the body is UTF-8
either way.  Reading the request is as in request-info.

What Flask does for you: a view may return a dict, and Flask serialises it with
its JSON provider (``jsonify``) and sets the Content-Type; ``request``, the
routing and the method check are as in request-info.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote_plus

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

ALLOW = "GET, HEAD, OPTIONS, POST"  # methods=['GET', 'POST'], plus Flask's HEAD and OPTIONS
NO_NAME = "이름이 없는 자"


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], dict[str, Any] | str]:
    """The status line, the extra headers, and a dict (JSON) or a str (text)."""
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
    method = environ["REQUEST_METHOD"]
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
    client = environ.get("HTTP_USER_AGENT")
    if client is None:
        return "400 Bad Request", [], "The request has no User-Agent header."
    return "200 OK", [], {"method": method, "name": args.get("name", NO_NAME), "client": client}


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, value = answer(environ)
    if isinstance(value, dict):  # what Flask does with a dict returned by a view
        content_type = "application/json"
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        content_type, text = "text/plain; charset=utf-8", value
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/json_info.py [--host H] [--port P]: wsgiref, the standard library's
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
