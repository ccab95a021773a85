"""variables (seed 001, 변수 규칙): the string, int, float and path converters.

The Flask original::

    @app.route('/user/<username>')        -> 'User %s' % username
    @app.route('/post/<int:post_id>')     -> 'Post %d' % post_id
    @app.route('/price/<float:amount>')   -> f'Price {amount}'
    @app.route('/path/<path:subpath>')    -> f'Subpath {subpath}'

The raw form writes each converter out; wsgikit's router has them, with the
raw form's rules: ``int`` is ASCII digits without a sign (``/post/007`` is
``Post 7``), ``float`` needs a dot (``/price/2`` and ``/price/1e5`` are 404s),
``path`` keeps its slashes.  A value a converter refuses is a 404, never a 500.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/variables.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import Request, Router, handler

router = Router()


@router.route("/user/<username>")
@handler
def show_user(request: Request, username: str) -> str:
    return f"User {username}"


@router.route("/post/<int:post_id>")
@handler
def show_post(request: Request, post_id: int) -> str:
    return f"Post {post_id}"


@router.route("/price/<float:amount>")
@handler
def show_price(request: Request, amount: float) -> str:
    return f"Price {amount}"


@router.route("/path/<path:subpath>")
@handler
def show_subpath(request: Request, subpath: str) -> str:
    return f"Subpath {subpath}"


application = router


if __name__ == "__main__":
    # python examples/kit/variables.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
