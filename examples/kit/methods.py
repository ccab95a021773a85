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

if not __package__:
    # Run as a file (python examples/kit/methods.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import Request, Router, handler

router = Router()


@router.route("/hibernation", methods=("POST", "PUT"))
@handler
def hello_hibernation(request: Request) -> dict[str, str]:
    return {"hello": "hibernation"}


application = router


if __name__ == "__main__":
    # python examples/kit/methods.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
