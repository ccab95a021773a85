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

from wsgikit import Request, Router, handler

router = Router()


@router.route("/<greeting>/<name>")
@handler
def greet(request: Request, greeting: str, name: str) -> str:
    return f"{greeting}, {name}!"


application = router
