"""The seed's uWSGI command lines (000, Tests #11-#13), run with this project's ``uwsgi.ini``.

The seed starts uWSGI with its ini file and adds to it on the command line:
``--module`` to serve another app, and ``--manage-script-name --mount
/60162176=…:app --processes=2 --threads=1`` to mount one under a prefix.  Both
must work with ``uwsgi.ini`` as it is: the command line adds to (or, for
``module``, replaces) what the file says, and the file mounts nothing itself
(``uwsgi2.ini`` does).  The seed's curl to its mount point, ``/60162176``
without the slash, is the app's bare mount point: a 308 to ``/60162176/`` in
every form, as Flask answers it.  The seed's ``plugin = python3`` line is
Debian's packaged uWSGI's; pip's uWSGI, which has Python built in, says it
cannot load the plugin and serves anyway.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from examples.catalog import FORMS
from tests.servers import VENV_BIN, free_port, http_request, ini_copy, running

pytestmark = pytest.mark.server


def _uwsgi(tmp: Path, *extra: str) -> tuple[list[str], int, Path]:
    port = free_port()
    ini = ini_copy("uwsgi.ini", tmp, http=port, socket=free_port())
    return [str(VENV_BIN / "uwsgi"), "--ini", str(ini), *extra], port, tmp / "uwsgi.log"


@pytest.mark.parametrize("form", ["raw", "kit"])
def test_module_on_the_command_line_replaces_the_ini_files(form: str, tmp_path: Path) -> None:
    # seed: uwsgi --ini uwsgi.ini --module wsgi2, then its curl POST (wsgi2 is wsgi-body)
    argv, port, log = _uwsgi(tmp_path, "--module", f"examples.{form}.wsgi_body")
    with running(argv, port, log=log, sig=signal.SIGTERM):
        out = subprocess.run(
            ["curl", "-s", "-X", "POST", f"http://127.0.0.1:{port}/", "-H",
             "Content-Type: application/json; charset=utf-8", "--data", '{"name":"JongHyun"}'],
            capture_output=True, timeout=30, check=True).stdout
        assert out == b"Hello World JongHyun"
        # the gallery (the file's module) is not served: wsgi-body's own 404
        assert http_request(port, "GET", "/raw/hello/")[0] == 404


def test_the_seeds_mount_with_manage_script_name(tmp_path: Path) -> None:
    # seed: uwsgi --ini uwsgi.ini --manage-script-name --mount /60162176=flask11:app
    #       --processes=2 --threads=1, then curl -X GET http://localhost/60162176/increase
    argv, port, log = _uwsgi(
        tmp_path, "--manage-script-name", "--mount", "/60162176=examples.flask_twins.counter:app",
        "--processes=2", "--threads=1")
    with running(argv, port, log=log, sig=signal.SIGTERM):
        for _ in range(4):  # a count per process: the lab's lesson, so only "a number"
            status, _, body = http_request(port, "GET", "/60162176/increase")
            assert status == 200 and body.isdigit(), (status, body)
        # everything else is still the ini file's gallery
        assert http_request(port, "GET", "/kit/hello/")[::2] == (200, b"Hello, World!")
    text = log.read_text(errors="replace")
    assert "mountpoint='/60162176'" in text
    assert "skip" not in text  # nothing in uwsgi.ini claims the mount point first


@pytest.mark.parametrize("form", ["raw", "kit", "flask"])
def test_the_seeds_curl_to_its_mount_point_is_redirected_as_flask_does(form: str,
                                                                       tmp_path: Path) -> None:
    # seed: uwsgi2.ini mounts flask2:app (wsgi-body) at /60162176, then
    #       curl -X POST http://localhost/60162176 -H "Content-Type: application/json;
    #       charset=utf-8" --data '{"name":"JongHyun"}'
    package, attr = FORMS[form]
    argv, port, log = _uwsgi(tmp_path, "--manage-script-name",
                             "--mount", f"/60162176={package}.wsgi_body:{attr}")
    line = ["curl", "-s", "-X", "POST", "-H", "Content-Type: application/json; charset=utf-8",
            "--data", '{"name":"JongHyun"}']
    url = f"http://127.0.0.1:{port}/60162176"
    with running(argv, port, log=log, sig=signal.SIGTERM):
        # the bare mount point: a 308 to it with a slash, in every form as in Flask
        out = subprocess.run([*line, "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", url],
                             capture_output=True, timeout=30, check=True).stdout
        assert out == f"308 {url}/".encode()
        for sent in ([*line, f"{url}/"], [*line, "-L", url]):  # the slash, or -L to follow
            out = subprocess.run(sent, capture_output=True, timeout=30, check=True).stdout
            assert out == b"Hello World JongHyun", sent


def test_plugin_python3_is_refused_by_pips_uwsgi_which_serves_anyway(tmp_path: Path) -> None:
    argv, port, log = _uwsgi(tmp_path, "--plugin", "python3")
    with running(argv, port, log=log, sig=signal.SIGTERM):
        assert http_request(port, "GET", "/kit/hello/")[::2] == (200, b"Hello, World!")
    assert "UNABLE to load uWSGI plugin" in log.read_text(errors="replace")
