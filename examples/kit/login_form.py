"""login-form (seed 001, HTTP 메소드): one URL, two methods.

The Flask original::

    @app.route('/login', methods=['GET', 'POST'])
    def login():
        if request.method == "POST":
            do_the_login()
        else:
            show_the_login_form()

``methods=("GET", "POST")`` gives the router the raw form's method check (405
with ``Allow``, HEAD and OPTIONS); ``request.url_for("login")`` puts the mount
point into the form's ``action``; ``request.form`` reads the body (bounded, 400
if cut short or not UTF-8, 413 over the limit of ``FormRequest``) and parses
it.  The decisions the seed left open are the raw form's: see its docstring.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/login_form.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from examples.login_pages import FORM_PAGE, MISSING_USERNAME, WELCOME_PAGE, escape
from wsgikit import Request, Response, Router, UnsupportedMediaType, abort, handler, html_response


class FormRequest(Request):
    """The raw form's limits: 64 KiB (Flask's MAX_CONTENT_LENGTH there), 100 fields."""

    max_form_bytes = 64 * 1024
    max_form_fields = 100


router = Router()


def show_the_login_form(request: Request) -> Response:
    return html_response(FORM_PAGE.format(action=escape(request.url_for("login"))))


def do_the_login(request: Request) -> Response:
    if request.content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("send the form as application/x-www-form-urlencoded")
    username = request.form.get("username", "")
    if not username:
        abort(400, MISSING_USERNAME)
    page = WELCOME_PAGE.format(username=escape(username), action=escape(request.url_for("login")))
    return html_response(page)


@router.route("/login", methods=("GET", "POST"))
@handler(request_class=FormRequest)
def login(request: Request) -> Response:
    if request.method == "POST":
        return do_the_login(request)
    return show_the_login_form(request)  # GET, and HEAD


application = router


if __name__ == "__main__":
    # python examples/kit/login_form.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
