"""wsgi_environ (seed 000, Test #11): one page for every request, and a line in the server's log.

The seed's ``wsgi1.py`` is a bare WSGI callable: it ``print``s the method and
the path and answers ``Hello World wsgi1`` to anything.  ``examples/raw/wsgi_environ.py``
keeps it bare, writing ``"{REQUEST_METHOD} {PATH_INFO}\\n"`` to
``environ['wsgi.errors']`` (never stdout) and flushing it.  Compared with that,
Flask does for you: ``request.method`` and ``request.path`` are the environ's
two keys, the path re-decoded from latin-1 to UTF-8; ``request.environ`` is the
environ itself, ``wsgi.errors`` included (the stream Flask's own log handler
writes to); ``HEAD`` gets the headers of ``GET``, ``Content-Length`` included,
and no body; a returned ``str`` is ``text/html; charset=utf-8``, as the seed sent it.

Bent where Flask's routing is in the way: ``@app.route`` gives a rule a set of
methods (``GET`` by default, ``HEAD`` and ``OPTIONS`` added, OPTIONS answered by
Flask itself), and a rule with ``methods=None``, which Werkzeug reads as "any
method", cannot be written with it.  So the two rules are Werkzeug ``Rule``
objects added to ``app.url_map`` by hand, and ``@app.endpoint`` names the view
they lead to; ``make_app(exact_path=False)`` lets ``//a`` through to them too.
Werkzeug strips extra leading slashes from ``request.path`` (``//a`` is logged
as ``/a``, where the raw form logs ``//a``).
"""

from __future__ import annotations

from typing import TextIO

from flask import request
from werkzeug.routing import Rule

from ._common import make_app

app = make_app(__name__, exact_path=False)  # "//a" is one more path that gets the page

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
