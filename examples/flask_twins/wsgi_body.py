"""wsgi_body (seed 000, Test #12): reading the request body safely.

The seed's ``wsgi2.py`` called ``environ['wsgi.input'].read()`` with no size,
which hangs under wsgiref and reads without end anywhere; ``examples/raw/wsgi_body.py``
bounds the read by hand.  In Flask it is ``request.get_json()``, which does for
you: read at most ``CONTENT_LENGTH`` bytes (a body cut short is a 400), refuse a
``CONTENT_LENGTH`` over ``MAX_CONTENT_LENGTH`` before reading (413), read nothing
when the length is unknown unless the server ends the stream itself
(``wsgi.input_terminated``, a chunked request under uWSGI or gunicorn), and
parse the JSON (malformed or empty is a 400).  The answer is ``text/plain``: the
seed sent the name back as ``text/html``, unescaped.

Bent where Flask is laxer than the contract (the same bends as ``json_echo``):

- the media type: :func:`is_utf8_json` decides the 415 (``request.is_json`` takes
  any charset, and ``application/+json``);
- ``CONTENT_LENGTH``: ``"+19"`` or ``" 19"`` is no length here (Werkzeug strips
  and reads 19); with no length and no end of stream, no body: a 400;
- the limit: Werkzeug cuts a chunked body at the limit and carries on with what
  it read; :func:`get_body` makes that a 413;
- the parser: ``make_app``'s ``app.json`` refuses NaN, a BOM, ``1e400``, lone
  surrogates and deep nesting (400, not a 500);
- ``name`` must be a string: the seed's ``body_json["name"]`` was a 500.
"""

from __future__ import annotations

from flask import abort, request

from ._common import PlainText, get_body, has_plain_length, is_utf8_json, make_app

app = make_app(__name__)
app.response_class = PlainText  # the name goes back as text, never as HTML
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # 1 MiB, then 413


@app.route("/", methods=["POST"])
def hello() -> str:
    # Checked before the body is touched: a wrong type is 415 whatever its size.
    if not is_utf8_json():
        abort(415, "the body must be application/json (UTF-8)")
    if not has_plain_length():
        abort(400, "CONTENT_LENGTH is not a number; a JSON body is required")
    get_body()  # 413 over the limit, a chunked body included
    body = request.get_json()  # 400 if empty (no length, no end: nothing read) or malformed
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str):
        abort(400, 'a JSON object with a string "name" is required')
    return f"Hello World {name}"
