"""template (seed 000, Test #9): HTML with the user's input escaped.

The Flask original::

    @app.route('/')
    def index():
        name = request.args.get('name', default=None)
        return render_template('hello.html', name=name)

with ``templates/hello.html`` (kept as ``examples/templates/hello.html``)::

    <!DOCTYPE html>
    {% if name %}
        <h1> Hi, 필멸자 {{ name }}!</h1>
    {% else %}
        <h1> Hi, 이름없는 용사!</h1>
    {% endif %}

What to notice: whatever the user sends is escaped before it goes into HTML,
or ``?name=<script>...`` runs in the reader's browser.  Here the template is a
pair of format strings, written to be byte for byte what Flask's Jinja2
renders: the block tags leave their line breaks behind (``trim_blocks`` is
off), the file's final newline is dropped (``keep_trailing_newline`` is off),
``{% if name %}`` treats ``''`` as no name, and ``{{ name }}`` is escaped as
autoescaping does.  Every answer here is ``text/html``, the refusals too (as
Flask's error pages are); they quote nothing the client sent, so they need no
escaping.  ``utf8_path``, ``method_check`` and ``root_redirect`` are what
hello wrote out, ``query_args`` is request-info's loop.

What Flask does for you: ``render_template`` finds the file, renders it with
Jinja2 and its autoescaping, and the returned ``str`` is sent as
``text/html; charset=utf-8``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/template.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

from typing import TYPE_CHECKING

from ._plumbing import method_check, query_args, root_redirect, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

WITH_NAME = "<!DOCTYPE html>\n\n    <h1> Hi, 필멸자 {name}!</h1>\n"
WITHOUT_NAME = "<!DOCTYPE html>\n\n    <h1> Hi, 이름없는 용사!</h1>\n"

# Jinja2's autoescape (MarkupSafe).  html.escape(s) would write &quot; and &#x27;
# for the quotes: just as safe, but not the same bytes as the Flask form.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def escape(value: str) -> str:
    return value.translate(_ESCAPES)


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the HTML for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("GET", "HEAD", "OPTIONS"))
        if redirect is not None:
            return redirect
    if path != "/":
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
    if refusal is not None:
        return refusal
    args = query_args(environ)  # None: the query's bytes are not UTF-8
    if args is None:
        return "400 Bad Request", [], "The query string is not valid UTF-8."
    name = args.get("name", "")  # request.args.get('name', default=None)
    # render_template: {% if name %} ... {{ name }} with autoescape on.
    page = WITH_NAME.format(name=escape(name)) if name else WITHOUT_NAME
    return "200 OK", [], page


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    status, extra, page = answer(environ)
    body = page.encode("utf-8")
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *extra,
    ]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/template.py [--host H] [--port P]: wsgiref, the standard library's
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
