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
POST only.  ``request.get_json()`` hides several chores, done by hand here:
check the media type (415), read at most ``CONTENT_LENGTH`` bytes under a limit
(``MAX_CONTENT_LENGTH``, 413), decode strict UTF-8 and parse (400).  The parse
is stricter than Flask's: no BOM, no ``NaN``/``Infinity``, no number that
overflows to infinity, no unpaired surrogate escape, and nesting too deep for
the parser is a 400, not a ``RecursionError`` and a 500.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import (
    HTTPProblem,
    check_method,
    exercise,
    is_json,
    json_object,
    json_response,
    not_found,
    path_info,
    query,
    read_body,
    user_agent,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

NO_NAME = "이름이 없는 자"
NO_KEY = "No key"
LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH: 1 MiB



@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    if path != "/":
        raise not_found(path)
    check_method(environ, "POST")
    name = query(environ).get("name", [NO_NAME])[0]
    client = user_agent(environ)
    # request.get_json(): 415 unless the body says it is JSON ...
    if not is_json(environ):
        raise HTTPProblem(415, "the body must be application/json (UTF-8)")
    # ... then get_data() under MAX_CONTENT_LENGTH (413), then json.loads (400).
    document = json_object(read_body(environ, LIMIT))
    return json_response(
        start_response,
        {
            "method": environ["REQUEST_METHOD"],
            "name": name,
            "client": client,
            "key1": document.get("key1", NO_KEY),
        },
    )
