"""wsgi_environ (seed 000, Test #11): one page for every request, and a line in the server's log.

The seed's ``wsgi1.py`` is a bare WSGI callable::

    def application(environ, start_response):
        print(environ['REQUEST_METHOD'])
        print(environ['PATH_INFO'])
        start_response('200 OK', [('Content-Type', 'text/html')])
        return [b'Hello World wsgi1']

Compared with ``examples/raw/wsgi_environ.py``, which writes
``"{REQUEST_METHOD} {PATH_INFO}\\n"`` to ``environ['wsgi.errors']`` by hand,
Flask does for you: ``request.method`` and ``request.path`` are the environ's
two keys, the path re-decoded from latin-1 to UTF-8; ``request.environ`` is the
environ itself, ``wsgi.errors`` included; ``HEAD`` gets the headers of ``GET``
and no body; a returned ``str`` is ``text/html; charset=utf-8``, as the seed
sent it.  ``@app.route`` always gives a rule a list of methods, so the two
rules that take any method (``methods=None``, BREW and OPTIONS included) are
Werkzeug ``Rule`` objects added to ``app.url_map``, and ``@app.endpoint``
names their view, as Flask's API documentation shows.

Flask differs: a path that is not UTF-8 gets the page (its bad bytes logged as
U+FFFD), not a 400 (recorded in ``tests/cases/wsgi_environ.py``); and Werkzeug
drops extra leading slashes from ``request.path``: ``//a`` is logged as ``/a``
(tested in ``tests/test_ex_wsgi_environ.py``).
"""

from __future__ import annotations

from typing import TextIO

from flask import Flask, request
from werkzeug.routing import Rule

app = Flask(__name__, static_folder=None)  # /static/... is one more path that gets the page

# methods=None: every method, BREW and OPTIONS included, reaches the view.
app.url_map.add(Rule("/", endpoint="wsgi1", defaults={"path": ""}, methods=None))
app.url_map.add(Rule("/<path:path>", endpoint="wsgi1", methods=None))


@app.endpoint("wsgi1")
def wsgi1(path: str) -> str:
    # One line per request in the server's error log (uWSGI and gunicorn keep it;
    # wsgiref puts it on stderr), flushed: under uWSGI the stream is buffered.
    errors: TextIO = request.environ["wsgi.errors"]
    errors.write(f"{request.method} {request.path}\n")
    errors.flush()
    return "Hello World wsgi1"  # a str is text/html in Flask, as the seed sent it


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.wsgi_environ run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
