"""template (seed 000, Test #9): HTML with the user's input escaped.

The Flask original::

    @app.route('/')
    def index():
        name = request.args.get('name', default=None)
        return render_template('hello.html', name=name)

wsgikit has no template engine: the page is the raw form's pair of format
strings, byte for byte what Jinja2 renders from ``examples/templates/hello.html``
(the blank line the ``{% if %}`` leaves, no final newline of the file), and the
name is escaped as MarkupSafe escapes it.  What wsgikit does is the rest:
routing, ``request.args`` and ``html_response``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/template.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import Request, Response, Router, handler, html_response

WITH_NAME = "<!DOCTYPE html>\n\n    <h1> Hi, 필멸자 {name}!</h1>\n"
WITHOUT_NAME = "<!DOCTYPE html>\n\n    <h1> Hi, 이름없는 용사!</h1>\n"

# MarkupSafe's escapes; html.escape would write &quot; and &#x27; (other bytes).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})

router = Router()


@router.route("/")
@handler
def index(request: Request) -> Response:
    name = request.args.get("name", "")  # {% if name %}: '' is no name
    page = WITH_NAME.format(name=name.translate(_ESCAPES)) if name else WITHOUT_NAME
    return html_response(page)


application = router


if __name__ == "__main__":
    # python examples/kit/template.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
