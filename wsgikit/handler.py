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
- ``bytes``: ``application/octet-stream``;
- ``dict`` or ``list``: JSON;
- a tuple ``(body, status)`` or ``(body, status, headers)``.

Raise :class:`wsgikit.HTTPError` (or call ``abort``) for an error response.

How it works: the decorated function becomes a WSGI app that builds a
``Request``, takes the route's parameters from
``environ["wsgiorg.routing_args"]`` (where the router put them), calls the
function, and hands its value to :func:`make_response`, which turns it into a
WSGI app that is then called.  The request is closed (its uploaded files
deleted) when the server closes the response, or at once if the handler raises.
A list body needs no closing, so it is returned as it is unless the request
holds uploads; any other body is wrapped so that its own ``close()`` runs first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, overload

from ._http import check_status, close
from .request import Request
from .response import Headers, Response, json_response

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["handler", "make_response"]

_NO_ARGS: tuple[tuple[()], dict[str, Any]] = ((), {})


def make_response(value: Any) -> WSGIApplication:
    """Turn a handler's return value into a WSGI app (see the module docstring)."""
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
    if callable(value):
        app: WSGIApplication = value  # a Response, an HTTPError, or any WSGI app
        return app
    raise TypeError(f"a handler returned {type(value).__name__}; see wsgikit.handler")


@overload
def handler(func: Callable[..., Any], /) -> WSGIApplication: ...
@overload
def handler(
    *, request_class: type[Request] = Request
) -> Callable[[Callable[..., Any]], WSGIApplication]: ...
def handler(
    func: Callable[..., Any] | None = None, /, *, request_class: type[Request] = Request
) -> WSGIApplication | Callable[[Callable[..., Any]], WSGIApplication]:
    """Wrap ``func(request, **params)`` into a WSGI app.

    ``@handler(request_class=MyRequest)`` builds a :class:`Request` subclass
    instead, e.g. one with other body limits.
    """
    if func is None:
        return lambda f: _wrap(f, request_class)
    return _wrap(func, request_class)


def _wrap(func: Callable[..., Any], request_class: type[Request]) -> WSGIApplication:
    @functools.wraps(func)
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = request_class(environ)
        params = environ.get("wsgiorg.routing_args", _NO_ARGS)[1]
        try:
            body = make_response(func(request, **params))(environ, start_response)
        except BaseException:
            request.close()
            raise
        # A lazy body may still read uploads while the server iterates it.
        if request.has_uploads or not isinstance(body, list):
            return _ClosingBody(body, request.close)
        return body

    return app


class _ClosingBody:
    """The response body, with one more thing to do when the server closes it."""

    def __init__(self, body: Iterable[bytes], callback: Callable[[], None]) -> None:
        self.body = body
        self.callback = callback

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close(self.body)
        finally:
            self.callback()
