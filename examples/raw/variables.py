"""variables (seed 001, 변수 규칙): the string, int, float and path converters.

The Flask original::

    @app.route('/user/<username>')        -> 'User %s' % username
    @app.route('/post/<int:post_id>')     -> 'Post %d' % post_id
    @app.route('/price/<float:amount>')   -> f'Price {amount}'
    @app.route('/path/<path:subpath>')    -> f'Subpath {subpath}'

What to notice: a converter is a test plus a conversion, and a value it refuses
means the rule does not match: a 404, never a 400 (``/post/abc``).  The rules
written out here are Werkzeug's:

- string: one non-empty segment, no ``/`` (``%2F`` is decoded first, so it splits);
- int: ``[0-9]+`` then ``int()``: no sign, leading zeros allowed (``/post/007``
  is ``Post 7``), more than 4300 digits is no match (``int()`` refuses them);
- float: ``[0-9]+\\.[0-9]+`` then ``float()``: ``/price/2`` and ``/price/1e5`` do
  not match, ``/price/2.50`` prints ``Price 2.5``;
- path: ``[^/].*``: anything that does not start with ``/``, slashes kept.

Werkzeug writes ``\\d``, which also takes other scripts' digits (``/post/١٢``);
this form takes ASCII digits only.  ``utf8_path`` and ``method_check`` are what
hello wrote out.

What Flask does for you: ``<int:post_id>`` picks the converter, and the view
gets the converted value (an ``int``, a ``float``) as a keyword argument.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/raw/variables.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.raw"

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ._plumbing import method_check, utf8_path

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

INT = re.compile(r"[0-9]+")
FLOAT = re.compile(r"[0-9]+\.[0-9]+")


def as_string(value: str) -> str | None:
    return value if value and "/" not in value else None


def as_int(value: str) -> int | None:
    if not INT.fullmatch(value):
        return None
    try:
        return int(value)
    except ValueError:  # over 4300 digits: werkzeug's ValidationError, a 404
        return None


def as_float(value: str) -> float | None:
    return float(value) if FLOAT.fullmatch(value) else None


def as_path(value: str) -> str | None:
    return value if value and not value.startswith("/") else None


# prefix -> (converter, template).  @app.route builds this table in Flask.
RULES: dict[str, tuple[Callable[[str], object | None], str]] = {
    "/user/": (as_string, "User {}"),
    "/post/": (as_int, "Post {}"),
    "/price/": (as_float, "Price {}"),
    "/path/": (as_path, "Subpath {}"),
}


def answer(environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], str]:
    """The status line, the extra headers and the text for this request."""
    path = utf8_path(environ)  # None: the path's bytes are not UTF-8
    if path is None:
        return "400 Bad Request", [], "The path is not valid UTF-8."
    for prefix, (convert, template) in RULES.items():
        if path.startswith(prefix):
            value = convert(path[len(prefix) :])
            if value is None:
                break  # the converter refused: no rule matches, 404
            refusal = method_check(environ, ("GET", "HEAD", "OPTIONS"))  # OPTIONS, or a 405
            if refusal is not None:
                return refusal
            return "200 OK", [], template.format(value)
    return "404 Not Found", [], "Nothing is served at this path."


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
    # python examples/raw/variables.py [--host H] [--port P]: wsgiref, the standard library's
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
