"""json_info (seed 000, Test #7): returning JSON.

The Flask original::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        return {
            'method': request.method,
            'name': request.args.get('name', default='이름이 없는 자'),
            'client': request.headers['User-Agent'],
        }

A Flask view may return a dict: Flask serialises it with its JSON provider and
sets ``Content-Type: application/json``.  Here that is ``json.dumps`` (through
``json_response``) and a header written out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import (
    check_method,
    exercise,
    json_response,
    not_found,
    path_info,
    query,
    user_agent,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

NO_NAME = "이름이 없는 자"



@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    if path != "/":
        raise not_found(path)
    check_method(environ, "GET", "POST")
    info = {
        "method": environ["REQUEST_METHOD"],
        "name": query(environ).get("name", [NO_NAME])[0],
        "client": user_agent(environ),
    }
    # Returning a dict from a Flask view: jsonify happens for you.
    return json_response(start_response, info)
