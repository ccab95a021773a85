"""A CGI gateway: what Apache's mod_cgi does, as a WSGI app of the standard library.

CGI (RFC 3875) and WSGI (PEP 3333) hand a Python program the same request in
two ways:

- **CGI runs a program per request.**  The server starts the script as a new
  process.  The request's meta-variables (``REQUEST_METHOD``, ``PATH_INFO``,
  ``QUERY_STRING``, ``CONTENT_LENGTH``, an ``HTTP_*`` per header) are its
  environment variables and the body is its standard input.  The script prints
  the answer on standard output: header lines (``Status: 404 Not Found`` for
  the status), a blank line, the body.  When it exits, the request is over.
- **WSGI calls a function per request.**  The server imports the app once and
  calls ``application(environ, start_response)`` for every request, in the same
  process.  The environ holds the same CGI names (WSGI took them over), and
  the body is ``environ['wsgi.input']``.

Why WSGI servers (and FastCGI and mod_python before them) replaced CGI:

- start-up cost: every CGI request pays for a new interpreter and every import,
  Flask's included, before the app does any work (``examples/cgi_compare.py``
  measures it);
- no state between requests: nothing outlives the process, so there is no
  connection pool, no cache, no loaded model, no warm-up that lasts;
- no pool of processes: a burst of requests is a burst of new processes.

``Gateway(script)`` is a WSGI app that, for every request, starts ``script``
with Python as a CGI server would, and turns what it prints into the WSGI
response: ``Status:`` becomes the status line, the other headers pass on, and
``Server-Timing: cgi;dur=<ms>`` tells how long the process took.  A script that
fails or prints something that is not a CGI response is a 502, one that
outlives ``timeout`` is killed and a 504, never a hang; its standard error goes
to ``wsgi.errors``, the server's log.  Like mod_cgi, it passes the script the
request's meta-variables and ``PATH``, nothing else of its own environment, and
not the ``Proxy`` header: as ``HTTP_PROXY`` it would set the proxy of every
HTTP client in the script ("httpoxy", 2016).

    from examples.cgi_gateway import Gateway

    application = Gateway("examples/raw/cgi_vs_wsgi.py", timeout=10)

or, from the shell, ``python examples/cgi_gateway.py examples/raw/cgi_vs_wsgi.py``
serves that script on 127.0.0.1:29130 (a one-script ``cgi-bin``).
"""

from __future__ import annotations

if not __package__:
    # Run as a file (python examples/cgi_gateway.py), this module is in no package and
    # sys.path starts at its folder: put the repository root on sys.path and name the
    # package (PEP 366), as `python -m` does (see examples/run.py).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "examples"

import os
import re
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING
from wsgiref.util import is_hop_by_hop

from .raw._plumbing import BodyError, read_body

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIEnvironment

__all__ = ["PYTHON", "Gateway", "GatewayError", "cgi_variables", "parse_output"]

TEXT = "text/plain; charset=utf-8"
MAX_BODY = 1024 * 1024  # what the gateway reads of a body (Apache: LimitRequestBody)
# Under uWSGI, sys.executable is the uwsgi binary; the interpreter is then sys.prefix's.
PYTHON = (sys.executable if Path(sys.executable).name.startswith("python")
          else str(Path(sys.prefix, "bin", "python3")))
HEADER_NAME = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP token
CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")  # no control character but tab in a value
HTTP_VARIABLE = re.compile(r"HTTP_[A-Z0-9_]+")
PHRASES = {status.value: status.phrase for status in HTTPStatus}


class GatewayError(Exception):
    """A request the gateway cannot pass on, or a script that failed: a status line and why."""

    def __init__(self, status: str, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def bad_gateway(text: str) -> GatewayError:
    return GatewayError("502 Bad Gateway", text)


def cgi_variables(environ: WSGIEnvironment, body: bytes) -> dict[str, bytes]:
    """The script's environment: RFC 3875's meta-variables, as the bytes the client sent."""
    variables = {
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_SOFTWARE": "wsgikit-cgi-gateway",
        "SERVER_NAME": environ.get("SERVER_NAME", "localhost"),
        "SERVER_PORT": environ.get("SERVER_PORT", "80"),
        "SERVER_PROTOCOL": environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
        "REQUEST_METHOD": environ["REQUEST_METHOD"],
        "SCRIPT_NAME": environ.get("SCRIPT_NAME", ""),  # where the gateway is mounted
        "PATH_INFO": environ.get("PATH_INFO", ""),
        "QUERY_STRING": environ.get("QUERY_STRING", ""),
        "REMOTE_ADDR": environ.get("REMOTE_ADDR", ""),
    }
    if body:  # RFC 3875: set "if and only if the request is accompanied by a message-body"
        variables["CONTENT_LENGTH"] = str(len(body))
    if environ.get("CONTENT_TYPE"):
        variables["CONTENT_TYPE"] = environ["CONTENT_TYPE"]
    if environ.get("wsgi.url_scheme") == "https":
        variables["HTTPS"] = "on"  # CGIHandler sets wsgi.url_scheme from it
    for key, value in environ.items():
        if HTTP_VARIABLE.fullmatch(key) and key != "HTTP_PROXY":  # httpoxy: see above
            variables[key] = value
    # PEP 3333's strings are latin-1 stand-ins for the bytes that came: pass the bytes
    # on, and CGIHandler (wsgiref.handlers.read_environ) makes the same strings again.
    encoded = {key: str(value).encode("latin-1", "replace") for key, value in variables.items()}
    if any(b"\0" in value for value in encoded.values()):
        raise GatewayError("400 Bad Request", "A NUL byte cannot be passed to a CGI script.")
    encoded["PATH"] = os.environb.get(b"PATH", os.defpath.encode())  # the server's only one
    return encoded


def parse_output(output: bytes, head: bool = False) -> tuple[str, list[tuple[str, str]], bytes]:
    """A CGI response (RFC 3875, section 6) as ``(status line, headers, body)``.

    Raises ``GatewayError`` (502) for anything else.  ``head``: the request was a
    HEAD, whose Content-Length is GET's although no body comes.
    """
    blank = re.search(rb"\r?\n\r?\n", output)
    if blank is None or blank.start() == 0:
        raise bad_gateway("The script printed no headers, or no blank line after them.")
    status, headers = "", []
    for line in re.split(rb"\r?\n", output[: blank.start()]):
        name, colon, raw = line.partition(b":")
        value = raw.strip(b" \t")
        if not colon or not HEADER_NAME.fullmatch(name) or CONTROL.search(value):
            raise bad_gateway(f"The script printed {line[:60]!r} where a header belongs.")
        text = value.decode("latin-1")
        if name.lower() == b"status":  # CGIHandler's "Status: 200 OK"
            code, _, reason = text.partition(" ")
            if not re.fullmatch(r"[2-5][0-9][0-9]", code):
                raise bad_gateway(f"The script's Status {text!r} is not 200 to 599.")
            status = f"{code} {reason.strip() or PHRASES.get(int(code), 'Unknown')}"
        elif is_hop_by_hop(name.decode()):
            raise bad_gateway(f"Only a server may send {name.decode()}.")
        else:
            headers.append((name.decode(), text))
    body = output[blank.end() :]
    names = {name.lower(): value for name, value in headers}
    if not status:  # RFC 3875: a Location without a Status is a redirect
        status = "302 Found" if "location" in names else "200 OK"
    if body and "content-type" not in names:
        raise bad_gateway("The script sent a body without a Content-Type.")
    if head:
        return status, headers, b""  # the headers GET gets, its Content-Length included
    if "content-length" not in names:
        headers.append(("Content-Length", str(len(body))))
    elif names["content-length"] != str(len(body)):
        raise bad_gateway("The script's Content-Length is not its body's.")
    return status, headers, body


class Gateway:
    """A WSGI app that runs ``script`` as a CGI script: a new process for every request."""

    def __init__(self, script: str | os.PathLike[str], *, timeout: float = 10.0,
                 python: str = PYTHON) -> None:
        self.script = Path(script).resolve()
        self.timeout = timeout
        self.python = python

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        head = environ["REQUEST_METHOD"] == "HEAD"
        try:
            status, headers, body = self.run(environ, head)
        except GatewayError as error:
            environ["wsgi.errors"].write(f"cgi_gateway: {self.script.name}: {error.text}\n")
            environ["wsgi.errors"].flush()  # the stream may be buffered (uWSGI's is)
            body = error.text.encode("utf-8")
            status = error.status
            headers = [("Content-Type", TEXT), ("Content-Length", str(len(body)))]
        start_response(status, headers)
        return [] if head else [body]

    def run(self, environ: WSGIEnvironment, head: bool) -> tuple[str, list[tuple[str, str]], bytes]:
        """Start the script with the request, wait for it, and parse what it printed."""
        try:
            body = read_body(environ, MAX_BODY)  # the whole body: it goes to stdin at once
        except BodyError as error:
            raise GatewayError(error.status, error.text) from None
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [self.python, str(self.script)], input=body, capture_output=True,
                env=cgi_variables(environ, body), cwd=self.script.parent, timeout=self.timeout,
            )
        except subprocess.TimeoutExpired:  # run() has killed it
            text = f"The script ran for over {self.timeout} s."
            raise GatewayError("504 Gateway Timeout", text) from None
        except OSError as exc:
            raise bad_gateway(f"The script did not start: {exc}.") from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        if done.stderr:  # a traceback, say: for the server's log, never for the client
            environ["wsgi.errors"].write(done.stderr.decode("utf-8", "replace"))
            environ["wsgi.errors"].flush()
        if done.returncode != 0:
            raise bad_gateway(f"The script exited with {done.returncode}.")
        status, headers, body = parse_output(done.stdout, head)
        return status, [*headers, ("Server-Timing", f"cgi;dur={elapsed_ms:.3f}")], body


def main(argv: list[str] | None = None) -> int:
    """``python examples/cgi_gateway.py SCRIPT``: serve one CGI script with wsgiref."""
    import argparse
    from contextlib import suppress
    from wsgiref.simple_server import make_server

    parser = argparse.ArgumentParser(description="Serve one CGI script through the gateway.")
    parser.add_argument("script", help="the script, e.g. examples/raw/cgi_vs_wsgi.py")
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=29130, help="port (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    args = parser.parse_args(argv)
    if not Path(args.script).is_file():
        parser.error(f"no such script: {args.script}")
    app = Gateway(args.script, timeout=args.timeout)
    with make_server(args.host, args.port, app) as server, suppress(KeyboardInterrupt):
        print(f"Serving {args.script} as CGI on http://{args.host}:{server.server_port}/",
              flush=True)
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
