"""``Router``: URL rules to WSGI apps, with Flask's rule syntax, as a WSGI app.

Use it to dispatch requests by path and method to plain WSGI callables, or to
``@handler`` functions (``wsgikit.handler``)::

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
and ``path`` (one or more segments, slashes kept).  A converter is a
:class:`Converter` subclass with ``regex``, ``weight``, ``to_python`` and
``to_url``; register your own in ``Router(converters={"name": cls})``.  A value
that ``to_python`` rejects with ``ValueError`` is no match (the next rule is
tried; 404 if none is left), never a 500.  Patterns are compiled with
``re.DOTALL``: a newline (``%0A``) is a character like any other.  Everything
that depends only on the rules (parsing, regexes, order, collisions) happens in
:meth:`Router.add`, which raises ``ValueError`` for a rule that cannot be used.

**Priority** is decided segment by segment from the left, never by the order in
which rules were added: a static segment beats a segment that mixes text and
converters, which beats a converter alone, which beats ``path``; among
converters the lower ``weight`` (narrower) wins: ``uuid`` 20, ``any`` 25,
``int``/``float`` 30 (signed 31), custom 50, ``string`` 100 (equal weights are
ordered by the converter's class name and arguments).  After a ``path`` the
rest of the rule is compared the same way, and a rule that ends there comes
after one that goes on (``/<path:p>/edit`` before ``/<path:p>``).  The first
rule in this order that matches the path and takes the method wins.

**Answers.** No rule matches the path: 404.  Rules match but none takes the
method: 405 with a sorted ``Allow``.  ``HEAD`` is served by a ``GET`` rule
(same headers, empty body), ``OPTIONS`` is answered with 200 and ``Allow``
unless a rule takes it.  A rule ``/projects/`` requested as ``/projects``
answers 308 to ``/projects/`` (keeping ``SCRIPT_NAME`` and the query) if it
takes the method, as in Werkzeug (a ``POST`` to a ``GET``-only ``/projects/``
is not redirected); that answer stands where ``/projects`` would in the order,
so it beats ``/<name>``.  ``/about`` requested as ``/about/`` is a 404.  An
empty ``PATH_INFO`` (the bare mount point) is ``/``.

Errors are :class:`wsgikit.HTTPError` apps (problem+json); ``@router.error_handler(404)``
serves your own, with the error in ``environ["wsgikit.error"]``.  An exception
escaping a target is logged with its traceback to ``wsgi.errors`` and answered
with a generic 500; under :class:`wsgikit.DebugTracebacks`, which sets
``environ["wsgikit.debug"]``, it is raised on, for the middleware to log and
show.  Rules live in a tree of path segments, so matching costs the same with
10 rules or 10,000.

**url_for** builds a root-relative URL: ``SCRIPT_NAME``, the path with
non-ASCII and reserved characters percent-encoded, values the rule does not
use as the query.  It raises :class:`BuildError` for an unknown name, a missing
value, or a URL that a request would not bring back to the same route with the
same values (``a/b`` for a ``string``, a value a higher-priority rule catches).

**Deliberate differences from Werkzeug's** ``Map``: digits are ASCII only
(Werkzeug's ``\\d`` takes ``'١٢'``); a converter's ``ValueError`` tries the next
rule (Werkzeug answers 404); ``path`` matches a newline; the 308 ``Location``
is root-relative (Werkzeug's is absolute), and ``OPTIONS`` follows it as Flask
does (a bare ``Map`` answers 404); ``Allow`` always lists ``OPTIONS``; ``//``
is not merged and redirected; ``url_for`` refuses values that would route
elsewhere (Werkzeug builds ``/user/a/b`` for ``<username>`` = ``'a/b'``), and
``int`` builds from an ``int`` only (Werkzeug also takes ``'5'``).
"""

from __future__ import annotations

import ast
import bisect
import re
import sys
import traceback
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from ._http import PATH_SAFE
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
    "Redirect",
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
    ``to_python`` may raise ``ValueError`` to reject a value (the rule does not
    match); ``to_url`` returns the text that ``to_python`` turns back into the value.
    """

    regex = r"[^/]+"
    weight = 50

    def to_python(self, value: str) -> Any:
        return value

    def to_url(self, value: Any) -> str:
        return str(value)

    def key(self) -> str:
        """What makes two converters the same: class, regex and arguments."""
        return f"{type(self).__qualname__}:{self.regex}:{sorted(vars(self).items())!r}"


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
        if min is not None and max is not None and min > max:
            raise ValueError(f"min={min} > max={max}: no value fits")
        self.regex = r"-?[0-9]+" if signed else r"[0-9]+"  # ASCII only: no '١٢' or '１'
        self.weight = 31 if signed else 30  # unsigned is narrower
        self.min, self.max = min, max

    def to_python(self, value: str) -> int:
        number = int(value)  # over 4300 digits: ValueError, so no match
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
        self.weight = 31 if signed else 30

    def to_python(self, value: str) -> float:
        return float(value)  # 400 digits make inf, as in werkzeug; url_for refuses inf

    def to_url(self, value: Any) -> str:
        return repr(float(value))  # 1e+16, or -1.5 when unsigned: url_for refuses them


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
        self.regex = "|".join(re.escape(str(item)) for item in items)


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
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_QUERY_SAFE = "!$'()*,/:;?@"  # as werkzeug and Flask leave them in a query

# Segment kinds, in the order they are tried; _END sorts after every segment.
_STATIC, _MIXED, _ALONE, _PATH = range(4)
_END = (9,)
_NEVER = re.compile(r"(?!)")


def _converter_args(text: str | None) -> tuple[list[Any], dict[str, Any]]:
    """``signed=True, max=9`` -> ([], {'signed': True, 'max': 9}); literals only."""
    if not text:
        return [], {}
    call = ast.parse(f"f({text})", mode="eval").body
    if not isinstance(call, ast.Call) or any(k.arg is None for k in call.keywords):
        raise ValueError(f"cannot read the arguments {text!r}")
    args = [a.id if isinstance(a, ast.Name) else ast.literal_eval(a) for a in call.args]
    kwargs = {str(k.arg): ast.literal_eval(k.value) for k in call.keywords}
    return args, kwargs


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


_FAST_CHECKS: dict[str, Callable[[str], bool]] = {"[^/]{1,}": bool, "[0-9]+": _ascii_digits}


@dataclass(eq=False)
class _Segment:
    """A step in the tree: one segment of a rule, or a *tail* (``path`` and all after it).

    ``key`` is its identity (two rules with equal keys share the step),
    ``priority`` its place in the order, ``slash`` whether it ends a rule with ``/``.
    """

    key: str
    priority: tuple[Any, ...]
    parts: list[str | tuple[str, Converter]]
    pattern: str = ""
    static: str | None = None
    is_path: bool = False
    slash: bool = False

    def __post_init__(self) -> None:
        self.variables = [part for part in self.parts if isinstance(part, tuple)]
        # A static segment is looked up in a dict; its pattern only serves in tails.
        self.regex = _NEVER if self.static is not None else re.compile(self.pattern, re.DOTALL)
        # The regexes of plain `string` and `int` alone in a segment, as str methods
        # (a segment never holds '/'): same answers, a third of the time.
        self.check: Callable[[str], bool] | None = None
        if len(self.parts) == 1 and self.variables and not self.is_path:
            self.check = _FAST_CHECKS.get(self.variables[0][1].regex)

    def convert(self, match: re.Match[str]) -> dict[str, Any] | None:
        """The variables' values, or None if a converter refuses one."""
        try:
            return {name: conv.to_python(match[name]) for name, conv in self.variables}
        except ValueError:
            return None


def _parse_segment(text: str, converters: dict[str, type[Converter]], rule: str) -> _Segment:
    if "<" not in text and ">" not in text:
        return _Segment(text, (_STATIC, (), text), [text], re.escape(text), static=text)
    parts: list[str | tuple[str, Converter]] = []
    pattern, key, pos, names = [], [], 0, set()
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
            re.compile(conv.regex)
        except (SyntaxError, ValueError, TypeError, re.error) as exc:
            raise ValueError(f"rule {rule!r}: bad arguments for {conv_name}: {exc}") from None
        name = match.group("name")
        if name in names:  # checked here too: the regex would not compile
            raise ValueError(f"rule {rule!r} uses the variable {name!r} twice")
        names.add(name)
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
    weights = tuple(conv.weight for _, conv in (p for p in parts if isinstance(p, tuple)))
    is_path = any(isinstance(p, tuple) and isinstance(p[1], PathConverter) for p in parts)
    if is_path and len(parts) != 1:
        raise ValueError(f"rule {rule!r}: a path converter must fill its segments alone")
    kind = _PATH if is_path else _ALONE if len(parts) == 1 else _MIXED
    joined = "".join(key)
    try:
        return _Segment(joined, (kind, weights, joined), parts, "".join(pattern), is_path=is_path)
    except re.error as exc:  # a converter's regex that clashes with the rest
        raise ValueError(f"rule {rule!r}: cannot compile {text!r}: {exc}") from None


def _tail(segments: list[_Segment]) -> _Segment:
    """Join a ``path`` segment and those after it into one step matched by one regex."""
    return _Segment(
        key="/".join(s.key for s in segments),
        priority=tuple(s.priority for s in segments) + (_END,),
        parts=[part for s in segments for part in s.parts],
        pattern="/".join(s.pattern for s in segments),
        is_path=True,
        slash=segments[-1].static == "",
    )


@dataclass(eq=False)
class Route:
    """A compiled rule: what ``environ['wsgikit.route']`` holds for a matched request."""

    rule: str
    app: WSGIApplication
    methods: frozenset[str]
    name: str | None
    segments: list[_Segment]

    def build(self, values: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """The (unquoted) path for ``values``, the values matching it must give
        back, and the values the rule did not use."""
        rest = dict(values)
        expected: dict[str, Any] = {}
        texts = []
        for segment in self.segments:
            text = []
            for part in segment.parts:
                if isinstance(part, str):
                    text.append(part)
                    continue
                name, conv = part
                if name not in rest:
                    raise BuildError(f"url_for({self.name!r}) needs a value for {name!r}")
                value = rest.pop(name)
                try:
                    piece = conv.to_url(value)
                    expected[name] = conv.to_python(piece)
                except (ValueError, TypeError) as exc:
                    message = f"{name}={value!r} does not fit {self.rule!r}: {exc}"
                    raise BuildError(message) from None
                text.append(piece)
            texts.append("".join(text))
        return "/" + "/".join(texts), expected, rest

    def __repr__(self) -> str:
        return f"<Route {self.rule!r} {sorted(self.methods)} name={self.name!r}>"


class _Node:
    """A node of the segment tree: what may come next, and the routes ending here."""

    __slots__ = ("by_method", "dynamic", "methods", "routes", "static", "tails")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.dynamic: list[tuple[_Segment, _Node]] = []  # sorted by priority
        self.tails: list[tuple[_Segment, _Node]] = []  # sorted by priority, after dynamic
        self.routes: list[Route] = []
        self.by_method: dict[str, Route] = {}
        self.methods: frozenset[str] = frozenset()  # what Allow lists for this resource

    def child(self, segment: _Segment) -> _Node:
        if segment.static is not None:
            node = self.static.get(segment.static)
            if node is None:
                node = self.static[segment.static] = _Node()
            return node
        edges = self.tails if segment.is_path else self.dynamic
        for existing, node in edges:
            if existing.key == segment.key:
                return node
        node = _Node()
        bisect.insort(edges, (segment, node), key=lambda edge: edge[0].priority)
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
        if "GET" in self.by_method and "HEAD" not in route.methods:
            self.by_method.setdefault("HEAD", self.by_method["GET"])
        self.methods = frozenset(self.by_method) | {"OPTIONS"}

    def end(self, method: str, allowed: list[str]) -> Route | None:
        """The path ends here: the route taking ``method``, else note the near miss."""
        route = self.by_method.get(method)
        if route is not None:
            return route
        allowed.extend(self.methods)
        slashed = self.static.get("")
        if slashed is not None and method in slashed.methods:
            raise _SlashRequired
        return None


class _SlashRequired(Exception):
    """The best answer is the same path with a trailing slash."""


def _search(
    node: _Node, segs: list[str], i: int, method: str, allowed: list[str],
    values: dict[str, Any],
) -> Route | None:
    """Depth-first, highest priority first: the route for ``segs[i:]`` below ``node``.

    ``values`` gathers the route's parameters on the way (a branch that fails
    takes its own back out); ``allowed`` the methods of routes that match the
    path but not the method.  ``_SlashRequired`` is raised where a trailing
    slash would match.
    """
    if i == len(segs):
        return node.end(method, allowed)
    seg = segs[i]
    child = node.static.get(seg)
    if child is not None:
        route = _search(child, segs, i + 1, method, allowed, values)
        if route is not None:
            return route
    for segment, child in node.dynamic:
        try:  # segment.convert(), written out: this is the hot loop
            if segment.check is not None:  # a common converter alone: no regex needed
                if not segment.check(seg):
                    continue
                name, conv = segment.variables[0]
                values[name] = conv.to_python(seg)
            else:
                match = segment.regex.fullmatch(seg)
                if match is None:
                    continue
                for name, conv in segment.variables:
                    values[name] = conv.to_python(match[name])
        except ValueError:  # the converter refuses: no match
            pass
        else:
            route = _search(child, segs, i + 1, method, allowed, values)
            if route is not None:
                return route
        for name, _ in segment.variables:
            values.pop(name, None)
    if node.tails:
        rest = "/".join(segs[i:])
        for segment, child in node.tails:  # a tail's node has no children: the path ends
            match = segment.regex.fullmatch(rest)
            found = None if match is None else segment.convert(match)
            if found is not None:
                route = child.end(method, allowed)
                if route is not None:
                    values.update(found)
                    return route
            if segment.slash and method in child.methods:
                match = segment.regex.fullmatch(rest + "/")
                if match is not None and segment.convert(match) is not None:
                    raise _SlashRequired
    return None


class Router:
    """A WSGI app that sends each request to the route its path and method match."""

    def __init__(self, converters: dict[str, type[Converter]] | None = None) -> None:
        for conv_name, cls in (converters or {}).items():
            if not (isinstance(cls, type) and issubclass(cls, Converter)):
                raise TypeError(f"converter {conv_name!r} must be a Converter subclass")
        self.converters = {**DEFAULT_CONVERTERS, **(converters or {})}
        self.routes: list[Route] = []
        self._root = _Node()
        self._names: dict[str, Route] = {}
        self._segments: dict[str, _Segment] = {}
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
        if not callable(app):
            raise TypeError(f"rule {rule!r}: the target must be a WSGI callable, not {app!r}")
        if isinstance(methods, str):
            raise TypeError(f"rule {rule!r}: methods is a list of names, as methods=['POST']")
        method_set = frozenset(method.upper() for method in methods)
        if not method_set or not all(_TOKEN.fullmatch(method) for method in method_set):
            raise ValueError(f"rule {rule!r}: bad or no methods {sorted(method_set)}")
        if name is not None and name in self._names:
            other = self._names[name].rule
            raise ValueError(f"rule {rule!r}: the name {name!r} is taken by {other!r}; "
                             "pass name= to tell them apart")
        texts = rule[1:].split("/")
        if "" in texts[:-1]:
            raise ValueError(f"rule {rule!r} has an empty segment: it could never match")
        segments = [self._segment(text, rule) for text in texts]
        names = [var for segment in segments for var, _ in segment.variables]
        if len(names) != len(set(names)):
            raise ValueError(f"rule {rule!r} uses a variable name twice")
        route = Route(rule, app, method_set, name, segments)
        steps = segments
        for index, segment in enumerate(segments):
            if segment.is_path:
                steps = [*segments[:index], _tail(segments[index:])]
                break
        node = self._root
        for step in steps:
            node = node.child(step)
        node.add(route)
        self.routes.append(route)
        if name is not None:
            self._names[name] = route
        return route

    def _segment(self, text: str, rule: str) -> _Segment:
        """Each segment text is parsed once; rules share the result."""
        segment = self._segments.get(text)
        if segment is None:
            segment = self._segments[text] = _parse_segment(text, self.converters, rule)
        return segment

    def route(
        self, rule: str, methods: Iterable[str] = ("GET",), name: str | None = None
    ) -> Callable[[WSGIApplication], WSGIApplication]:
        """Decorator form of :meth:`add`; the name defaults to the function's name."""

        def register(app: WSGIApplication) -> WSGIApplication:
            self.add(rule, app, methods, name or getattr(app, "__name__", None))
            return app

        return register

    def copy(self, wrap: Callable[[WSGIApplication], WSGIApplication]) -> Router:
        """A router with the same rules, names and error handlers, each rule's target
        passed through ``wrap`` (``wsgikit.trace.instrument`` traces them so)."""
        copied = Router({name: cls for name, cls in self.converters.items()
                         if DEFAULT_CONVERTERS.get(name) is not cls})
        copied._error_handlers = dict(self._error_handlers)
        for route in self.routes:
            copied.add(route.rule, wrap(route.app), route.methods, route.name)
        return copied

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

        Raises :class:`NotFound`, :class:`MethodNotAllowed`, :class:`Redirect`
        (a 308 to the path with a slash added), or for ``OPTIONS`` an
        :class:`HTTPError` whose response is the 200 with ``Allow``.
        """
        allowed: list[str] = []
        values: dict[str, Any] = {}
        if path and path[0] != "/":
            raise NotFound(f"nothing is served at {path!r}")
        try:  # '' (the bare mount point) is '/', and both split into ['']
            route = _search(self._root, path[1:].split("/"), 0, method, allowed, values)
        except _SlashRequired:
            raise Redirect(path + "/") from None
        if route is not None:
            return route, values
        if allowed:
            if method == "OPTIONS":
                raise _Options(sorted(set(allowed)))
            raise MethodNotAllowed(sorted(allowed))
        raise NotFound(f"nothing is served at {path!r}")

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ["wsgikit.router"] = self
        method = environ.get("REQUEST_METHOD")
        if not method:  # uWSGI's http-socket leaves it out for some malformed request lines
            return HTTPError("the request line has no method", code=400)(environ, start_response)
        respond = _StartResponse(start_response, method == "HEAD")
        try:
            path = environ.get("PATH_INFO", "")
            if not path.isascii():
                path = decode_wsgi(path, "path")
            route, params = self.match(path, method)
            environ["wsgiorg.routing_args"] = ((), params)
            environ["wsgikit.route"] = route
            if respond.head:
                return respond.run(route.app, environ)
            return route.app(environ, respond)
        except HTTPError as error:
            return self._serve_error(error, environ, respond)
        except Exception:
            if environ.get("wsgikit.debug"):
                raise  # wsgikit.DebugTracebacks logs it and shows it to this machine only
            _log(environ)
            return self._serve_error(InternalServerError(), environ, respond)

    def _serve_error(
        self, error: HTTPError, environ: WSGIEnvironment, failed: _StartResponse
    ) -> Iterable[bytes]:
        respond = failed.again(sys.exc_info())
        handler = self._error_handlers.get(error.code)
        if handler is None:
            return error(environ, respond)
        environ["wsgikit.error"] = error
        try:
            return respond.run(handler, environ)
        except Exception:
            _log(environ)
            return InternalServerError()(environ, respond.again(sys.exc_info()))

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
        path, expected, rest = route.build(values)
        self._check_round_trip(route, path, expected)
        try:
            url = quote(path, safe="/" + PATH_SAFE)
        except UnicodeEncodeError as exc:
            raise BuildError(f"url_for({name!r}): {path!r} is not encodable: {exc}") from None
        if environ is not None:
            script = environ.get("SCRIPT_NAME", "")
            url = quote(script.encode("latin-1"), safe="/" + PATH_SAFE) + url
        query = {k: v for k, v in rest.items() if v is not None}
        if query:
            url += "?" + urlencode(query, doseq=True, safe=_QUERY_SAFE)
        return url

    def _check_round_trip(self, route: Route, path: str, expected: dict[str, Any]) -> None:
        """``BuildError`` unless a request for ``path`` reaches ``route`` with ``expected``."""
        segs = path[1:].split("/")
        for method in sorted(route.methods):
            values: dict[str, Any] = {}
            try:
                found = _search(self._root, segs, 0, method, [], values)
            except _SlashRequired:
                why = f"{method} would be redirected to {path + '/'!r}"
            else:
                if found is route and values == expected:
                    continue
                if found is None:
                    why = "no rule matches it: does a value hold '/' or not fit its converter?"
                elif found is not route:
                    why = f"{method} would reach {found.rule!r} instead"
                else:
                    why = f"matching it gives {values!r}"
            message = f"url_for({route.name!r}) cannot build {path!r} for {expected!r}: {why}"
            raise BuildError(message)


def _log(environ: WSGIEnvironment) -> None:
    errors = environ["wsgi.errors"]
    errors.write(
        f"wsgikit: error in {environ.get('REQUEST_METHOD')} "
        f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}:\n"
        + traceback.format_exc()
    )
    errors.flush()  # the stream may be buffered (uWSGI's is): PEP 3333 says flush


def _discard(data: bytes) -> None:
    """HEAD's ``write()``: the body is not sent."""


class _StartResponse:
    """The ``start_response`` a target gets: it notes that the target called it
    (an error after that must pass ``exc_info``), and keeps HEAD bodies out."""

    __slots__ = ("called", "exc_info", "head", "start_response")

    def __init__(self, start_response: StartResponse, head: bool, exc_info: Any = None) -> None:
        self.start_response = start_response
        self.head = head
        self.exc_info = exc_info
        self.called = False

    def __call__(self, status: str, headers: list[tuple[str, str]],
                 exc_info: Any = None) -> Callable[[bytes], object]:
        self.called = True
        write = self.start_response(status, headers, exc_info or self.exc_info)
        return _discard if self.head else write

    def again(self, exc_info: Any) -> _StartResponse:
        """For the error response: with ``exc_info`` if headers were given already."""
        retry = _StartResponse(self.start_response, self.head, exc_info if self.called else None)
        retry.called = self.called
        return retry

    def run(self, app: WSGIApplication, environ: WSGIEnvironment) -> Iterable[bytes]:
        body = app(environ, self)
        if not self.head:
            return body
        # start_response may wait for the first item; take it, then drop the rest.
        try:
            next(iter(body), None)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        return []


class Redirect(HTTPError):
    """308 Permanent Redirect to the same path with a trailing slash."""

    code = 308
    description = "This resource lives at the URL with a trailing slash."

    def __init__(self, path: str) -> None:
        super().__init__(f"see {path}")
        self.path = path

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        script = quote(environ.get("SCRIPT_NAME", "").encode("latin-1"), safe="/" + PATH_SAFE)
        location = script + quote(self.path, safe="/" + PATH_SAFE)
        query = environ.get("QUERY_STRING", "")
        if query:  # as the client sent it, with stray bytes escaped
            location += "?" + quote(query.encode("latin-1"), safe="/?%" + PATH_SAFE)
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
