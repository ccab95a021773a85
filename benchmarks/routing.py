"""Routing in process: wsgikit's Router against werkzeug's, bottle's and falcon's.

    .venv/bin/python benchmarks/routing.py          # under a minute; prints the tables
    .venv/bin/python benchmarks/routing.py --quick  # seconds, a smoke test
    make bench                                      # also docs/bench-routing.json and the
                                                    # README's blocks

1. Match cost as the table grows: rules ``/r{i}/<int:id>/items/<name>``, the
   last one matched, at N = 10, 100, 1000, 5000; microseconds per match for
   ``Router.match``, werkzeug's ``Map.bind(...).match``, bottle's ``Router.match``
   and falcon's ``CompiledRouter.find``.  Targets: wsgikit(5000)/wsgikit(10)
   at most 1.5, werkzeug/wsgikit at least 3 at every N.
2. Registering those 5000 rules (werkzeug and falcon compile on the first
   match, which is counted).  Target: wsgikit under 0.5 s.  Every library is
   built up to 1000 rules; beyond that only if its growth from 100 to 1000
   rules predicts less than ``CAP_SECONDS``, else its time at 1000 is shown
   and its larger matches are left out.  werkzeug, the reference of the
   matching target, is built at every size.
3. A whole request, in process: ``GET /hello/<name>/<int:n>`` answered with
   ``{"name": .., "n": ..}`` beside 50 other rules, in wsgikit (``Router`` +
   ``@handler``), a hand-written ``if`` dispatch doing the same work, falcon,
   bottle, werkzeug (``Map`` + ``Response``) and Flask; ratios to the
   hand-written callable.  Target: wsgikit at least 0.5x.
4. Where wsgikit's request time goes, piece by piece.

All timings are the best of several rounds (``timeit``-style, the garbage
collector off while timing), the apps interleaved so that drift hits each alike.
The tables are markdown: ``--save``, ``--load`` and ``--readme`` (from
``benchmarks/report.py``) keep the run in a JSON file and write 1 and 2 into
the README's ``bench-routing`` block, 3 and 4 into ``bench-requests``, from it.
"""

from __future__ import annotations

import gc
import io
import json
import math
import sys
import time
import timeit
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bottle  # noqa: E402
import falcon  # noqa: E402
import flask  # noqa: E402
from falcon.routing import CompiledRouter  # noqa: E402
from werkzeug.exceptions import HTTPException  # noqa: E402
from werkzeug.routing import Map, Rule  # noqa: E402
from werkzeug.wrappers import Response as WerkzeugResponse  # noqa: E402

from benchmarks import report  # noqa: E402
from benchmarks.report import met  # noqa: E402
from wsgikit import Request, Router, handler, json_response  # noqa: E402
from wsgikit.response import Response  # noqa: E402

App = Callable[..., Iterable[bytes]]
CAP_SECONDS = 5.0


def best_of(func: Callable[[], object], number: int, repeat: int) -> float:
    """Seconds per call: the best of ``repeat`` runs of ``number`` calls."""
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number


def call(app: App, environ: dict[str, Any]) -> tuple[str, bytes]:
    """One request as a server makes it: start_response, iterate, close."""
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        status.append(line)
        return lambda data: None

    app_iter = app(environ, start_response)
    try:
        body = b"".join(app_iter)
    finally:
        close = getattr(app_iter, "close", None)
        if close is not None:
            close()
    return status[0], body


# --- 1 and 2. match cost and registration -------------------------------------------


def noop_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    return []


class FalconResource:
    def on_get(self, req: falcon.Request, resp: falcon.Response, **params: Any) -> None:
        pass


def build_wsgikit(n: int) -> Callable[[str], Any]:
    router = Router()
    for i in range(n):
        router.add(f"/r{i}/<int:id>/items/<name>", noop_app)
    return router.match


def build_werkzeug(n: int) -> Callable[[str], Any]:
    rules = [Rule(f"/r{i}/<int:id>/items/<name>", endpoint=i) for i in range(n)]
    adapter = Map(rules).bind("localhost")
    adapter.match("/r0/1/items/x")  # the first match builds the state machine
    return adapter.match


def build_bottle(n: int) -> Callable[[str], Any]:
    router = bottle.Router()
    for i in range(n):
        router.add(f"/r{i}/<id:int>/items/<name>", "GET", noop_app)
    return lambda path: router.match({"PATH_INFO": path, "REQUEST_METHOD": "GET"})


def build_falcon(n: int) -> Callable[[str], Any]:
    router = CompiledRouter()
    for i in range(n):
        router.add_route(f"/r{i}/{{id:int}}/items/{{name}}", FalconResource())
    router.find("/r0/1/items/x")  # the first find compiles the router
    return router.find


BUILDERS = {"wsgikit": build_wsgikit, "werkzeug": build_werkzeug, "bottle": build_bottle,
            "falcon": build_falcon}


def params_of(name: str, found: Any) -> dict[str, Any]:
    """The path parameters in each library's answer."""
    if name == "wsgikit":
        return dict(found[1])
    if name == "werkzeug":
        return dict(found[1])
    if name == "bottle":
        return dict(found[1])
    return dict(found[2])  # falcon: (resource, method_map, params, template)


def build_all(sizes: list[int]) -> tuple[dict[tuple[str, int], Callable[[str], Any]],
                                         dict[str, tuple[int, float, str]]]:
    """Every library at every size it can reach within the cap; registration times."""
    matchers: dict[tuple[str, int], Callable[[str], Any]] = {}
    registration: dict[str, tuple[int, float, str]] = {}
    for name, build in BUILDERS.items():
        times: dict[int, float] = {}
        for n in sizes:
            predicted = predict(times, n) if n > 1000 and name != "werkzeug" else 0.0
            if predicted > CAP_SECONDS:
                last = max(times)
                registration[name] = (last, times[last],
                                      f"{n} skipped: ~{predicted:.0f} s predicted")
                break
            gc.collect()
            started = time.perf_counter()
            matcher = build(n)
            times[n] = time.perf_counter() - started
            matchers[name, n] = matcher
            found = matcher(f"/r{n - 1}/123/items/bob")
            assert params_of(name, found) == {"id": 123, "name": "bob"}, (name, found)
        else:
            registration[name] = (sizes[-1], times[sizes[-1]], "")
    # wsgikit's own time is small enough to take the best of three.
    n = sizes[-1]
    best = min(timed(lambda: build_wsgikit(n)) for _ in range(3))
    registration["wsgikit"] = (n, best, "best of 3")
    return matchers, registration


def timed(func: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def predict(times: dict[int, float], n: int) -> float:
    """Registration time at ``n`` from the growth between the last two sizes."""
    if len(times) < 2:
        return 0.0
    (n1, t1), (n2, t2) = sorted(times.items())[-2:]
    exponent = min(max(math.log(t2 / t1) / math.log(n2 / n1), 1.0), 2.0)
    return t2 * (n / n2) ** exponent


def bench_matching(matchers: dict[tuple[str, int], Callable[[str], Any]], sizes: list[int],
                   number: int, rounds: int) -> dict[tuple[str, int], float]:
    best: dict[tuple[str, int], float] = {}
    for _ in range(rounds):
        for (name, n), matcher in matchers.items():
            path = f"/r{n - 1}/123/items/bob"
            # slow peers get fewer calls per run: about the same time for each
            calls = max(number // max(1, n // 100), 200) if name in ("bottle", "falcon") else number
            seconds = best_of(lambda: matcher(path), calls, 3)  # noqa: B023
            best[name, n] = min(best.get((name, n), math.inf), seconds)
    return best


# --- 3. a whole request ---------------------------------------------------------------


def hand_written(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The same work without a library: split the path, int(), json.dumps."""
    parts = environ["PATH_INFO"].split("/")
    if len(parts) == 4 and parts[1] == "hello" and parts[3].isdigit():
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Content-Type", "text/plain"),
                                                      ("Allow", "GET, HEAD")])
            return [b"405"]
        body = json.dumps({"name": parts[2], "n": int(parts[3])}).encode()
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"404"]


def hello(request: Request, name: str, n: int) -> dict[str, Any]:
    return {"name": name, "n": n}


def request_apps() -> dict[str, App]:
    router = Router()
    for i in range(50):
        router.add(f"/other{i}/<int:x>", noop_app)
    router.route("/hello/<name>/<int:n>")(handler(hello))

    falcon_app = falcon.App()
    for i in range(50):
        falcon_app.add_route(f"/other{i}/{{x:int}}", FalconResource())

    class FalconHello:
        def on_get(self, req: falcon.Request, resp: falcon.Response, name: str, n: int) -> None:
            resp.media = {"name": name, "n": n}

    falcon_app.add_route("/hello/{name}/{n:int}", FalconHello())

    bottle_app = bottle.Bottle()
    for i in range(50):
        bottle_app.route(f"/other{i}/<x:int>", callback=lambda x: "")

    @bottle_app.get("/hello/<name>/<n:int>")  # type: ignore[misc]
    def bottle_hello(name: str, n: int) -> dict[str, Any]:
        return {"name": name, "n": n}

    url_map = Map([Rule(f"/other{i}/<int:x>", endpoint="other") for i in range(50)]
                  + [Rule("/hello/<name>/<int:n>", endpoint="hello")])

    def werkzeug_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        adapter = url_map.bind_to_environ(environ)
        try:
            endpoint, args = adapter.match()
        except HTTPException as error:
            return error(environ, start_response)
        body = json.dumps({"name": args["name"], "n": args["n"]})
        return WerkzeugResponse(body, mimetype="application/json")(environ, start_response)

    flask_app = flask.Flask("bench")
    for i in range(50):
        flask_app.add_url_rule(f"/other{i}/<int:x>", f"other{i}", lambda x: "")

    @flask_app.get("/hello/<name>/<int:n>")
    def flask_hello(name: str, n: int) -> dict[str, Any]:
        return {"name": name, "n": n}

    return {"hand-written": hand_written, "wsgikit": router, "falcon": falcon_app,
            "bottle": bottle_app, "werkzeug": werkzeug_app, "Flask": flask_app}


def environ_for(path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
        "wsgi.multiprocess": False, "wsgi.run_once": False,
    }


def bench_requests(apps: dict[str, App], requests: int, rounds: int) -> dict[str, float]:
    template = environ_for("/hello/bob/42")
    for name, app in apps.items():  # warm up, and check every app answers the same
        status, body = call(app, dict(template))
        assert status.startswith("200") and json.loads(body) == {"name": "bob", "n": 42}, name
    best = dict.fromkeys(apps, math.inf)
    for _ in range(rounds):
        for name, app in apps.items():
            environs = [dict(template) for _ in range(requests)]
            gc.collect()
            gc.disable()
            started = time.perf_counter()
            for environ in environs:
                call(app, environ)
            elapsed = time.perf_counter() - started
            gc.enable()
            best[name] = min(best[name], elapsed / requests)
    return best


# --- 4. where wsgikit's time goes -----------------------------------------------------


def breakdown(number: int, repeat: int) -> list[tuple[str, float]]:
    """Each piece of a wsgikit request timed alone (microseconds)."""
    value = {"name": "bob", "n": 42}
    app = handler(hello)
    routed = dict(environ_for("/hello/bob/42"), **{"wsgiorg.routing_args": ((), value)})
    template = environ_for("/hello/bob/42")

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        return None

    trivial = Router()
    for i in range(50):
        trivial.add(f"/other{i}/<int:x>", noop_app)
    trivial.add("/hello/<name>/<int:n>", noop_app)
    response = json_response(value)
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # labels in markdown; each two leading spaces nest a piece in the one above
    pieces: list[tuple[str, Callable[[], object]]] = [
        ("`Router.__call__` around a no-op target",
         lambda: trivial(dict(template), start_response)),
        ("  of which `Router.match`", lambda: trivial.match("/hello/bob/42", "GET")),
        ("`@handler` app, called directly", lambda: app(dict(routed), start_response)),
        ("  `Request(environ)`", lambda: Request(routed)),
        ("  `json_response(dict)`", lambda: json_response(value)),
        ("    `json.dumps(ensure_ascii=False, separators=..)`",
         lambda: json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)),
        ("    the same with one `JSONEncoder` made once (as `json_response` does)",
         lambda: compact.encode(value)),
        ("    `Response(str, content_type=JSON)`",
         lambda: Response('{"name":"bob","n":42}', 200, None, "application/json")),
        ("  `Response.__call__`", lambda: response(routed, start_response)),
        ("`json.dumps(value)`, as the hand-written callable does", lambda: json.dumps(value)),
    ]
    return [(label, best_of(func, number, repeat) * 1e6) for label, func in pieces]


# --- the report -----------------------------------------------------------------------


def measure(quick: bool) -> dict[str, Any]:
    """All four benchmarks, with what is needed to render them again."""
    sizes = [10, 100, 1000] if quick else [10, 100, 1000, 5000]
    number, rounds = (500, 2) if quick else (5000, 5)
    requests = 500 if quick else 5000
    packages = ("wsgikit", "werkzeug", "bottle", "falcon", "Flask")
    data: dict[str, Any] = {"date": report.stamp(), "machine": report.machine({}, packages),
                            "sizes": sizes, "rounds": rounds, "requests": requests}
    matchers, registration = build_all(sizes)
    timings = bench_matching(matchers, sizes, number, rounds)
    per_request = bench_requests(request_apps(), requests, rounds)
    return {**data,
            "matching": {name: {str(n): timings[name, n] for n in sizes if (name, n) in timings}
                         for name in BUILDERS},
            "registration": {name: {"rules": n, "seconds": seconds, "note": note}
                             for name, (n, seconds, note) in registration.items()},
            "per_request": per_request,
            "breakdown": breakdown(number, rounds)}


LABELS = {"wsgikit": "wsgikit (`Router` + `@handler`)", "werkzeug": "werkzeug (`Map` + `Response`)"}


def render(data: dict[str, Any]) -> dict[str, str]:
    """The README's two blocks: matching and registering (1, 2); a whole request (3, 4)."""
    sizes, names, rounds = data["sizes"], list(data["matching"]), data["rounds"]
    us = {name: {int(n): seconds * 1e6 for n, seconds in row.items()}
          for name, row in data["matching"].items()}
    ratios = [us["werkzeug"][n] / us["wsgikit"][n] for n in sizes]
    flat = us["wsgikit"][sizes[-1]] / us["wsgikit"][sizes[0]]
    matching = [
        report.describe(data), "",
        f"Matching the last of N rules `/r{{i}}/<int:id>/items/<name>`, µs per match "
        f"(best of {rounds} rounds):", "",
        "| N | " + " | ".join(names) + " | werkzeug / wsgikit |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for n, ratio in zip(sizes, ratios, strict=True):
        cells = " | ".join(f"{us[name][n]:.2f}" if n in us[name] else "–" for name in names)
        matching.append(f"| {n} | {cells} | {ratio:.1f}× |")
    registration = data["registration"]
    kit = registration["wsgikit"]
    matching += [
        "", f"wsgikit at N={sizes[-1]} / N={sizes[0]}: {flat:.2f} (target at most 1.5, "
            f"{met(flat <= 1.5)}); werkzeug / wsgikit at least {min(ratios):.1f}× (target at "
            f"least 3, {met(min(ratios) >= 3)}).",
        "", f"Registering the rules (target: wsgikit under 0.5 s for {kit['rules']}, "
            f"{met(kit['seconds'] < 0.5)}); werkzeug and falcon compile on the first match, "
            "which is counted:", "",
        "| | rules | seconds | vs wsgikit, per rule | note |", "|---|---|---|---|---|",
    ]
    for name, row in registration.items():
        per_rule = row["seconds"] / row["rules"] / (kit["seconds"] / kit["rules"])
        matching.append(f"| {name} | {row['rules']} | {row['seconds']:.3f} | {per_rule:.1f}× "
                        f"| {row['note']} |")

    per_request = data["per_request"]
    hand, ours = per_request["hand-written"], per_request["wsgikit"]
    requests = [
        f"`GET /hello/<name>/<int:n>` answered with JSON beside 50 other rules, the whole "
        f"request in process (best of {rounds} × {data['requests']}):", "",
        "| | µs per request | requests/s | vs hand-written |", "|---|---|---|---|",
    ]
    for name, seconds in per_request.items():
        requests.append(f"| {LABELS.get(name, name)} | {seconds * 1e6:.2f} | {1 / seconds:,.0f} "
                        f"| {hand / seconds:.2f}× |")
    requests += [
        "", f"Target: wsgikit at least 0.5× the hand-written callable, {met(hand / ours >= 0.5)}.",
        "", "Where wsgikit's time goes, each piece timed alone:", "",
        "| piece | µs |", "|---|---|", f"| the whole request, as above | {ours * 1e6:.2f} |",
    ]
    for label, micros in data["breakdown"]:
        depth = (len(label) - len(label.lstrip())) // 2
        requests.append(f"| {'&emsp;' * depth}{label.lstrip()} | {micros:.2f} |")
    return {"bench-routing": "\n".join(matching), "bench-requests": "\n".join(requests)}


def main(argv: list[str] | None = None) -> int:
    return report.in_process_main(__doc__, measure, render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
