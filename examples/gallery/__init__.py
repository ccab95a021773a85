"""The gallery: every exercise in every form, with pages that show what each form does.

``python -m wsgikit.serve`` with no app serves it, and so does ``uwsgi --ini
uwsgi.ini``; it can be mounted under any prefix, since every URL it writes
starts from ``SCRIPT_NAME``.  What it answers:

- ``/``: the index, one row per exercise, with a working example request per form;
- ``/exercises/<slug>/``: the exercise page: its contract, the seed's code, "Try
  it" with every case of its case table, and the three sources side by side;
- ``/raw/<slug>/…``, ``/kit/<slug>/…``, ``/flask/<slug>/…``: the exercise apps
  themselves, each mounted with ``wsgikit.Mount`` (the flask column exists where
  Flask is installed); ``/cgi-bin/<form>/cgi-vs-wsgi/…``: that exercise run as CGI
  (``examples/cgi_gateway.py``), a new process per request;
- ``/_gallery/gallery.css`` and ``/_gallery/gallery.js``: the pages' only assets;
- ``POST /_gallery/check``: holds an answer the page received to the case table,
  with the tests' own ``check`` (``examples/gallery/tryit.py``).

The pages are served by a ``wsgikit.Router``, the exercises by a ``Mount``, and
the whole stack goes through ``wsgikit.trace.instrument``.  A request that
carries the ``Wsgikit-Trace`` header (the page's "Try it" sends it) comes back
as a JSON envelope: the app's status, headers and body, and what every layer
saw and changed on the way.  Every other request passes through untouched.
For the Flask column, a receiver of Flask's ``request_started`` signal adds
what Flask derived from the environ (the URL rule, the view arguments,
``request.path``, ``request.script_root``) to the trace.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from examples.catalog import EXERCISES, FORMS, by_slug, source_path
from examples.cgi_gateway import Gateway
from examples.gallery import pages, tryit
from wsgikit import (
    Mount,
    NotFound,
    Request,
    Response,
    Router,
    UWSGIChunkedInput,
    handler,
    html_response,
    json_response,
)
from wsgikit.trace import instrument, note

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

__all__ = ["application", "build", "forms_of"]


def _load(form: str, module: str) -> WSGIApplication | None:
    package, attr = FORMS[form]
    name = f"{package}.{module}"
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # This form has no such module yet, or Flask is not installed: leave a gap.
        if exc.name is not None and (name.startswith(exc.name) or exc.name == "flask"):
            return None
        raise
    app: WSGIApplication = getattr(mod, attr)
    return app


def forms_of() -> dict[str, dict[str, WSGIApplication]]:
    """``{slug: {form: app}}`` for every form that exists of every exercise."""
    found: dict[str, dict[str, WSGIApplication]] = {}
    for exercise in EXERCISES:
        apps = {form: _load(form, exercise.module) for form in FORMS}
        found[exercise.slug] = {form: app for form, app in apps.items() if app is not None}
    return found


def _flask_started(sender: Any, **extra: Any) -> None:
    """Flask's ``request_started`` signal: what Flask made of the environ, for the trace."""
    from flask import request

    rule = request.url_rule
    note("Flask · request.url_rule", rule.rule if rule is not None else None)
    note("Flask · request.endpoint", request.endpoint)
    note("Flask · request.view_args", request.view_args)
    note("Flask · request.path", request.path)
    note("Flask · request.script_root", request.script_root)
    note("Flask · request.url", request.url)


def _pages(forms: dict[str, dict[str, WSGIApplication]]) -> Router:
    """The index, the exercise pages, their assets and the answer checker."""
    router = Router()
    available = {slug: sorted(apps, key=list(FORMS).index) for slug, apps in forms.items()}

    @router.route("/")
    @handler
    def index(request: Request) -> Response:
        return html_response(pages.index_page(request.script_name, available))

    @router.route("/exercises/<slug>/")
    @handler
    def exercise(request: Request, slug: str) -> Response:
        if slug not in available:
            raise NotFound(f"no exercise is called {slug!r}")
        return html_response(pages.exercise_page(request.script_name, slug, available[slug]))

    @router.route("/_gallery/<name>")
    @handler
    def asset(request: Request, name: str) -> Response:
        found = pages.asset(name)
        if found is None:
            raise NotFound(f"the gallery has no file {name!r}")
        content_type, body = found
        return Response(body, content_type=content_type, headers={"Cache-Control": "no-cache"})

    @router.route("/_gallery/body/<slug>/<case>")
    @handler
    def case_body(request: Request, slug: str, case: str) -> Response:
        body = tryit.case_body(slug, case) if slug in available else None
        if body is None:
            raise NotFound(f"{slug!r} has no case {case!r}")
        return Response(body, content_type="application/octet-stream")

    @router.route("/_gallery/check", methods=["POST"])
    @handler
    def check(request: Request) -> Response:
        user_agent = request.headers.get("User-Agent", "")
        return json_response(tryit.check_answer(request.json, request.script_name, user_agent))

    return router


def build() -> WSGIApplication:
    """Build the gallery app; the exercise modules are imported once, here."""
    forms = forms_of()
    mounts: dict[str, WSGIApplication] = {
        f"/{form}/{slug}": app for slug, apps in forms.items() for form, app in apps.items()
    }
    # cgi-vs-wsgi once more, as CGI: each request starts the form's file as a new process
    cgi = by_slug("cgi-vs-wsgi")
    mounts.update({f"/cgi-bin/{form}/{cgi.slug}": Gateway(source_path(form, cgi))
                   for form in forms[cgi.slug]})
    try:
        from flask import request_started
    except ModuleNotFoundError:
        pass
    else:
        request_started.connect(_flask_started)
    # Under uWSGI, chunked request bodies need uwsgi.chunked_read(): see wsgikit.chunked.
    return instrument(UWSGIChunkedInput(Mount(_pages(forms), mounts)))


application = build()
