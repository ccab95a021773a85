"""login-form (seed 001, HTTP 메소드): one URL, two methods.

The Flask original::

    @app.route('/login', methods=['GET', 'POST'])
    def login():
        if request.method == "POST":
            do_the_login()
        else:
            show_the_login_form()

Decisions the seed left open (the other forms follow them): ``GET /login`` is
an HTML form with one field, ``username`` (the seed has no password, and this
exercise checks none: its lesson is the URL, not authentication), posting back
to ``/login`` itself; ``POST /login`` greets the name, escaped, in HTML.  A
missing or empty ``username`` is a 400 saying so; the body must be
``application/x-www-form-urlencoded`` (else 415), at most 64 KiB (else 413),
parsed as the calculator's ``POST /post`` parses it.

What to notice: one path, and the method decides what it does, after
``method_check`` has refused the methods the route does not take (405 with
``Allow: GET, HEAD, OPTIONS, POST``).  The form's ``action`` is built from
``SCRIPT_NAME``, so the form posts to the right URL under any mount point, as
``url_for('login')`` does.  ``utf8_path`` and ``method_check`` are hello's;
``media_type`` and ``read_body`` are wsgi-body's, and the ``BodyError`` that
``read_body`` raises is caught in ``application``, as there.

What Flask does for you: ``methods=['GET', 'POST']`` and ``request.method``,
the 405 for the rest, HEAD and OPTIONS; ``url_for``; ``request.form`` (read
once, under ``MAX_CONTENT_LENGTH``); and Jinja2's autoescaping of the name.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/login_form.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote

from examples.login_pages import FORM_PAGE, MISSING_USERNAME, WELCOME_PAGE, escape

from ._plumbing import BodyError, media_type, method_check, read_body, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

    # the status line, the extra headers, the content type and the text
    Answer = tuple[str, list[tuple[str, str]], str, str]

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"

#: the largest form body read: Flask's MAX_CONTENT_LENGTH
BODY_LIMIT = 64 * 1024


def mount_url(environ: WSGIEnvironment, path: str) -> str:
    """``path`` under the exercise's mount point: ``url_for`` reads SCRIPT_NAME too."""
    prefix = environ.get("SCRIPT_NAME", "").encode("latin-1")
    return quote(prefix, safe="/!$&'()*+,;=:@") + path


def form_fields(body: bytes) -> dict[str, str] | None:
    """``request.form``: the urlencoded body as ``{name: first value}``, or None (a 400)."""
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            separator="&",
            max_num_fields=100,
        )
    except ValueError:  # not UTF-8 (a UnicodeError is a ValueError), or too many fields
        return None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)  # the first value wins, as request.form[name]
    return fields


def show_the_login_form(action: str) -> Answer:
    return "200 OK", [], HTML, FORM_PAGE.format(action=action)


def do_the_login(environ: WSGIEnvironment, action: str) -> Answer:
    if media_type(environ)[0] != "application/x-www-form-urlencoded":
        return "415 Unsupported Media Type", [], TEXT, "Send the form urlencoded."
    fields = form_fields(read_body(environ, BODY_LIMIT))  # a BodyError: see application
    if fields is None:
        return "400 Bad Request", [], TEXT, "The form is not valid UTF-8, or has too many fields."
    username = fields.get("username", "")
    if not username:
        return "400 Bad Request", [], TEXT, MISSING_USERNAME
    return "200 OK", [], HTML, WELCOME_PAGE.format(username=escape(username), action=action)


def answer(environ: WSGIEnvironment) -> Answer:
    """The status line, the extra headers, the content type and the text for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], TEXT, "The path is not valid UTF-8."
    if path != "/login":
        return "404 Not Found", [], TEXT, "Nothing is served at this path."
    refusal = method_check(environ, ("GET", "HEAD", "OPTIONS", "POST"))  # OPTIONS, or a 405
    if refusal is not None:
        status, allow, text = refusal
        return status, allow, TEXT, text
    action = escape(mount_url(environ, "/login"))  # url_for('login'): this very URL
    if environ["REQUEST_METHOD"] == "POST":
        return do_the_login(environ, action)
    return show_the_login_form(action)  # GET, and HEAD (its body is dropped below)


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    try:
        status, extra, content_type, text = answer(environ)
    except BodyError as refused:  # read_body: the form body will not do (400, 408, 413)
        status, extra, content_type, text = refused.status, [], TEXT, refused.text
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD: the headers GET would get, Content-Length included, and no body
    return [body]


if __name__ == "__main__":
    # python examples/raw/login_form.py [--host H] [--port P]: wsgiref, the standard library's
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
