"""wsgi_body (seed 000, Test #12): reading ``wsgi.input`` safely.

The seed's ``wsgi2.py`` (a bare WSGI callable, no Flask)::

    def application(environ, start_response):
        body_bytes = environ['wsgi.input'].read()
        body_json = json.loads(body_bytes.decode('utf-8'))
        start_response('200 OK', [('Content-Type', 'text/html')])
        return [bytes(f'Hello World {body_json["name"]}', encoding='utf-8')]

``wsgi.input.read()`` without a size is the bug this exercise is about: under
wsgiref it is the raw socket, and it waits for bytes the client never sends
(the server hangs); anywhere, it reads as much as the client cares to send
(the server runs out of memory).  Here the body is read by ``read_body``: at most
``CONTENT_LENGTH`` bytes, never more than 1 MiB (413), and with no
``CONTENT_LENGTH`` only when the server says the stream ends by itself
(``wsgi.input_terminated``, as uWSGI and gunicorn do for a chunked request).
A POST with no length and no such promise is a 400: the body cannot be read.

In Flask this is ``request.get_json()`` under ``MAX_CONTENT_LENGTH``.  The rest,
by hand, with the same rules as ``json_echo``:

- the body must say it is JSON (``application/json`` or ``application/*+json``,
  UTF-8 if a charset is named): else 415, as ``get_json()`` does;
- strict UTF-8, no BOM, no ``NaN``/``Infinity``, no number that overflows to
  infinity, no unpaired surrogate escape, no nesting too deep to parse: else 400;
- the JSON must be an object with a string ``name``: else 400 (the seed's
  ``KeyError`` was a 500);
- the answer is ``text/plain``: the seed sent the name back as ``text/html``,
  unescaped, which lets any client inject markup (XSS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import (
    HTTPProblem,
    check_method,
    content_length,
    exercise,
    is_json,
    json_object,
    not_found,
    path_info,
    read_body,
    text,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH: 1 MiB


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    if path != "/":
        raise not_found(path)
    check_method(environ, "POST")
    # get_json(): 415 unless the request says its body is JSON.
    if not is_json(environ):
        raise HTTPProblem(415, "the body must be application/json (UTF-8)")
    # No CONTENT_LENGTH and no wsgi.input_terminated: the body's end is unknown,
    # and reading "to the end" would hang.  Werkzeug reads nothing in that case.
    if content_length(environ) == 0 and not environ.get("wsgi.input_terminated"):
        raise HTTPProblem(400, "a body is required (send Content-Length)")
    document = json_object(read_body(environ, LIMIT))  # 413 over 1 MiB, 400 if short
    name = document.get("name")
    if not isinstance(name, str):  # the seed's body_json["name"]: a KeyError, a 500
        raise HTTPProblem(400, 'the JSON object needs a string "name"')
    return text(start_response, f"Hello World {name}")
