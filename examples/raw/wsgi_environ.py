"""wsgi_environ (seed 000, Test #11): the bare WSGI callable, and where its log goes.

The seed's ``wsgi1.py`` (no Flask at all: this *is* the interface Flask sits on)::

    def application(environ, start_response):
        print(environ['REQUEST_METHOD'])
        print(environ['PATH_INFO'])
        start_response('200 OK', [('Content-Type', 'text/html')])
        return [b'Hello World wsgi1']

Kept as close to that as the common rules allow: every method and every path
gets ``200 Hello World wsgi1``.  Three things changed, each one a rule of PEP 3333
or of HTTP that the seed got away with breaking:

- the log line goes to ``environ['wsgi.errors']``, not ``print``.  ``wsgi.errors``
  is the server's error stream, handed to the app with each request: uWSGI and
  gunicorn put it in their log, wsgiref on stderr.  ``print`` writes to the
  process's stdout, which a daemonised server may have closed or pointed at
  /dev/null, which is block-buffered when it is not a terminal (the lines show up
  late, or never), and which, under CGI (``wsgiref.handlers.CGIHandler``), *is* the
  HTTP response: a ``print`` there corrupts the reply.  One line per request,
  ``"{REQUEST_METHOD} {PATH_INFO}\\n"``, with the path decoded as UTF-8, and
  flushed at once: ``wsgi.errors`` may be buffered too (under uWSGI it is, and
  unflushed lines are lost when the worker is killed);
- ``Content-Length`` is sent, and ``charset=utf-8`` is named;
- ``HEAD`` gets the headers of ``GET`` and no body, and a path that is not UTF-8
  is a 400 (it would be logged as mojibake otherwise).

What to notice: there is nothing to route, so the whole exchange is this one
function, line for line the seed's: the environ read, the log written, the
status line and the header list built, ``start_response`` called, the body
returned.  ``HEAD`` is handled here too, so the log line says ``HEAD``.
``OPTIONS`` is one more method that gets the page (no ``Allow``: every method is
allowed).  The query string is never read, so ``?name=%FF`` is no error.  The
bare mount point (an empty ``PATH_INFO``) is one more path that gets the page;
the Flask twin routes ``/``, so Werkzeug redirects it to ``SCRIPT_NAME + "/"``.

What Flask does for you: ``request.method`` and ``request.path`` are these two
environ keys, the path re-decoded as UTF-8; Flask's log handler writes to
``wsgi.errors`` too; a returned ``str`` gets its Content-Type and
Content-Length, and ``HEAD`` its empty body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    method = environ["REQUEST_METHOD"]
    try:
        # PEP 3333 hands PATH_INFO over as latin-1; the client's bytes were UTF-8.
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        refusal = b"The path is not valid UTF-8."
        headers = [("Content-Type", TEXT), ("Content-Length", str(len(refusal)))]
        start_response("400 Bad Request", headers)
        return [] if method == "HEAD" else [refusal]

    # The seed's two print() calls, as one line in the server's log: see the docstring.
    errors = environ["wsgi.errors"]
    errors.write(f"{method} {path}\n")
    errors.flush()  # PEP 3333: the stream may be buffered (under uWSGI it is); flush to see it

    status = "200 OK"
    body = b"Hello World wsgi1"
    headers = [("Content-Type", HTML), ("Content-Length", str(len(body)))]
    start_response(status, headers)
    if method == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/wsgi_environ.py [--host H] [--port P]: wsgiref, the standard library's
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
