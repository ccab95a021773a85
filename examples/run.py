"""Run an exercise from its own file, as the seed runs ``./flask1.py``: on port 29130.

Every form of every exercise can be run by its path::

    python examples/raw/hello.py             # wsgiref, the standard library's server
    python examples/kit/hello.py --port 8001 # wsgikit.serve: threaded, with an access log
    python examples/flask_twins/hello.py     # Flask's app.run, as in the seed

on 127.0.0.1:29130 (the seed's port) unless ``--host``/``--port`` say otherwise (the
twins keep the seed's fixed ``app.run(port=29130)``).  A raw form's ``__main__`` block
calls ``wsgiref.simple_server.make_server`` itself, so that it stays standard library
only; a kit form's calls :func:`serve`, which hands ``__main__:application`` to
``wsgikit.serve``::

    if __name__ == "__main__":
        from examples.run import serve

        raise SystemExit(serve())

Why a file that imports from the project starts with an ``if not __package__:``
block: run by its path, ``examples/raw/calculator.py`` is a script, not the module
``examples.raw.calculator``.  Python puts its folder, not the repository, first on
``sys.path`` and leaves ``__package__`` empty, so ``from ._plumbing import ...`` and
``import examples...`` fail at the top of the file, before the ``__main__`` block at
its end is reached.  The block puts the repository root on ``sys.path`` and names the
package (PEP 366), which makes the imports resolve as under ``python -m
examples.raw.calculator``; imported by name (the gallery, the tests, uWSGI's
``--module``), ``__package__`` is already set and the block does nothing.
"""

from __future__ import annotations

import argparse

from wsgikit.serve import main as serve_main

__all__ = ["PORT", "serve"]

PORT = 29130  # the seed's: app.run(host='0.0.0.0', port=29130)


def serve(argv: list[str] | None = None, app: str = "__main__:application") -> int:
    """Serve ``app`` (``module:attr``; by default the running script's ``application``)
    with ``wsgikit.serve`` on ``--host`` (127.0.0.1) and ``--port`` (29130)."""
    parser = argparse.ArgumentParser(description=f"Serve {app} with wsgikit.serve.")
    parser.add_argument(
        "--host", default="127.0.0.1",
        help="address to bind (default: %(default)s; the seed's 0.0.0.0 exposes this "
             "development server to the network)",
    )
    parser.add_argument("--port", type=int, default=PORT,
                        help="port (default: %(default)s, the seed's; 0 picks a free one)")
    args = parser.parse_args(argv)
    return serve_main([app, "--host", args.host, "--port", str(args.port)])
