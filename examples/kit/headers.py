"""headers (seed 000, Test #5): adding a response header.

The Flask original::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        resp = make_response(f'{greeting}, {name}!', HTTPStatus.NOT_FOUND)
        resp.headers['MY_HEADER'] = 1234
        return resp

A handler returns ``(body, status, headers)``.  wsgikit checks each header as
it is set: the name must be an HTTP token (``MY_HEADER`` is one) and the value a
``str``, so the seed's int ``1234`` would be a ``ValueError`` here, where
Werkzeug quietly converts it.  PEP 3333 wants ``'1234'``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/headers.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from http import HTTPStatus

from wsgikit import Request, Router, handler

router = Router()


@router.route("/<greeting>/<name>")
@handler
def greet(request: Request, greeting: str, name: str) -> tuple[str, int, dict[str, str]]:
    return f"{greeting}, {name}!", HTTPStatus.NOT_FOUND, {"MY_HEADER": "1234"}


application = router


if __name__ == "__main__":
    # python examples/kit/headers.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
