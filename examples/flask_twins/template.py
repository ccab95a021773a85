"""template (seed 000, Test #9): HTML with the user's input escaped.

The seed's app, as written::

    @app.route('/')
    def index():
        name = request.args.get('name', default = None)
        return render_template('hello.html', name = name)

The seed's ``templates/hello.html`` is ``examples/templates/hello.html``, shared
with the other forms, hence ``template_folder``.  Compared with
``examples/raw/template.py``, Flask does for you: ``render_template`` finds the
file, renders it with Jinja2 and autoescapes ``{{ name }}``, and the returned
string goes out as ``text/html; charset=utf-8``.  The raw form has to reproduce
Jinja2's whitespace and MarkupSafe's escapes by hand.

Flask differs: a query that is not UTF-8 is no 400 (``?name=%FF`` greets
``%FF``), nor is such a path (a 404); ``Allow`` comes from a set (recorded in
``tests/cases/template.py``).
"""

from __future__ import annotations

from flask import Flask, render_template, request

# template_folder is relative to this package: the seed's template, not a copy.
app = Flask(__name__, template_folder="../templates")


@app.route("/")
def index() -> str:
    name = request.args.get("name", default=None)
    return render_template("hello.html", name=name)


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.template run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
