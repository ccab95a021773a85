"""``UWSGIChunkedInput``: chunked request bodies for apps that uWSGI 2.0 serves directly.

PEP 3333 cannot say "this body has no length, but it ends".  Most servers set
``wsgi.input_terminated = True`` and give a ``wsgi.input`` that returns ``b''``
at the end (gunicorn does, for chunked requests).  uWSGI 2.0 does not: with
``Transfer-Encoding: chunked`` and no ``Content-Length`` its ``wsgi.input``
looks empty, whatever the options, and ``uwsgi.chunked_read()`` reads the body.
This middleware turns that call into a terminated ``wsgi.input``, so that
wsgikit's bounded reader (and any app that honours the flag) reads chunked
bodies under uWSGI too.  Behind nginx, which passes a chunked body on with a
``Content-Length``, it is not needed::

    from wsgikit import UWSGIChunkedInput

    application = UWSGIChunkedInput(app)     # does nothing outside uWSGI

uWSGI caps each chunk (``chunked-input-limit``, 1 MiB by default), the reader
the whole body.  A malformed chunk, one over the cap, a body cut short or a
client silent past the timeout make ``chunked_read`` raise a bare
``OSError("unable to receive chunked part")``; the stream raises it again
saying what it means, and wsgikit's reader answers it with a 400.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["UWSGIChunkedInput"]


class _ChunkedStream:
    """``read(size)`` over ``uwsgi.chunked_read()``; ``b''`` at the end of the body."""

    def __init__(self, chunked_read: Callable[[int], bytes], timeout: int) -> None:
        self._chunked_read, self._timeout = chunked_read, timeout
        self._buffer = bytearray()
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            try:
                chunk = self._chunked_read(self._timeout)
            except OSError as exc:
                self._done = True  # uWSGI's side of the body is broken: ask no more
                raise OSError("the chunked body is malformed, cut short or stalled "
                              f"(uWSGI: {exc})") from None
            self._done = not chunk
            self._buffer += chunk
        data = bytes(self._buffer[:size] if size >= 0 else self._buffer)
        del self._buffer[: len(data)]
        return data


class UWSGIChunkedInput:
    """Give chunked request bodies a terminated ``wsgi.input`` under uWSGI."""

    def __init__(self, app: WSGIApplication, timeout: int = 30) -> None:
        self.app = app
        self.timeout = timeout  # seconds that chunked_read waits for a chunk
        self.chunked_read: Callable[[int], bytes] | None = None
        with suppress(ImportError):  # the uwsgi module exists only inside uWSGI
            self.chunked_read = importlib.import_module("uwsgi").chunked_read

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if (self.chunked_read is not None and not environ.get("CONTENT_LENGTH")
                and environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked"
                and not environ.get("wsgi.input_terminated")):
            environ["wsgi.input"] = _ChunkedStream(self.chunked_read, self.timeout)
            environ["wsgi.input_terminated"] = True
        return self.app(environ, start_response)
