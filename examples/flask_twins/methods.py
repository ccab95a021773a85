"""methods (seed 002): a route open to POST and PUT only.

The seed's app::

    @app.route("/hibernation", methods=['POST', 'PUT'])
    def hello_hibernation():
        return json.dumps({'hello': 'hibernation'}), 200

Compared with ``examples/raw/methods.py``, Flask does for you: with
``methods=["POST", "PUT"]`` the router answers GET, HEAD and every other
method with 405 and ``Allow``, and OPTIONS with 200 and ``Allow``.  The seed
returned a ``json.dumps`` string, which Flask sends as ``text/html``; returning
the dict lets Flask send ``application/json``, as the contract says.

Flask differs: ``Allow`` comes from a set, in no fixed order; ``/%FF`` is a
404, not a 400 (recorded in ``tests/cases/methods.py``).
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.route("/hibernation", methods=["POST", "PUT"])
def hello_hibernation() -> dict[str, str]:
    return {"hello": "hibernation"}  # the body, if any, is never read
