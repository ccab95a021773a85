"""url_building (seed 001, URL 생성): ``url_for`` and the mount point.

The seed printed its ``url_for`` calls inside ``test_request_context()``; here
``GET /`` answers them as JSON.  Compared with ``examples/raw/url_building.py``,
which assembles each URL by hand, ``url_for`` does for you: it finds the rule by
its endpoint (the view's name), prefixes the mount point (``SCRIPT_NAME``, so
the URLs work under ``/flask/url-building`` too), percent-encodes a path
variable through its converter (``John Doe`` -> ``John%20Doe``) and urlencodes
the arguments the rule does not use into the query string (``next=/``).
Nothing is bent here beyond ``make_app``.
"""

from __future__ import annotations

from flask import url_for

from ._common import PlainText, make_app

app = make_app(__name__)
app.response_class = PlainText  # a returned str is text/plain here (the dict is still JSON)


@app.route("/")
def index() -> dict[str, str]:
    return {
        "index": url_for("index"),
        "login": url_for("login"),
        "login_next": url_for("login", next="/"),
        "profile": url_for("profile", username="John Doe"),
    }


@app.route("/login")
def login() -> str:
    return "login"


@app.route("/user/<username>")
def profile(username: str) -> str:
    return f"User {username}"
