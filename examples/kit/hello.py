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
