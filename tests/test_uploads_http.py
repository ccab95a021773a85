"""Uploads over real HTTP: ``python -m wsgikit.serve tests.upload_app`` on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.client
import json
import random
import socket
from pathlib import Path

import pytest

from tests.servers import free_port, http_request, running, serve_argv

pytestmark = pytest.mark.server

MiB = 1 << 20
BOUNDARY = b"----wsgikit-http-test"
HEAD = (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="file"; filename="big.bin"'
        b"\r\nContent-Type: application/octet-stream\r\n\r\n")
TAIL = (b"\r\n--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--'
        + BOUNDARY + b"--\r\n")
CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY.decode()


def peak_rss_kib(port: int) -> int:
    status, _, body = http_request(port, "GET", "/stats")
    assert status == 200
    return int(json.loads(body)["peak_rss_kib"])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM needs Linux /proc")
def test_a_50MiB_upload_streams_to_disk(tmp_path: Path) -> None:
    content = random.Random(50).randbytes(50 * MiB)
    port = free_port()
    argv = serve_argv("tests.upload_app", "--port", str(port), "--timeout", "10")
    with running(argv, port, log=tmp_path / "serve.log"):
        before = peak_rss_kib(port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.putrequest("POST", "/upload")
            conn.putheader("Content-Type", CONTENT_TYPE)
            conn.putheader("Content-Length", str(len(HEAD) + len(content) + len(TAIL)))
            conn.endheaders()
            conn.send(HEAD)
            for start in range(0, len(content), MiB):
                conn.send(content[start : start + MiB])
            conn.send(TAIL)
            response = conn.getresponse()
            answer = json.loads(response.read())
        finally:
            conn.close()
    assert response.status == 200, answer
    assert answer["fields"] == {"note": "hi"}
    assert answer["files"] == [{
        "name": "file", "filename": "big.bin", "size": 50 * MiB,
        "sha256": hashlib.sha256(content).hexdigest(), "on_disk": True,
    }]
    # Held in memory, 50 MiB would show in the server's peak RSS; streamed, it does not.
    assert answer["peak_rss_kib"] - before < 16 * 1024, (before, answer["peak_rss_kib"])


def test_a_client_that_stops_sending_is_dropped_and_others_are_served(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with running(serve_argv("tests.upload_app", "--port", str(port), "--timeout", "1"), port,
                 log=log):
        stalled = socket.create_connection(("127.0.0.1", port), timeout=10)
        with stalled:
            stalled.sendall(
                b"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: " + CONTENT_TYPE.encode() + b"\r\n"
                b"Content-Length: 1000000\r\n\r\n" + HEAD + b"only the first bytes"
            )
            # Another client is served while the first one holds its thread.
            assert peak_rss_kib(port) > 0
            stalled.setblocking(False)
            with pytest.raises(BlockingIOError):
                stalled.recv(1)  # the stalled client has no answer yet
            stalled.setblocking(True)
            stalled.settimeout(10)  # a hang fails the test here, after 10 s
            response = b""
            while chunk := stalled.recv(65536):
                response += chunk
        assert peak_rss_kib(port) > 0  # and the server still serves
    status_line, _, rest = response.partition(b"\r\n")
    assert status_line.endswith(b" 408 Request Timeout"), response
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["detail"] == (
        "the client stopped sending the body")
    text = log.read_text("utf-8")
    assert "Traceback" not in text
    assert '"POST /upload" 408 ' in text
