"""cgi_vs_wsgi (seed 001, 용어 정리: CGI and WSGI): one WSGI app, run as a CGI script too.

The seed's WSGI callable::

    def application(environ, start_response):
      body = b'Hello world!\\n'
      status = '200 OK'
      headers = [('Content-type', 'text/plain')]
      start_reponse(status, headers)
      return [body]

and its CGI: the web server keeps scripts in ``cgi-bin`` and runs one for
every request.  This module is both.  ``application`` is a WSGI app like any
other; run by a CGI server (``examples/cgi_gateway.py``, Apache's mod_cgi),
the ``__main__`` block at the end hands it to ``wsgiref.handlers.CGIHandler``,
which reads the request from the environment and standard input, calls the
app once, writes the answer to standard output and lets the process end.

``GET /?name=X`` (or ``POST /`` with a text body) answers JSON
``{"body", "gateway", "name", "pid"}``: the body it received, ``"CGI"`` or
``"WSGI"``, the ``name`` from the query (or null) and ``os.getpid()``.

What to notice:

- under a WSGI server the pid is the same on every request: the process, the
  imported module and its globals live on.  Through the CGI gateway it is new
  on every request: each one pays for a fresh interpreter and every import;
- how the app knows: ``wsgi.run_once`` is true under ``CGIHandler`` ("this
  process will call you once", PEP 3333) and false under WSGI servers.
  ``GATEWAY_INTERFACE`` is no tell: wsgiref's WSGI server sets it to
  ``CGI/1.1`` too, because WSGI's environ *is* CGI's list of variables;
- the same code answers both ways: under CGI the query string came in an
  environment variable (``QUERY_STRING``) and the body on standard input, and
  the app reads them from the environ, ``environ['QUERY_STRING']`` and
  ``environ['wsgi.input']``, as under any WSGI server;
- under CGI, standard output *is* the response: a ``print`` anywhere in the
  app lands in it, before the headers or after the body (the gateway answers
  502).  Logs go to ``environ['wsgi.errors']``, the script's stderr, which a
  CGI server writes to its log.

``utf8_path``, ``method_check`` and ``root_redirect`` are what hello wrote
out, ``query_args`` request-info's, ``read_body`` wsgi-body's and
``json_or_text`` json-info's.

What Flask does for you: the routing, OPTIONS and the 405, ``request.args``
and ``request.get_data()`` bounded by ``MAX_CONTENT_LENGTH``.  Nothing for CGI
itself: a Flask app is a WSGI app, and Flask's older deployment docs ran it as
a CGI script with the same ``CGIHandler().run(app)``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/cgi_vs_wsgi.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    # A CGI server runs the script this way, by its path.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import os
from typing import TYPE_CHECKING, Any

from ._plumbing import (
    BodyError,
    json_or_text,
    method_check,
    query_args,
    read_body,
    root_redirect,
    utf8_path,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

LIMIT = 1024 * 1024  # the body's limit: 1 MiB, then 413


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], dict[str, Any] | str]:
    """The status line, the extra headers, and a dict (JSON) or a str (text)."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS", "POST"))
        if redirect is not None:
            return redirect
    if path != "/":
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS", "POST"))  # OPTIONS, or a 405
    if refusal is not None:
        return refusal
    args = query_args(environ)  # under CGI, QUERY_STRING was an environment variable
    if args is None:
        return "400 Bad Request", [], "The query string is not valid UTF-8."
    try:
        body = read_body(environ, LIMIT)  # under CGI, wsgi.input is the script's stdin
        text = body.decode("utf-8")
    except BodyError as error:
        return error.status, [], error.text
    except UnicodeDecodeError:
        return "400 Bad Request", [], "The body is not valid UTF-8."
    # wsgi.run_once: "this process will call you once", true under CGIHandler only
    gateway = "CGI" if environ.get("wsgi.run_once") else "WSGI"
    # The keys in alphabetical order, as Flask's jsonify writes them.
    return "200 OK", [], {"body": text, "gateway": gateway, "name": args.get("name"),
                          "pid": os.getpid()}


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, value = answer(environ)
    content_type, body = json_or_text(value)
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    if "GATEWAY_INTERFACE" in os.environ:
        # Started by a CGI server, which sets GATEWAY_INTERFACE=CGI/1.1 and passes no
        # arguments: the request is in os.environ and on stdin; the answer goes to stdout
        # ("Status: 200 OK", the headers, a blank line, the body), and the process ends.
        from wsgiref.handlers import CGIHandler

        CGIHandler().run(application)
    else:
        # python examples/raw/cgi_vs_wsgi.py [--host H] [--port P]: wsgiref, the standard
        # library's server, serves this application on 127.0.0.1:29130, the seed's port.
        # The seed's host 0.0.0.0 would expose this development server to the network.
        import argparse
        from contextlib import suppress
        from wsgiref.simple_server import make_server

        parser = argparse.ArgumentParser(description="Serve this exercise with wsgiref.")
        parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
        parser.add_argument("--port", type=int, default=29130, help="port (default: %(default)s)")
        args = parser.parse_args()
        with make_server(args.host, args.port, application) as server, suppress(KeyboardInterrupt):
            print(f"Serving on http://{args.host}:{server.server_port}/ (Ctrl-C to stop)",
                  flush=True)
            server.serve_forever()
