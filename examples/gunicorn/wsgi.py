"""The module of the seed's ``gunicorn wsgi:app`` (002): the gallery, as ``app``.

``wsgi:app`` is gunicorn's ``MODULE:ATTRIBUTE``: import the module ``wsgi``
(this file, found because gunicorn puts the folder it runs in on ``sys.path``)
and serve its attribute ``app``.  It does not mean "use WSGI"; the seed's
``wsgi.py`` held the Flask object of its ``application.py``.  Here ``app`` is
the gallery, every exercise of the course in every form.

    cd examples/gunicorn
    ../../.venv/bin/gunicorn wsgi:app      # with gunicorn.conf.py beside it
"""

from __future__ import annotations

import os

from examples.gallery import application as app

__all__ = ["app"]

# Each worker imports this module after it is forked, so this runs once per
# worker.  A print on purpose: capture_output sends it to error.log; without
# that setting, under --daemon, stdout is /dev/null.  flush: a file is
# block-buffered, and the line would wait for the worker to exit.
print(f"wsgi.py: the gallery, loaded from {__file__} in worker {os.getpid()}", flush=True)
