"""request_info (seed 000, Test #6): reading the request: method, query, a header.

The Flask original::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        method = request.method
        name = request.args.get('name', default='이름이 없는 자')
        client = request.headers['User-Agent']
        return f'{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군.'

Flask's ``request`` is a view over the WSGI environ: ``request.method`` is
``REQUEST_METHOD``, ``request.args`` is the parsed ``QUERY_STRING`` and
``request.headers['User-Agent']`` is ``HTTP_USER_AGENT``.  Here each is read
from the environ by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import check_method, exercise, not_found, path_info, query, text, user_agent

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
    method = environ["REQUEST_METHOD"]  # request.method
    name = query(environ).get("name", [NO_NAME])[0]  # request.args.get('name', default=...)
    client = user_agent(environ)  # request.headers['User-Agent']
    return text(
        start_response, f"{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군."
    )
