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

from http import HTTPStatus

from wsgikit import Request, Router, handler

router = Router()


@router.route("/<greeting>/<name>")
@handler
def greet(request: Request, greeting: str, name: str) -> tuple[str, int]:
    return f"{greeting}, {name}!", HTTPStatus.NOT_FOUND


application = router
