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

if not __package__:
    # Run as a file (python examples/kit/url_building.py), this module is in no package and
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


if __name__ == "__main__":
    # python examples/kit/url_building.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
