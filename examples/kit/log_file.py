"""log_file (seed 003, logger): unknown paths, logged at WARNING to a rotating file.

The Flask original::

    if not app.debug:
        from logging.handlers import RotatingFileHandler
        file_handler = RotatingFileHandler("exam_log.log", maxBytes = 2000, backupCount = 10)
        file_handler.setLevel(logging.WARNING)
        app.logger.addHandler(file_handler)

    @app.errorhandler(404)
    def page_not_found(error):
        app.logger.error(error)            # WARNING here: a wrong URL is the client's mistake
        return "<h1>404 Error</h1>", 404

The router serves every unknown path with ``@router.error_handler(404)``,
which logs ``404 Not Found: '/the/path'`` at WARNING on this module's logger.
The handler comes from ``logging.config.dictConfig``: the configuration is data
(the same dict could come from a JSON or TOML file), in the form Flask's
documentation gives for its own logging.  ``logging_config(path)`` is that dict,
with the seed's handler and Flask's default format in it::

    logging.config.dictConfig(logging_config("/var/log/wsgikit/x.log"))

What ``dictConfig`` does besides, which decides where it may run:

- ``disable_existing_loggers`` is True unless you say otherwise, and then every
  logger that exists and is not named in the dict goes quiet: ``wsgikit.access``,
  the other exercises' loggers, a library's.  Always say False.
- It closes every handler that exists in the process before it builds its own
  (file handlers reopen on their next line).  So it belongs where a program starts,
  once: here, only when ``$WSGIKIT_LOG_FILE`` names a file, that is when this
  module is the app being served.  Imported by the gallery or the tests without
  it, the module configures nothing, and its lines go to stderr as the raw form's.
- Run again (``importlib.reload``), it takes the old handler off the logger and
  puts the new one on: one handler, never two.

``$WSGIKIT_DEBUG`` (``1``, as ``FLASK_DEBUG``) means no file, as ``app.debug``
does in the seed.  The line is the raw form's: the path as an ASCII literal, cut
at 200 characters (``%.200a``), so that ``%0A`` cannot forge a line and
``maxBytes`` holds (see ``examples/raw/log_file.py``).
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/log_file.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

import logging
import logging.config
import os
from typing import Any

from wsgikit import Request, Response, Router, handler, html_response

logger = logging.getLogger(__name__)

INDEX = "Any other path is a 404, logged at WARNING."


def logging_config(path: str) -> dict[str, Any]:
    """The ``dictConfig`` of the seed's handler, writing to ``path``."""
    return {
        "version": 1,
        "disable_existing_loggers": False,  # the default, True, silences every other logger
        "formatters": {
            "flask": {"format": "[%(asctime)s] %(levelname)s in %(module)s: %(message)s"},
        },
        "handlers": {
            "file": {
                "class": "logging.handlers.RotatingFileHandler",
                "filename": path,
                "maxBytes": 2000,
                "backupCount": 10,
                "encoding": "utf-8",
                "level": "WARNING",
                "formatter": "flask",
            },
        },
        "loggers": {__name__: {"handlers": ["file"]}},  # propagate stays True: stderr too
    }


LOG_FILE = os.environ.get("WSGIKIT_LOG_FILE")  # unset or empty: no file, the line goes to stderr
DEBUG = os.environ.get("WSGIKIT_DEBUG", "").lower() not in ("", "0", "false", "no")
if LOG_FILE and not DEBUG:
    logging.config.dictConfig(logging_config(LOG_FILE))

router = Router()


@router.route("/")
@handler
def index(request: Request) -> str:
    return INDEX


@router.error_handler(404)
@handler
def page_not_found(request: Request) -> Response:
    logger.warning("404 Not Found: %.200a", request.path)  # one line, whatever the path holds
    return html_response("<h1>404 Error</h1>", 404)


application = router


if __name__ == "__main__":
    # python examples/kit/log_file.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
