"""What an app sees through ``ssh -L8000:localhost:29130 server`` (docs/ssh-tunnels.md).

No SSH here: a tunnel delivers a request from the server's loopback with the
Host header the laptop's browser wrote, and that is what these requests are.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import pytest

from tests.servers import free_port, running, serve_argv

pytestmark = pytest.mark.server



def through_tunnel(port: int, target: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """A request as the tunnel delivers it: the Host the laptop's browser wrote."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "localhost:8000")
        for name, value in headers.items():
            conn.putheader(name.replace("_", "-"), value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    port = free_port()
    with running(serve_argv("--port", str(port)), port):
        yield port


def test_flask_builds_its_redirect_from_the_tunnels_host(port: int) -> None:
    status, headers, _ = through_tunnel(port, "/flask/slashes/projects")
    assert status == 308
    # the laptop's address, not the server's port: right for the browser that asked
    assert headers["location"] == "http://localhost:8000/flask/slashes/projects/"


def test_the_kit_and_raw_redirects_are_root_relative(port: int) -> None:
    for form in ("raw", "kit"):
        status, headers, _ = through_tunnel(port, f"/{form}/slashes/projects")
        assert (status, headers["location"]) == (308, f"/{form}/slashes/projects/")


def test_the_client_is_the_servers_loopback(port: int) -> None:
    status, _, body = through_tunnel(port, "/raw/request-info/", User_Agent="tunnel",
                                     Wsgikit_Trace="1")
    environ = json.loads(body)["trace"]["environ"]
    assert status == 200
    assert environ["REMOTE_ADDR"] == "127.0.0.1"
    assert environ["HTTP_HOST"] == "localhost:8000"
    assert environ["SERVER_PORT"] == str(port)
