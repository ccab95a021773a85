"""The gallery behind a proxy that forwards HTTP under a prefix (nginx's ``proxy_pass``).

nginx in front, as ``docs/deploying.md`` shows it::

    location /app/ {
        proxy_pass http://127.0.0.1:8001/;          # the trailing / strips /app/
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_set_header X-Forwarded-Prefix /app;
    }

and this app on 127.0.0.1 only (a client that reached it directly could write
the headers itself)::

    .venv/bin/python -m wsgikit.serve examples.behind_proxy --port 8001

One proxy is declared for each header nginx sets, so the gallery's links, the
forms' actions, url-building and redirects name ``/app/`` and nginx's own host
and port; the client's own ``X-Forwarded-*`` values are never read.
"""

from __future__ import annotations

from examples.gallery import application as gallery
from wsgikit import ProxyFix

application = ProxyFix(gallery, x_for=1, x_proto=1, x_host=1, x_prefix=1)
