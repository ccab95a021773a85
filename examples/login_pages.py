"""The login-form exercise's pages, shared by its raw and kit forms.

The two pages and the refusal's text are the exercise, not what a framework
does for you, so they live here once, as ``str.format`` templates; the Flask
twin keeps Jinja2 copies with ``url_for`` in them, which is the point of that
column.  The form follows the seed's calculator form (seed 000, Test #10).
``escape`` writes what Jinja2's autoescape (MarkupSafe) writes, so all three
forms send the same bytes.
"""

from __future__ import annotations

__all__ = ["FORM_PAGE", "MISSING_USERNAME", "WELCOME_PAGE", "escape"]

MISSING_USERNAME = "The username field of the form is missing or empty."

FORM_PAGE = """\
<!DOCTYPE html>
<html lang="ko">
<head>
    <meta charset="UTF-8">
    <title>Login (GET)</title>
</head>
<body>
    <form action="{action}" method="post">
        <p> 사용자 이름 : <input type="text" id="username" name="username"> </p>
        <p> 이름을 입력하고 로그인 버튼을 누르세요. <input type="submit" value="로그인"></p>
    </form>
</body>
</html>
"""

WELCOME_PAGE = """\
<!DOCTYPE html>
<html lang="ko">
<head>
    <meta charset="UTF-8">
    <title>Login (POST)</title>
</head>
<body>
    <p>Welcome, {username}!</p>
    <p><a href="{action}">다시 로그인하기</a></p>
</body>
</html>
"""

# MarkupSafe's escapes; html.escape would write &quot; and &#x27; (other bytes).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def escape(value: str) -> str:
    """``value`` safe in HTML text and in a quoted attribute, as Jinja2 escapes it."""
    return value.translate(_ESCAPES)
