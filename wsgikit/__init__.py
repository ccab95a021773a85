"""wsgikit: a raw WSGI toolkit without a framework.

Hand-written WSGI pieces that work with any WSGI app, standard library only:

- :class:`Mount`: serve several apps under path prefixes (``wsgikit.mount``);
- ``python -m wsgikit.serve``: a threaded wsgiref server with an access log
  (``wsgikit.serve``).
"""

from __future__ import annotations

from .mount import Mount

__all__ = ["Mount"]
__version__ = "0.1.0"
