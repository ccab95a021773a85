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

from wsgikit import Request, Router, handler

router = Router()


@router.route("/login")
@handler
def login(request: Request) -> dict[str, str]:
    user_name = request.args.get("user_name")
    return {"auth": "success" if user_name == "foo" else "failed"}


application = router
