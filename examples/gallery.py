"""The gallery: every exercise in every form, one WSGI app, built with ``wsgikit.Mount``.

``python -m wsgikit.serve`` with no app serves this.  Each form of each exercise
is mounted at ``/<form>/<slug>`` (``/raw/hello/``, ``/kit/hello/``,
``/flask/hello/``); ``GET /`` is an HTML index with links to all of them.  The
flask column appears only where Flask is installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

from examples.catalog import EXERCISES, FORMS
from wsgikit import Mount, UWSGIChunkedInput

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

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


def _index_page(script_name: str, forms: dict[str, dict[str, Any]]) -> str:
    rows = []
    for exercise in EXERCISES:
        links = []
        for form in FORMS:
            if form in forms[exercise.slug]:
                href = escape(f"{script_name}/{form}/{exercise.slug}/", quote=True)
                links.append(f'<a href="{href}">{form}</a>')
            else:
                links.append(f'<span class="missing">{form}</span>')
        rows.append(
            "<tr>"
            f"<td><code>{escape(exercise.slug)}</code></td>"
            f"<td>{escape(exercise.seed)}</td>"
            f"<td>{escape(exercise.teaches)}</td>"
            f"<td>{_inline_code(exercise.contract)}</td>"
            f"<td class=\"forms\">{' · '.join(links)}</td>"
            "</tr>"
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8"><title>wsgikit gallery</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;"
        "text-align:left;vertical-align:top}.missing{color:#aaa}.forms{white-space:nowrap}"
        "code{overflow-wrap:anywhere}"
        # On a narrow screen each exercise is a block of its own, not a row to scroll.
        "@media (max-width:700px){body{margin:1em}table,tbody,tr,td{display:block}"
        "tr:first-child{display:none}tr{border-top:1px solid #ccc;padding:.6em 0}"
        "td{padding:.15em 0}}</style></head><body>\n"
        "<h1>wsgikit gallery</h1>\n"
        "<p>Every lab exercise as a hand-written WSGI callable (raw), with wsgikit (kit) "
        "and as a Flask app (flask). Each link is the exercise's root, and the paths of "
        "its contract are relative to it. The contracts, the code lines of each form and "
        "where plain Flask answers otherwise are in the repository's docs/exercises.md "
        "and docs/flask-differences.md.</p>\n"
        "<table><tr><th>exercise</th><th>seed</th><th>what it teaches</th><th>contract</th>"
        "<th>forms</th></tr>\n"
        + "\n".join(rows)
        + "\n</table></body></html>\n"
    )


def _inline_code(markdown: str) -> str:
    """A contract's Markdown as HTML: escaped, with `code` spans as <code>."""
    parts = escape(markdown).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def build() -> WSGIApplication:
    """Build the gallery app; the exercise modules are imported once, here."""
    forms = forms_of()
    mounts = {
        f"/{form}/{slug}": app for slug, apps in forms.items() for form, app in apps.items()
    }

    def index(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "")
        allow = ("Allow", "GET, HEAD, OPTIONS")
        content_type = "text/plain; charset=utf-8"
        headers: list[tuple[str, str]] = []
        if not method:  # uWSGI's http-socket leaves it out for some malformed request lines
            status, body = "400 Bad Request", b"bad request: the request line has no method\n"
        elif path not in ("", "/"):
            status, body = "404 Not Found", b"not found: no exercise is mounted here\n"
        elif method == "OPTIONS":
            status, body, headers = "200 OK", b"", [allow]
        elif method not in ("GET", "HEAD"):
            status, body, headers = "405 Method Not Allowed", b"the index answers GET\n", [allow]
        else:
            status, content_type = "200 OK", "text/html; charset=utf-8"
            body = _index_page(environ.get("SCRIPT_NAME", ""), forms).encode("utf-8")
        headers += [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        start_response(status, headers)
        return [] if method == "HEAD" else [body]

    # Under uWSGI, chunked request bodies need uwsgi.chunked_read(): see wsgikit.chunked.
    return UWSGIChunkedInput(Mount(index, mounts))


application = build()
