"""url_building (seed 001, URL 생성): ``url_for``, with ``SCRIPT_NAME``.

The Flask original::

    @app.route('/')                   -> index
    @app.route('/login')              -> login
    @app.route('/user/<username>')    -> profile

    url_for('index')                          # /
    url_for('login')                          # /login
    url_for('login', next='/')                # /login?next=/
    url_for('profile', username='John Doe')   # /user/John%20Doe

``request.url_for`` builds a route's URL from its name, as Flask's does: the
mount point (``SCRIPT_NAME``) first, path variables percent-encoded, other
arguments as the query string.  The raw form concatenates and quotes by hand.
"""

from __future__ import annotations

from wsgikit import Request, Router, handler

router = Router()


@router.route("/")
@handler
def index(request: Request) -> dict[str, str]:
    return {
        "index": request.url_for("index"),
        "login": request.url_for("login"),
        "login_next": request.url_for("login", next="/"),
        "profile": request.url_for("profile", username="John Doe"),
    }


@router.route("/login")
@handler
def login(request: Request) -> str:
    return "login"


@router.route("/user/<username>")
@handler
def profile(request: Request, username: str) -> str:
    return f"User {username}"


application = router
