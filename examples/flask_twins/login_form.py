"""login-form (seed 001, HTTP 메소드): one URL, two methods.

The seed's view, as written, with the two functions it calls filled in::

    @app.route('/login', methods=['GET', 'POST'])
    def login():
        if request.method == "POST":
            do_the_login()
        else:
            show_the_login_form()

Compared with ``examples/raw/login_form.py``, Flask does for you:
``methods=['GET', 'POST']`` puts both methods on one rule (every other one is a
405 with ``Allow``; HEAD runs the GET branch) and ``request.method`` says which
came; ``url_for('login')`` writes the form's ``action`` under the mount point
(``SCRIPT_NAME``); ``request.form`` is the body read up to ``CONTENT_LENGTH``
and at most ``MAX_CONTENT_LENGTH`` (413); Jinja2 autoescapes the name.  The
view checks the media type itself (``request.form`` is empty for any other, the
contract says 415) and reads the field with ``.get``, so that an empty name is
refused as a missing one.

Flask differs (recorded in ``tests/cases/login_form.py``): a form value that is
not UTF-8 (``username=%FF``) is kept percent-encoded and greeted, not a 400;
``/%FF`` is a 404; ``Allow`` comes from a set.  ``url_for`` leaves a non-ASCII
mount point unencoded (``/한글/login``; the raw and kit forms write
``/%ED%95%9C%EA%B8%80/login``): the same URL to a browser.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/flask_twins/login_form.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.flask_twins"

from flask import Flask, abort, render_template_string, request
from werkzeug.exceptions import ClientDisconnected

from ._common import client_failed

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # a form body: 64 KiB, then 413
app.register_error_handler(ClientDisconnected, client_failed)  # 408 for a stalled body
# Jinja2 drops a template's last newline; the raw form's pages end with one.
app.jinja_env.keep_trailing_newline = True

LOGIN_FORM = """\
<!DOCTYPE html>
<html lang="ko">
<head>
    <meta charset="UTF-8">
    <title>Login (GET)</title>
</head>
<body>
    <form action="{{ url_for('login') }}" method="post">
        <p> 사용자 이름 : <input type="text" id="username" name="username"> </p>
        <p> 이름을 입력하고 로그인 버튼을 누르세요. <input type="submit" value="로그인"></p>
    </form>
</body>
</html>
"""

WELCOME = """\
<!DOCTYPE html>
<html lang="ko">
<head>
    <meta charset="UTF-8">
    <title>Login (POST)</title>
</head>
<body>
    <p>Welcome, {{ username }}!</p>
    <p><a href="{{ url_for('login') }}">다시 로그인하기</a></p>
</body>
</html>
"""


def show_the_login_form() -> str:
    return render_template_string(LOGIN_FORM)


def do_the_login() -> str:
    # request.form is empty for any other media type; the contract says 415.
    if request.mimetype != "application/x-www-form-urlencoded":
        abort(415, "send the form as application/x-www-form-urlencoded")
    username = request.form.get("username", "")
    if not username:
        abort(400, "The username field of the form is missing or empty.")
    return render_template_string(WELCOME, username=username)


@app.route("/login", methods=["GET", "POST"])
def login() -> str:
    if request.method == "POST":
        return do_the_login()
    else:
        return show_the_login_form()


# 다른 모듈에 import 되는게 아니라 명령줄로 직접 실행될 때 사용됨 (the seed's comment: used
# when run directly, not imported).  `flask --app examples.flask_twins.login_form run` imports
# this module, so it skips this block and serves on its own default port, 5000.  The seed's
# host '0.0.0.0' would expose Flask's development server to the network.
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=29130)
