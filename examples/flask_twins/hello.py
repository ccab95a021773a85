"""hello (seed 000, Test #1-#2): three routes, one of them open to POST.

The seed's app, as written::

    @app.route('/')
    def hello_world():
        return 'Hello, World!'

    @app.route('/bad', methods=['GET','POST'])
    def bad_world():
        return 'Bad World!'

Compared with ``examples/raw/hello.py``, Flask does for you: ``@app.route``
builds the routing table and answers the 404, ``methods=[...]`` becomes the 405
with ``Allow``, every route also answers HEAD (the GET view, body dropped) and
OPTIONS, and the returned ``str`` becomes a response with Content-Length.

Flask differs: a returned ``str`` is ``text/html``, not ``text/plain``;
``Allow`` comes from a set, in no fixed order; ``/%FF`` is a 404, not a 400
(recorded in ``tests/cases/hello.py``).
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello_world() -> str:
    return "Hello, World!"


@app.route("/bad", methods=["GET", "POST"])
def bad_world() -> str:
    return "Bad World!"


@app.route("/good")
def good_world() -> str:
    return "Good World!"


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.hello run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
