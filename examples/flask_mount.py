"""A Flask app with the raw and kit exercises mounted inside it (seed 000, Test #12).

The seed mounted a Flask app inside uWSGI; here it goes the other way: plain
WSGI callables mounted inside a Flask app, in two ways that behave the same:

- ``app``: ``wsgikit.Mount`` around ``app.wsgi_app``;
- ``dispatcher_app``: werkzeug's ``DispatcherMiddleware`` around it.

Both mount every raw and kit exercise at ``/raw/<slug>`` and ``/kit/<slug>``
(and the Flask twins at ``/flask/<slug>``: a Flask app is a WSGI app too);
everything else is Flask's.  Each Flask app also has ``wsgikit.JSONBody`` in its
WSGI stack, serving a Flask view it was not written for: ``POST /echo`` answers
with the JSON body it parsed (and the middleware's 400/413/415 for bad bodies)::

    .venv/bin/uwsgi --http-socket 127.0.0.1:8000 --module examples.flask_mount:app
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from examples.gallery import forms_of
from wsgikit import JSONBody, Mount

__all__ = ["app", "dispatcher_app"]



def _flask_app(name: str) -> Flask:
    flask_app = Flask(name)

    @flask_app.get("/")
    def index() -> tuple[str, int, dict[str, str]]:
        return (
            "A Flask app; the exercises are mounted at /raw/<slug>/ and /kit/<slug>/\n",
            200,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @flask_app.post("/echo")
    def echo() -> Any:
        # JSONBody has parsed and checked the body before Flask saw the request.
        return jsonify(request.environ["wsgikit.json"])

    # Only Flask's own views go through JSONBody: the mounted exercises read
    # their bodies themselves, with their own rules.
    flask_app.wsgi_app = JSONBody(flask_app.wsgi_app, require_json=True)  # type: ignore[method-assign]
    return flask_app


_mounts = {
    f"/{form}/{slug}": exercise_app
    for slug, apps in forms_of().items()
    for form, exercise_app in apps.items()
}

app = _flask_app("examples.flask_mount")
app.wsgi_app = Mount(app.wsgi_app, _mounts)  # type: ignore[method-assign]

dispatcher_app = _flask_app("examples.flask_mount.dispatcher")
dispatcher_app.wsgi_app = DispatcherMiddleware(  # type: ignore[method-assign]
    dispatcher_app.wsgi_app, _mounts
)
