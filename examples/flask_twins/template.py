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
