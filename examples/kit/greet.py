"""greet (seed 000, Test #3): two variables taken from the path.

The Flask original::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        return f'{greeting}, {name}!'

The raw form re-decodes ``PATH_INFO`` as UTF-8 and splits it by hand; here the
router does both (``/%FF/x`` is its 400) and hands the two segments to the
handler as keyword arguments, as Werkzeug does for Flask.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/greet.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import Request, Router, handler

router = Router()


@router.route("/<greeting>/<name>")
@handler
def greet(request: Request, greeting: str, name: str) -> str:
    return f"{greeting}, {name}!"


application = router


if __name__ == "__main__":
    # python examples/kit/greet.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
