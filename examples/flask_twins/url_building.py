"""url_building (seed 001, URL 생성): ``url_for`` and the mount point.

The seed's app, its ``url_for`` calls printed inside ``test_request_context()``::

    @app.route('/')
    def index(): pass

    @app.route('/login')
    def login(): pass

    @app.route('/user/<username>')
    def profile(username): pass

    with app.test_request_context():
        print(url_for("index"))                          # /
        print(url_for("login"))                          # /login
        print(url_for("login", next="/"))                # /login?next=/
        print(url_for("profile", username="John Doe"))   # /user/John%20Doe

Here ``GET /`` answers the four URLs as JSON.  Compared with
``examples/raw/url_building.py``, which assembles each URL by hand, ``url_for``
does for you: it finds the rule by its endpoint (the view's name), prefixes the
mount point (``SCRIPT_NAME``, so the URLs work under ``/flask/url-building``
too), percent-encodes a path variable through its converter (``John Doe`` ->
``John%20Doe``) and urlencodes the arguments the rule does not use into the
query string (``next=/``).

Flask differs: a returned ``str`` is ``text/html`` (so the name is escaped, as
Flask's quickstart does); ``Allow`` comes from a set; ``/user/%FF`` reaches the
view as ``User`` and U+FFFD, not a 400 (recorded in ``tests/cases/url_building.py``).
"""

from __future__ import annotations

from flask import Flask, url_for
from markupsafe import escape

app = Flask(__name__)


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
    return f"User {escape(username)}"  # a str is HTML in Flask: the name is escaped
