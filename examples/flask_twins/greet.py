"""greet (seed 000, Test #3): two variables taken from the path.

Compared with ``examples/raw/greet.py``, Flask does for you: splitting the
path, checking that each segment is non-empty and has no ``/``, decoding it
from UTF-8, and handing the values to the view as keyword arguments.  Only the
strictness is added (in ``make_app``): Werkzeug would replace undecodable bytes
where the contract wants a 400.
"""

from __future__ import annotations

from ._common import PlainText, make_app

app = make_app(__name__)
app.response_class = PlainText  # a returned str is text/plain here, not Flask's text/html


@app.route("/<greeting>/<name>")
def greet(greeting: str, name: str) -> str:
    return f"{greeting}, {name}!"
