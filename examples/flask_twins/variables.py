"""variables (seed 001, 변수 규칙): the string, int, float and path converters.

The seed's app as written (with f-strings for its ``%``)::

    @app.route('/post/<int:post_id>')
    def show_post(post_id):
        return 'Post %d' % post_id

Compared with ``examples/raw/variables.py``, Flask does for you what the raw
form writes out as a table of prefixes and converter functions: each
``<converter:name>`` is a regular expression the router matches and a
conversion it applies (a value it refuses is no match, a 404), and the view
gets the converted value as a keyword argument.  ``string`` is one non-empty
segment, ``int`` has no sign and allows leading zeros, ``float`` needs digits
on both sides of the point, ``path`` keeps its slashes.

Flask differs (recorded in ``tests/cases/variables.py``): ``int`` and ``float``
match ``\\d``, so other scripts' digits count (``/post/١٢`` is post 12); a
returned ``str`` is ``text/html``, the path in it unescaped; bytes that are not
UTF-8 become U+FFFD instead of a 400; ``Allow`` comes from a set.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.route("/user/<username>")
def show_user_profile(username: str) -> str:
    return f"User {username}"


@app.route("/post/<int:post_id>")
def show_post(post_id: int) -> str:
    return f"Post {post_id}"


@app.route("/price/<float:amount>")
def show_price(amount: float) -> str:
    return f"Price {amount}"


@app.route("/path/<path:subpath>")
def show_subpath(subpath: str) -> str:
    return f"Subpath {subpath}"


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.variables run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
