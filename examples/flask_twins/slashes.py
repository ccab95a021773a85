"""slashes (seed 001, URL과 redirection): a trailing slash is part of the URL.

The seed's app, as written::

    @app.route('/projects/')
    def projects():
        return 'The project page'

    @app.route('/about')
    def about():
        return 'The about page'

Compared with ``examples/raw/slashes.py``, Flask does for you: a rule that ends
in ``/`` (``/projects/``) is the canonical URL, and Werkzeug's router answers
the URL without the slash with a 308 to it (the method and body kept), its
``Location`` built from the request: the mount point (``SCRIPT_NAME``) and the
query string kept, absolute from the Host header
(``http://localhost/flask/slashes/projects/?x=1``) where the raw form sends it
root-relative; both are valid.  A rule without the slash (``/about``) answers
``/about/`` with a 404.

Flask differs: a returned ``str`` is ``text/html``; a path that is not UTF-8 is
a 404, not a 400; ``Allow`` comes from a set (recorded in
``tests/cases/slashes.py``).
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.route("/projects/")
def projects() -> str:
    return "The project page"


@app.route("/about")
def about() -> str:
    return "The about page"


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.slashes run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
