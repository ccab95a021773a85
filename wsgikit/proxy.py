"""``ProxyFix``: the client's address, scheme, host and prefix, as the proxies in front saw them.

Behind nginx's ``proxy_pass``, an app sees the proxy as its client: the address
is nginx's, the scheme ``http`` even where the browser spoke HTTPS, the host
whatever nginx put in ``Host``, and the path without the prefix nginx stripped
(``/app/``).  URLs the app builds then point at the wrong place: a redirect
loses the port, a form posts outside the prefix.  Proxies say what they saw in
``X-Forwarded-*`` headers, and this middleware puts those values back into the
environ, where ``Request.url``, ``url_for`` and redirects read them::

    from wsgikit import ProxyFix

    application = ProxyFix(app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)

Anybody can send those headers, so each is believed only for as many proxies as
you declare, and the default is none: ``ProxyFix(app)`` changes nothing.  Each
proxy *appends* what it saw to ``X-Forwarded-For`` (``client, proxy1, ...``),
so with ``x_for=1`` the value used is the last one, the one your own proxy
wrote; a value a client wrote before it is further left and never read.  A
header with fewer values than declared is ignored as a whole (the request did
not come through your proxies), and so is a value that is not what it claims
to be: a scheme other than ``http``/``https``, a host with characters no host
has, a port outside 1-65535, a prefix that is not an absolute path.  These are
the lessons of werkzeug's ProxyFix (issues #290 and #1314), written again.

What changes, with the original values kept in ``environ["wsgikit.proxy"]``:

- ``X-Forwarded-For`` → ``REMOTE_ADDR``;
- ``X-Forwarded-Proto`` → ``wsgi.url_scheme``;
- ``X-Forwarded-Host`` → ``HTTP_HOST`` and ``SERVER_NAME`` (and ``SERVER_PORT``
  when it names a port);
- ``X-Forwarded-Port`` → ``SERVER_PORT``, and the port in ``HTTP_HOST``;
- ``X-Forwarded-Prefix`` → put in front of ``SCRIPT_NAME`` (percent-decoded,
  as servers hand the path over).

The caller's environ is not changed: the app gets a copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["ProxyFix"]

_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-_~%]+)(?::([0-9]{1,5}))?")
_KEYS = ("REMOTE_ADDR", "wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT",
         "SCRIPT_NAME")


def _trusted(environ: WSGIEnvironment, header: str, proxies: int) -> str | None:
    """The value the ``proxies``-th proxy from us wrote, or None if there is none."""
    if proxies <= 0:
        return None
    raw: str = environ.get(header, "")
    values = [value.strip() for value in raw.split(",")] if raw else []
    if len(values) < proxies or not values[-proxies]:
        return None
    return values[-proxies]


def _port(text: str | None) -> str | None:
    return text if text is not None and text.isdigit() and 0 < int(text) < 65536 else None


class ProxyFix:
    """Believe ``X-Forwarded-*`` from as many proxies as declared, each header on its own."""

    def __init__(self, app: WSGIApplication, *, x_for: int = 0, x_proto: int = 0,
                 x_host: int = 0, x_port: int = 0, x_prefix: int = 0) -> None:
        self.app = app
        self.x_for, self.x_proto, self.x_host = x_for, x_proto, x_host
        self.x_port, self.x_prefix = x_port, x_prefix

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        inner = dict(environ)
        inner["wsgikit.proxy"] = {key: environ.get(key) for key in _KEYS}
        address = _trusted(environ, "HTTP_X_FORWARDED_FOR", self.x_for)
        if address is not None and re.fullmatch(r"[0-9A-Fa-f:.]+", address):
            inner["REMOTE_ADDR"] = address
        scheme = _trusted(environ, "HTTP_X_FORWARDED_PROTO", self.x_proto)
        if scheme is not None and scheme.lower() in ("http", "https"):
            inner["wsgi.url_scheme"] = scheme.lower()
        host = _trusted(environ, "HTTP_X_FORWARDED_HOST", self.x_host)
        found = _HOST.fullmatch(host) if host is not None else None
        if found is not None and (found.group(2) is None or _port(found.group(2))):
            inner["HTTP_HOST"], inner["SERVER_NAME"] = host, found.group(1)
            if found.group(2) is not None:
                inner["SERVER_PORT"] = found.group(2)
        port = _port(_trusted(environ, "HTTP_X_FORWARDED_PORT", self.x_port))
        if port is not None:
            name = _HOST.fullmatch(inner.get("HTTP_HOST", ""))
            if name is not None:
                inner["HTTP_HOST"] = f"{name.group(1)}:{port}"
            inner["SERVER_PORT"] = port
        prefix = _trusted(environ, "HTTP_X_FORWARDED_PREFIX", self.x_prefix)
        if prefix is not None and prefix.startswith("/") and not re.search(
                r"[?#\s\x00-\x1f\x7f]", prefix):
            decoded = unquote_to_bytes(prefix.rstrip("/")).decode("latin-1")
            inner["SCRIPT_NAME"] = decoded + environ.get("SCRIPT_NAME", "")
        return self.app(inner, start_response)
