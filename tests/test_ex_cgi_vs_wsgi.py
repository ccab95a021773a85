"""cgi-vs-wsgi: a new process for every request through the CGI gateway, one under WSGI.

The exercise's forms answer their pid and how they are run.  Through
``examples/cgi_gateway.py`` every request is a child process of the test's own
(a new pid each time, ``"gateway": "CGI"``); called as a WSGI app, every
request is served by the test process itself (``"gateway": "WSGI"``).  The case
table holds through the gateway too.  The gateway's own answers (502 for a
script that fails or prints garbage, 504 for one that runs too long, 400 for
what an environment variable cannot hold) are checked with tiny scripts
written for each test.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from examples.catalog import FORMS
from examples.cgi_gateway import MAX_BODY, Gateway, GatewayError, parse_output
from tests.casekit import (
    FORMS_PRESENT,
    Case,
    Result,
    call_wsgi,
    check,
    expected,
    load_app,
    load_cases,
    with_head_twins,
)
from tests.servers import ROOT, free_port, http_request, running
from wsgikit import Mount

MODULE = "cgi_vs_wsgi"
TIMING = re.compile(r"cgi;dur=[0-9]+\.[0-9]{3}")


def script(form: str) -> Path:
    """The form's file, which the gateway runs by its path: examples/raw/cgi_vs_wsgi.py."""
    return ROOT.joinpath(*FORMS[form][0].split("."), f"{MODULE}.py")


def answer(result: Result) -> dict[str, Any]:
    assert result.status == 200, result.body
    value: dict[str, Any] = json.loads(result.body)
    return value


def write_script(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "script.py"
    path.write_text(code, encoding="utf-8")
    return path


# --- the exercise: a new process per request under CGI, one process under WSGI -----


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_through_cgi_every_request_is_a_new_process(form: str) -> None:
    gateway = Gateway(script(form))
    results = [call_wsgi(gateway, Case("root", "/")) for _ in range(3)]
    answers = [answer(result) for result in results]
    pids = [a["pid"] for a in answers]
    assert len(set(pids)) == 3, pids
    assert os.getpid() not in pids
    assert {a["gateway"] for a in answers} == {"CGI"}
    for result in results:  # the gateway's measure of what the process cost
        assert TIMING.fullmatch(result.headers["server-timing"])


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_under_wsgi_the_process_stays(form: str) -> None:
    app = load_app(form, MODULE)
    answers = [answer(call_wsgi(app, Case("root", "/"))) for _ in range(3)]
    assert {a["pid"] for a in answers} == {os.getpid()}
    assert {a["gateway"] for a in answers} == {"WSGI"}


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_the_query_and_the_body_reach_the_script(form: str, chunked: bool) -> None:
    """QUERY_STRING travels in the environment, the body on the script's stdin."""
    case = Case("post", "/?name=%EA%B9%80%EC%B2%A0%EC%88%98", "POST",
                headers={"Content-Type": "text/plain; charset=utf-8"},
                body="안녕, 세계".encode(), chunked=chunked)
    got = answer(call_wsgi(Gateway(script(form)), case))
    assert (got["name"], got["body"], got["gateway"]) == ("김철수", "안녕, 세계", "CGI")


def nothing(environ: Any, start_response: Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
    return []


def mounted(prefix: str, app: Any) -> Mount:
    return Mount(nothing, {prefix: app})


def _through_the_gateway() -> list[object]:
    # Not the Flask form: a CGI request that imports Flask takes up to a second here,
    # and the tests above run it through the gateway already.
    return [
        pytest.param(form, case, id=f"{form}-{case.id}")
        for form in FORMS_PRESENT if form != "flask"
        for case in with_head_twins(load_cases(MODULE))
    ]


@pytest.mark.parametrize(("form", "case"), _through_the_gateway())
def test_the_case_table_holds_through_the_gateway(form: str, case: Case) -> None:
    """Every case, under the gallery's mount point, with ``"gateway":"CGI"`` in the body."""
    want = expected(case, form)
    if want.body_pattern is not None:
        assert '"gateway":"WSGI"' in want.body_pattern
        want = replace(want, body_pattern=want.body_pattern.replace('"WSGI"', '"CGI"'))
    prefix = f"/cgi-bin/{form}/cgi-vs-wsgi"
    check(want, call_wsgi(mounted(prefix, Gateway(script(form))), case, prefix), prefix)


@pytest.mark.parametrize("form", FORMS_PRESENT)
def test_the_script_run_by_hand_the_cgi_way(form: str, tmp_path: Path) -> None:
    """GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET PATH_INFO=/ python examples/raw/…py"""
    env = {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "PATH_INFO": "/",
           "QUERY_STRING": "name=CGI", "PATH": os.environ.get("PATH", os.defpath)}
    done = subprocess.run([sys.executable, str(script(form))], env=env, cwd=tmp_path,
                          capture_output=True, timeout=60, check=True)
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"Status: 200 OK"  # CGIHandler's status line: a header, not HTTP/1.1
    assert b"Content-Type: application/json" in lines
    assert f"Content-Length: {len(body)}".encode() in lines
    got = json.loads(body)
    assert (got["gateway"], got["name"]) == ("CGI", "CGI")
    assert got["pid"] != os.getpid()


# --- the gateway's own answers ---------------------------------------------------------


def test_the_script_gets_the_cgi_variables_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WSGIKIT_TEST_SECRET", "not for scripts")
    printenv = write_script(tmp_path, (
        "import json, os, sys\n"
        "body = json.dumps({**os.environ, 'stdin': sys.stdin.read()}).encode()\n"
        "sys.stdout.buffer.write(b'Content-Type: application/json\\r\\n\\r\\n' + body)\n"
    ))
    app = mounted("/cgi", Gateway(printenv))
    case = Case("env", "/x/y?a=1&b=%FF", "POST", body=b"the body",
                headers={"Content-Type": "text/plain", "User-Agent": "curl/8.5.0",
                         "Proxy": "http://evil.example:8080"})
    env = answer(call_wsgi(app, case, "/cgi"))
    assert env["GATEWAY_INTERFACE"] == "CGI/1.1"
    assert (env["REQUEST_METHOD"], env["SCRIPT_NAME"], env["PATH_INFO"]) == ("POST", "/cgi", "/x/y")
    assert env["QUERY_STRING"] == "a=1&b=%FF"
    assert (env["CONTENT_TYPE"], env["CONTENT_LENGTH"]) == ("text/plain", "8")
    assert env["stdin"] == "the body"
    assert env["HTTP_USER_AGENT"] == "curl/8.5.0"
    assert {"SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_SOFTWARE"} <= set(env)
    assert "HTTP_PROXY" not in env  # httpoxy
    assert "WSGIKIT_TEST_SECRET" not in env  # nothing of the server's own environment
    get = answer(call_wsgi(app, Case("get", "/"), "/cgi"))
    assert "CONTENT_LENGTH" not in get and get["stdin"] == ""  # no body, no CONTENT_LENGTH


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("raise SystemExit(1)\n", id="exits-1"),
        pytest.param("raise RuntimeError('the secret is 1234')\n", id="raises"),
        pytest.param("print('hello')\n", id="no-headers"),
        pytest.param("print('Content-Type: text/plain')\n", id="no-blank-line"),
        pytest.param("", id="prints-nothing"),
    ],
)
def test_a_failing_or_garbled_script_is_a_502(
    code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = call_wsgi(Gateway(write_script(tmp_path, code)), Case("x", "/"))
    assert result.status == 502
    assert result.headers["content-type"] == "text/plain; charset=utf-8"
    assert b"Traceback" not in result.body and b"1234" not in result.body
    log = capsys.readouterr().err  # wsgi.errors: the script's stderr, then the gateway's line
    assert "cgi_gateway: script.py: " in log
    if "RuntimeError" in code:
        assert "Traceback" in log and "the secret is 1234" in log


def test_a_script_that_runs_too_long_is_killed_and_a_504(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    sleeper = write_script(tmp_path, (
        "import os, pathlib, time\n"
        f"pathlib.Path({str(pid_file)!r}).write_text(str(os.getpid()))\n"
        "time.sleep(60)\n"
    ))
    result = call_wsgi(Gateway(sleeper, timeout=1.0), Case("slow", "/"))
    assert result.status == 504
    assert b"1.0 s" in result.body
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(int(pid_file.read_text()), 0)


def test_a_script_that_cannot_start_is_a_502(tmp_path: Path) -> None:
    missing = call_wsgi(Gateway(tmp_path / "missing.py"), Case("missing", "/"))
    assert missing.status == 502  # python says "can't open file" and exits 2
    no_python = Gateway(script("raw"), python=str(tmp_path / "no-such-python"))
    assert call_wsgi(no_python, Case("no-python", "/")).status == 502


@pytest.mark.parametrize(
    ("case", "status"),
    [
        pytest.param(Case("nul", "/a%00b"), 400, id="nul-in-path"),
        pytest.param(Case("nul-header", "/", headers={"X-A": "a\x00b"}), 400, id="nul-in-header"),
        pytest.param(Case("big", "/", "POST", content_length=str(MAX_BODY + 1)), 413, id="big"),
        pytest.param(Case("cut", "/", "POST", body=b"abc", content_length="10"), 400, id="cut"),
    ],
)
def test_what_cannot_be_passed_on_is_refused_before_the_script_starts(
    case: Case, status: int, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    app = Gateway(write_script(tmp_path, f"open({str(marker)!r}, 'w')\n"))
    assert call_wsgi(app, case).status == status
    assert not marker.exists()


OK = "Content-Type: text/plain\r\n\r\nhi"


@pytest.mark.parametrize(
    ("output", "status", "headers", "body"),
    [
        pytest.param(OK, "200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")],
                     b"hi", id="no-status-is-200"),
        pytest.param("Content-Type: text/plain\n\nhi\n", "200 OK",
                     [("Content-Type", "text/plain"), ("Content-Length", "3")], b"hi\n",
                     id="bare-newlines"),
        pytest.param("Status: 404\r\n" + OK, "404 Not Found",
                     [("Content-Type", "text/plain"), ("Content-Length", "2")], b"hi",
                     id="status-without-reason"),
        pytest.param("Status: 418 Short And Stout\r\n" + OK, "418 Short And Stout",
                     [("Content-Type", "text/plain"), ("Content-Length", "2")], b"hi",
                     id="status-with-reason"),
        pytest.param("Location: /elsewhere\r\n\r\n", "302 Found",
                     [("Location", "/elsewhere"), ("Content-Length", "0")], b"",
                     id="location-is-a-redirect"),
        pytest.param("Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi", "200 OK",
                     [("Content-Type", "text/plain"), ("Content-Length", "2")], b"hi",
                     id="own-content-length"),
    ],
)
def test_a_cgi_response_becomes_a_wsgi_response(
    output: str, status: str, headers: list[tuple[str, str]], body: bytes
) -> None:
    assert parse_output(output.encode()) == (status, headers, body)


def test_a_head_keeps_the_scripts_content_length() -> None:
    output = b"Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
    assert parse_output(output, head=True) == (
        "200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")], b"")


@pytest.mark.parametrize(
    "output",
    [
        pytest.param("hello\n", id="no-headers"),
        pytest.param("\r\n\r\nhi", id="blank-line-first"),
        pytest.param("Content-Type text/plain\r\n\r\nhi", id="no-colon"),
        pytest.param("Bad Name: x\r\n" + OK, id="space-in-name"),
        pytest.param("X-A: a\rb\r\n" + OK, id="control-character"),
        pytest.param("Status: 2000 Big\r\n" + OK, id="status-four-digits"),
        pytest.param("Status: 100 Continue\r\n" + OK, id="status-1xx"),
        pytest.param("Status: OK\r\n" + OK, id="status-no-code"),
        pytest.param("Transfer-Encoding: chunked\r\n" + OK, id="hop-by-hop"),
        pytest.param("Status: 200 OK\r\n\r\nhi", id="body-without-content-type"),
        pytest.param("Content-Type: text/plain\r\nContent-Length: 9\r\n\r\nhi", id="wrong-length"),
    ],
)
def test_garbage_is_a_502(output: str) -> None:
    with pytest.raises(GatewayError) as raised:
        parse_output(output.encode("latin-1"))
    assert raised.value.status == "502 Bad Gateway"


# --- the same over real HTTP: the gateway and the exercise run from their files --------


def _pids(port: int, count: int = 3) -> list[int]:
    pids = []
    for _ in range(count):
        status, _, body = http_request(port, "GET", "/", timeout=60)
        assert status == 200, body
        pids.append(json.loads(body)["pid"])
    return pids


@pytest.mark.server
def test_over_http_the_gateway_starts_a_process_per_request_and_wsgiref_does_not() -> None:
    exercise = script("raw")
    port = free_port()
    gateway_argv = [sys.executable, str(ROOT / "examples" / "cgi_gateway.py"), str(exercise),
                    "--port", str(port)]
    with running(gateway_argv, port) as server:
        cgi = _pids(port)
    assert len(set(cgi)) == 3 and server.pid not in cgi
    port = free_port()
    with running([sys.executable, str(exercise), "--port", str(port)], port) as server:
        assert _pids(port) == [server.pid] * 3


def test_the_comparison_script_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    from examples.cgi_compare import main

    assert main(["-n", "2"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    for form in FORMS_PRESENT:
        # | form | run as | distinct pids | ms per request | CGI / WSGI |
        wsgi = next(row for row in rows if row.startswith(f"| {form} | WSGI"))
        cgi = next(row for row in rows if row.startswith(f"| {form} | CGI"))
        assert wsgi.split(" | ")[2] == "1" and cgi.split(" | ")[2] == "2", (wsgi, cgi)
        assert cgi.rstrip(" |").endswith("x")
