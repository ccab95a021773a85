"""status (seed 000, Test #4): the status code is independent of the body.

The Flask original::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        return make_response(f'{greeting}, {name}!', HTTPStatus.NOT_FOUND)

A handler may return ``(body, status)``, as a Flask view may: ``@handler`` is
the ``make_response`` here.  The router's own 404 (no route matched) is a
different answer from this one (the route matched, and chose 404).
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/status.py), this module is in no package and
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
def greet(request: Request, greeting: str, name: str) -> tuple[str, int]:
    return f"{greeting}, {name}!", HTTPStatus.NOT_FOUND


application = router


if __name__ == "__main__":
    # python examples/kit/status.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
