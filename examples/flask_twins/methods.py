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


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.methods run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
