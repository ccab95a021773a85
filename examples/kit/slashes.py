"""slashes (seed 001, URL과 redirection): a trailing slash is part of the URL.

The Flask original::

    @app.route('/projects/')   -> 'The project page'
    @app.route('/about')       -> 'The about page'

The raw form writes the redirect out; wsgikit's router does what Werkzeug's
does: ``/projects`` answers 308 to ``/projects/`` (for every method, as a 308
keeps the method), with a root-relative ``Location`` that keeps the mount point
and the query string, and ``/about/`` is a 404.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/slashes.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import Request, Router, handler

router = Router()


@router.route("/projects/")
@handler
def projects(request: Request) -> str:
    return "The project page"


@router.route("/about")
@handler
def about(request: Request) -> str:
    return "The about page"


application = router


if __name__ == "__main__":
    # python examples/kit/slashes.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
