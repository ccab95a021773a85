"""``@handler``: plain functions as WSGI apps, the few lines that are Flask's ``make_response``.

A handler takes a :class:`wsgikit.Request` and the route's parameters as
keyword arguments, and returns whatever is handiest::

    from wsgikit import Router, handler

    router = Router()

    @router.route("/hello/<name>")
    @handler
    def hello(request, name):
        return f"Hello, {name}!"            # text/plain; charset=utf-8

What a handler may return, and what the client gets:

- a :class:`wsgikit.Response` (or any WSGI app): sent as it is;
- ``str``: ``text/plain; charset=utf-8`` (Flask would send ``text/html``: plain
  text cannot turn user input into markup);
- ``bytes``: ``application/octet-stream``; a ``dict`` or ``list``: JSON;
- a tuple ``(body, status)`` or ``(body, status, headers)``.

Raise :class:`wsgikit.HTTPError` (or call ``abort``) for an error response.
:func:`make_response` is the conversion alone.

The decorated function becomes a WSGI app that builds a ``Request`` (or a
subclass with other body limits: ``@handler(request_class=...)``), takes the
route's parameters from ``environ["wsgiorg.routing_args"]``, where the router
put them, and calls the function.  The request is closed (its uploads deleted)
when the server closes the response, or at once if the handler raises.  A list
body reads nothing later, so it is returned as it is unless there are uploads
to delete; any other body is wrapped so that its own ``close()`` runs first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast, overload

from ._http import check_status, close
from .request import Request
from .response import Headers, Response, json_response

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    Decorator = Callable[[Callable[..., Any]], WSGIApplication]

__all__ = ["handler", "make_response"]

_NO_ARGS: tuple[tuple[()], dict[str, Any]] = ((), {})


def make_response(value: Any) -> WSGIApplication:
    """Turn a handler's return value into a WSGI app."""
    if isinstance(value, (dict, list)):  # noqa: UP038 (a tuple is faster than a union)
        return json_response(value)
    if isinstance(value, str):
        return Response(value)
    if isinstance(value, bytes):
        return Response(value, content_type="application/octet-stream")
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise TypeError("a handler's tuple is (body, status) or (body, status, headers)")
        body, status, *extra = value
        response = make_response(body)
        if not isinstance(response, Response):
            raise TypeError("a tuple's body must be a str, bytes, dict, list or Response")
        response.status = check_status(status)
        for name, header in Headers(extra[0] if extra else None):
            response.headers[name] = header
        return response
    if callable(value):  # a Response, an HTTPError, or any WSGI app
        return cast("WSGIApplication", value)
    raise TypeError(f"a handler returned {type(value).__name__}; see wsgikit.handler")


@overload
def handler(func: Callable[..., Any], /) -> WSGIApplication: ...
@overload
def handler(*, request_class: type[Request] = Request) -> Decorator: ...
def handler(func: Callable[..., Any] | None = None, /, *,
            request_class: type[Request] = Request) -> WSGIApplication | Decorator:
    """Wrap ``func(request, **params)`` into a WSGI app, as ``@handler`` or ``@handler(...)``."""

    def wrap(func: Callable[..., Any]) -> WSGIApplication:
        @functools.wraps(func)
        def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
            request = request_class(environ)
            params = environ.get("wsgiorg.routing_args", _NO_ARGS)[1]
            try:
                body = make_response(func(request, **params))(environ, start_response)
            except BaseException:
                request.close()
                raise
            if request.has_uploads or not isinstance(body, list):
                return _ClosingBody(body, request)
            return body

        return app

    return wrap if func is None else wrap(func)


class _ClosingBody:
    """The response body, closing the request after the body itself."""

    def __init__(self, body: Iterable[bytes], request: Request) -> None:
        self.body = body
        self.request = request

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close(self.body)
        finally:
            self.request.close()
