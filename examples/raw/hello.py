"""hello (seed 000, Test #1-#2): three routes, one of them open to POST.

The Flask original::

    @app.route('/')                               -> 'Hello, World!'
    @app.route('/bad', methods=['GET', 'POST'])   -> 'Bad World!'
    @app.route('/good')                           -> 'Good World!'

What to notice: a WSGI application is one function.  The server calls it with
the request (``environ``, a dict) and a ``start_response`` callable; it calls
``start_response`` once with the status line and the list of headers, then
returns the body as a list of bytes.  Here ``answer`` decides what to send and
``application`` sends it.

What Flask does for you: ``@app.route`` builds the routing table and answers the
404; ``methods=[...]`` becomes the 405 with ``Allow``; every route also answers
``HEAD`` (the GET view, body dropped) and ``OPTIONS``; Werkzeug re-decodes the
path as UTF-8, and redirects the bare mount point (an empty ``PATH_INFO``) to
``SCRIPT_NAME + "/"``; and the returned ``str`` becomes a response with
Content-Type and Content-Length.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

# path -> (text, methods).  Flask adds HEAD and OPTIONS to every route; here they are written.
ROUTES = {
    "/": ("Hello, World!", ("GET", "HEAD", "OPTIONS")),
    "/bad": ("Bad World!", ("GET", "HEAD", "OPTIONS", "POST")),
    "/good": ("Good World!", ("GET", "HEAD", "OPTIONS")),
}


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the text for this request."""
    try:
        # PEP 3333 hands PATH_INFO over as latin-1; the client's bytes were UTF-8.
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path and environ["REQUEST_METHOD"] in ROUTES["/"][1]:
        # The bare mount point (/app for an app mounted at /app): a 308 to /app/, as Flask
        # answers, so that the page's relative links resolve under the mount (a 308 keeps
        # the method and the body).  The mount point and the query go into the header
        # percent-encoded, as a client sends them.  Only for a method that "/" answers:
        # for any other, a 308 would only lead to a 405, and Flask answers the 404 below.
        mount = environ.get("SCRIPT_NAME", "").encode("latin-1")  # latin-1 too, as PATH_INFO
        location = quote(mount, safe="/!$&'()*+,;=:@") + "/"
        query = environ.get("QUERY_STRING", "")
        if query:
            location += "?" + quote(query.encode("latin-1"), safe="%!$&'()*+,/:;=?@")
        return "308 Permanent Redirect", [("Location", location)], f"Redirecting to {location}\n"
    if path not in ROUTES:
        return "404 Not Found", [], "Nothing is served at this path."
    text, methods = ROUTES[path]
    allow = ", ".join(methods)
    method = environ["REQUEST_METHOD"]
    if method == "OPTIONS":
        return "200 OK", [("Allow", allow)], ""
    if method not in methods:
        return "405 Method Not Allowed", [("Allow", allow)], f"This path answers {allow} only."
    return "200 OK", [], text


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
    # python examples/raw/hello.py [--host H] [--port P]: wsgiref, the standard library's
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
