"""wsgikit: a raw WSGI toolkit without a framework.

Small, readable pieces that work with any WSGI app, standard library only:

- :class:`Router` (``wsgikit.routing``): Flask-style rules to WSGI apps;
- :class:`Request`, :class:`Response` and helpers (``wsgikit.request``,
  ``wsgikit.response``), and ``@handler`` (``wsgikit.handler``);
- :class:`HTTPError` and its subclasses, ``abort`` (``wsgikit.errors``);
- :class:`JSONBody` and the bounded body reader (``wsgikit.body``), and a
  streaming multipart parser (``wsgikit.multipart``);
- :class:`UWSGIChunkedInput`: chunked request bodies under uWSGI (``wsgikit.chunked``);
- :class:`Mount`: several apps under path prefixes (``wsgikit.mount``);
- :class:`ProxyFix`: ``X-Forwarded-*`` from the proxies you declare (``wsgikit.proxy``);
- ``instrument``, :class:`TraceLayer` and ``note``: what each layer of a stack saw
  and changed, for one request that asks (``wsgikit.trace``);
- ``python -m wsgikit.serve``: a threaded wsgiref server (``wsgikit.serve``).
"""

from __future__ import annotations

from .body import JSONBody, read_body
from .chunked import UWSGIChunkedInput
from .debug import DebugTracebacks
from .errors import (
    BadRequest,
    Conflict,
    Forbidden,
    HTTPError,
    InternalServerError,
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    PayloadTooLarge,
    TooManyRequests,
    Unauthorized,
    UnprocessableContent,
    UnsupportedMediaType,
    abort,
)
from .handler import handler, make_response
from .mount import Mount
from .proxy import ProxyFix
from .request import MissingKey, MultiDict, Request
from .response import Headers, Response, html_response, json_response, redirect, text_response
from .routing import BuildError, Converter, Route, Router
from .trace import TraceLayer, instrument, note

__all__ = ["BadRequest", "BuildError", "Conflict", "Converter", "DebugTracebacks", "Forbidden",
           "HTTPError", "Headers", "InternalServerError", "JSONBody", "MethodNotAllowed",
           "MissingKey", "Mount", "MultiDict", "NotAcceptable", "NotFound", "PayloadTooLarge",
           "ProxyFix", "Request", "Response", "Route", "Router", "TooManyRequests", "TraceLayer",
           "Unauthorized", "UnprocessableContent", "UWSGIChunkedInput", "UnsupportedMediaType",
           "abort", "handler", "html_response", "instrument", "json_response", "make_response",
           "note", "read_body", "redirect", "text_response"]
__version__ = "0.1.0"
