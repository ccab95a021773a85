"""methods (seed 002): a route open to POST and PUT only.

The Flask original::

    @app.route("/hibernation", methods=['POST', 'PUT'])
    def hello_hibernation():
        return json.dumps({'hello': 'hibernation'}), 200

(The seed returned a ``json.dumps`` string, which Flask would have sent as
``text/html``; the contract sends ``application/json``.)  Flask's router
answers GET with 405 and an ``Allow`` header; here ``check_method`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import check_method, exercise, json_response, not_found, path_info

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ)
    if path != "/hibernation":
        raise not_found(path)
    # methods=['POST', 'PUT']: GET (and so HEAD) is a 405 with Allow: OPTIONS, POST, PUT.
    check_method(environ, "POST", "PUT")
    # The body, if any, is never read: the view does not need it.
    return json_response(start_response, {"hello": "hibernation"})
