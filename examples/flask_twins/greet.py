"""greet (seed 000, Test #3): two variables taken from the path.

The seed's app, as written::

    @app.route('/<greeting>/<name>')
    def greet(greeting, name):
        return f'{greeting}, {name}!'

Compared with ``examples/raw/greet.py``, Flask does for you: Werkzeug re-decodes
the path as UTF-8, splits it, checks that each segment is non-empty and has no
``/``, and hands the values to the view as keyword arguments.

Flask differs: the returned ``str`` is ``text/html``, so the path goes out as
HTML unescaped (``/<b>/x`` is markup; Flask's quickstart escapes with
``markupsafe.escape``); bytes that are not UTF-8 become U+FFFD instead of a
400; ``Allow`` comes from a set (recorded in ``tests/cases/greet.py``).
"""

from __future__ import annotations

from flask import Flask

# No /static/<path:filename> route: /static/x is a greeting like any other.
app = Flask(__name__, static_folder=None)


@app.route("/<greeting>/<name>")
def greet(greeting: str, name: str) -> str:
    return f"{greeting}, {name}!"
