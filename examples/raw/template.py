"""template (seed 000, Test #9): HTML with the user's input escaped.

The Flask original::

    @app.route('/')
    def index():
        name = request.args.get('name', default=None)
        return render_template('hello.html', name=name)

with ``templates/hello.html`` (kept as ``examples/templates/hello.html``)::

    <!DOCTYPE html>
    {% if name %}
        <h1> Hi, 필멸자 {{ name }}!</h1>
    {% else %}
        <h1> Hi, 이름없는 용사!</h1>
    {% endif %}

Here the template is a pair of format strings, written to be byte for byte
what Flask's Jinja2 renders: the block tags leave their line breaks behind
(``trim_blocks`` is off), the file's final newline is dropped
(``keep_trailing_newline`` is off), ``{% if name %}`` treats ``''`` as no name,
and ``{{ name }}`` is escaped by autoescaping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plumbing import check_method, exercise, html, not_found, path_info, query

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

WITH_NAME = "<!DOCTYPE html>\n\n    <h1> Hi, 필멸자 {name}!</h1>\n"
WITHOUT_NAME = "<!DOCTYPE html>\n\n    <h1> Hi, 이름없는 용사!</h1>\n"

# Jinja2's autoescape (MarkupSafe).  html.escape(s) would write &quot; and &#x27;
# for the quotes: just as safe, but not the same bytes as the Flask form.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def escape(value: str) -> str:
    return value.translate(_ESCAPES)


@exercise
def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    path = path_info(environ) or "/"  # an empty PATH_INFO is the root of the mount
    if path != "/":
        raise not_found(path)
    check_method(environ, "GET")
    name = query(environ).get("name", [""])[0]  # request.args.get('name', default=None)
    # render_template: {% if name %} ... {{ name }} with autoescape on.
    page = WITH_NAME.format(name=escape(name)) if name else WITHOUT_NAME
    return html(start_response, page)
