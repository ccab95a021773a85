"""``instrument`` and ``TraceLayer``: what each layer of a WSGI stack saw and changed.

For teaching: one request, layer by layer ("Mount moved ``/api`` from
``PATH_INFO`` to ``SCRIPT_NAME``, JSONBody added ``wsgikit.json``, the Router
answered 201").  Instrument a stack and send the header ``Wsgikit-Trace``::

    application = instrument(Mount(index_app, {"/api": JSONBody(router)}))
    # curl -H 'Wsgikit-Trace: 1' http://127.0.0.1:8000/api/users
    # and in the app, to add to the record: note("flask.rule", str(request.url_rule))

The answer is ``200`` JSON: the app's ``status``, ``headers`` and ``body``
(UTF-8, else base64, as ``encoding`` says), the ``exception`` it raised (a type
name, never its message) and the ``trace``: the server's ``environ``,
``layers`` outermost first (the environ keys each ``added``, ``changed`` and
``removed`` before the next layer, the innermost before its app answered),
``response`` innermost first (each layer's status and headers, those ``added``
and ``removed`` since the layer inside) and ``notes``.  A HEAD request's answer
has no body, so its envelope (ASCII JSON) is the ``Wsgikit-Trace-Envelope`` header.

Without the header a layer is one context-variable look-up and ``return
self.app(environ, start_response)``.  The outermost layer that sees it drops it
from the environ (the apps see what they would without it), runs the stack,
reads and closes the whole response, writes any traceback to ``wsgi.errors``
and answers.  The record lives in a ``ContextVar`` and in closures, so threads
tracing at once each have their own.  Values are described, not dumped:
cookies, credentials and keys naming a secret, token, password or session show
only their type and length, streams and callables their type, the rest their
value or ``repr`` cut at 500 characters.  Snapshots are shallow: a value changed
in place is not seen.  ``instrument`` copies ``Mount``, ``JSONBody``,
``UWSGIChunkedInput`` and ``Router`` (``Router.copy``: the same rules, each
target traced, so the handler is a layer after the router) to trace what they
wrap; the originals are not changed.
"""

from __future__ import annotations

import base64
import copy
import json
import math
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._http import close
from .body import JSONBody
from .chunked import UWSGIChunkedInput
from .mount import Mount
from .routing import Router

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["ENVELOPE_HEADER", "HEADER", "TraceLayer", "instrument", "note"]

HEADER = "Wsgikit-Trace"
ENVELOPE_HEADER = "Wsgikit-Trace-Envelope"  # where a HEAD request's envelope travels
TRACE_KEY = "HTTP_WSGIKIT_TRACE"
LIMIT = 500  # characters of a described value
SECRET_KEYS = frozenset({"HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_PROXY_AUTHORIZATION"})
SECRET_WORDS = ("SECRET", "TOKEN", "PASSWORD", "SESSION")

Header = tuple[str, str]


@dataclass
class _Layer:
    name: str
    received: dict[str, Any]  # a shallow copy, taken on entry
    environ: WSGIEnvironment  # the live dict, for an app that never starts a response
    at_response: dict[str, Any] | None = None
    status: str | None = None
    headers: list[Header] = field(default_factory=list)


@dataclass
class _Trace:
    layers: list[_Layer] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)


_current: ContextVar[_Trace | None] = ContextVar("wsgikit.trace", default=None)


def _describe(key: str, value: Any) -> Any:
    """A JSON-safe, secret-free picture of ``value``; never calls it."""
    upper = key.upper()
    if upper in SECRET_KEYS or any(word in upper for word in SECRET_WORDS):
        size = f", {len(value)} characters" if isinstance(value, str) else ""
        return f"<{type(value).__name__}{size}, hidden>"
    if value is None or isinstance(value, (bool, int)) or (
        isinstance(value, float) and math.isfinite(value)
    ):
        return value
    if hasattr(value, "read") or hasattr(value, "write") or callable(value):
        qualname = getattr(value, "__qualname__", None)
        return f"<{type(value).__name__} {qualname}>" if qualname else f"<{type(value).__name__}>"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= LIMIT else f"{text[:LIMIT]}... ({len(text)} characters)"


def note(key: str, value: object) -> None:
    """Add ``value`` (described) to the current request's trace; outside one, do nothing."""
    trace = _current.get()
    if trace is not None:
        trace.notes[key] = _describe(key, value)


def _environ_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        "added": {k: _describe(k, v) for k, v in after.items() if k not in before},
        "changed": {
            k: [_describe(k, before[k]), _describe(k, v)]
            for k, v in after.items()
            if k in before and before[k] is not v and before[k] != v
        },
        "removed": [k for k in before if k not in after],
    }


def _report(trace: _Trace) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The layers outermost first, and the response as it travelled, innermost first."""
    ends = [inner.received for inner in trace.layers[1:]]
    last = trace.layers[-1]  # the innermost: what it and its app changed before answering
    ends.append(last.at_response if last.at_response is not None else dict(last.environ))
    layers = [{"name": layer.name, **_environ_diff(layer.received, end)}
              for layer, end in zip(trace.layers, ends, strict=True)]
    answered = [layer for layer in reversed(trace.layers) if layer.status is not None]
    response = []
    for inner, layer in zip([None, *answered], answered, strict=False):
        new, old = Counter(layer.headers), Counter((inner or layer).headers)
        response.append({
            "name": layer.name, "status": layer.status, "headers": layer.headers,
            "added": list((new - old).elements()), "removed": list((old - new).elements()),
        })
    return layers, response


class TraceLayer:
    """Record what ``app`` receives and answers, within a traced request; see the module."""

    def __init__(self, app: WSGIApplication, name: str) -> None:
        self.app = app
        self.name = name

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        trace = _current.get()
        if trace is None:
            if TRACE_KEY not in environ:
                return self.app(environ, start_response)
            return self._root(environ, start_response)
        layer = _Layer(self.name, dict(environ), environ)
        trace.layers.append(layer)

        def traced(status: str, headers: list[Header], exc_info: Any = None) -> Any:
            layer.status, layer.headers = status, list(headers)
            layer.at_response = dict(environ)
            return start_response(status, headers, exc_info)

        return self.app(environ, traced)

    def _root(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        server_environ = {k: _describe(k, v) for k, v in environ.items()}
        environ = dict(environ)
        del environ[TRACE_KEY]
        answer: dict[str, Any] = {"status": None, "headers": []}
        chunks: list[bytes] = []

        def capture(status: str, headers: list[Header], exc_info: Any = None) -> Callable[..., Any]:
            if answer["status"] is not None and exc_info is None:
                raise RuntimeError("start_response was called twice without exc_info")
            answer.update(status=status, headers=list(headers))
            return chunks.append

        trace = _Trace()
        token = _current.set(trace)
        exception = None
        try:
            body = self(environ, capture)  # the first layer of the trace
            try:
                chunks.extend(body)
            finally:
                close(body)
        except Exception as exc:
            exception = type(exc).__name__
            errors = environ["wsgi.errors"]
            errors.write(f"wsgikit.trace: the traced app raised:\n{traceback.format_exc()}")
            errors.flush()
        finally:
            _current.reset(token)
        data = b"".join(chunks)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = base64.b64encode(data).decode("ascii"), "base64"
        layers, response = _report(trace)
        envelope = json.dumps({
            **answer, "body": text, "encoding": encoding, "exception": exception,
            "trace": {"environ": server_environ, "layers": layers, "response": response,
                      "notes": trace.notes},
        }).encode("ascii")
        headers = [("Content-Type", "application/json"), ("Cache-Control", "no-store")]
        if environ.get("REQUEST_METHOD") == "HEAD":  # no body reaches the client: a header
            headers.append((ENVELOPE_HEADER, envelope.decode("ascii")))
            envelope = b""
        start_response("200 OK", [*headers, ("Content-Length", str(len(envelope)))])
        return [envelope]


def instrument(app: WSGIApplication, name: str | None = None) -> WSGIApplication:
    """A traced copy of a stack of wsgikit pieces; the originals are not changed."""
    if isinstance(app, Router):  # a copy whose targets are traced: the handlers after it
        return TraceLayer(app.copy(instrument), name or "Router")
    if not isinstance(app, (Mount, JSONBody, UWSGIChunkedInput)):
        qualname = getattr(app, "__qualname__", None)  # functions and classes, not objects
        shown = f"{getattr(app, '__module__', '?')}.{qualname}" if qualname else type(app).__name__
        return TraceLayer(app, name or shown)
    traced: Any = copy.copy(app)
    traced.app = instrument(app.app)
    if isinstance(app, Mount):
        traced.mounts = {prefix: instrument(inner) for prefix, inner in app.mounts.items()}
    return TraceLayer(traced, name or type(app).__name__)
