"""The same three endpoints in four WSGI apps, for ``benchmarks/servers.py``.

- ``GET /``: a short text;
- ``GET /users/<name>``: a routed JSON answer;
- ``POST /echo``: a JSON body read, parsed and answered as JSON.

``handwritten`` is a bare WSGI callable (the baseline, 1.00), ``kit`` is wsgikit
(``Router``, ``@handler``, ``JSONBody``), then falcon and Flask.  Each answers
the same bytes, so the servers measure the frameworks and nothing else.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import falcon  # noqa: E402
import flask  # noqa: E402

from wsgikit import JSONBody, Request, Router, handler  # noqa: E402

TEXT = b"Hello, World!"


def handwritten(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
    if path == "/" and method == "GET":
        status, content_type, body = "200 OK", "text/plain; charset=utf-8", TEXT
    elif path.startswith("/users/") and method == "GET" and "/" not in path[7:]:
        status, content_type = "200 OK", "application/json"
        body = json.dumps({"user": path[7:]}).encode()
    elif path == "/echo" and method == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        value = json.loads(environ["wsgi.input"].read(length))
        status, content_type, body = "200 OK", "application/json", json.dumps(value).encode()
    else:
        status, content_type, body = "404 Not Found", "text/plain", b"not found"
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


router = Router()


@router.route("/")
@handler
def kit_index(request: Request) -> str:
    return "Hello, World!"


@router.route("/users/<name>")
@handler
def kit_user(request: Request, name: str) -> dict[str, str]:
    return {"user": name}


@router.route("/echo", methods=["POST"])
@handler
def kit_echo(request: Request) -> Any:
    return request.environ["wsgikit.json"]


kit = JSONBody(router)


class _Index:
    def on_get(self, req: Any, resp: Any) -> None:
        resp.content_type = "text/plain; charset=utf-8"
        resp.text = "Hello, World!"


class _User:
    def on_get(self, req: Any, resp: Any, name: str) -> None:
        resp.media = {"user": name}


class _Echo:
    def on_post(self, req: Any, resp: Any) -> None:
        resp.media = req.get_media()


falcon_app = falcon.App()
falcon_app.add_route("/", _Index())
falcon_app.add_route("/users/{name}", _User())
falcon_app.add_route("/echo", _Echo())

flask_app = flask.Flask(__name__)


@flask_app.get("/")
def flask_index() -> tuple[str, int, dict[str, str]]:
    return "Hello, World!", 200, {"Content-Type": "text/plain; charset=utf-8"}


@flask_app.get("/users/<name>")
def flask_user(name: str) -> Any:
    return flask.jsonify(user=name)


@flask_app.post("/echo")
def flask_echo() -> Any:
    return flask.jsonify(flask.request.get_json())


APPS = {"hand-written": "handwritten", "wsgikit": "kit", "falcon": "falcon_app",
        "Flask": "flask_app"}
