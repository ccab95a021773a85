"""wsgi_body (seed 000, Test #12): reading the request body safely.

The seed's ``wsgi2.py``::

    body_bytes = environ['wsgi.input'].read()
    body_str = body_bytes.decode('utf-8')
    body_json = json.loads(body_str)
    ...
    response = f'Hello World {body_json["name"]}'

Its ``read()`` has no size: it hangs under wsgiref and reads without end anywhere.
Compared with ``examples/raw/wsgi_body.py``, which bounds the read by hand,
``request.get_json()`` does for you: read at most ``CONTENT_LENGTH`` bytes (a body
cut short is a 400), refuse a ``CONTENT_LENGTH`` over ``MAX_CONTENT_LENGTH``
before reading (413), read nothing when the length is unknown unless the server
ends the stream itself (``wsgi.input_terminated``), refuse a body that is not
JSON by its media type (415) and parse the JSON (malformed or empty is a 400).
The view checks that it got an object with a string ``name`` (the seed's
``body_json["name"]`` was a 500), and escapes the name: a ``str`` is HTML in Flask.

Flask differs: the answer is ``text/html`` (escaped); ``json.loads`` takes NaN,
Infinity, ``1e400``, a BOM, UTF-16 and any charset, and its lone surrogates and
``RecursionError`` end in a 500; a streamed (chunked) body is cut at
``MAX_CONTENT_LENGTH`` and parsed as if whole; ``Allow`` comes from a set; a
path that is not UTF-8 is a 404 (recorded in ``tests/cases/wsgi_body.py``).
Behind nginx's ``uwsgi_pass``, which de-chunks a body but passes
``Transfer-Encoding: chunked`` on, Werkzeug reads no body at all: a 400.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/flask_twins/wsgi_body.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.flask_twins"

from flask import Flask, abort, request
from markupsafe import escape
from werkzeug.exceptions import ClientDisconnected

from ._common import client_failed

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # 1 MiB, then 413
app.register_error_handler(ClientDisconnected, client_failed)  # 408 for a stalled body


@app.route("/", methods=["POST"])
def hello() -> str:
    body = request.get_json()  # 415 if not JSON, 400 if empty or malformed
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        abort(400, 'a JSON object with a string "name" is required')
    return f"Hello World {escape(body['name'])}"


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.wsgi_body run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
