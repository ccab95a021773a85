"""wsgikit.routing against werkzeug's own routing tests (pallets/werkzeug, tests/test_routing.py).

Each test is named after the werkzeug test it follows and asks the same
question of ``Router``: the same rules, paths and expected answers, written
with wsgikit's API (an endpoint is a route name; a redirect is ``Redirect``
with a root-relative ``Location``).  werkzeug tests of what wsgikit does not
have (hosts and subdomains, websockets, rule defaults, aliases, ``strict_slashes
=False``, ``merge_slashes``, rule templates, ``MapAdapter`` options) are left
out.  Where wsgikit answers otherwise on purpose, the test says so and checks
both sides with the installed werkzeug.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from werkzeug.routing import Map, Rule

from tests.test_routing import call, echo
from wsgikit import routing
from wsgikit.errors import MethodNotAllowed, NotFound
from wsgikit.routing import BuildError, Converter, Redirect, Router


def router_for(rules: list[str | tuple[str, list[str]]], **converters: type[Converter]) -> Router:
    """A router whose route names are the rules themselves."""
    router = Router(converters=converters or None)
    for entry in rules:
        rule, methods = (entry, ["GET"]) if isinstance(entry, str) else entry
        router.add(rule, echo, methods, name=rule)
    return router


def found(router: Router, path: str, method: str = "GET") -> Any:
    """``(rule, params)``, or the class of the error ``match`` raises."""
    try:
        route, params = router.match(path, method)
    except (Redirect, NotFound, MethodNotAllowed) as error:
        return type(error)
    return route.rule, params


def test_basic_routing() -> None:
    router = router_for(["/", "/foo", "/bar/"])
    assert found(router, "/") == ("/", {})
    assert found(router, "/foo") == ("/foo", {})
    assert found(router, "/bar/") == ("/bar/", {})
    assert found(router, "/bar") is Redirect
    assert found(router, "/blub") is NotFound
    assert call(router, "/bar", script_name="/test").headers["location"] == "/test/bar/"
    assert call(router, "/bar", query="aha=muhaha").headers["location"] == "/bar/?aha=muhaha"


def test_strict_slashes_redirect() -> None:
    router = router_for([("/bar/", ["GET"]), ("/bar", ["POST"]), ("/foo/", ["POST"]),
                         ("/<path:var>/", ["GET"])])
    assert found(router, "/bar/", "GET") == ("/bar/", {})
    assert found(router, "/bar", "POST") == ("/bar", {})
    assert found(router, "/abc/", "GET") == ("/<path:var>/", {"var": "abc"})
    assert found(router, "/bar", "GET") is Redirect
    assert found(router, "/bar/", "POST") is MethodNotAllowed
    assert found(router, "/foo", "POST") is Redirect
    result = call(router, "/abc")
    assert (result.status, result.headers["location"]) == (308, "/abc/")
    only_slash = router_for(["/bar/"])
    assert found(only_slash, "/bar") is Redirect
    assert found(only_slash, "/bar/", "POST") is MethodNotAllowed


def test_strict_slashes_leaves_dont_consume() -> None:
    router = router_for(["/path1", "/path1/", "/path5"])
    assert found(router, "/path1") == ("/path1", {})
    assert found(router, "/path1/") == ("/path1/", {})
    assert found(router, "/path5/") is NotFound  # werkzeug: only with strict_slashes=False


def test_environ_nonascii_pathinfo() -> None:
    router = router_for(["/лошадь"])
    assert call(router, "/%D0%BB%D0%BE%D1%88%D0%B0%D0%B4%D1%8C").json()["rule"] == "/лошадь"


def test_basic_building() -> None:
    router = router_for(["/", "/foo", "/bar/<baz>", "/bar/<int:bazi>", "/bar/<float:bazf>",
                         "/bar/<path:bazp>"])
    assert router.url_for("/") == "/"
    assert router.url_for("/foo") == "/foo"
    assert router.url_for("/bar/<baz>", baz="blub") == "/bar/blub"
    assert router.url_for("/bar/<int:bazi>", bazi=50) == "/bar/50"
    assert router.url_for("/bar/<float:bazf>", bazf=0.815) == "/bar/0.815"
    assert router.url_for("/bar/<path:bazp>", bazp="la/di") == "/bar/la/di"
    assert router.url_for("/foo", {"SCRIPT_NAME": "/test"}) == "/test/foo"
    with pytest.raises(BuildError):
        router.url_for("urks")


def test_long_build() -> None:
    """werkzeug builds a rule of 10,000 variables; the tree search recurses once a
    segment, so wsgikit's rules stay under Python's recursion limit (300 here)."""
    values = {f"v{x}": x for x in range(300)}
    router = router_for(["".join(f"/<{name}>" for name in values)])
    url = router.url_for(router.routes[0].rule, **values)
    assert url == "".join(f"/{v}" for v in values.values())


def test_negative() -> None:
    router = router_for(["/foos/<int(signed=True):page>", "/bars/<float(signed=True):page>",
                         "/foo/<int:page>", "/bar/<float:page>"])
    assert found(router, "/foos/-2") == ("/foos/<int(signed=True):page>", {"page": -2})
    assert found(router, "/foos/-50") == ("/foos/<int(signed=True):page>", {"page": -50})
    assert found(router, "/bars/-2.0") == ("/bars/<float(signed=True):page>", {"page": -2.0})
    assert found(router, "/bars/-0.185") == ("/bars/<float(signed=True):page>", {"page": -0.185})
    for path in ["/foo/-2", "/foo/-50", "/bar/-0.185", "/bar/-2.0"]:
        assert found(router, path) is NotFound


@pytest.mark.parametrize("value", [0.00001, 1e-300, 123456789.0, 1e22, 0.1, 2.5e-7])
def test_float_no_scientific(value: float) -> None:
    """werkzeug's test asks for no 'e'; werkzeug itself then builds a URL that
    its float converter does not match back (``1e-05``).  wsgikit builds plain
    decimals that match back to the same float."""
    router = router_for(["/<float:v>"])
    url = router.url_for("/<float:v>", v=value)
    assert "e" not in url
    assert found(router, url) == ("/<float:v>", {"v": value})
    werkzeug_url = Map([Rule("/<float:v>", endpoint="a")]).bind("x").build("a", {"v": 0.00001})
    assert werkzeug_url == "/1e-05"


def test_greedy() -> None:
    router = router_for(["/foo", "/<path:bar>", "/<path:bar>/<path:blub>"])
    assert found(router, "/foo") == ("/foo", {})
    assert found(router, "/blub") == ("/<path:bar>", {"bar": "blub"})
    assert found(router, "/he/he") == ("/<path:bar>/<path:blub>", {"bar": "he", "blub": "he"})
    assert router.url_for("/<path:bar>", bar="blub") == "/blub"
    assert router.url_for("/<path:bar>/<path:blub>", bar="blub", blub="bar") == "/blub/bar"


PATH_RULES = [
    "/", "/Special", "/<int:year>", "/<path:name>:foo", "/<path:name>:<path:name2>",
    "/<path:name>", "/<path:name>/edit", "/<path:name>/silly/<path:name2>",
    "/<path:name>/silly/<path:name2>/edit", "/Talk:<path:name>", "/User:<username>",
    "/User:<username>/<path:name>", "/User:<username>/comment/<int:id>-<int:replyId>",
    "/Files/<path:file>",
]


@pytest.mark.parametrize(
    ("path", "rule", "params"),
    [
        ("/", "/", {}),
        ("/Special", "/Special", {}),
        ("/2007", "/<int:year>", {"year": 2007}),
        ("/Some:foo", "/<path:name>:foo", {"name": "Some"}),
        ("/Some:bar", "/<path:name>:<path:name2>", {"name": "Some", "name2": "bar"}),
        ("/Some/Page", "/<path:name>", {"name": "Some/Page"}),
        ("/Some/Page/edit", "/<path:name>/edit", {"name": "Some/Page"}),
        ("/Foo/silly/bar", "/<path:name>/silly/<path:name2>", {"name": "Foo", "name2": "bar"}),
        ("/Foo/silly/bar/edit", "/<path:name>/silly/<path:name2>/edit",
         {"name": "Foo", "name2": "bar"}),
        ("/Talk:Foo/Bar", "/Talk:<path:name>", {"name": "Foo/Bar"}),
        ("/User:thomas", "/User:<username>", {"username": "thomas"}),
        ("/User:thomas/projects/werkzeug", "/User:<username>/<path:name>",
         {"username": "thomas", "name": "projects/werkzeug"}),
        ("/User:thomas/comment/123-456", "/User:<username>/comment/<int:id>-<int:replyId>",
         {"username": "thomas", "id": 123, "replyId": 456}),
        ("/Files/downloads/werkzeug/0.2.zip", "/Files/<path:file>",
         {"file": "downloads/werkzeug/0.2.zip"}),
    ],
)
def test_path(path: str, rule: str, params: dict[str, Any]) -> None:
    """Text beside a ``path`` in one segment (``/Talk:<path:name>``) matches as in werkzeug."""
    assert found(router_for(PATH_RULES), path) == (rule, params)


def test_path_difference_a_converter_beats_a_path() -> None:
    """werkzeug's test_path also has ``/<admin>/<manage>/<things>``: werkzeug tries
    ``/<path:name>/edit`` first for ``/Some/Page/edit`` (its static text outweighs
    the converters); wsgikit compares segment by segment, where ``<admin>`` beats ``path``."""
    rules = [*PATH_RULES, "/<admin>/<manage>/<things>"]
    ours = found(router_for(rules), "/Some/Page/edit")
    assert ours == ("/<admin>/<manage>/<things>",
                    {"admin": "Some", "manage": "Page", "things": "edit"})
    adapter = Map([Rule(rule, endpoint=rule) for rule in rules]).bind("x")
    assert adapter.match("/Some/Page/edit") == ("/<path:name>/edit", {"name": "Some/Page"})
    assert found(router_for(rules), "/Jerry/eats/cheese")[0] == "/<admin>/<manage>/<things>"


def test_complex_routing_rules() -> None:
    """Includes the slash redirect that must not beat an exact match:
    ``/foo/1/2/3/edit`` is the ``edit`` rule, not a 308 to ``/foo/1/2/3/edit/``."""
    router = router_for(["/", "/<int:blub>", "/<blub>", "/foo/", "/foobar/",
                         "/foo/<path:testing>/", "/foo/<path:testing>/edit",
                         "/users/page/<int:page>", "/foox", "/<path:bar>/<path:blub>"])
    assert found(router, "/") == ("/", {})
    assert found(router, "/42") == ("/<int:blub>", {"blub": 42})
    assert found(router, "/blub") == ("/<blub>", {"blub": "blub"})
    assert found(router, "/foo/") == ("/foo/", {})
    assert found(router, "/foobar/") == ("/foobar/", {})
    assert found(router, "/foo/1/2/3/") == ("/foo/<path:testing>/", {"testing": "1/2/3"})
    assert found(router, "/foo/1/2/3/edit") == ("/foo/<path:testing>/edit", {"testing": "1/2/3"})
    assert found(router, "/foo/1/2/3") is Redirect
    assert found(router, "/users/page/2") == ("/users/page/<int:page>", {"page": 2})
    assert found(router, "/foox") == ("/foox", {})
    assert found(router, "/1/2/3") == ("/<path:bar>/<path:blub>", {"bar": "1", "blub": "2/3"})
    assert router.url_for("/foo/<path:testing>/", testing="1/2/3") == "/foo/1/2/3/"
    assert router.url_for("/foo/<path:testing>/edit", testing="1/2/3") == "/foo/1/2/3/edit"
    assert router.url_for("/<path:bar>/<path:blub>", bar="1", blub="2/3") == "/1/2/3"


def test_uuid_converter() -> None:
    params = found(router_for(["/a/<uuid:a_uuid>"]), "/a/a8098c1a-f86e-11da-bd1a-00112444be1e")[1]
    assert type(params["a_uuid"]) is uuid.UUID


class TwoValueConverter(Converter):
    part_isolating = False
    regex = r"(\w\w+)/(\w\w+)"

    def to_python(self, value: str) -> tuple[str, str]:
        one, two = value.split("/")
        return one, two

    def to_url(self, value: Any) -> str:
        return f"{value[0]}/{value[1]}"


def test_converter_with_tuples() -> None:
    """A converter whose regex spans ``/`` (``part_isolating = False``)."""
    router = router_for(["/<two:foo>/"], two=TwoValueConverter)
    assert found(router, "/qwert/yuiop/") == ("/<two:foo>/", {"foo": ("qwert", "yuiop")})
    assert found(router, "/qwert/yuiop") is Redirect
    assert found(router, "/qwert/") is NotFound
    assert router.url_for("/<two:foo>/", foo=("ab", "cd")) == "/ab/cd/"


DATE = r"((\d{8}T\d{6}([.,]\d{1,3})?)|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([.,]\d{1,3})?))Z"


class DateConverter(Converter):
    part_isolating = False
    regex = DATE


def test_nested_regex_groups() -> None:
    """werkzeug passes the pattern as an argument, ``<regex('...'):start>``; a
    rule's arguments cannot hold ``?`` or ``)`` in wsgikit, so the pattern is
    the converter's own."""
    router = router_for(["/<date:start>/<date:end>/"], date=DateConverter)
    rule, params = found(router, "/2023-02-16T23:36:36.266Z/2023-02-16T23:46:36.266Z/")
    assert params == {"start": "2023-02-16T23:36:36.266Z", "end": "2023-02-16T23:46:36.266Z"}


def test_anyconverter() -> None:
    router = router_for(["/<any(a1, a2):a>", "/<any(a.1, a.2):a>"])
    assert found(router, "/a1") == ("/<any(a1, a2):a>", {"a": "a1"})
    assert found(router, "/a2") == ("/<any(a1, a2):a>", {"a": "a2"})
    assert found(router, "/a.1") == ("/<any(a.1, a.2):a>", {"a": "a.1"})
    assert found(router, "/a.2") == ("/<any(a.1, a.2):a>", {"a": "a.2"})


def test_any_converter_build_validates_value() -> None:
    router = router_for(["/<any(patient, provider):value>"])
    assert router.url_for("/<any(patient, provider):value>", value="patient") == "/patient"
    with pytest.raises(BuildError):
        router.url_for("/<any(patient, provider):value>", value="invalid")


class TwoConverter(Converter):
    regex = r"\w+/\w+"

    def to_python(self, value: str) -> Any:
        return value.split("/")


def test_part_isolating_default() -> None:
    """A class-level regex with ``/`` makes the converter span segments, as in werkzeug."""
    assert TwoConverter.part_isolating is False

    class JSONName(Converter):  # '[^/]' holds a '/' but never spans one
        regex = r"[^/]+\.json"

    assert JSONName.part_isolating is True
    router = router_for(["/<two:values>/"], two=TwoConverter)
    assert found(router, "/a/b/") == ("/<two:values>/", {"values": ["a", "b"]})


class Recording(Converter):
    seen: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.seen.append((args, kwargs))


@pytest.mark.parametrize(
    ("text", "args", "kwargs"),
    [
        ("test, a=1, b=3.0", ("test",), {"a": 1, "b": 3.0}),
        ("", (), {}),
        ("a, b, c,", ("a", "b", "c"), {}),
        ("True, False, None", (True, False, None), {}),
        ('"foo", "bar"', ("foo", "bar"), {}),
        ("'it''s'", None, None),
        ("min=0;max=500", None, None),
    ],
)
def test_converter_parser(text: str, args: tuple[Any, ...] | None,
                          kwargs: dict[str, Any] | None) -> None:
    router = Router(converters={"rec": Recording})
    Recording.seen.clear()
    if args is None:
        with pytest.raises(ValueError, match="bad arguments for rec"):
            router.add(f"/<rec({text}):x>", echo)
        return
    router.add(f"/<rec({text}):x>", echo)
    assert Recording.seen == [(args, kwargs)]


@pytest.mark.parametrize(
    ("value", "query"),
    [(None, ""), ([None], ""), ([None, None], ""), ("", "?v="), ([""], "?v="), (0, "?v=0"),
     (1.0, "?v=1.0"), ([1, 2], "?v=1&v=2"), ([1, None, 2], "?v=1&v=2"),
     ([1, "", 2], "?v=1&v=&v=2"), ("1+2", "?v=1%2B2")],
)
def test_build_append_unknown_dict(value: Any, query: str) -> None:
    assert router_for(["/"]).url_for("/", v=value) == "/" + query


def test_build_drop_none() -> None:
    router = router_for(["/flob/<flub>"])
    with pytest.raises(BuildError, match="needs a value for 'flub'"):
        router.url_for("/flob/<flub>", flub=None, flop=None)
    assert router.url_for("/flob/<flub>", flub="x", flop=None) == "/flob/x"


@pytest.mark.parametrize(("value", "error"), [(1, None), (None, BuildError), ([1], BuildError)])
def test_build_values_dict(value: Any, error: type[Exception] | None) -> None:
    """werkzeug raises TypeError for ``[1]`` given to an ``int``; wsgikit a BuildError."""
    router = router_for(["/<int:v>"])
    if error is None:
        assert router.url_for("/<int:v>", v=value) == "/1"
    else:
        with pytest.raises(error):
            router.url_for("/<int:v>", v=value)


def test_implicit_head() -> None:
    router = router_for([("/get", ["GET"]), ("/post", ["POST"])])
    assert found(router, "/get", "HEAD") == ("/get", {})
    assert found(router, "/post", "HEAD") is MethodNotAllowed


def test_pass_str_as_router_methods() -> None:
    with pytest.raises(TypeError):
        Router().add("/get", echo, methods="GET")


def test_allowed_methods_querying() -> None:
    router = router_for([("/", ["GET", "HEAD"]), ("/foo", ["POST"])])
    with pytest.raises(MethodNotAllowed) as error:
        router.match("/", "PUT")
    assert error.value.allowed == ["GET", "HEAD", "OPTIONS"]


def test_unicode_rules() -> None:
    router = router_for(["/войти/", "/foo+bar/"])
    assert call(router, "/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8").headers["location"] == (
        "/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/")
    assert found(router, "/войти/") == ("/войти/", {})
    assert call(router, "/foo+bar").headers["location"] == "/foo+bar/"
    assert found(router, "/foo+bar/") == ("/foo+bar/", {})
    assert router.url_for("/войти/") == "/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/"
    assert router.url_for("/foo+bar/") == "/foo+bar/"


def test_empty_path_info() -> None:
    router = router_for(["/"])
    result = call(router, raw_path="", script_name="/approot")
    assert (result.status, result.headers["location"]) == (308, "/approot/")
    result = call(router, raw_path="")
    assert (result.status, result.headers["location"]) == (308, "/")
    with pytest.raises(Redirect):
        router.match("")


def test_path_weighting() -> None:
    router = router_for(["/<path:path>/c", "/<path:path>/<a>/<b>"])
    assert found(router, "/a/b/c") == ("/<path:path>/c", {"path": "a/b"})


def test_newline_match() -> None:
    assert found(router_for(["/hello"]), "/hello\n") is NotFound


def test_weighting() -> None:
    router = router_for(["/<int:value>", "/<uuid:value>"])
    value = "2b5b0911-fdcf-4dd2-921b-28ace88db8a0"
    assert found(router, f"/{value}") == ("/<uuid:value>", {"value": uuid.UUID(value)})


def test_invalid_rule() -> None:
    with pytest.raises(ValueError):
        Router().add("/<int()>", echo)


def test_multiple_converters_per_part() -> None:
    router = router_for(["/v<int:major>.<int:minor>"])
    assert found(router, "/v1.2") == ("/v<int:major>.<int:minor>", {"major": 1, "minor": 2})


def test_static_regex_escape() -> None:
    router = router_for(["/.<int:value>"])
    assert found(router, "/.2") == ("/.<int:value>", {"value": 2})
    assert found(router, "/a2") is NotFound


class PlainRegex(Converter):
    def __init__(self, *items: str) -> None:
        self.regex = items[0]


def test_regex() -> None:
    """werkzeug's pattern is ``[^/:]+\\.[^/:]+``; a ``/`` inside a rule's
    arguments would split the rule in wsgikit, so the test uses ``[^:]+``."""
    router = router_for([r"/<regex('[^:]+\.[^:]+'):value>"], regex=PlainRegex)
    assert found(router, "/asdfsa.asdfs")[1] == {"value": "asdfsa.asdfs"}


# -- the cost of several path converters: counted, not timed ---------------------------

BOUND_CASES = [
    pytest.param(["/<path:a>/x/<path:b>/end"], "x/" * 16000 + "y", id="two-paths-miss"),
    pytest.param(["/<path:a>/x/<path:b>/x/<path:c>/end"], "x/" * 16000 + "y",
                 id="three-paths-miss"),
    pytest.param(["/<path:a>/<path:b>/<path:c>/end"], "a/" * 16000 + "y", id="adjacent-paths"),
    pytest.param(["/<path:a>/<path:b>/<path:c>/end", "/<path:a>/<int:b>/<path:c>/",
                  "/<path:a>/x/<path:b>/end"], "1/x/" * 8000 + "y", id="three-rules"),
    pytest.param(["/<path:a>/x/<path:b>/end"], "x/" * 16000 + "end", id="two-paths-hit"),
]


@pytest.mark.parametrize(("rules", "path"), BOUND_CASES)
def test_several_path_converters_cost_linear_steps(rules: list[str], path: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A 32 KB path against rules with two and three ``path`` converters: the
    search does at most 2 steps per tail piece and segment (a regex over the
    whole rest takes seconds here, and werkzeug as long)."""
    router = router_for(rules)
    fills: list[routing._Fill] = []

    class CountedFill(routing._Fill):  # each try of a tail, kept to count its steps
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            fills.append(self)

    monkeypatch.setattr(routing, "_Fill", CountedFill)
    try:
        router.match("/" + path)
    except Redirect:  # the rule ending in '/' takes the path with a slash
        assert rules[1].endswith("/")
    except NotFound:
        pass
    pieces = sum(len(route.segments) for route in router.routes)
    steps = sum(fill.steps for fill in fills)
    assert 0 < steps <= 2 * pieces * (len(path.split("/")) + 1)
