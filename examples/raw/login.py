"""login (seed 003): a JSON answer driven by the query string.

The Flask original::

    @app.route('/login')
    def login():
        username = request.args.get("user_name")
        if username == "foo":
            return_data = dict(auth="seccess")
        else:
            return_data = dict(auth='failed')
        return jsonify(return_data)

(The seed's ``"seccess"`` is a typo; the contract says ``"success"``.)
``request.args.get`` is the first value of the parsed query string, and
``jsonify`` is ``json.dumps`` plus ``Content-Type: application/json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import check_method, exercise, json_response, not_found, path_info, query

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ)
    if path != "/login":
        raise not_found(path)
    check_method(environ, "GET")
    user_name = query(environ).get("user_name", [None])[0]  # request.args.get("user_name")
    auth = "success" if user_name == "foo" else "failed"
    return json_response(start_response, {"auth": auth})
