"""The seeds' curl and httpie lines, as written, against this project's servers.

Each test runs the real ``curl`` (Debian's, installed by ``scripts/system-deps.sh``)
or ``http`` (httpie, a test dependency) with the seed's options, pointed at the
gallery on a free port instead of the lab's host, and checks what it prints.
The README's table "the seed's commands, here" names these tests.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import VENV_BIN, free_port, running, serve_argv

pytestmark = pytest.mark.server

CURL = shutil.which("curl")
HTTPIE = str(VENV_BIN / "http")


@pytest.fixture(scope="module")
def gallery() -> Iterator[str]:
    port = free_port()
    with running(serve_argv("--port", str(port)), port):
        yield f"http://127.0.0.1:{port}"


def run(*argv: str) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, (argv, done.returncode, done.stderr)
    return done.stdout


def curl(*args: str) -> str:
    if CURL is None:
        pytest.fail("curl is not installed: make test installs it (scripts/system-deps.sh)")
    return run(CURL, "-s", *args)


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00\x00\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                                             0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_seed_002_curl_post_hibernation(gallery: str) -> None:
    # seed: curl -X POST http://127.0.0.1:5000/hibernation
    for form in ("raw", "kit", "flask"):
        out = curl("-X", "POST", f"{gallery}/{form}/methods/hibernation")
        assert json.loads(out) == {"hello": "hibernation"}, form


def test_seed_002_upload_line_sends_no_file_and_is_told_so(gallery: str) -> None:
    # seed: curl -X POST http://127.0.0.1:4958/inference -d "model_type=strawberry"
    #       -d "img_file=file_path"   (-d sends a urlencoded form: the file's *name*)
    for form in ("raw", "kit", "flask"):
        out = curl("-w", "\n%{http_code}", "-X", "POST", f"{gallery}/{form}/upload/inference",
                   "-d", "model_type=strawberry", "-d", "img_file=file_path")
        body, _, status = out.rpartition("\n")
        assert status in ("400", "415"), (form, status, body)
        assert body, f"{form}: a refusal must say why"


def test_seed_002_upload_with_curl_F_sends_the_file(gallery: str, tmp_path: Path) -> None:
    # here: curl -F model_type=strawberry -F img_file=@photo.png …/inference
    photo = tmp_path / "photo.png"
    photo.write_bytes(png(3, 2))
    for form in ("raw", "kit", "flask"):
        out = curl("-X", "POST", f"{gallery}/{form}/upload/inference",
                   "-F", "model_type=strawberry", "-F", f"img_file=@{photo}")
        answer = json.loads(out)
        assert answer["model_type"] == "strawberry", form
        [upload] = answer["files"]
        assert (upload["filename"], upload["image"]) == (
            "photo.png", {"format": "png", "width": 3, "height": 2}), form


def test_seed_003_httpie_json_test(gallery: str) -> None:
    # seed: http GET http://localhost:8080/json_test
    for form in ("raw", "kit", "flask"):
        out = run(HTTPIE, "--body", "GET", f"{gallery}/{form}/responses/json_test")
        assert json.loads(out) == {"one": 1, "two": 2, "tmp": 10000}, form


def test_seed_003_httpie_login(gallery: str) -> None:
    # seed: http GET http://localhost:8080/login?user_name=foo
    for form in ("raw", "kit", "flask"):
        out = run(HTTPIE, "--body", "GET", f"{gallery}/{form}/login/login?user_name=foo")
        assert json.loads(out) == {"auth": "success"}, form
        out = run(HTTPIE, "--body", "GET", f"{gallery}/{form}/login/login", "user_name==bar")
        assert json.loads(out) == {"auth": "failed"}, form


def test_seed_000_curl_post_json_name(gallery: str) -> None:
    # seed: curl -X POST http://localhost/60162176 -H "Content-Type: application/json;
    #       charset=utf-8" --data '{"name":"JongHyun"}'
    # /60162176 is the app's bare mount point: Flask answers it with a 308 to /60162176/
    # (the seed's own app too), and so does every form.  The answer comes with the
    # slash, or with -L: curl keeps the POST and its body across a 308.
    line = ("-X", "POST", "-H", "Content-Type: application/json; charset=utf-8",
            "--data", '{"name":"JongHyun"}')
    for form in ("raw", "kit", "flask"):
        mount = f"{gallery}/{form}/wsgi-body"
        status = curl(*line, "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", mount)
        assert status == f"308 {mount}/", form
        assert curl(*line, f"{mount}/") == "Hello World JongHyun", form
        assert curl(*line, "-L", mount) == "Hello World JongHyun", form


def test_seed_000_curl_increase(gallery: str) -> None:
    # seed: curl -X GET http://localhost:29130/increase
    for form in ("raw", "kit", "flask"):
        first = int(curl("-X", "GET", f"{gallery}/{form}/counter/increase"))
        assert int(curl("-X", "GET", f"{gallery}/{form}/counter/increase")) == first + 1, form


def test_seed_004_single_dash_debug_is_refused_by_flask(tmp_path: Path) -> None:
    # seed: flask --app flask1 run --port 19310 -debug  (one dash: not an option)
    done = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "examples.flask_twins.hello", "run", "--port",
         str(free_port()), "-debug"],
        capture_output=True, text=True, timeout=30, check=False,
        cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 2
    assert "No such option" in done.stderr
