"""context_locals: the seed's ``test_request_context()``, run as a script.

The seed (URL 생성) builds URLs in a Python shell, with no request anywhere::

    with app.test_request_context():
        print(url_for("index"))
        print(url_for("login"))

``test_request_context()`` pushes a request context by hand (the seed: it gives
Flask a situation as if it were handling a real request), so that what reads the
global ``request`` works: ``url_for``, and this exercise's ``greeting()``, deep
in the stack.  Outside it, both raise ``RuntimeError``.  Run it::

    python -m examples.flask_twins.context_locals_script
    python examples/flask_twins/context_locals_script.py

and it prints::

    /
    /slow?name=John+Doe
    Hello, John Doe!
    /myapplication/slow?name=John+Doe
    outside a request: Working outside of request context.

The fourth line is the seed's third reason for ``url_for``: under
``/myapplication`` rather than ``/``, the URLs follow.  wsgikit needs no
request for a URL: ``router.url_for("slow", name="John Doe")``
(``examples/kit/context_locals.py``, ``built_urls``).
"""

from __future__ import annotations

if not __package__:
    # Run as a file, this module is in no package and sys.path starts at its folder, so the
    # relative import below would fail: put the repository root on sys.path and name the
    # package (PEP 366), as `python -m` does (examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "examples.flask_twins"

from flask import url_for

from .context_locals import app, greeting


def main() -> int:
    with app.test_request_context("/?name=John%20Doe"):
        print(url_for("index"))
        print(url_for("slow", name="John Doe"))
        print(greeting())  # reads request.args: this context's query
    with app.test_request_context("/", base_url="http://localhost/myapplication"):
        print(url_for("slow", name="John Doe"))  # SCRIPT_NAME is /myapplication
    try:
        greeting()
    except RuntimeError as exc:
        print(f"outside a request: {str(exc).splitlines()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
