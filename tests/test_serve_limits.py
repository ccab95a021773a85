"""``wsgikit.serve`` under many clients, silent clients and clients that leave.

The listen backlog takes a burst of connections while the server is busy; past
``--threads`` connections a client gets a 503 that says so; silent connections
cost a thread each until ``--timeout`` drops them, with one short log line and
no traceback.
"""

from __future__ import annotations

import os
import selectors
import signal
import socket
import struct
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port, http_request, running, serve_argv

pytestmark = pytest.mark.server


def connect_all(port: int, count: int) -> list[socket.socket]:
    return [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(count)]


def closed_by_server(sock: socket.socket) -> bool:
    """True once the server has hung up; False while it holds the connection open."""
    sock.setblocking(False)
    try:
        return sock.recv(100) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True
    finally:
        sock.settimeout(10)


def wait_until_closed(socks: list[socket.socket], within: float) -> int:
    """Wait up to ``within`` seconds for the server to close them all; how many it closed."""
    selector = selectors.DefaultSelector()
    for sock in socks:
        selector.register(sock, selectors.EVENT_READ)
    closed = 0
    deadline = time.monotonic() + within
    while closed < len(socks) and time.monotonic() < deadline:
        for key, _ in selector.select(0.5):
            closed += closed_by_server(key.fileobj)  # type: ignore[arg-type]
            selector.unregister(key.fileobj)
    selector.close()
    return closed


def test_a_burst_of_64_connections_waits_in_the_backlog() -> None:
    """While the server cannot accept (stopped here), the kernel completes 64
    handshakes and queues them; once it runs again every one is served."""
    port = free_port()
    socks = [socket.socket() for _ in range(64)]
    with running(serve_argv("examples.raw.hello", "--port", str(port)), port) as proc:
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            selector = selectors.DefaultSelector()
            for sock in socks:
                sock.setblocking(False)
                sock.connect_ex(("127.0.0.1", port))
                selector.register(sock, selectors.EVENT_WRITE)
            connected: set[object] = set()
            deadline = time.monotonic() + 5
            while len(connected) < 64 and time.monotonic() < deadline:
                connected |= {key.fileobj for key, _ in selector.select(0.5)}
            selector.close()
            assert len(connected) == 64, f"only {len(connected)} of 64 handshakes completed"
        finally:
            os.kill(proc.pid, signal.SIGCONT)
        try:
            for sock in socks:
                sock.settimeout(10)
                sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            for sock in socks:
                reply = b""
                while chunk := sock.recv(65536):
                    reply += chunk
                assert reply.startswith(b"HTTP/1.0 200 ") and reply.endswith(b"Hello, World!")
        finally:
            for sock in socks:
                sock.close()


def test_past_the_thread_bound_a_client_gets_a_503(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    argv = serve_argv("examples.raw.hello", "--port", str(port), "--threads", "2",
                      "--timeout", "30")
    with running(argv, port, log=log):
        for _ in range(10):
            silent = connect_all(port, 2)  # each holds one of the 2 threads
            status, headers, body = http_request(port, "GET", "/")
            if status == 503:
                break
            # The thread of an earlier connection (the start-up probe's) had not quite
            # ended, so one of these two got the 503 instead: try again.
            for sock in silent:
                sock.close()
            time.sleep(0.2)
        try:
            assert status == 503
            assert headers["connection"] == "close"
            assert headers["content-type"] == "text/plain; charset=utf-8"
            assert int(headers["content-length"]) == len(body)
            assert b"busy" in body
        finally:
            for sock in silent:
                sock.close()
        # Until the two threads notice and end.  The answer that ends the wait is the
        # one checked: a request right after it may still find that request's own
        # thread finishing, and a 503 then is the bound at work, not a failure.
        deadline = time.monotonic() + 10
        while True:
            status, _, body = http_request(port, "GET", "/")
            if status != 503 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert (status, body) == (200, b"Hello, World!")
    text = log.read_text("utf-8")
    assert "Traceback" not in text and "503" in text


@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "trickle"])
def test_200_idle_connections_leave_room_for_another_client(tmp_path: Path, trickle: bool) -> None:
    """200 connections that send nothing (or a byte a second) hold a thread each;
    another client is still served within a second, and each idle one is dropped
    after --timeout of silence, with one short log line and no traceback."""
    port = free_port()
    log = tmp_path / "serve.log"
    argv = serve_argv("examples.raw.hello", "--port", str(port), "--timeout", "2")
    with running(argv, port, log=log):
        idle = connect_all(port, 200)
        stop = threading.Event()

        def send_a_byte_a_second() -> None:
            while not stop.wait(1):
                for sock in idle:
                    try:
                        sock.send(b"G")
                    except OSError:
                        pass  # dropped already: the assertions below say so

        trickler = threading.Thread(target=send_a_byte_a_second)
        if trickle:
            trickler.start()
        try:
            time.sleep(2.5 if trickle else 0.5)  # a trickle outlives the timeout
            assert http_request(port, "GET", "/", timeout=1)[2] == b"Hello, World!"
            assert not any(closed_by_server(sock) for sock in idle)
        finally:
            stop.set()
            if trickle:
                trickler.join()
        try:
            assert wait_until_closed(idle, within=15) == 200
        finally:
            for sock in idle:
                sock.close()
    text = log.read_text("utf-8")
    assert "Traceback" not in text, text[:3000]
    dropped = [line for line in text.splitlines() if "without a complete request" in line]
    assert len(dropped) == 200 and all(len(line) < 160 for line in dropped), dropped[:3]


def test_an_idle_connection_is_one_short_log_line(tmp_path: Path) -> None:
    """A browser's preconnect: connect, send nothing, let the server time out."""
    port = free_port()
    log = tmp_path / "serve.log"
    argv = serve_argv("examples.raw.hello", "--port", str(port), "--timeout", "1")
    with running(argv, port, log=log):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            assert sock.recv(100) == b""  # the server hung up after its timeout
        assert http_request(port, "GET", "/")[0] == 200
    lines = log.read_text("utf-8").splitlines()
    assert not any("Traceback" in line for line in lines), lines
    dropped = [line for line in lines if " wsgikit.serve 127.0.0.1 " in line]
    assert len(dropped) == 1 and len(dropped[0]) < 160, lines
    assert " INFO " in dropped[0] and "after 1s without a complete request" in dropped[0]


def test_a_client_that_leaves_mid_response_leaves_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "big_body.py").write_text(textwrap.dedent(
        """
        from wsgiref.validate import validator

        CHUNK = b"x" * 65536

        @validator
        def application(environ, start_response):
            count = 1024 if environ["PATH_INFO"] == "/big" else 1  # 64 MiB or 64 KiB
            start_response("200 OK", [("Content-Type", "application/octet-stream"),
                                      ("Content-Length", str(len(CHUNK) * count))])
            return (CHUNK for _ in range(count))
        """
    ))
    port = free_port()
    log = tmp_path / "serve.log"
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}"}
    with running(serve_argv("big_body", "--port", str(port)), port, log=log, env=env):
        for linger in (False, True):  # a FIN, then a reset
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"GET /big HTTP/1.1\r\nHost: a\r\n\r\n")
            assert sock.recv(65536).startswith(b"HTTP/1.0 200 OK")
            if linger:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        time.sleep(0.5)
        assert http_request(port, "GET", "/")[0] == 200
    lines = log.read_text("utf-8").splitlines()
    assert not any("Traceback" in line or "Iterator" in line for line in lines), lines
    assert len(lines) <= 4, lines  # serving, at most a line per client that left, one access

