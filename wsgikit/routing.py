"""``Router``: URL rules to WSGI apps, with Flask's rule syntax, as a WSGI app.

Use it to dispatch requests by path and method to plain WSGI callables, or to
``@handler`` functions (``wsgikit.app``)::

    from wsgikit import Router

    router = Router()
    router.add("/", index)                                  # GET (and HEAD, OPTIONS)
    router.add("/post/<int:post_id>", show_post, name="post")
    router.add("/files/<path:name>", download, methods=("GET", "PUT"))
    router.url_for("post", post_id=7)                       # '/post/7'

Route parameters reach the target in ``environ["wsgiorg.routing_args"]`` as
``((), {name: value})``; the route itself is ``environ["wsgikit.route"]``.

**Rules.** ``<name>`` or ``<converter:name>`` or ``<converter(arg=value):name>``
with the converters ``string`` (one non-empty segment; ``minlength``,
``maxlength``, ``length``), ``int`` (ASCII digits; ``signed``, ``min``, ``max``),
``float`` (``1.5``, not ``1`` or ``1e5``; ``signed``), ``uuid``, ``any(a, b)``
and ``path`` (one or more segments, slashes kept).  A converter is a class with
``regex``, ``weight``, ``to_python`` and ``to_url`` (see :class:`Converter`);
register your own in ``Router(converters={"name": cls})``.  A value that
``to_python`` rejects with ``ValueError`` is no match (404 if nothing else
matches), never a 500.

**Priority** is decided segment by segment from the left, independent of the
order of unrelated rules: a static segment beats a segment that mixes text and
converters, which beats a converter alone; among converters the lower
``weight`` (narrower) wins: ``uuid`` 20, ``any`` 25, ``int``/``float`` 30,
custom 50, ``string`` 100; ``path`` is tried last.  The first rule found that
also allows the method wins.

**Answers.** No rule matches the path: 404.  Rules match but none allows the
method: 405 with a sorted ``Allow``.  ``HEAD`` is served by a ``GET`` rule
(with an empty body), ``OPTIONS`` is answered with 200 and ``Allow`` unless a
rule takes it.  A rule ``/projects/`` requested as ``/projects`` answers 308 to
``/projects/`` (keeping ``SCRIPT_NAME`` and the query); ``/about`` requested
as ``/about/`` is a 404.  An empty ``PATH_INFO`` (the bare mount point) is ``/``.

Errors are :class:`wsgikit.HTTPError` apps (problem+json); ``@router.error_handler(404)``
serves your own, with the error in ``environ["wsgikit.error"]``.  An exception
escaping a target is logged with its traceback to ``wsgi.errors`` and answered
with a generic 500.  Rules are compiled into a tree of path segments when they
are added, so matching costs the same with 10 rules or 10,000.
"""

from __future__ import annotations

import ast
import re
import sys
import traceback
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from .errors import HTTPError, InternalServerError, MethodNotAllowed, NotFound
from .request import decode_wsgi
from .response import Response

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "AnyConverter",
    "BuildError",
    "Converter",
    "FloatConverter",
    "IntConverter",
    "PathConverter",
    "Route",
    "Router",
    "StringConverter",
    "UUIDConverter",
]


class BuildError(LookupError):
    """``url_for`` cannot build a URL: unknown name, missing or invalid value."""


class Converter:
    """Turns one path segment into a Python value and back.

    ``regex`` must match the whole segment text (no ``/``, except for ``path``);
    ``to_python`` may raise ``ValueError`` to reject a value (a 404);
    ``to_url`` returns the text that ``to_python`` turns back into the value.
    """

    regex = r"[^/]+"
    weight = 50

    def to_python(self, value: str) -> Any:
        return value

    def to_url(self, value: Any) -> str:
        return str(value)

    def key(self) -> str:
        """What makes two converters the same for collision checks and sorting."""
        return f"{type(self).__name__}:{self.regex}"


class StringConverter(Converter):
    weight = 100

    def __init__(self, minlength: int = 1, maxlength: int | None = None,
                 length: int | None = None) -> None:
        if length is not None:
            minlength = maxlength = length
        upper = "" if maxlength is None else str(maxlength)
        self.regex = f"[^/]{{{max(minlength, 1)},{upper}}}"


class IntConverter(Converter):
    weight = 30

    def __init__(self, signed: bool = False, min: int | None = None,
                 max: int | None = None) -> None:
        self.regex = r"-?[0-9]+" if signed else r"[0-9]+"  # ASCII only: no '١٢' or '１'
        self.min, self.max = min, max

    def to_python(self, value: str) -> int:
        if len(value) > 4000:  # beyond what int() converts by default
            raise ValueError("too many digits")
        number = int(value)
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            raise ValueError("out of range")
        return number

    def to_url(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected an int, got {value!r}")
        return str(value)


class FloatConverter(Converter):
    weight = 30

    def __init__(self, signed: bool = False) -> None:
        self.regex = r"-?[0-9]+\.[0-9]+" if signed else r"[0-9]+\.[0-9]+"

    def to_python(self, value: str) -> float:
        return float(value)

    def to_url(self, value: Any) -> str:
        text = repr(float(value))
        if not re.fullmatch(self.regex, text):
            raise ValueError(f"{value!r} has no URL form for this converter")
        return text


class UUIDConverter(Converter):
    weight = 20
    regex = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

    def to_python(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)


class AnyConverter(Converter):
    weight = 25

    def __init__(self, *items: str) -> None:
        if not items:
            raise ValueError("any() needs at least one choice")
        self.regex = "|".join(re.escape(item) for item in items)


class PathConverter(Converter):
    """One or more segments; the slashes between them are kept."""

    weight = 1000
    regex = r"[^/].*?"


DEFAULT_CONVERTERS: dict[str, type[Converter]] = {
    "default": StringConverter,
    "string": StringConverter,
    "int": IntConverter,
    "float": FloatConverter,
    "uuid": UUIDConverter,
    "any": AnyConverter,
    "path": PathConverter,
}

_VARIABLE = re.compile(
    r"<(?:(?P<conv>[A-Za-z_]\w*)(?:\((?P<args>[^)]*)\))?:)?(?P<name>[A-Za-z_]\w*)>"
)
_PATH_SAFE = "!$&'()*+,;=:@"  # characters a path segment may hold unescaped (RFC 3986)
_QUERY_SAFE = "!$'()*,/:;?@"  # as werkzeug and Flask leave them in a query


def _converter_args(text: str | None) -> tuple[list[Any], dict[str, Any]]:
    """``signed=True, max=9`` -> ([], {'signed': True, 'max': 9}); literals only."""
    if not text:
        return [], {}
    call = ast.parse(f"f({text})", mode="eval").body
    assert isinstance(call, ast.Call)
    args = [ast.literal_eval(a) if not isinstance(a, ast.Name) else a.id for a in call.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    return args, kwargs


@dataclass(eq=False)
class _Segment:
    """One segment of a rule: static text, converters (alone or mixed in text), or path."""

    key: str  # identity in the tree: the text, or the pattern with converter keys
    static: str | None = None
    regex: re.Pattern[str] | None = None
    variables: list[tuple[str, Converter]] = field(default_factory=list)
    parts: list[str | tuple[str, Converter]] = field(default_factory=list)
    weight: int = 0
    is_path: bool = False


def _parse_segment(text: str, converters: dict[str, type[Converter]], rule: str) -> _Segment:
    if "<" not in text and ">" not in text:
        return _Segment(key=text, static=text, parts=[text])
    parts: list[str | tuple[str, Converter]] = []
    pattern, key, pos = [], [], 0
    for match in _VARIABLE.finditer(text):
        literal = text[pos : match.start()]
        if "<" in literal or ">" in literal:
            raise ValueError(f"rule {rule!r}: cannot parse {text!r}")
        if literal:
            parts.append(literal)
            pattern.append(re.escape(literal))
            key.append(literal)
        conv_name = match.group("conv") or "default"
        cls = converters.get(conv_name)
        if cls is None:
            raise ValueError(f"rule {rule!r}: unknown converter {conv_name!r}")
        try:
            args, kwargs = _converter_args(match.group("args"))
            conv = cls(*args, **kwargs)
        except (SyntaxError, ValueError, TypeError) as exc:
            raise ValueError(f"rule {rule!r}: bad arguments for {conv_name}: {exc}") from None
        name = match.group("name")
        parts.append((name, conv))
        pattern.append(f"(?P<{name}>{conv.regex})")
        key.append(f"<{conv.key()}>")
        pos = match.end()
    tail = text[pos:]
    if "<" in tail or ">" in tail:
        raise ValueError(f"rule {rule!r}: cannot parse {text!r}")
    if tail:
        parts.append(tail)
        pattern.append(re.escape(tail))
        key.append(tail)
    variables = [p for p in parts if isinstance(p, tuple)]
    is_path = any(isinstance(conv, PathConverter) for _, conv in variables)
    if is_path and len(parts) != 1:
        raise ValueError(f"rule {rule!r}: a path converter must fill its segments alone")
    if len(parts) == 1:
        weight = variables[0][1].weight
    else:
        weight = 10  # text around a converter narrows it
    return _Segment(
        key="".join(key), regex=re.compile("".join(pattern)), variables=variables,
        parts=parts, weight=weight, is_path=is_path,
    )


@dataclass(eq=False)
class Route:
    """A compiled rule: what ``environ['wsgikit.route']`` holds for a matched request."""

    rule: str
    app: WSGIApplication
    methods: frozenset[str]
    name: str | None
    segments: list[_Segment]

    def build(self, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The quoted path for ``values``, and the values the rule did not use."""
        rest = dict(values)
        out = []
        for segment in self.segments:
            for part in segment.parts:
                if isinstance(part, str):
                    out.append(quote(part, safe=_PATH_SAFE))
                    continue
                name, conv = part
                if name not in rest:
                    raise BuildError(f"url_for({self.name!r}) needs a value for {name!r}")
                value = rest.pop(name)
                try:
                    text = conv.to_url(value)
                except (ValueError, TypeError) as exc:
                    message = f"{name}={value!r} does not fit {self.rule!r}: {exc}"
                    raise BuildError(message) from None
                if not re.fullmatch(conv.regex, text, re.S) or (
                    "/" in text and not segment.is_path
                ):
                    raise BuildError(f"{name}={value!r} does not fit {self.rule!r}")
                out.append(quote(text, safe=_PATH_SAFE + ("/" if segment.is_path else "")))
        return "/" + "/".join(_join_segments(out, self.segments)), rest

    def __repr__(self) -> str:
        return f"<Route {self.rule!r} {sorted(self.methods)} name={self.name!r}>"


def _join_segments(out: list[str], segments: list[_Segment]) -> list[str]:
    """Glue the parts of each segment back together, one string per segment."""
    joined, pos = [], 0
    for segment in segments:
        count = len(segment.parts)
        joined.append("".join(out[pos : pos + count]))
        pos += count
    return joined


class _Node:
    """A node of the segment tree: what may come next, and the routes ending here."""

    __slots__ = ("by_method", "dynamic", "methods", "paths", "routes", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.dynamic: list[tuple[_Segment, _Node]] = []  # sorted by priority
        self.paths: list[tuple[_Segment, _Node]] = []
        self.routes: list[Route] = []
        self.by_method: dict[str, Route] = {}
        self.methods: frozenset[str] = frozenset()

    def child(self, segment: _Segment) -> _Node:
        if segment.static is not None:
            return self.static.setdefault(segment.static, _Node())
        edges = self.paths if segment.is_path else self.dynamic
        for existing, node in edges:
            if existing.key == segment.key:
                return node
        node = _Node()
        edges.append((segment, node))
        edges.sort(key=lambda edge: (edge[0].weight, edge[0].key))
        return node

    def add(self, route: Route) -> None:
        for other in self.routes:
            overlap = other.methods & route.methods
            if overlap:
                raise ValueError(
                    f"rule {route.rule!r} collides with {other.rule!r} "
                    f"for {', '.join(sorted(overlap))}: it could never match"
                )
        self.routes.append(route)
        for method in route.methods:
            self.by_method[method] = route
        if "GET" in self.by_method and "HEAD" not in self.by_method:
            self.by_method["HEAD"] = self.by_method["GET"]
        allowed = set(self.by_method) | {"OPTIONS"}
        self.methods = frozenset(allowed)


Match = tuple[Route, list[tuple[str, Any]]]


def _search(
    node: _Node, segs: list[str], i: int, params: list[tuple[str, Any]],
    method: str, allowed: set[str],
) -> Match | None:
    """Depth-first, highest priority first; collect ``allowed`` from near misses."""
    if i == len(segs):
        if node.routes:
            route = node.by_method.get(method)
            if route is not None:
                return route, params
            allowed.update(node.methods)
        return None
    seg = segs[i]
    child = node.static.get(seg)
    if child is not None:
        found = _search(child, segs, i + 1, params, method, allowed)
        if found is not None:
            return found
    for segment, child in node.dynamic:
        assert segment.regex is not None
        match = segment.regex.fullmatch(seg)
        if match is None:
            continue
        try:
            values = [(name, conv.to_python(match.group(name))) for name, conv in segment.variables]
        except ValueError:
            continue
        found = _search(child, segs, i + 1, params + values, method, allowed)
        if found is not None:
            return found
    for segment, child in node.paths:
        name, conv = segment.variables[0]
        for end in range(len(segs), i, -1):  # greedy: the longest tail first
            text = "/".join(segs[i:end])
            if not text or text.startswith("/"):
                continue
            try:
                value = conv.to_python(text)
            except ValueError:
                continue
            found = _search(child, segs, end, params + [(name, value)], method, allowed)
            if found is not None:
                return found
    return None


def _split(path: str) -> list[str] | None:
    if not path:
        return [""]
    if not path.startswith("/"):
        return None
    return path[1:].split("/")


class Router:
    """A WSGI app that sends each request to the route its path and method match."""

    def __init__(self, converters: dict[str, type[Converter]] | None = None) -> None:
        self.converters = {**DEFAULT_CONVERTERS, **(converters or {})}
        self.routes: list[Route] = []
        self._root = _Node()
        self._names: dict[str, Route] = {}
        self._error_handlers: dict[int, WSGIApplication] = {}

    # -- building ------------------------------------------------------------

    def add(
        self,
        rule: str,
        app: WSGIApplication,
        methods: Iterable[str] = ("GET",),
        name: str | None = None,
    ) -> Route:
        """Register ``app`` for ``rule``; every check happens here, not per request."""
        if not isinstance(rule, str) or not rule.startswith("/"):
            raise ValueError(f"a rule must start with '/': {rule!r}")
        if any(ch in rule for ch in "?#") or any(ord(ch) < 0x20 or ch == "\x7f" for ch in rule):
            raise ValueError(f"rule {rule!r}: no '?', '#' or control characters in a path")
        method_set = frozenset(method.upper() for method in methods)
        if not method_set:
            raise ValueError(f"rule {rule!r}: no methods given")
        texts = rule[1:].split("/")
        if "" in texts[:-1]:
            raise ValueError(f"rule {rule!r} has an empty segment: it could never match")
        segments = [_parse_segment(text, self.converters, rule) for text in texts]
        names = [var for segment in segments for var, _ in segment.variables]
        if len(names) != len(set(names)):
            raise ValueError(f"rule {rule!r} uses a variable name twice")
        if name is not None and name in self._names:
            raise ValueError(f"a route named {name!r} exists already ({self._names[name].rule!r})")
        route = Route(rule, app, method_set, name, segments)
        node = self._root
        for segment in segments:
            node = node.child(segment)
        node.add(route)
        self.routes.append(route)
        if name is not None:
            self._names[name] = route
        return route

    def route(
        self, rule: str, methods: Iterable[str] = ("GET",), name: str | None = None
    ) -> Callable[[WSGIApplication], WSGIApplication]:
        """Decorator form of :meth:`add`; the name defaults to the function's name."""

        def register(app: WSGIApplication) -> WSGIApplication:
            self.add(rule, app, methods, name or getattr(app, "__name__", None))
            return app

        return register

    def error_handler(self, code: int) -> Callable[[WSGIApplication], WSGIApplication]:
        """Serve errors of status ``code`` with your own WSGI app.

        The :class:`HTTPError` is in ``environ["wsgikit.error"]``; the app sets
        the status it wants (normally ``code``).
        """

        def register(app: WSGIApplication) -> WSGIApplication:
            self._error_handlers[code] = app
            return app

        return register

    # -- matching ------------------------------------------------------------

    def match(self, path: str, method: str = "GET") -> tuple[Route, dict[str, Any]]:
        """The route and parameters for ``path`` (decoded text) and ``method``.

        Raises :class:`NotFound`, :class:`MethodNotAllowed`, or :class:`Redirect`
        (a 308 to the path with a slash added).
        """
        segs = _split(path)
        allowed: set[str] = set()
        found = _search(self._root, segs, 0, [], method, allowed) if segs is not None else None
        if found is not None:
            return found[0], dict(found[1])
        if allowed:
            if method == "OPTIONS":
                raise _Options(sorted(allowed))
            raise MethodNotAllowed(sorted(allowed))
        if segs is not None and segs[-1] != "":
            probe: set[str] = set()
            if _search(self._root, [*segs, ""], 0, [], method, probe) is not None or probe:
                raise Redirect(path + "/")
        raise NotFound(f"nothing is served at {path!r}")

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ["wsgikit.router"] = self
        try:
            path = decode_wsgi(environ.get("PATH_INFO", ""), "path")
            route, params = self.match(path, environ["REQUEST_METHOD"])
            environ["wsgiorg.routing_args"] = ((), params)
            environ["wsgikit.route"] = route
            body = route.app(environ, start_response)
            if environ["REQUEST_METHOD"] == "HEAD":
                close = getattr(body, "close", None)
                if close is not None:
                    close()
                return []
            return body
        except HTTPError as error:
            return self._serve_error(error, environ, start_response, None)
        except Exception:
            exc_info = sys.exc_info()
            environ["wsgi.errors"].write(
                f"wsgikit: error in {environ.get('REQUEST_METHOD')} "
                f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}:\n"
                + "".join(traceback.format_exception(*exc_info))
            )
            return self._serve_error(InternalServerError(), environ, start_response, exc_info)

    def _serve_error(
        self, error: HTTPError, environ: WSGIEnvironment, start_response: StartResponse,
        exc_info: Any,
    ) -> Iterable[bytes]:
        if exc_info is not None:
            # The target may have called start_response already; say why we call it again.
            def restart(status: str, headers: list[tuple[str, str]], _: Any = None) -> Any:
                return start_response(status, headers, exc_info)
        else:
            restart = start_response  # type: ignore[assignment]
        handler = self._error_handlers.get(error.code)
        if handler is None:
            return error(environ, restart)
        environ["wsgikit.error"] = error
        try:
            return handler(environ, restart)
        except Exception:
            environ["wsgi.errors"].write(traceback.format_exc())
            return InternalServerError()(environ, restart)

    # -- building URLs -------------------------------------------------------

    def url_for(
        self, name: str, environ: WSGIEnvironment | None = None, /, **values: Any
    ) -> str:
        """The URL path of route ``name``, under ``environ``'s SCRIPT_NAME.

        Values the rule does not use become the query string (``None`` is left
        out, a list repeats the key).  Non-ASCII and reserved characters are
        percent-encoded.
        """
        route = self._names.get(name)
        if route is None:
            raise BuildError(f"no route is named {name!r}")
        path, rest = route.build(values)
        script = environ.get("SCRIPT_NAME", "") if environ is not None else ""
        url = quote(script.encode("latin-1"), safe="/" + _PATH_SAFE) + path
        query = {k: v for k, v in rest.items() if v is not None}
        if query:
            url += "?" + urlencode(query, doseq=True, safe=_QUERY_SAFE)
        return url


class Redirect(HTTPError):
    """308 Permanent Redirect to the same path with a trailing slash."""

    code = 308
    description = "This resource lives at the URL with a trailing slash."

    def __init__(self, path: str) -> None:
        super().__init__(f"see {path}")
        self.path = path

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        script = quote(environ.get("SCRIPT_NAME", "").encode("latin-1"), safe="/" + _PATH_SAFE)
        location = script + quote(self.path, safe="/" + _PATH_SAFE)
        if environ.get("QUERY_STRING"):
            location += "?" + environ["QUERY_STRING"]
        response = Response(f"Redirecting to {location}\n", 308, {"Location": location})
        return response(environ, start_response)


class _Options(HTTPError):
    """The automatic answer to OPTIONS: 200 with Allow and no body."""

    code = 200

    def __init__(self, allowed: Sequence[str]) -> None:
        super().__init__("")
        self.allowed = allowed

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        response = Response(b"", 200, {"Allow": ", ".join(self.allowed)})
        return response(environ, start_response)
