"""json_echo (seed 000, Test #8): reading a JSON body, and refusing bad ones.

The Flask original::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        return {
            'method': request.method,
            'name': request.args.get('name', default='이름이 없는 자'),
            'client': request.headers['User-Agent'],
            'key1': request.get_json().get('key1', 'No key'),
        }

``request.json`` is ``get_json()``: it checks the media type (415 unless
``application/json`` or ``application/*+json`` in UTF-8), reads at most
``CONTENT_LENGTH`` bytes under ``max_body_bytes`` (413, decided before reading
when it can; a body cut short is a 400) and parses strictly (400 for an empty
or malformed body, a BOM, ``NaN``, ``1e400``, a lone surrogate, nesting too
deep), all of which the raw form writes out by hand.  The order of the checks
is the raw form's: route, method, query, User-Agent, then the body.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/json_echo.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from typing import Any

from wsgikit import BadRequest, Request, Router, handler

NO_NAME = "이름이 없는 자"
NO_KEY = "No key"
MAX_DEPTH = 1000  # the raw form stops where json.loads does: Python's recursion limit


class EchoRequest(Request):
    """The raw form's limits: 1 MiB (MAX_CONTENT_LENGTH), nesting as deep as json.loads goes."""

    max_body_bytes = 1024 * 1024
    max_json_depth = MAX_DEPTH


router = Router()


@router.route("/", methods=("POST",))
@handler(request_class=EchoRequest)
def index(request: Request) -> dict[str, Any]:
    name = request.args.get("name", NO_NAME)
    client = request.headers["User-Agent"]  # missing: a 400
    document = request.json
    if not isinstance(document, dict):  # get_json().get() on a list: a 500 in the seed
        raise BadRequest(f"a JSON object is required, not {type(document).__name__}")
    return {
        "method": request.method,
        "name": name,
        "client": client,
        "key1": document.get("key1", NO_KEY),
    }


application = router


if __name__ == "__main__":
    # python examples/kit/json_echo.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
