"""login (seed 003): a JSON answer driven by the query string.

The Flask original::

    @app.route('/login')
    def login():
        username = request.args.get("user_name")
        if username == "foo":
            return_data = dict(auth="seccess")
        else:
            return_data = dict(auth='failed')
        return jsonify(return_data)

(The seed's ``"seccess"`` is a typo; the contract says ``"success"``.)
``request.args.get`` and a returned dict do what ``query()`` and
``json_response`` do in the raw form.
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/kit/login.py), this module is in no package and
    # sys.path starts at its folder, so the imports below would fail: put the repository
    # root on sys.path and name the package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.kit"

from wsgikit import Request, Router, handler

router = Router()


@router.route("/login")
@handler
def login(request: Request) -> dict[str, str]:
    user_name = request.args.get("user_name")
    return {"auth": "success" if user_name == "foo" else "failed"}


application = router


if __name__ == "__main__":
    # python examples/kit/login.py [--host H] [--port P]: wsgikit.serve's threaded server
    # serves this application on 127.0.0.1:29130, the seed's port (see examples/run.py).
    from examples.run import serve

    raise SystemExit(serve())
