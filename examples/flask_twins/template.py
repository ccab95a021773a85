"""template (seed 000, Test #9): HTML with the user's input escaped.

The seed's ``templates/hello.html`` is ``examples/templates/hello.html``, shared
with the other forms.  Compared with ``examples/raw/template.py``, Flask does
for you: ``render_template`` finds the file, renders it with Jinja2 and
autoescapes ``{{ name }}``, and the returned string goes out as
``text/html; charset=utf-8`` (Flask's default for a ``str``).  The raw form has
to reproduce Jinja2's whitespace and MarkupSafe's escapes by hand.
"""

from __future__ import annotations

from flask import render_template, request

from ._common import make_app

# template_folder is relative to this package: the seed's template, not a copy.
app = make_app(__name__, template_folder="../templates")


@app.route("/")
def index() -> str:
    name = request.args.get("name", default=None)
    return render_template("hello.html", name=name)
