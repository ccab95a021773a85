"""Tiny WSGI apps that answer with where they were mounted (for test_mount.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any


def echo(name: str) -> Callable[..., Iterable[bytes]]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        seen = {
            "app": name,
            "SCRIPT_NAME": environ.get("SCRIPT_NAME", "").encode("latin-1").decode("utf-8"),
            "PATH_INFO": environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8"),
        }
        body = json.dumps(seen).encode()
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]

    return app


root = echo("root")
app_a = echo("app")
app_sub = echo("sub")
app_kor = echo("kor")
app_x = echo("x")
