"""request_info (seed 000, Test #6): reading the request: method, query, a header.

The Flask original::

    @app.route('/', methods=['GET', 'POST'])
    def index():
        method = request.method
        name = request.args.get('name', default='이름이 없는 자')
        client = request.headers['User-Agent']
        return f'{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군.'

``wsgikit.Request`` is the view over the environ that the raw form reads by
hand: ``args`` is the query split on ``&`` and decoded strictly (``%FF`` is a
400), and ``headers['User-Agent']`` raises ``MissingKey``, a 400, when the
header is missing, like Werkzeug's ``BadRequestKeyError``.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/request_info.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import Request, Router, handler

NO_NAME = "이름이 없는 자"

router = Router()


@router.route("/", methods=("GET", "POST"))
@handler
def index(request: Request) -> str:
    name = request.args.get("name", NO_NAME)
    client = request.headers["User-Agent"]  # missing: a 400 that says so
    # HEAD must announce the Content-Length GET would send (RFC 9110): answer as GET.
    method = "GET" if request.method == "HEAD" else request.method
    return f"{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 쓰는군."


application = router


if __name__ == "__main__":
    # python examples/kit/request_info.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
