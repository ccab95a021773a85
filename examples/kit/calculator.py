"""calculator (seed 000, Test #10): int segments, an HTML form and a form body.

The Flask original::

    @app.route('/<int:num1>/<string:op>/<int:num2>')   -> the result of num1 op num2
    @app.route('/')                                    -> render_template('calculator.html')
    @app.route('/post', methods=['POST'])              -> request.form['input1'], ...

The router's ``int`` converter does the raw form's digit checks (ASCII digits,
no sign, leading zeros allowed; anything else is a 404), ``request.url_for``
puts the mount point into the form's ``action``, ``request.form`` reads the
body (bounded, 400 if cut short or not UTF-8, 413 over the limit) and parses it,
and a returned dict or tuple is the JSON answer.  The decisions the seed left
open are the raw form's: see its docstring.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/calculator.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from html import escape

from examples.calculation import (
    FORM_PAGE,
    GET_ERROR,
    MISSING_ERROR,
    OPERATOR_ERROR,
    RESULT_PAGE,
    ZERO_ERROR,
    calculate,
    printable,
    to_int,
)
from wsgikit import Request, Response, Router, UnsupportedMediaType, handler, html_response


class FormRequest(Request):
    """The raw form's limits: 64 KiB (Flask's MAX_CONTENT_LENGTH there), 100 fields."""

    max_form_bytes = 64 * 1024
    max_form_fields = 100


router = Router()


@router.route("/")
@handler
def index(request: Request) -> Response:
    action = request.url_for("calculate_post")
    return html_response(FORM_PAGE.format(action=escape(action)))


@router.route("/<int:num1>/<op>/<int:num2>")
@handler
def calculate_get(
    request: Request, num1: int, op: str, num2: int
) -> dict[str, int | float | str] | tuple[dict[str, str], int]:
    result = calculate(num1, op, num2) if op in ("+", "-", "*") else None
    if result is None or printable(result) is None:  # json.dumps refuses 4300+ digits too
        return {"error": GET_ERROR}, 400
    return {"num1": num1, "op": op, "num2": num2, "result": result}


@router.route("/post", methods=("POST",))
@handler
def calculate_post(request: Request) -> Response | tuple[dict[str, str], int]:
    if request.content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("send the form as application/x-www-form-urlencoded")
    form = FormRequest(request.environ).form  # @handler's Request has a 1 MiB limit
    num1, num2 = to_int(form.get("input1")), to_int(form.get("input2"))
    op = form.get("operator")
    if num1 is None or num2 is None or op is None:
        return {"error": MISSING_ERROR}, 400
    if op not in ("+", "-", "*", "/"):
        return {"error": OPERATOR_ERROR}, 400
    if op == "/" and num2 == 0:
        return {"error": ZERO_ERROR}, 400
    try:
        result = calculate(num1, op, num2)
    except OverflowError:  # an int quotient too large for a float
        result = None
    shown = None if result is None else printable(result)
    if shown is None:
        return {"error": OPERATOR_ERROR}, 400
    page = RESULT_PAGE.format(
        calculation=escape(f"{num1} {op} {num2}"),
        result=escape(shown),
        home=escape(request.url_for("index")),
    )
    return html_response(page)


application = router


if __name__ == "__main__":
    # python examples/kit/calculator.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
