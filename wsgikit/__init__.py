"""wsgikit: a raw WSGI toolkit without a framework, standard library only.

- :class:`Router` (``wsgikit.routing``): Flask-style rules to WSGI apps;
- :class:`Request`, :class:`Response`, ``@handler`` (``request``, ``response``, ``handler``);
- :class:`HTTPError`, its subclasses and ``abort`` (``errors``);
- :class:`JSONBody` and the bounded body reader (``body``); multipart forms (``multipart``);
- :class:`UWSGIChunkedInput`: chunked request bodies under uWSGI (``chunked``);
- :class:`Mount`: several apps under path prefixes (``mount``);
- :class:`ProxyFix`: ``X-Forwarded-*`` from the proxies you declare (``proxy``);
- ``instrument``, :class:`TraceLayer`, ``note``: what each layer saw and changed (``trace``);
- ``python -m wsgikit.serve``: a threaded wsgiref server (``serve``).
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
