"""Starting and stopping real server processes on 127.0.0.1 for the tests.

Every process is started here with ``subprocess.Popen`` and stopped by its own
PID (never by name), with SIGKILL as the last resort, even when a test fails.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(
    port: int, proc: subprocess.Popen[bytes] | None = None, timeout: float = 20.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout}s")


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGINT, timeout: float = 15.0) -> int:
    """Send ``sig`` to the process's own PID; SIGKILL it if it does not exit in time."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return proc.returncode


@contextmanager
def running(
    argv: Sequence[str],
    port: int,
    *,
    sig: int = signal.SIGINT,
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``argv`` in the repo root, wait for ``port``, stop it on the way out."""
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        list(argv), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    try:
        wait_for_port(port, proc)
        yield proc
    finally:
        stop(proc, sig)
        if log is not None:
            out.close()  # type: ignore[union-attr]


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
# nginx in the foreground, its pid, log and temporary files in a test's directory;
# {http} is the rest of the http block: the servers (and upstreams) of one test.
_NGINX_CONF = """\
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi_temp;
    uwsgi_temp_path {tmp}/uwsgi_temp;
    scgi_temp_path {tmp}/scgi_temp;
{http}
}}
"""


@contextmanager
def running_nginx(tmp: Path, port: int, http: str) -> Iterator[subprocess.Popen[bytes]]:
    """nginx with ``http`` in its http block, listening on ``port``; stopped by its PID."""
    conf = tmp / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""  # root's workers would be nobody
    conf.write_text(_NGINX_CONF.format(user=user, tmp=tmp, http=http))
    nginx = subprocess.Popen([NGINX or "nginx", "-c", str(conf)], cwd=tmp,
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, nginx)
        yield nginx
    finally:
        stop(nginx, signal.SIGQUIT)


def http_request(
    port: int,
    method: str,
    target: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, dict[str, str], bytes]:
    """One request over a fresh connection; header names lower-cased."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None and "Content-Length" not in (headers or {}):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        conn.close()


def raw_request(port: int, data: bytes, timeout: float = 5.0) -> bytes:
    """Send ``data`` as it is on a fresh connection; return every byte received until
    the server closes it (``b''`` when it closes, or resets, without answering)."""
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, BrokenPipeError, TimeoutError):
            pass
    return b"".join(chunks)


def ini_copy(name: str, tmp: Path, *, http: int, socket: int) -> Path:
    """A copy in ``tmp`` of the repository's uWSGI ini file ``name`` that listens on
    ``http`` and ``socket`` instead of 127.0.0.1:8000 and 127.0.0.1:19130.

    Nothing else changes: ``%d`` (the file's directory) still means the repository,
    and an ``ini = %d<file>`` include reads that file's copy, made beside it.
    """
    text = (ROOT / name).read_text()
    for included in re.findall(r"^ini\s*=\s*%d(\S+)\s*$", text, flags=re.MULTILINE):
        copy = ini_copy(included, tmp, http=http, socket=socket)
        text = text.replace(f"%d{included}", str(copy))
    text = text.replace("127.0.0.1:8000", f"127.0.0.1:{http}")
    text = text.replace("127.0.0.1:19130", f"127.0.0.1:{socket}")
    copy = tmp / name
    copy.write_text(text.replace("%d", f"{ROOT}/"))
    return copy


def serve_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "wsgikit.serve", *args]


def uwsgi_argv(*args: str) -> list[str]:
    # buffer-size: uWSGI's default 4 KiB resets a request with a 2,000-character path
    # or a large cookie; 65535, the most a uwsgi packet holds, as uwsgi.ini says.
    return [str(VENV_BIN / "uwsgi"), "--die-on-term", "--need-app", "--disable-logging",
            "--buffer-size", "65535", *args]


#: headers a server adds or rewrites by itself; never compared between servers
SERVER_HEADERS = frozenset({"date", "server", "connection", "keep-alive", "transfer-encoding"})


def normalise_headers(headers: list[tuple[str, str]]) -> dict[str, str]:
    """The one place where server differences are ironed out: names lower-cased,
    headers in SERVER_HEADERS dropped, repeats joined with ', '."""
    out: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        if key in SERVER_HEADERS:
            continue
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def http_case(port: int, case: Any, prefix: str = "", timeout: float = 15.0) -> Any:
    """Send a ``tests.casekit.Case`` over real HTTP; return a ``casekit.Result``."""
    from tests.casekit import Result

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(case.method, prefix + case.path, skip_accept_encoding=True)
        for name, value in case.headers.items():
            conn.putheader(name, value)
        try:
            if case.chunked:
                conn.putheader("Transfer-Encoding", "chunked")
                body = case.body
                chunks = [body[i : i + 1000] for i in range(0, len(body), 1000)]
                conn.endheaders(iter(chunks), encode_chunked=True)
            else:
                if case.body or case.method in ("POST", "PUT", "PATCH"):
                    conn.putheader("Content-Length", str(len(case.body)))
                conn.endheaders(case.body or None)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (413, say) before reading all we sent: read it
        response = conn.getresponse()
        data = response.read()
        return Result(response.status, normalise_headers(response.getheaders()), data)
    finally:
        conn.close()
