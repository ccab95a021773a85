"""json_echo (seed 000, Test #8): reading a JSON body, and refusing bad ones.

The Flask original::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        return {
            'method': request.method,
            'name': request.args.get('name', default='이름이 없는 자'),
            'client': request.headers['User-Agent'],
            'key1': request.get_json().get('key1', 'No key'),
        }

The seed let GET in, where ``get_json()`` can only fail; the contract keeps
POST only.

What to notice: ``request.get_json()`` hides several chores, in this order:
check the media type (415, before a byte is read), read at most
``CONTENT_LENGTH`` bytes under a limit (``MAX_CONTENT_LENGTH``, 413), decode
strict UTF-8 and parse (400).  The parse is stricter than Flask's: no BOM, no
``NaN``/``Infinity``, no number that overflows to infinity, no unpaired
surrogate escape, and nesting too deep for the parser is a 400, not a
``RecursionError`` and a 500.  The chores come from earlier exercises:
``utf8_path``, ``method_check`` and ``root_redirect`` are hello's,
``query_args`` and ``user_agent`` request-info's, ``json_or_text``
json-info's; ``is_json``, ``read_body`` and ``json_object`` are what wsgi-body
(seed Test #12) writes out, and the ``BodyError`` they raise is caught in
``application``, as there.

What Flask does for you: ``request.get_json()`` (media type, bounded read,
parse, and a 400 or 415 when they fail); the rest is as in json-info.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/json_echo.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

from typing import TYPE_CHECKING, Any

from ._plumbing import (
    BodyError,
    is_json,
    json_object,
    json_or_text,
    method_check,
    query_args,
    read_body,
    root_redirect,
    user_agent,
    utf8_path,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

NO_NAME = "이름이 없는 자"
NO_KEY = "No key"
LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH: 1 MiB


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], dict[str, Any] | str]:
    """The status line, the extra headers, and a dict (JSON) or a str (text)."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    if not path:  # the bare mount point, /app: a 308 to /app/ for a method "/" answers
        redirect = root_redirect(environ, ("OPTIONS", "POST"))
        if redirect is not None:
            return redirect
    if path != "/":
        return "404 Not Found", [], "Nothing is served at this path."
    refusal = method_check(environ, ("OPTIONS", "POST"))  # OPTIONS, or a 405
    if refusal is not None:
        return refusal
    args = query_args(environ)  # None: the query's bytes are not UTF-8
    if args is None:
        return "400 Bad Request", [], "The query string is not valid UTF-8."
    client = user_agent(environ)  # request.headers['User-Agent']
    if client is None:
        return "400 Bad Request", [], "The request has no User-Agent header."
    # request.get_json(): 415 unless the body says it is JSON ...
    if not is_json(environ):
        return "415 Unsupported Media Type", [], "The body must be application/json (UTF-8)."
    # ... then get_data() under MAX_CONTENT_LENGTH, then json.loads: a BodyError if not.
    document = json_object(read_body(environ, LIMIT))
    echo = {
        "method": environ["REQUEST_METHOD"],  # request.method
        "name": args.get("name", NO_NAME),  # request.args.get('name', default=...)
        "client": client,
        "key1": document.get("key1", NO_KEY),
    }
    return "200 OK", [], echo


def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    try:
        status, extra, value = answer(environ)
    except BodyError as refused:  # read_body or json_object: the body will not do, and why
        status, extra, value = refused.status, [], refused.text
    content_type, body = json_or_text(value)
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        return []  # HEAD never has a body (here it is the 405, or the bare mount point's 308)
    return [body]


if __name__ == "__main__":
    # python examples/raw/json_echo.py [--host H] [--port P]: wsgiref, the standard library's
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
