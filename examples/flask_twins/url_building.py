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


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.url_building run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
