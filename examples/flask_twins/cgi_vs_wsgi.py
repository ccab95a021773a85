"""cgi_vs_wsgi (seed 001, 용어 정리: CGI and WSGI): a Flask app, run as a CGI script too.

A Flask object is a WSGI app (the seed: "해당 클래스의 인스턴스가 WSGI
애플리케이션이 됨"), so anything that runs WSGI apps runs it, CGI included.
Flask's older deployment docs (``docs/deploying/cgi.rst``) ran it as a CGI
script with ``CGIHandler().run(app)``, which the ``__main__`` block below does
when a CGI server (one that sets ``GATEWAY_INTERFACE``, such as
``examples/cgi_gateway.py``) starts the file.  As those docs warned, a CGI
script must not ``print``: its standard output is the response.

``GET /?name=X`` (or ``POST /`` with a text body) answers JSON
``{"body", "gateway", "name", "pid"}``: the body received, ``"CGI"`` when
``wsgi.run_once`` is true (``CGIHandler``) and ``"WSGI"`` otherwise, the
``name`` from the query (or null) and ``os.getpid()``.  Under a WSGI server
the pid stays; under CGI every request is a new process, and each one imports
Flask anew: most of what a CGI request costs here (``examples/cgi_compare.py``).

Compared with ``examples/raw/cgi_vs_wsgi.py``, Flask does for you: the
routing, OPTIONS and the 405, ``request.args``, and ``request.get_data()``,
which reads at most ``CONTENT_LENGTH`` bytes and refuses more than
``MAX_CONTENT_LENGTH`` (413).  The view decodes the body itself, strictly:
``get_data(as_text=True)`` would replace bytes that are not UTF-8.

Flask differs: its JSON sorts the keys, escapes non-ASCII as ``\\uXXXX`` and
ends in a newline; a query value that is not UTF-8 is kept percent-encoded;
``Allow`` comes from a set; a path that is not UTF-8 is a 404 (recorded in
``tests/cases/cgi_vs_wsgi.py``).
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/flask_twins/cgi_vs_wsgi.py), as a CGI server runs it,
    # this module is in no package and sys.path starts at its folder, so the imports below
    # would fail: put the repository root on sys.path and name the package (PEP 366).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.flask_twins"

import os
from typing import Any

from flask import Flask, abort, request
from werkzeug.exceptions import ClientDisconnected

from ._common import client_failed

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # 1 MiB, then 413
app.register_error_handler(ClientDisconnected, client_failed)  # 408 for a stalled body


@app.route("/", methods=["GET", "POST"])
def index() -> dict[str, Any]:
    if request.headers.get("Transfer-Encoding") and not request.environ.get(
            "wsgi.input_terminated"):
        # Werkzeug would read an empty body here: the server (wsgiref) passes a chunked
        # body on without saying where it ends.  Refuse it rather than lose it.
        abort(411, "this server does not pass a chunked body on: send a Content-Length")
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        abort(400, "the body is not valid UTF-8")
    return {
        "body": text,
        "gateway": "CGI" if request.environ.get("wsgi.run_once") else "WSGI",
        "name": request.args.get("name"),
        "pid": os.getpid(),
    }


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  Started by a CGI server, the file answers one request
# through CGIHandler and ends; by hand, `app.run` serves it on 127.0.0.1:29130.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    if "GATEWAY_INTERFACE" in os.environ:
        from wsgiref.handlers import CGIHandler

        CGIHandler().run(app)
    else:
        app.run(host="127.0.0.1", port=29130)
