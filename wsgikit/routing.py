"""``Router``: URL rules to WSGI apps, with Flask's rule syntax, as a WSGI app.

Use it to dispatch requests by path and method to plain WSGI callables, or to
``@handler`` functions (``wsgikit.handler``)::

    router = Router()
    router.add("/", index)                                  # GET (and HEAD, OPTIONS)
    router.add("/post/<int:post_id>", show_post, name="post")
    router.add("/files/<path:name>", download, methods=("GET", "PUT"))
    router.url_for("post", post_id=7)                       # '/post/7'

What it does (rule syntax, priority, answers, ``url_for``) is written once, in
the README's Router section; this docstring says how.

**A trie of path segments.**  A rule is split at ``/`` and its segments are laid
along a tree.  A node holds a dict of static children, the routes that end there
by method, and a list of *branches* sorted by priority (the README's): dynamic
children (a segment with converters, matched by one regex) and, after them,
*tails*: the rest of a rule from its first segment that may span ``/`` (a
``path``, text beside one, a converter with ``part_isolating = False``), which a
tree of single segments cannot hold.  Each segment gets its ``order`` when it is
parsed; a new branch is put in its place by bisection, and one of the same order
shares its node.

**A depth-first search, static children first.**  Matching walks the request's
segments from the root: the static child, then each branch, a dynamic child if
its regex takes the segment, a tail if its pieces take the rest; the first route
found wins, so the search order is the priority order, and 10 rules cost what
10,000 do.  Where the path ends, the node's route for the method is the answer;
failing that its methods go into ``Allow``, and if its ``/`` child takes the
method the answer is a slash redirect, exactly where the rule without its slash
would stand (a tail ending in ``/`` is also filed without it, at a node whose
only child is that ``/``).  A rule without converters is what the search would
find first for its path, so a dict of them by path is asked first.

**Tails in linear time.**  A tail's pieces (its segments) are laid over the
remaining segments, each ``path`` taking the fewest that let the rest fit.  One
regex over the rest would backtrack, in time polynomial in the path's length
with two or three ``path`` converters; instead a (piece, segment) pair that
failed is remembered, and a ``path`` that failed from segment ``j`` fails from
any later one, so each piece looks at each segment a bounded number of times
(``_Fill.steps`` counts them; the tests bound it).  A piece that is not a bare
``path`` (``Talk:<path:p>``, a converter over ``/``) followed by more pieces
runs its regex on each run of segments it could fill: up to segments² calls.
"""

from __future__ import annotations

import re
import sys
import traceback
import uuid
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from ._http import PATH_SAFE, TOKEN, close, quote_path
from .errors import HTTPError, InternalServerError, MethodNotAllowed, NotFound
from .request import decode_wsgi
from .response import Response

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["AnyConverter", "BuildError", "Converter", "FloatConverter", "IntConverter",
           "PathConverter", "Redirect", "Route", "Router", "StringConverter", "UUIDConverter"]


class BuildError(LookupError):
    """``url_for`` cannot build a URL: unknown name, missing or invalid value."""


class Converter:
    """Turns a path segment into a Python value and back: ``regex`` matches the
    text, ``to_python`` may raise ``ValueError`` to refuse it (no match), ``to_url``
    gives the text back.  A regex over ``/`` needs ``part_isolating = False``
    (implied by a class-level ``regex`` with a ``/``)."""

    regex = r"[^/]+"
    weight = 50
    part_isolating = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "regex" in cls.__dict__ and "part_isolating" not in cls.__dict__:
            cls.part_isolating = "/" not in cls.regex.replace("[^/]", "")  # '[^/]' never spans

    def to_python(self, value: str) -> Any:
        return value

    def to_url(self, value: Any) -> str:
        return str(value)


class StringConverter(Converter):
    weight = 100

    def __init__(self, minlength: int = 1, maxlength: int | None = None,
                 length: int | None = None) -> None:
        if length is not None:
            minlength = maxlength = length
        if maxlength is not None and maxlength < max(minlength, 1):
            raise ValueError(f"maxlength={maxlength}: no value fits")
        self.regex = f"[^/]{{{max(minlength, 1)},{'' if maxlength is None else maxlength}}}"


class IntConverter(Converter):
    def __init__(self, signed: bool = False, min: int | None = None,
                 max: int | None = None) -> None:
        if min is not None and max is not None and min > max:
            raise ValueError(f"min={min} > max={max}: no value fits")
        self.regex = r"-?[0-9]+" if signed else r"[0-9]+"  # ASCII only: no '١٢' or '１'
        self.weight = 31 if signed else 30  # unsigned is narrower
        self.min, self.max = min, max

    def to_python(self, value: str) -> int:
        number = int(value)  # over 4300 digits: ValueError, so no match
        if self.min is not None and number < self.min or self.max is not None and number > self.max:
            raise ValueError("out of range")
        return number

    def to_url(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected an int, got {value!r}")
        return str(value)


class FloatConverter(Converter):
    def __init__(self, signed: bool = False) -> None:
        self.regex = r"-?[0-9]+\.[0-9]+" if signed else r"[0-9]+\.[0-9]+"
        self.weight = 31 if signed else 30

    def to_python(self, value: str) -> float:
        return float(value)  # 400 digits make inf, as in werkzeug; url_for refuses inf

    def to_url(self, value: Any) -> str:
        text = format(Decimal(repr(float(value))), "f")  # plain decimals: 1e-05 is 0.00001
        # 1e+16 is 10000000000000000.0; inf, nan (and -1.5 if unsigned) fail the regex later
        return text if "." in text or not text[-1].isdigit() else text + ".0"


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
    part_isolating = False


DEFAULT_CONVERTERS: dict[str, type[Converter]] = {
    "default": StringConverter, "string": StringConverter, "int": IntConverter,
    "float": FloatConverter, "uuid": UUIDConverter, "any": AnyConverter, "path": PathConverter,
}

_VARIABLE = re.compile(
    r"<(?:(?P<conv>[A-Za-z_]\w*)(?:\((?P<args>[^)]*)\))?:)?(?P<name>[A-Za-z_]\w*)>")
_ARGUMENT = re.compile(  # an argument and its comma, or a stray character
    r"""\s*(?:([A-Za-z_]\w*)\s*=\s*)?('[^']*'|"[^"]*"|[^,'"\s]+)\s*(?:,|$)|(.)""", re.DOTALL)
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]*)?")
_CONSTANTS = {"True": True, "False": False, "None": None}
_NOT_IN_A_RULE = re.compile(r"[?#\x00-\x1f\x7f]")
_NEVER = re.compile("(?!)")  # a static segment's regex: its text is compared instead
_QUERY_SAFE = "!$'()*,/:;?@"  # as werkzeug and Flask leave them in a query
_STATIC, _MIXED, _ALONE, _SPANNING = range(4)  # segment kinds, in the order they are tried
_Part = str | tuple[str, Converter, str]  # text, or a variable: (name, converter, identity)


def _parse_arguments(text: str) -> tuple[list[Any], dict[str, Any]]:
    """``a, 'b', n=1, x=2.5, on=True`` -> (['a', 'b'], {'n': 1, 'x': 2.5, 'on': True})."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, raw, stray in _ARGUMENT.findall(text.strip()):
        if stray:
            raise ValueError(f"cannot read the arguments {text!r}")
        if raw[0] in "'\"":
            value: Any = raw[1:-1]
        elif raw in _CONSTANTS:
            value = _CONSTANTS[raw]
        elif _NUMBER.fullmatch(raw):
            value = float(raw) if "." in raw else int(raw)
        elif name:  # a bare word is text only as a positional argument: any(about, help)
            raise ValueError(f"{name}={raw}: quote text, or give a number, True, False or None")
        else:
            value = raw
        if name:
            kwargs[name] = value
        else:
            args.append(value)
    return args, kwargs


def _parse(text: str, converters: dict[str, type[Converter]], rule: str
           ) -> tuple[tuple[_Part, ...], str, str]:
    """A segment's parts, regex and key: ``v<int:major>.`` is ('v', ('major', IntConverter(),
    'IntConverter[][]'), '.'), ``v(?P<major>[0-9]+)\\.`` and ``v<IntConverter[][]>.``."""
    parts: list[_Part] = []
    pos, pattern, key = 0, "", ""
    for match in [*_VARIABLE.finditer(text), None]:
        literal = text[pos:] if match is None else text[pos : match.start()]
        if "<" in literal or ">" in literal:
            raise ValueError(f"rule {rule!r}: cannot parse {text!r}")
        if literal:
            parts.append(literal)
            pattern, key = pattern + re.escape(literal), key + literal
        if match is None:
            break
        conv_name, name = match["conv"] or "default", match["name"]
        if conv_name not in converters:
            raise ValueError(f"rule {rule!r}: unknown converter {conv_name!r}")
        try:
            args, kwargs = _parse_arguments(match["args"]) if match["args"] else ([], {})
            conv = converters[conv_name](*args, **kwargs)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"rule {rule!r}: bad arguments for {conv_name}: {exc}") from None
        if any(isinstance(part, tuple) and part[0] == name for part in parts):
            raise ValueError(f"rule {rule!r} uses the variable {name!r} twice")
        identity = f"{type(conv).__qualname__}{args!r}{sorted(kwargs.items())!r}"
        parts.append((name, conv, identity))
        pattern, key = pattern + f"(?P<{name}>{conv.regex})", key + f"<{identity}>"
        pos = match.end()
    return tuple(parts), pattern, key


class _Segment:
    """One segment of a rule: its parts, matched by one regex, and its ``order``
    among its siblings, which is the same for segments that share a node."""

    __slots__ = ("bare_path", "converting", "order", "parts", "regex", "spans", "static",
                 "variables")
    parts: tuple[_Part, ...]
    variables: tuple[tuple[str, Converter, str], ...]
    converting: tuple[tuple[str, Converter], ...]
    static: str | None
    order: tuple[Any, ...]

    def __init__(self, text: str, converters: dict[str, type[Converter]], rule: str) -> None:
        self.spans = self.bare_path = False
        if "<" not in text and ">" not in text:  # looked up in a dict or compared, no regex
            self.parts, self.variables, self.converting = (text,), (), ()
            self.static, self.regex, self.order = text, _NEVER, (_STATIC, text)
            return
        self.static = None
        self.parts, pattern, key = _parse(text, converters, rule)
        self.variables = tuple(part for part in self.parts if isinstance(part, tuple))
        # Only the converters that change the text are called (not string, path or any).
        self.converting = tuple((name, conv) for name, conv, _ in self.variables
                                if type(conv).to_python is not Converter.to_python)
        if any(not conv.part_isolating for _, conv, _ in self.variables):
            self.spans = True
            # A bare path needs no regex: any run of segments does, if the first is not empty.
            self.bare_path = len(self.parts) == 1 and type(self.variables[0][1]) is PathConverter
        try:
            self.regex = re.compile(pattern, re.DOTALL)
        except re.error as exc:  # a converter's regex that is broken or clashes with the rest
            raise ValueError(f"rule {rule!r}: cannot compile {text!r}: {exc}") from None
        if self.spans:  # text beside a path before a bare path, longer text first
            self.order = (_SPANNING, self.bare_path, tuple(
                (0, -len(part), part) if isinstance(part, str) else (1, part[1].weight, part[2])
                for part in self.parts))
        else:
            weights = tuple(conv.weight for _, conv, _ in self.variables)
            self.order = (_ALONE if len(self.parts) == 1 else _MIXED, weights, key)

    def match(self, text: str, taken: dict[str, Any]) -> dict[str, Any] | None:
        """``taken`` and the variables' values if the segment takes ``text``, else None."""
        if self.static is not None:  # a static piece of a tail
            return taken if text == self.static else None
        match = self.regex.fullmatch(text)
        if match is None:
            return None
        values = {**taken, **match.groupdict()}
        try:
            for name, conv in self.converting:
                values[name] = conv.to_python(values[name])
        except ValueError:  # the converter refuses the value: no match
            return None
        return values


@dataclass(eq=False)
class Route:
    """A compiled rule: what ``environ['wsgikit.route']`` holds for a matched request."""

    rule: str
    app: WSGIApplication
    methods: frozenset[str]
    name: str | None
    segments: list[_Segment]

    def __repr__(self) -> str:
        return f"<Route {self.rule!r} {sorted(self.methods)} name={self.name!r}>"


class _Node:
    """A node of the segment tree: what may come next, and the routes ending here."""

    __slots__ = ("branches", "by_method", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        # (order, dynamic segment or tail, node), sorted by order: the tails come last
        self.branches: list[tuple[tuple[Any, ...], _Segment | list[_Segment], _Node]] = []
        self.by_method: dict[str, Route] = {}  # HEAD is served by GET unless a route takes it

    def child(self, segment: _Segment) -> _Node:
        if segment.static is None:
            return self._branch(segment.order, segment)
        return self.static.setdefault(segment.static, _Node())

    def tail(self, pieces: list[_Segment]) -> _Node:
        node = self._branch(_tail_order(pieces, False), pieces)
        if pieces[-1].static == "":  # its slash redirect stands where the rule without it would
            self._branch(_tail_order(pieces[:-1], True), pieces[:-1]).static[""] = node
        return node

    def _branch(self, order: tuple[Any, ...], item: _Segment | list[_Segment]) -> _Node:
        """The node of the branch of that order, added in its place if there is none."""
        index = bisect_left(self.branches, order, key=lambda branch: branch[0])
        if index == len(self.branches) or self.branches[index][0] != order:
            self.branches.insert(index, (order, item, _Node()))
        return self.branches[index][2]

    def add(self, route: Route) -> None:
        for method in sorted(route.methods):
            other = self.by_method.get(method)
            if other is not None and method in other.methods:  # not a HEAD served by GET
                overlap = ", ".join(sorted(other.methods & route.methods))
                raise ValueError(f"rule {route.rule!r} collides with {other.rule!r} "
                                 f"for {overlap}: it could never match")
        self.by_method.update(dict.fromkeys(route.methods, route))
        if "GET" in self.by_method:
            self.by_method.setdefault("HEAD", self.by_method["GET"])

    def takes(self, method: str) -> bool:  # OPTIONS is answered wherever a route ends
        return method in self.by_method or method == "OPTIONS" and bool(self.by_method)


def _tail_order(pieces: list[_Segment], redirect: bool) -> tuple[Any, ...]:
    """Tails come after the dynamic children: more static pieces first, then more pieces,
    then piece by piece (README); a slash redirect after the rule it stands beside."""
    statics = sum(piece.static is not None for piece in pieces)
    return (_SPANNING, -statics, -len(pieces), [piece.order for piece in pieces], redirect)


def _search(node: _Node, segs: list[str], i: int, method: str, taken: dict[str, Any],
            allowed: list[str]) -> tuple[Route, dict[str, Any]] | None:
    """The route for ``segs[i:]`` below ``node``, highest priority first, and its
    values: ``taken`` (those of the segments before) and the rest.  The methods
    of routes that take the path but not the method go into ``allowed``."""
    if i == len(segs):  # the path ends here: the route for the method, else a near miss
        route = node.by_method.get(method)
        if route is not None:
            return route, taken
        allowed.extend(node.by_method)
        with_slash = node.static.get("")
        if with_slash is not None and with_slash.takes(method):
            raise Redirect("/".join(segs) + "/")
        return None
    seg = segs[i]
    child = node.static.get(seg)
    if child is not None:
        found = _search(child, segs, i + 1, method, taken, allowed)
        if found is not None:
            return found
    for _, branch, child in node.branches:
        if isinstance(branch, _Segment):
            values, end = branch.match(seg, taken), i + 1
        else:  # a tail: its pieces take the rest of the path
            rest, end = _Fill(branch, segs).take(0, i), len(segs)
            values = None if rest is None else {**taken, **rest}
        if values is not None:
            found = _search(child, segs, end, method, values, allowed)
            if found is not None:
                return found
    return None


class _Fill:
    """One try of a tail's ``pieces`` on ``segs``: what failed, and the steps taken."""

    __slots__ = ("failed", "path_fails_from", "pieces", "segs", "steps")

    def __init__(self, pieces: list[_Segment], segs: list[str]) -> None:
        self.pieces, self.segs, self.steps = pieces, segs, 0
        self.failed: set[tuple[int, int]] = set()
        self.path_fails_from: dict[int, int] = {}  # from j failed: so will any later j

    def take(self, p: int, j: int) -> dict[str, Any] | None:
        """The values if ``pieces[p:]`` take exactly ``segs[j:]``, each ``path`` the fewest."""
        self.steps += 1
        segs, n, last = self.segs, len(self.segs), len(self.pieces) - 1
        if p > last or j == n:
            return {} if p > last and j == n else None
        piece, stop = self.pieces[p], self.path_fails_from.get(p, n)
        if j >= stop or (p, j) in self.failed or piece.bare_path and segs[j] == "":
            return None  # (a path never starts with an empty segment)
        if not piece.spans:
            ends: Iterable[int] = [j + 1]
        elif p == last:
            ends = [n]
        else:  # a bare path never looks past where it failed before
            ends = range(j + 1, (stop if piece.bare_path else n) + 1)
        for k in ends:
            self.steps += 1
            values = {} if piece.bare_path else piece.match("/".join(segs[j:k]), {})
            rest = None if values is None else self.take(p + 1, k)
            if values is not None and rest is not None:
                if piece.bare_path:  # its value is joined only once the rest is known to fit
                    values = {piece.variables[0][0]: "/".join(segs[j:k])}
                return {**values, **rest}
        if piece.bare_path and p < last:
            self.path_fails_from[p] = j
        self.failed.add((p, j))
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
        self._static: dict[str, _Node] = {}  # the nodes of rules without converters, by rule
        self._names: dict[str, Route] = {}
        self._error_handlers: dict[int, WSGIApplication] = {}

    def add(self, rule: str, app: WSGIApplication, methods: Iterable[str] = ("GET",),
            name: str | None = None) -> Route:
        """Register ``app`` for ``rule``; every check happens here, not per request."""
        if not isinstance(rule, str) or not rule.startswith("/"):
            raise ValueError(f"a rule must start with '/': {rule!r}")
        if _NOT_IN_A_RULE.search(rule):
            raise ValueError(f"rule {rule!r}: no '?', '#' or control characters in a path")
        if not callable(app):
            raise TypeError(f"rule {rule!r}: the target must be a WSGI callable, not {app!r}")
        if isinstance(methods, str):
            raise TypeError(f"rule {rule!r}: methods is a list of names, as methods=['POST']")
        method_set = frozenset(method.upper() for method in methods)
        if not method_set or not all(TOKEN.fullmatch(method) for method in method_set):
            raise ValueError(f"rule {rule!r}: bad or no methods {sorted(method_set)}")
        if name in self._names:
            raise ValueError(f"rule {rule!r}: the name {name!r} is taken by "
                             f"{self._names[name].rule!r}; pass name= to tell them apart")
        texts = rule[1:].split("/")
        if "" in texts[:-1]:
            raise ValueError(f"rule {rule!r} has an empty segment: it could never match")
        segments = [_Segment(text, self.converters, rule) for text in texts]
        names = [variable[0] for segment in segments for variable in segment.variables]
        if len(names) != len(set(names)):
            raise ValueError(f"rule {rule!r} uses a variable name twice")
        route, node = Route(rule, app, method_set, name, segments), self._root
        for index, segment in enumerate(segments):
            if segment.spans:
                node = node.tail(segments[index:])
                break
            node = node.child(segment)
        node.add(route)
        if not names:
            self._static[rule] = node
        self.routes.append(route)
        if name is not None:
            self._names[name] = route
        return route

    def route(self, rule: str, methods: Iterable[str] = ("GET",), name: str | None = None
              ) -> Callable[[WSGIApplication], WSGIApplication]:
        """Decorator form of :meth:`add`; the name defaults to the function's name."""
        def register(app: WSGIApplication) -> WSGIApplication:
            self.add(rule, app, methods, name or getattr(app, "__name__", None))
            return app
        return register

    def copy(self, wrap: Callable[[WSGIApplication], WSGIApplication]) -> Router:
        """The same rules, names and error handlers, each target passed through ``wrap``."""
        copied = Router({name: cls for name, cls in self.converters.items()
                         if DEFAULT_CONVERTERS.get(name) is not cls})
        copied._error_handlers = dict(self._error_handlers)
        for route in self.routes:
            copied.add(route.rule, wrap(route.app), route.methods, route.name)
        return copied

    def error_handler(self, code: int) -> Callable[[WSGIApplication], WSGIApplication]:
        """Decorator: serve errors of status ``code`` with your own WSGI app."""
        def register(app: WSGIApplication) -> WSGIApplication:
            self._error_handlers[code] = app
            return app
        return register

    def match(self, path: str, method: str = "GET") -> tuple[Route, dict[str, Any]]:
        """The route and parameters for ``path`` (decoded text) and ``method``, or
        :class:`NotFound`, :class:`MethodNotAllowed` or :class:`Redirect`."""
        node = self._static.get(path)
        route = None if node is None else node.by_method.get(method)
        if route is not None:
            return route, {}
        # '/a' is ['', 'a'] and the bare mount point '' is ['']: the search starts at 1, so
        # the root's '/' child gives '' the slash redirect any '/projects' gets.
        segs = path.split("/")
        allowed: list[str] = []
        found = _search(self._root, segs, 1, method, {}, allowed) if segs[0] == "" else None
        if found is not None:
            return found
        if allowed:
            raise MethodNotAllowed([*allowed, "OPTIONS"])
        raise NotFound(f"nothing is served at {path!r}")

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ["wsgikit.router"] = self
        method = environ.get("REQUEST_METHOD")
        if not method:  # uWSGI's http-socket leaves it out for some malformed request lines
            return HTTPError("the request line has no method", code=400)(environ, start_response)
        respond = _StartResponse(start_response, method == "HEAD")
        try:
            path = environ.get("PATH_INFO", "")
            try:
                route, params = self.match(path if path.isascii() else decode_wsgi(path, "path"),
                                           method)
            except MethodNotAllowed as error:
                if method != "OPTIONS":
                    raise
                return Response(b"", 200, {"Allow": ", ".join(error.allowed)})(environ, respond)
            environ["wsgiorg.routing_args"] = ((), params)
            environ["wsgikit.route"] = route
            return respond.run(route.app, environ)
        except HTTPError as error:
            return self._serve_error(error, environ, respond)
        except Exception:
            if environ.get("wsgikit.debug"):
                raise  # wsgikit.DebugTracebacks logs it and shows it to this machine only
            _log(environ)
            return self._serve_error(InternalServerError(), environ, respond)

    def _serve_error(self, error: HTTPError, environ: WSGIEnvironment,
                     respond: _StartResponse) -> Iterable[bytes]:
        respond.failed()
        handler = self._error_handlers.get(error.code)
        if handler is not None:
            environ["wsgikit.error"] = error
            try:
                return respond.run(handler, environ)
            except Exception:
                _log(environ)
                respond.failed()
                error = InternalServerError()
        return error(environ, respond)

    def url_for(self, name: str, environ: WSGIEnvironment | None = None, /, **values: Any) -> str:
        """The URL path of route ``name``, under ``environ``'s SCRIPT_NAME."""
        route = self._names.get(name)
        if route is None:
            raise BuildError(f"no route is named {name!r}")
        rest, texts = dict(values), []
        expected: dict[str, Any] = {}
        for part in (part for segment in route.segments for part in ["/", *segment.parts]):
            if isinstance(part, str):
                texts.append(part)
                continue
            var, conv, _ = part
            value = rest.pop(var, None)
            if value is None:
                raise BuildError(f"url_for({name!r}) needs a value for {var!r}")
            try:
                texts.append(conv.to_url(value))
                expected[var] = conv.to_python(texts[-1])
            except (ValueError, TypeError) as exc:
                raise BuildError(f"{var}={value!r} does not fit {route.rule!r}: {exc}") from None
        path = "".join(texts)
        for method in sorted(route.methods):  # a request for the path must come back here
            try:
                found, params = self.match(path, method)
            except Redirect:
                why = f"{method} would be redirected to {path + '/'!r}"
            except HTTPError:
                why = "no rule matches it: does a value hold '/' or not fit its converter?"
            else:
                if found is route and params == expected:
                    continue
                why = (f"{method} would reach {found.rule!r} instead" if found is not route
                       else f"matching it gives {params!r}")
            raise BuildError(f"url_for({name!r}) cannot build {path!r} for {expected!r}: {why}")
        try:
            url = quote_path(path)
        except UnicodeEncodeError as exc:
            raise BuildError(f"url_for({name!r}): {path!r} is not encodable: {exc}") from None
        if environ is not None:
            url = quote_path(environ.get("SCRIPT_NAME", "").encode("latin-1")) + url
        query = [(key, item) for key, value in rest.items()
                 for item in (value if isinstance(value, (list, tuple)) else [value])
                 if item is not None]
        return url + "?" + urlencode(query, safe=_QUERY_SAFE) if query else url


def _log(environ: WSGIEnvironment) -> None:
    errors = environ["wsgi.errors"]
    errors.write(f"wsgikit: error in {environ.get('REQUEST_METHOD')} "
                 f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}:\n"
                 + traceback.format_exc())
    errors.flush()  # the stream may be buffered (uWSGI's is): PEP 3333 says flush


def _discard(data: bytes) -> None:
    """HEAD's ``write()``: the body is not sent."""


class _StartResponse:
    """The ``start_response`` a target gets: it notes that the target called it
    (an error after that must pass ``exc_info``), and keeps HEAD bodies out."""

    __slots__ = ("called", "exc_info", "head", "start_response")
    exc_info: Any  # sys.exc_info() once an error response is to replace given headers

    def __init__(self, start_response: StartResponse, head: bool) -> None:
        self.start_response, self.head = start_response, head
        self.called, self.exc_info = False, None

    def __call__(self, status: str, headers: list[tuple[str, str]],
                 exc_info: Any = None) -> Callable[[bytes], object]:
        self.called = True
        write = self.start_response(status, headers, exc_info or self.exc_info)
        return _discard if self.head else write

    def failed(self) -> None:
        """An error response comes next: it replaces headers already given (PEP 3333)."""
        if self.called:
            self.exc_info = sys.exc_info()

    def run(self, app: WSGIApplication, environ: WSGIEnvironment) -> Iterable[bytes]:
        body = app(environ, self)
        if not self.head:
            return body
        try:  # start_response may wait for the first item; take it, then drop the rest
            next(iter(body), None)
        finally:
            close(body)
        return []


class Redirect(HTTPError):
    """308 Permanent Redirect to the same path with a trailing slash."""

    code = 308
    description = "This resource lives at the URL with a trailing slash."

    def __init__(self, path: str) -> None:
        super().__init__(f"see {path}")
        self.path = path

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        location = quote_path(environ.get("SCRIPT_NAME", "").encode("latin-1"))
        location += quote_path(self.path)
        query = environ.get("QUERY_STRING", "")
        if query:  # as the client sent it, with stray bytes escaped
            location += "?" + quote(query.encode("latin-1"), safe="/?%" + PATH_SAFE)
        response = Response(f"Redirecting to {location}\n", 308, {"Location": location})
        return response(environ, start_response)
