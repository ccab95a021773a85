"""wsgi_body (seed 000, Test #12): reading ``wsgi.input`` safely.

The seed's ``wsgi2.py`` called ``environ['wsgi.input'].read()`` with no size,
which hangs under wsgiref and reads without end anywhere.  Here the
:class:`wsgikit.JSONBody` middleware reads the body and parses it into
``environ['wsgikit.json']`` (``request.json`` hands it over): it reads exactly
``CONTENT_LENGTH`` bytes, refuses more than 1 MiB (413, before reading when the
length says so), reads a body of unknown length only when the server ends the
stream (``wsgi.input_terminated``, a chunked request under uWSGI or gunicorn)
and otherwise nothing, so that an empty body is a 400.  ``require_json`` makes
any other media type a 415; the parse is as strict as the raw form's (400).

It wraps the route, not the router, so that the checks come in the raw form's
order: 404 and 405 before anything is read.  What is left to the handler is the
seed's ``body_json["name"]``, with a 400 instead of its ``KeyError`` (a 500),
and text instead of HTML, which would let the name inject markup.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/wsgi_body.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import BadRequest, JSONBody, Request, Router, handler

LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH: 1 MiB
MAX_DEPTH = 1000  # the raw form stops where json.loads does: Python's recursion limit


@handler
def hello(request: Request) -> str:
    document = request.json  # parsed by JSONBody
    name = document.get("name") if isinstance(document, dict) else None
    if not isinstance(name, str):
        raise BadRequest('a JSON object with a string "name" is required')
    return f"Hello World {name}"  # text/plain: the name is never markup


router = Router()
router.add("/", JSONBody(hello, LIMIT, MAX_DEPTH, require_json=True), methods=("POST",))

application = router


if __name__ == "__main__":
    # python examples/kit/wsgi_body.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
