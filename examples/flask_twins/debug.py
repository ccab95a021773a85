"""debug (seeds 001 "debug 모드", 004 ``--debug``): Flask's debug mode, and what it sends.

The seeds turn it on in three ways::

    app.debug = True
    app.run()

    app.run(debug=True)

    $ flask --app flask1 run --port 19310 -debug

This module is plain Flask: debug mode is not written in it, it is how the app
is run.  ``flask --app examples.flask_twins.debug run --debug`` (the seed's
``-debug`` with its second dash), or ``python examples/flask_twins/debug.py``
(the seed's ``app.run(debug=True)``), turns it on, and then two things happen:

- ``app.debug`` is true, and a view that raises is no longer Flask's logged
  generic 500: Flask lets the exception out (``PROPAGATE_EXCEPTIONS``);
- the development server wraps the app in Werkzeug's debugger,
  ``DebuggedApplication(app, evalex=True)``, and its reloader.  The debugger
  catches the exception and answers 500 with an HTML page: the traceback, the
  source around every line, and the exception's text, the planted password
  included.  It sends that page to whoever asked: Werkzeug checks no client
  address at all (``werkzeug/debug/__init__.py``), only the ``Host`` header,
  which the client writes, and only for the console.

The console is the interactive debugger: a click on a frame of the page opens a
Python prompt in that frame, with its local variables (``password`` here).
Before the first command it asks for the PIN the server printed on its own
console at start (`` * Debugger PIN: 123-456-789``); ten wrong PINs lock it until
a restart, a right one sets a cookie that is good for a week.  Whoever has the
PIN runs any code, as the server's user: remote code execution, which is why
seed 001 says never in production.  The PIN is not random: it is derived from
the user name, Flask's module and the path of its file (the page shows that
path), the MAC address and the machine id: whoever can read those can compute it.
And the frames live in the memory of the process that failed: under a server
that forks several workers, the console's next request may reach another one,
which has no such frame (seed 001: "forking 환경에서 동작안됨").

Flask differs: with debug mode on, Flask sends its HTML traceback, the secret in
it, to every client, one on another machine too (``matters="security"``,
asserted in ``tests/test_ex_debug.py``), where the raw and kit forms send a text
traceback to loopback clients only.  Debug off, the generic 500 is Werkzeug's
HTML page, the index is ``text/html``, ``Allow`` comes from a set and ``/%FF``
is a 404 (recorded in ``tests/cases/debug.py``).
"""

from __future__ import annotations

from typing import NoReturn

from flask import Flask, url_for

app = Flask(__name__)

DB_PASSWORD = "hunter2-debug-4711"  # the planted secret: no stranger may ever read it


@app.route("/")
def index() -> str:
    state = "on" if app.debug else "off"
    return f"debug mode is {state}\nGET {url_for('boom')} -> 500 (the handler raises)\n"


@app.route("/boom")
def boom() -> NoReturn:
    password = DB_PASSWORD  # a local variable: the debugger's console shows it
    raise RuntimeError(f"cannot reach the database with password {password!r}")


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.debug run --debug`
# imports this module, so it skips this block.  debug=True is seed 001's; the host stays
# 127.0.0.1, since the debugger answers whoever reaches the port.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130, debug=True)
