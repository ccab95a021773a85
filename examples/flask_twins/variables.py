"""variables (seed 001, 변수 규칙): the string, int, float and path converters.

The seed's app as written (with f-strings for its ``%``).  Compared with
``examples/raw/variables.py``, Flask does for you what the raw form writes out
as a table of prefixes and converter functions: each ``<converter:name>`` is a
regular expression the router matches and a conversion it applies (a value it
refuses is no match, a 404), and the view gets the converted value as a keyword
argument.  The rules are Werkzeug's: ``string`` is one non-empty segment, ``int``
has no sign and allows leading zeros, ``float`` needs digits on both sides of
the point, ``path`` keeps its slashes.

Bent once, in ``make_app``: Werkzeug's ``int`` and ``float`` match ``\\d``, which
also takes other scripts' digits (``/post/١٢`` would be post 12); the twins'
converters take ASCII digits only.  ``make_app`` also turns off Werkzeug's
merging of ``//`` (``/path/a//b`` is ``Subpath a//b``, not a redirect).
"""

from __future__ import annotations

from ._common import PlainText, make_app

app = make_app(__name__)
app.response_class = PlainText  # a returned str is text/plain here, not Flask's text/html


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
