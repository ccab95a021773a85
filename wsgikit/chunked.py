"""``UWSGIChunkedInput``: chunked request bodies for apps served by uWSGI 2.0 directly.

PEP 3333 has no way to say "this body has no length but it ends".  The answer
most servers give is ``wsgi.input_terminated = True`` with a ``wsgi.input``
that returns ``b''`` at the end (gunicorn does this for chunked requests).
uWSGI 2.0 does not: with ``Transfer-Encoding: chunked`` and no
``Content-Length``, ``wsgi.input`` looks empty, and no option changes that.  It
offers ``uwsgi.chunked_read()`` instead.  This middleware wraps that call into
a terminated ``wsgi.input``, so that wsgikit's bounded reader (and any app that
honours ``wsgi.input_terminated``) reads chunked bodies under uWSGI too::

    from wsgikit import UWSGIChunkedInput

    application = UWSGIChunkedInput(app)     # does nothing outside uWSGI

Behind nginx it is not needed: nginx reads the chunked body itself and passes
it on with a ``Content-Length``.  Each chunk is limited by uWSGI's
``chunked-input-limit`` (1 MiB by default); the total by the reader's limit.

A body uWSGI cannot decode (a malformed chunk size or extension, a chunk over
that limit, a body cut short, a client silent past the timeout) makes
``chunked_read`` raise a bare ``OSError("unable to receive chunked part")``.
The stream raises it again with a message that says what it means, and
wsgikit's reader answers it with a 400, as it does any failed read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["UWSGIChunkedInput"]


class _ChunkedStream:
    """A ``read(n)`` interface over ``uwsgi.chunked_read()``; ``b''`` at the end."""

    def __init__(self, chunked_read: Callable[[int], bytes], timeout: int) -> None:
        self._chunked_read = chunked_read
        self._timeout = timeout
        self._buffer = b""
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            try:
                chunk = self._chunked_read(self._timeout)
            except OSError as exc:
                self._done = True
                raise OSError("the chunked body is malformed, cut short or stalled "
                              f"(uWSGI: {exc})") from None
            if not chunk:
                self._done = True
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


class UWSGIChunkedInput:
    """Give chunked request bodies a terminated ``wsgi.input`` under uWSGI."""

    def __init__(self, app: WSGIApplication, timeout: int = 30) -> None:
        self.app = app
        self.timeout = timeout
        self.chunked_read: Callable[[int], bytes] | None = None
        try:
            uwsgi = importlib.import_module("uwsgi")  # exists only inside uWSGI
        except ImportError:
            pass
        else:
            self.chunked_read = uwsgi.chunked_read

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if (
            self.chunked_read is not None
            and environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked"
            and not environ.get("CONTENT_LENGTH")
            and not environ.get("wsgi.input_terminated")
        ):
            environ["wsgi.input"] = _ChunkedStream(self.chunked_read, self.timeout)
            environ["wsgi.input_terminated"] = True
        return self.app(environ, start_response)
