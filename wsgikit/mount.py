"""Prefix mounting: several WSGI apps behind one, each under its own path prefix.

Use it to serve unrelated apps from one process, or to put an app under a
prefix (``/api``) without the app knowing its prefix.  A request for
``/api/users`` reaches the app mounted at ``/api`` with ``SCRIPT_NAME`` ending
in ``/api`` and ``PATH_INFO`` ``/users``, which is what PEP 3333 asks of a
server that serves an app below the root; links the app builds from
``SCRIPT_NAME`` stay right.  Paths under no prefix go to the fallback app::

    from wsgikit import Mount

    application = Mount(index_app, {
        "/api": api_app,
        "/admin": admin_app,
    })

Rules, the same as werkzeug's ``DispatcherMiddleware`` and uWSGI's ``--mount``
with ``--manage-script-name``:

- whole path segments only: ``/app`` matches ``/app`` and ``/app/x``, never ``/apple``;
- the longest prefix wins, so ``/a/b`` can be mounted beside ``/a``;
- ``/app`` gives the inner app ``PATH_INFO = ''`` and ``/app/`` gives ``'/'``
  (the app can redirect the first to the second, as a router does);
- a ``SCRIPT_NAME`` set by an outer server or mount is kept and extended;
- mount keys are normalised (``/x/`` is ``/x``) and written as text: ``/한글``
  matches the UTF-8 bytes a browser sends for it;
- the caller's environ is never changed: the inner app gets a copy.

Matching costs one dict look-up per path segment, whatever the number of mounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["Mount"]


def _mount_key(prefix: str) -> str:
    """``'/x/'`` -> ``'/x'`` in the latin-1 form a server uses for PATH_INFO."""
    if not isinstance(prefix, str) or not prefix.startswith("/"):
        raise ValueError(f"a mount prefix must be a str starting with '/': {prefix!r}")
    if any(ch in prefix for ch in "?#") or any(ord(ch) < 0x20 or ch == "\x7f" for ch in prefix):
        raise ValueError(f"a mount prefix is a path, without '?', '#' or controls: {prefix!r}")
    key = prefix.rstrip("/")
    if not key:
        raise ValueError("'/' cannot be mounted: the fallback app serves the root")
    if "//" in key:
        raise ValueError(f"a mount prefix cannot hold an empty segment: {prefix!r}")
    return key.encode("utf-8").decode("latin-1")


class Mount:
    """Dispatch to the app whose prefix starts the path; the rest go to ``app``."""

    def __init__(self, app: WSGIApplication, mounts: Mapping[str, WSGIApplication]) -> None:
        self.app = app
        self.mounts: dict[str, WSGIApplication] = {}
        for prefix, mounted in mounts.items():
            key = _mount_key(prefix)
            if key in self.mounts:
                raise ValueError(f"two mounts share the prefix {prefix!r}")
            self.mounts[key] = mounted

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        prefix = path
        # Drop one trailing segment at a time: the longest mounted prefix is found
        # first, and a prefix always ends on a segment boundary.
        while prefix:
            mounted = self.mounts.get(prefix)
            if mounted is not None:
                inner = dict(environ)
                inner["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
                inner["PATH_INFO"] = path[len(prefix) :]
                return mounted(inner, start_response)
            prefix = prefix.rpartition("/")[0]
        return self.app(environ, start_response)
