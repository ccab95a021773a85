"""log_file (seed 003, logger): unknown paths, logged at WARNING to a rotating file.

The seed's app (its ``exam_log.log`` is ``$WSGIKIT_LOG_FILE`` here)::

    if not app.debug:
        from logging.handlers import RotatingFileHandler
        file_handler = RotatingFileHandler("exam_log.log", maxBytes = 2000, backupCount = 10)
        file_handler.setLevel(logging.WARNING)
        app.logger.addHandler(file_handler)

    @app.errorhandler(404)
    def page_not_found(error):
        app.logger.error(error)
        return "<h1>404 Error</h1>", 404

Compared with ``examples/raw/log_file.py``, Flask does for you: ``app.logger``
is the logger named after the app (``logging.getLogger(app.name)``), and
``app.debug`` is read from ``FLASK_DEBUG`` when the app is created (``flask run
--debug`` sets it before it imports your module), so ``if not app.debug:`` can
run at import time.  The handler is the standard library's, as in every form.

Three changes to the seed's lines, each for a reason:

- the file is ``$WSGIKIT_LOG_FILE``, and without it there is no file handler:
  importing the module (the gallery, the tests) must not leave ``exam_log.log``
  in the current directory.  The line still reaches stderr, through the root
  logger's handler (``python -m wsgikit.serve``) or Flask's default one;
- a formatter, Flask's own default format: without one a line is the bare
  message, with no time and no level;
- the 404 is a WARNING (the seed's ``error``: a wrong URL is the client's
  mistake, not the server's), and it names the path as an ASCII literal cut at
  200 characters (``%.200a``): a ``%0A`` in the URL cannot forge a line, and
  ``maxBytes`` counts characters, which only ASCII keeps equal to bytes.  The
  seed's ``error`` printed ``404 Not Found: The requested URL was not found...``,
  which does not say which URL.

The seed's code is run again if the module is (``importlib.reload``): a second
app, the same logger (loggers live in ``logging``, by name), a second handler,
and every line written twice.  The raw form checks first; ``flask run``'s
reloader starts a new process instead, and in debug mode there is no handler.

Flask differs: a returned ``str`` is ``text/html``; ``Allow`` comes from a set;
a path that is not UTF-8 gets the custom 404, logged (recorded in
``tests/cases/log_file.py``).
"""

from __future__ import annotations

import logging
import os

from flask import Flask, request
from werkzeug.exceptions import NotFound

app = Flask(__name__)
LOG_FILE = os.environ.get("WSGIKIT_LOG_FILE")  # unset or empty: no file, the line goes to stderr

if not app.debug and LOG_FILE:  # debug mode가 아닌 경우에만 실행
    from logging.handlers import RotatingFileHandler  # 특정 handler를 사용

    # 기록할 log file에 대한 정보
    file_handler = RotatingFileHandler(LOG_FILE, maxBytes=2000, backupCount=10)
    file_handler.setLevel(logging.WARNING)  # 어느 level까지 logging할지 명시
    file_handler.setFormatter(
        logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s")
    )
    app.logger.addHandler(file_handler)  # 이제 app.logger로 사용 가능


@app.route("/")
def index() -> str:
    return "Any other path is a 404, logged at WARNING."


@app.errorhandler(404)
def page_not_found(error: NotFound) -> tuple[str, int]:
    app.logger.warning("404 Not Found: %.200a", request.path)  # one line, whatever it holds
    return "<h1>404 Error</h1>", 404


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.log_file run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
