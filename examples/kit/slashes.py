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
