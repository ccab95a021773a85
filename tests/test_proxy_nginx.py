"""ProxyFix behind a real nginx that forwards HTTP under /app/ (``examples/behind_proxy.py``).

Without it the apps would see nginx's upstream address as their host and no
prefix: links and form actions outside /app/, redirects to the upstream's port.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import NGINX, free_port, http_request, running, running_nginx, serve_argv

pytestmark = pytest.mark.server

SITE = """\
    server {{
        listen 127.0.0.1:{port};
        location /app/ {{
            proxy_pass http://127.0.0.1:{upstream}/;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-Prefix /app;
        }}
    }}"""


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if NGINX is None:
        pytest.skip("nginx is not installed (make test installs it when run as root)")
    tmp = tmp_path_factory.mktemp("proxy")
    port, upstream = free_port(), free_port()
    with (running(serve_argv("examples.behind_proxy", "--port", str(upstream)), upstream,
                  log=tmp / "app.log"),
          running_nginx(tmp, port, SITE.format(port=port, upstream=upstream))):
        yield port


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
    status, got, body = http_request(port, "GET", path, headers=headers)
    return status, got, body.decode("utf-8", "replace")


def test_the_gallerys_links_stay_under_the_prefix(front: int) -> None:
    status, _, page = get(front, "/app/")
    assert status == 200
    links = re.findall(r'href="([^"]+)"', page)
    links = [link for link in links if link != "data:,"]  # the empty favicon
    assert links and all(link.startswith("/app/") for link in links), links
    status, _, page = get(front, "/app/exercises/hello/")
    assert status == 200 and '"base": "/app"' in page


@pytest.mark.parametrize("form", ["raw", "kit", "flask"])
def test_the_calculators_form_posts_under_the_prefix(front: int, form: str) -> None:
    status, _, page = get(front, f"/app/{form}/calculator/")
    assert status == 200
    assert f'action="/app/{form}/calculator/post"' in page


@pytest.mark.parametrize("form", ["raw", "kit", "flask"])
def test_the_slash_redirect_keeps_prefix_and_port(front: int, form: str) -> None:
    status, headers, _ = get(front, f"/app/{form}/slashes/projects?x=1")
    assert status == 308
    # root-relative (raw, kit) or absolute with nginx's own port (Flask), never the upstream's
    assert headers["location"] in (f"/app/{form}/slashes/projects/?x=1",
                                   f"http://127.0.0.1:{front}/app/{form}/slashes/projects/?x=1")


@pytest.mark.parametrize("form", ["raw", "kit", "flask"])
def test_url_building_names_the_prefix(front: int, form: str) -> None:
    status, _, body = get(front, f"/app/{form}/url-building/")
    assert status == 200
    urls = json.loads(body)
    assert urls["profile"] == f"/app/{form}/url-building/user/John%20Doe"
    assert urls["login_next"].startswith(f"/app/{form}/url-building/login?next=")


def test_spoofed_headers_through_nginx_are_not_believed(front: int) -> None:
    status, _, body = get(front, "/app/flask/hello/good", **{
        "Wsgikit-Trace": "1", "X-Forwarded-For": "6.6.6.6", "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Prefix": "/evil", "X-Forwarded-Proto": "gopher"})
    assert status == 200
    answer = json.loads(body)
    environ, notes = answer["trace"]["environ"], answer["trace"]["notes"]
    assert environ["REMOTE_ADDR"] == "127.0.0.1"  # nginx's view of the client, the last value
    assert environ["HTTP_HOST"] == f"127.0.0.1:{front}"
    assert environ["SCRIPT_NAME"] == "/app"
    assert environ["wsgi.url_scheme"] == "http"
    assert notes["Flask · request.url"] == f"http://127.0.0.1:{front}/app/flask/hello/good"


def test_a_client_with_no_proxy_declared_cannot_spoof(tmp_path: Path) -> None:
    # the plain gallery: wsgikit.ProxyFix is not in front, nothing is believed
    port = free_port()
    with running(serve_argv("--port", str(port)), port, log=tmp_path / "serve.log"):
        status, headers, _ = get(port, "/flask/slashes/projects", **{
            "X-Forwarded-Host": "evil.example", "X-Forwarded-Prefix": "/evil",
            "X-Forwarded-Proto": "https"})
    assert status == 308
    assert headers["location"] == f"http://127.0.0.1:{port}/flask/slashes/projects/"
