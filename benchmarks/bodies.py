"""Request bodies in process: wsgikit against werkzeug, falcon, bottle and Flask.

    .venv/bin/python benchmarks/bodies.py          # about a minute; prints the tables
    .venv/bin/python benchmarks/bodies.py --quick  # a few seconds, for a smoke test
    make bench                                     # also docs/bench-bodies.json and the
                                                   # README's block

1. A 50 MiB single-file ``multipart/form-data`` upload, the whole request
   (``Router`` + ``@handler`` + ``request.files`` against werkzeug's
   ``Request.files``): best time of several runs, and the peak of Python
   allocations (``tracemalloc``) during one request.  Targets: wsgikit under
   4 MiB and at least as fast as werkzeug.
2. A small JSON POST answered with JSON: ``JSONBody`` + ``Router`` + ``@handler``,
   a hand-written callable doing only ``json.loads``/``json.dumps``, and the same
   endpoint in falcon, bottle, werkzeug and Flask.  Requests per second as a
   ratio to the hand-written callable, all measured in this one run, interleaved
   so that drift hits every app alike.  Target: wsgikit at least 0.5x.

The tables are markdown: ``--save``, ``--load`` and ``--readme`` (from
``benchmarks/report.py``) keep the run in a JSON file and write the tables into
the README's ``bench-bodies`` block from it.
"""

from __future__ import annotations

import gc
import io
import json
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bottle  # noqa: E402
import falcon  # noqa: E402
import flask  # noqa: E402
from werkzeug.wrappers import Request as WerkzeugRequest  # noqa: E402
from werkzeug.wrappers import Response as WerkzeugResponse  # noqa: E402

from benchmarks import report  # noqa: E402
from benchmarks.report import met  # noqa: E402
from wsgikit import JSONBody, Request, Router, handler  # noqa: E402

App = Callable[..., Iterable[bytes]]
MiB = 1 << 20
BOUNDARY = "----BenchmarkBoundary7MA4YWxkTrZu0gW"


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


def environ_for(body: bytes, content_type: str, path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost", "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)), "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
        "wsgi.multiprocess": False, "wsgi.run_once": False,
    }


# --- 1. a 50 MiB upload -------------------------------------------------------------


def upload_apps() -> dict[str, App]:
    router = Router()

    @router.route("/upload", methods=("POST",))
    @handler
    def kit_upload(request: Request) -> dict[str, Any]:
        upload = request.files["file"]
        return {"filename": upload.filename, "size": upload.size}

    @WerkzeugRequest.application  # type: ignore[arg-type]
    def werkzeug_upload(request: WerkzeugRequest) -> WerkzeugResponse:
        upload = request.files["file"]
        upload.stream.seek(0, io.SEEK_END)
        answer = {"filename": upload.filename, "size": upload.stream.tell()}
        upload.close()
        return WerkzeugResponse(json.dumps(answer), mimetype="application/json")

    return {"wsgikit": router, "werkzeug": werkzeug_upload}


def upload_body(size: int) -> bytes:
    """One file of random bytes (as a compressed image is), ``size`` bytes long."""
    return (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
        f"filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n".encode()
        + random.Random(0).randbytes(size) + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def bench_upload(size: int, runs: int) -> list[tuple[str, float, float]]:
    body = upload_body(size)
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    apps = upload_apps()
    best = dict.fromkeys(apps, float("inf"))
    for _ in range(runs):
        for name, app in apps.items():
            environ = environ_for(body, content_type, "/upload")
            gc.collect()
            started = time.perf_counter()
            status, answer = call(app, environ)
            best[name] = min(best[name], time.perf_counter() - started)
            assert status.startswith("200") and json.loads(answer)["size"] == size, answer
    rows = []
    for name, app in apps.items():
        environ = environ_for(body, content_type, "/upload")
        gc.collect()
        tracemalloc.start()
        call(app, environ)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append((name, best[name], peak / MiB))
    return rows


# --- 2. a JSON POST -----------------------------------------------------------------


def json_apps() -> dict[str, App]:
    def hand_written(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        data = json.loads(environ["wsgi.input"].read(length))
        body = json.dumps({"received": data}).encode()
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    router = Router()

    @router.route("/items", methods=("POST",))
    @handler
    def kit_items(request: Request) -> dict[str, Any]:
        return {"received": request.json}

    class Items:
        def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
            resp.media = {"received": req.get_media()}

    falcon_app = falcon.App()
    falcon_app.add_route("/items", Items())

    bottle_app = bottle.Bottle()

    @bottle_app.post("/items")  # type: ignore[misc]
    def bottle_items() -> dict[str, Any]:
        return {"received": bottle.request.json}

    @WerkzeugRequest.application  # type: ignore[arg-type]
    def werkzeug_items(request: WerkzeugRequest) -> WerkzeugResponse:
        body = json.dumps({"received": request.get_json()})
        return WerkzeugResponse(body, mimetype="application/json")

    flask_app = flask.Flask("bench")

    @flask_app.post("/items")
    def flask_items() -> dict[str, Any]:
        return {"received": flask.request.get_json()}

    return {
        "hand-written": hand_written,
        "wsgikit": JSONBody(router),
        "falcon": falcon_app,
        "bottle": bottle_app,
        "werkzeug": werkzeug_items,
        "Flask": flask_app,
    }


JSON_BODY = json.dumps({
    "name": "wsgikit", "version": "0.1.0", "tags": ["wsgi", "json", "bench"],
    "limits": {"max_bytes": 1048576, "max_depth": 64}, "ratio": 0.5, "ok": True,
    "items": [{"id": i, "label": f"item {i}", "price": i * 1.25} for i in range(5)],
}).encode()


def bench_json(requests: int, rounds: int) -> list[tuple[str, float]]:
    apps = json_apps()
    template = environ_for(JSON_BODY, "application/json", "/items")
    expected = {"received": json.loads(JSON_BODY)}
    for name, app in apps.items():  # warm up, and check every app answers the same
        environ = dict(template, **{"wsgi.input": io.BytesIO(JSON_BODY)})
        status, answer = call(app, environ)
        assert status.startswith("200") and json.loads(answer) == expected, (name, answer)
    best = dict.fromkeys(apps, float("inf"))
    for _ in range(rounds):
        for name, app in apps.items():
            environs = [dict(template, **{"wsgi.input": io.BytesIO(JSON_BODY)})
                        for _ in range(requests)]
            gc.collect()
            gc.disable()  # as routing.py does: a collection lands in one app's time only
            started = time.perf_counter()
            for environ in environs:
                call(app, environ)
            elapsed = time.perf_counter() - started
            gc.enable()
            best[name] = min(best[name], elapsed / requests)
    return [(name, seconds) for name, seconds in best.items()]


def measure(quick: bool) -> dict[str, Any]:
    """Both benchmarks, with what is needed to render them again."""
    size, upload_runs = (4 * MiB, 2) if quick else (50 * MiB, 9)
    requests, rounds = (500, 2) if quick else (5000, 7)
    packages = ("wsgikit", "werkzeug", "falcon", "bottle", "Flask")
    data: dict[str, Any] = {"date": report.stamp(), "machine": report.machine({}, packages)}
    upload = bench_upload(size, upload_runs)
    posts = bench_json(requests, rounds)
    return {**data, "upload_bytes": size, "upload_runs": upload_runs,
            "upload": [{"app": name, "seconds": seconds, "peak_mib": peak}
                       for name, seconds, peak in upload],
            "json_bytes": len(JSON_BODY), "requests": requests, "rounds": rounds,
            "json": dict(posts)}


def render(data: dict[str, Any]) -> dict[str, str]:
    """The README's block: when and where, then both tables."""
    mib = data["upload_bytes"] // MiB
    upload = {row["app"]: row for row in data["upload"]}
    werkzeug_time = upload["werkzeug"]["seconds"]
    lines = [
        report.describe(data), "",
        f"| one {mib} MiB file, `multipart/form-data` (best of {data['upload_runs']}) "
        "| time | MiB/s | vs werkzeug | peak Python memory |",
        "|---|---|---|---|---|",
    ]
    for name, row in upload.items():
        seconds = row["seconds"]
        lines.append(f"| {name} | {seconds * 1000:.0f} ms | {mib / seconds:,.0f} "
                     f"| {werkzeug_time / seconds:.2f}× | {row['peak_mib']:.2f} MiB |")
    kit = upload["wsgikit"]
    lines += ["", f"Targets: peak under 4 MiB, {met(kit['peak_mib'] < 4)}; at least as fast "
                  f"as werkzeug, {met(kit['seconds'] <= werkzeug_time)}.", "",
              f"| JSON POST ({data['json_bytes']} bytes), best of {data['rounds']} × "
              f"{data['requests']} | µs per request | requests/s | vs hand-written |",
              "|---|---|---|---|"]
    hand = data["json"]["hand-written"]
    for name, seconds in data["json"].items():
        lines.append(f"| {name} | {seconds * 1e6:.1f} | {1 / seconds:,.0f} "
                     f"| {hand / seconds:.2f}× |")
    ratio = hand / data["json"]["wsgikit"]
    lines += ["", f"Target: wsgikit at least 0.5× the hand-written callable, {met(ratio >= 0.5)}."]
    return {"bench-bodies": "\n".join(lines)}


def main(argv: list[str] | None = None) -> int:
    return report.in_process_main(__doc__, measure, render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
