"""json_echo (seed 000, Test #8): reading a JSON body, and refusing bad ones.

The seed let GET in, where ``get_json()`` can only fail; the contract keeps
POST only.  Compared with ``examples/raw/json_echo.py``, Flask does for you:
``request.get_json()`` reads the body up to ``CONTENT_LENGTH`` (a short body is
a 400), refuses more than ``MAX_CONTENT_LENGTH`` (413) and parses it with
``app.json`` (malformed is a 400).  Four checks are added where Flask is laxer
than the raw form:

- the media type: ``request.is_json`` accepts ``application/+json`` and ignores
  the charset, so :func:`is_utf8_json` decides the 415 as the raw form does;
- the parser: ``make_app`` installs a strict ``app.json`` (no NaN, no BOM, no
  1e400, no lone surrogates, deep nesting a 400 rather than a 500);
- ``CONTENT_LENGTH``: Werkzeug reads ``" 17"`` as 17; the contract wants digits;
- the limit: Werkzeug truncates a chunked body at the limit; ``get_body`` says 413.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request

from ._common import get_body, has_plain_length, is_utf8_json, make_app, require_header

app = make_app(__name__)
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # 1 MiB, then 413

NO_NAME = "이름이 없는 자"
NO_KEY = "No key"


@app.route("/", methods=["POST"])
def index() -> dict[str, Any]:
    name = request.args.get("name", default=NO_NAME)
    client = require_header("User-Agent")  # request.headers["User-Agent"], but a 400
    # Checked before the body is touched: a wrong type is 415 whatever its size.
    if not is_utf8_json():
        abort(415, "the body must be application/json (UTF-8)")
    if not has_plain_length():
        abort(400, "CONTENT_LENGTH is not a number; a JSON body is required")
    get_body()  # 413 over the limit, a chunked body included
    document = request.get_json()  # 400 if empty or malformed
    if not isinstance(document, dict):
        abort(400, f"a JSON object is required, not {type(document).__name__}")
    return {
        "method": request.method,
        "name": name,
        "client": client,
        "key1": document.get("key1", NO_KEY),
    }
