"""cgi_vs_wsgi (seed 001, 용어 정리: CGI and WSGI): one WSGI app, run as a CGI script too.

``GET /?name=X`` (or ``POST /`` with a text body) answers JSON
``{"body", "gateway", "name", "pid"}``: the body received, ``"CGI"`` when
``wsgi.run_once`` says this process serves one request (``CGIHandler``) and
``"WSGI"`` otherwise, the ``name`` from the query (or null) and ``os.getpid()``.
The router answers 404, 405 and OPTIONS; ``request.args`` and ``request.body``
decode the query and read the body (1 MiB at most, then 413), whether they
came from a WSGI server or, under CGI, from environment variables and stdin.

Run by a CGI server (``examples/cgi_gateway.py``), which sets
``GATEWAY_INTERFACE``, the ``__main__`` block hands the router to
``wsgiref.handlers.CGIHandler`` for one request; run by hand, it serves it.
See the raw form for why the pid tells the two apart.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/cgi_vs_wsgi.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    # A CGI server runs the script this way, by its path.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import os
from typing import Any

from wsgikit import BadRequest, Request, Router, handler

router = Router()


@router.route("/", methods=("GET", "POST"))
@handler
def index(request: Request) -> dict[str, Any]:
    try:
        text = request.body.decode("utf-8")  # at most Request.max_body_bytes, 1 MiB
    except UnicodeDecodeError:
        raise BadRequest("the body is not valid UTF-8") from None
    return {
        "body": text,
        "gateway": "CGI" if request.environ.get("wsgi.run_once") else "WSGI",
        "name": request.args.get("name"),
        "pid": os.getpid(),
    }


application = router


if __name__ == "__main__":
    if "GATEWAY_INTERFACE" in os.environ:
        # Started by a CGI server: the request is in os.environ and on stdin, the answer
        # goes to stdout, and the process ends (see the raw form).
        from wsgiref.handlers import CGIHandler

        CGIHandler().run(application)
    else:
        # python examples/kit/cgi_vs_wsgi.py [--host H] [--port P]: wsgikit.serve's threaded
        # server serves this application on 127.0.0.1:29130, the seed's port (examples/run.py).
        from examples.run import serve

        raise SystemExit(serve())
