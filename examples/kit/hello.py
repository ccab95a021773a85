"""hello (seed 000, Test #1-#2): three routes, one of them open to POST.

The Flask original::

    @app.route('/')                               -> 'Hello, World!'
    @app.route('/bad', methods=['GET', 'POST'])   -> 'Bad World!'
    @app.route('/good')                           -> 'Good World!'

The raw form keeps a dict of routes and checks the method by hand; here
``Router.route`` builds that table, and the router answers 404, 405 with
``Allow``, ``OPTIONS`` and ``HEAD`` itself.  ``@handler`` sends a returned
``str`` as ``text/plain; charset=utf-8`` with its Content-Length.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/hello.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import Request, Router, handler

router = Router()


@router.route("/")
@handler
def index(request: Request) -> str:
    return "Hello, World!"


@router.route("/bad", methods=("GET", "POST"))
@handler
def bad(request: Request) -> str:
    return "Bad World!"


@router.route("/good")
@handler
def good(request: Request) -> str:
    return "Good World!"


application = router


if __name__ == "__main__":
    # python examples/kit/hello.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
