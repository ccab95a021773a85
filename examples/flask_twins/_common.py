"""The one thing the body-reading Flask twins share: an error handler a Flask user writes.

Each twin is the Flask a learner writes: ``app = Flask(__name__)``, views, and
``abort``, ``jsonify`` or ``request.get_json`` where the contract needs them.
Nothing here patches Flask; where plain Flask answers differently from the
contract, the case table records Flask's own answer and why
(``docs/flask-differences.md``).

Werkzeug turns every failed read of a request body into ``ClientDisconnected``
(a 400), a socket timeout included.  A production app that cares about slow
clients tells the two apart, as the raw and kit forms do, with an ordinary
``errorhandler``::

    from werkzeug.exceptions import ClientDisconnected
    from ._common import client_failed

    app.register_error_handler(ClientDisconnected, client_failed)
"""

from __future__ import annotations

import logging

from werkzeug.exceptions import BadRequest, ClientDisconnected, HTTPException, RequestTimeout

__all__ = ["client_failed"]

log = logging.getLogger(__name__)


def client_failed(error: ClientDisconnected) -> HTTPException:
    """A body that stopped arriving is a 408; one that broke off a 400 and one log line.

    Werkzeug raises ``ClientDisconnected`` inside the ``except`` that caught the
    read's error, so that error is its ``__context__``.
    """
    cause = error.__context__
    if isinstance(cause, TimeoutError):
        return RequestTimeout("the client stopped sending the body")
    reason = f"{type(cause).__name__}: {cause}" if cause is not None else "the client left"
    log.warning("the request body could not be read (%s)", reason)
    return BadRequest(f"the request body could not be read ({reason})")
