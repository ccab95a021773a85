"""login (seed 003): a JSON answer driven by the query string.

Compared with ``examples/raw/login.py``, Flask does for you: ``request.args.get``
is the first value of the parsed query string (``None`` when absent), and
``jsonify`` is ``json.dumps`` plus ``Content-Type: application/json`` and
``Content-Length``.  The seed's ``"seccess"`` typo is fixed, as in the contract.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from ._common import make_app

app = make_app(__name__)


@app.route("/login")
def login() -> Response:
    username = request.args.get("user_name")
    return_data = dict(auth="success") if username == "foo" else dict(auth="failed")
    return jsonify(return_data)
