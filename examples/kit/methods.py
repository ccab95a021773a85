"""methods (seed 002): a route open to POST and PUT only.

The Flask original::

    @app.route("/hibernation", methods=['POST', 'PUT'])
    def hello_hibernation():
        return json.dumps({'hello': 'hibernation'}), 200

``methods=`` is all it takes: the router answers GET (and so HEAD) with 405
and ``Allow: OPTIONS, POST, PUT``, and OPTIONS with 200.  The body is never
read: the handler does not need it.  (The seed's ``json.dumps`` string would go
out as ``text/html`` in Flask; a returned dict is ``application/json``.)
"""

from __future__ import annotations

from wsgikit import Request, Router, handler

router = Router()


@router.route("/hibernation", methods=("POST", "PUT"))
@handler
def hello_hibernation(request: Request) -> dict[str, str]:
    return {"hello": "hibernation"}


application = router
