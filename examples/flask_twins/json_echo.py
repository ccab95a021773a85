"""json_echo (seed 000, Test #8): reading a JSON body, and refusing bad ones.

The seed's app::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        return {
            'method' : request.method,
            'name' : request.args.get('name', default='이름이 없는 자'),
            'client' : request.headers['User-Agent'],
            'key1' : request.get_json().get('key1', 'No key')
        }

Compared with ``examples/raw/json_echo.py``, Flask does for you:
``request.get_json()`` answers 415 for a body that is not JSON, reads the body
up to ``CONTENT_LENGTH`` (a short one is a 400), refuses more than
``MAX_CONTENT_LENGTH`` (413) and answers 400 for an empty or malformed one.
The view keeps POST only (a GET has no body to read), asks for the User-Agent
with ``.get`` (``headers[...]`` is a 500 in Werkzeug 3), and refuses JSON that
is not an object (the seed's ``.get`` would be a 500 on a list).

Flask differs (recorded in ``tests/cases/json_echo.py``): ``json.loads`` takes
NaN, Infinity, 1e400, a BOM, UTF-16 and unpaired surrogates (and Flask writes
NaN back out, which is not JSON), and raises ``RecursionError`` on deep
nesting, a 500; ``application/+json`` and any charset count as JSON; a chunked
body is cut at the limit without a 413; a query that is not UTF-8 is no 400
(``?name=%FF`` is the name ``%FF``), nor is such a path (a 404); its JSON sorts
the keys and escapes Korean; ``Allow`` comes from a set.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/flask_twins/json_echo.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.flask_twins"

from typing import Any

from flask import Flask, abort, request
from werkzeug.exceptions import ClientDisconnected

from ._common import client_failed

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # 1 MiB, then 413
app.register_error_handler(ClientDisconnected, client_failed)  # 408 for a stalled body


@app.route("/", methods=["POST"])
def index() -> dict[str, Any]:
    client = request.headers.get("User-Agent")
    if client is None:
        abort(400, "the request has no User-Agent header")
    document = request.get_json()  # 415 if not JSON, 413 over the limit, 400 if malformed
    if not isinstance(document, dict):
        abort(400, "the body must be a JSON object")
    return {
        "method": request.method,
        "name": request.args.get("name", default="이름이 없는 자"),
        "client": client,
        "key1": document.get("key1", "No key"),
    }


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.json_echo run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
