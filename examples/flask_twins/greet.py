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


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.greet run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
