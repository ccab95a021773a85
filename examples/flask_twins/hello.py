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
