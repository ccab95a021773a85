"""Every exercise runs on its own, as the seed runs ``./flask1.py`` and ``flask --app flask1 run``.

For each exercise of ``examples.catalog.EXERCISES`` (a new one is checked as soon as
it is listed), six runs at once, each a real process started from the repository root:

- ``python examples/raw/<module>.py --port <free port>`` and the same for the kit form
  answer the case table's first 200 GET (checked with ``tests.casekit.check``), and
  their ``--help`` says the defaults are 127.0.0.1 and the seed's port, 29130.  No
  server is started on 29130: on a shared machine it may be taken.
- ``flask --app examples.flask_twins.<module> run --port <free port>`` serves the twin.
  Flask's CLI imports the module, so the twin's ``__main__`` block, which would serve
  on 29130 and never return, is skipped: the answer on the free port shows it.
- ``python examples/flask_twins/<module>.py``, run by its path with ``Flask.run``
  replaced by a recorder, calls the seed's ``app.run(host="127.0.0.1", port=29130)``.

A form file that does not end with an ``if __name__ == "__main__":`` block fails
first, with a message that says so.
"""

from __future__ import annotations

import ast
import json
import os
import re
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from examples.catalog import EXERCISES, Exercise, source_path
from tests.casekit import Case, check, expected, load_cases
from tests.servers import ROOT, VENV_BIN, free_port, http_case, running

pytestmark = pytest.mark.server

SEED_PORT = 29130

#: installed as ``sitecustomize`` in a twin's process: Flask.run prints its arguments
RECORDER = """\
import json
import flask

def run(self, host=None, port=None, **options):
    print(json.dumps({"host": host, "port": port}))

flask.Flask.run = run
"""


def sample(module: str) -> Case:
    """The case to send: the first 200 GET; else the first 200 (a POST); else the first."""
    cases = load_cases(module)
    gets = [case for case in cases if case.method == "GET" and case.status == 200]
    return (gets or [case for case in cases if case.status == 200] or cases)[0]


def script(form: str, exercise: Exercise) -> str:
    """The form's file, relative to the repository root, once its ``__main__`` block is seen."""
    path = source_path(form, exercise)
    relative = path.relative_to(ROOT).as_posix()
    body = ast.parse(path.read_text("utf-8")).body
    last = body[-1] if body else None
    assert isinstance(last, ast.If) and ast.unparse(last.test) == "__name__ == '__main__'", (
        f"{relative} does not end with an `if __name__ == \"__main__\":` block, so "
        f"`python {relative}` serves nothing: append one, as in "
        f"{Path(relative).parent.as_posix()}/hello.py"
    )
    return relative


def hint(output: str) -> str:
    """What to do about a file that fails to import when run by its path."""
    if "relative import with no known parent package" in output or "'examples'" in output:
        return ("\nhint: a file that imports from the project starts with the "
                "`if not __package__:` block (examples/run.py says why)")
    return ""


def serves(argv: list[str], case: Case, log: Path, *, sig: int = signal.SIGINT) -> int:
    """Start ``argv`` (it takes ``--port``), check its answer to ``case``, stop it with
    ``sig``: its exit status.  A failure shows the command and what the process wrote."""
    port = free_port()
    argv = [*argv, "--port", str(port)]
    try:
        with running(argv, port, sig=sig, log=log) as proc:
            check(case, http_case(port, case))
    except (AssertionError, RuntimeError) as exc:
        output = log.read_text("utf-8", "replace")
        command = " ".join(["python" if argv[0] == sys.executable else "flask", *argv[1:]])
        raise AssertionError(f"{command}: {exc}\n{output[-2000:]}{hint(output)}") from None
    return proc.returncode


def script_serves(relative: str, case: Case, log: Path) -> None:
    if relative.startswith("examples/raw/"):
        # SIGTERM: wsgiref swallows a Ctrl-C that lands while it writes a response (its
        # handler logs the KeyboardInterrupt as the request's error and serves on).
        serves([sys.executable, relative], case, log, sig=signal.SIGTERM)
    else:
        status = serves([sys.executable, relative], case, log)
        assert status == 0, f"python {relative}: status {status} on Ctrl-C"


def run_to_exit(relative: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run ``python <relative> <args>`` to its end; its output, once its status is 0."""
    done = subprocess.run([sys.executable, relative, *args], cwd=ROOT, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env={**os.environ, **(env or {})}, timeout=30)
    command = " ".join(["python", relative, *args])
    assert done.returncode == 0, (
        f"{command}: status {done.returncode}\n{done.stdout[-2000:]}{hint(done.stdout)}")
    return done.stdout


def has_seed_defaults(relative: str) -> None:
    usage = run_to_exit(relative, "--help")
    host = re.search(r"--host HOST\s+address[^(]*\(default: ([^;)]+)", usage)
    port = re.search(r"--port PORT\s+port \(default: (\d+)", usage)
    assert host and host[1] == "127.0.0.1", f"python {relative} --help: the host\n{usage}"
    assert port and int(port[1]) == SEED_PORT, (
        f"python {relative} --help: the port is not the seed's {SEED_PORT}\n{usage}")


def flask_run_serves(exercise: Exercise, log: Path) -> None:
    argv = [str(VENV_BIN / "flask"), "--app", f"examples.flask_twins.{exercise.module}", "run"]
    serves(argv, expected(sample(exercise.module), "flask"), log)


def twin_calls_app_run(relative: str, recorder: dict[str, str]) -> None:
    out = run_to_exit(relative, env=recorder)
    last = out.rstrip().rpartition("\n")[2]
    recorded = json.loads(last) if last.startswith("{") else None  # None: app.run not called
    assert recorded == {"host": "127.0.0.1", "port": SEED_PORT}, (
        f"python {relative} should call app.run(host='127.0.0.1', port={SEED_PORT}):\n{out}")


@pytest.fixture(scope="module")
def recorder(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment that installs RECORDER (as ``sitecustomize``) in a twin's process."""
    folder = tmp_path_factory.mktemp("recorder")
    (folder / "sitecustomize.py").write_text(RECORDER)
    return {"PYTHONPATH": str(folder)}


@pytest.mark.parametrize("exercise", EXERCISES, ids=[exercise.slug for exercise in EXERCISES])
def test_every_form_runs_on_its_own(
    exercise: Exercise, recorder: dict[str, str], tmp_path: Path
) -> None:
    raw, kit, twin = (script(form, exercise) for form in ("raw", "kit", "flask"))
    case = sample(exercise.module)
    with ThreadPoolExecutor() as pool:  # the six runs at once: each waits on its process
        runs = [
            pool.submit(script_serves, raw, case, tmp_path / "raw.log"),
            pool.submit(script_serves, kit, case, tmp_path / "kit.log"),
            pool.submit(has_seed_defaults, raw),
            pool.submit(has_seed_defaults, kit),
            pool.submit(flask_run_serves, exercise, tmp_path / "flask.log"),
            pool.submit(twin_calls_app_run, twin, recorder),
        ]
    failures = [str(run.exception()) for run in runs if run.exception() is not None]
    assert not failures, "\n\n".join(failures)
