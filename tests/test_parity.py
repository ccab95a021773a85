"""The parity matrix: every exercise's case table over real HTTP, under every server.

Each server below is a real process on 127.0.0.1, started once per module and
stopped by its own PID.  Every form (raw, kit, flask) of every exercise is run
through the same case table as the in-process tests, with the same ``check``.
What a server adds by itself is normalised in one place,
``tests.servers.normalise_headers`` (Date, Server, Connection, Keep-Alive,
Transfer-Encoding dropped; names lower-cased); any other difference fails.

Cases that only make sense in-process are left out here: a CONTENT_LENGTH that
does not match the body (a real server rejects it, or waits for the missing
bytes), and request targets http.client cannot send.  So are requests a server
rewrites before any app sees them (``Server.rewrites``): uWSGI and nginx resolve
``.``/``..`` segments, and nginx merges ``//`` and refuses a NUL with its own 400.
Chunked bodies are sent for real: where a server hands them to the app
(``wsgi.input_terminated``, or a ``Content-Length`` added by nginx) the case
must pass as written; where it does not (wsgiref; uWSGI mounting an exercise
with no ``UWSGIChunkedInput`` around it) the app must answer as the case says
(it ignores bodies) or refuse with 400 or 411 and a body that says why.

Long requests (``LONG_REQUESTS``: a 6 KiB path, an 8 KiB query, a 6 KiB cookie,
and the largest header block nginx's defaults pass on) must get the exercise's
usual answer, or a 414 or 431 from the server itself: never a reset, an empty
reply or a 502.  ``uwsgi-ini`` is ``uwsgi.ini`` itself (its HTTP router), on free ports.

The bare mount point (``/raw/hello``: SCRIPT_NAME ``/raw/hello``, an empty
PATH_INFO) is not in the case tables, whose paths start with ``/``: every form
whose ``/`` is a route answers it with a 308 to the mount point with a slash, the
query kept, for the methods ``/`` answers, and a 404 for any other, under every
server here and in-process (``ROOT_ROUTES``).
"""

from __future__ import annotations

import http.client
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from examples.catalog import EXERCISES, FORMS
from tests.casekit import (
    FORMS_PRESENT,
    Case,
    Result,
    call_wsgi,
    check,
    expected,
    load_app,
    load_cases,
    werkzeug_upload_leaks,
    with_head_twins,
)
from tests.cases.request_info import NO_NAME, said
from tests.servers import (
    NGINX,
    ROOT,
    VENV_BIN,
    free_port,
    http_case,
    http_request,
    ini_copy,
    running,
    running_nginx,
    serve_argv,
    uwsgi_argv,
)
from wsgikit import Mount

pytestmark = pytest.mark.server


def _dot_segments(case: Case) -> bool:
    """uWSGI and nginx resolve '.' and '..' segments before the app sees the path."""
    path = unquote(case.path.partition("?")[0])
    return any(segment in (".", "..") for segment in path.split("/"))


def _nginx_rewrites(case: Case) -> bool:
    """nginx also merges '//' and refuses a NUL itself (400) before any app runs."""
    path = case.path.partition("?")[0]
    return _dot_segments(case) or "//" in unquote(path) or "%00" in path


def _as_sent(case: Case) -> bool:
    return False


@dataclass(frozen=True)
class Server:
    name: str
    chunked: bool  # hands chunked request bodies to the app
    prefix: Callable[[str, str], str] = lambda form, slug: f"/{form}/{slug}"
    #: cases whose request the server rewrites or refuses before the app sees it
    rewrites: Callable[[Case], bool] = _as_sent
    #: reads a chunked body whole and hands it on with a CONTENT_LENGTH (nginx)
    dechunks: bool = False


ALL_FORMS = tuple(FORMS_PRESENT)

SERVERS = [
    Server("wsgiref", chunked=False),
    Server("uwsgi-http", chunked=True, rewrites=_dot_segments),
    Server("uwsgi-ini", chunked=True, rewrites=_dot_segments),
    Server("uwsgi-mount", chunked=False, rewrites=_dot_segments),
    Server("nginx-uwsgi", chunked=True, prefix=lambda f, s: f"/site/{f}/{s}",
           rewrites=_nginx_rewrites, dechunks=True),
    Server("gunicorn", chunked=True),
    Server("flask-mount-uwsgi", chunked=False, rewrites=_dot_segments),
    Server("flask-dispatcher-uwsgi", chunked=False, rewrites=_dot_segments),
]


def _env(tmp: Path) -> dict[str, str]:
    return {"WSGIKIT_COUNTER_DB": str(tmp / "counter.sqlite3"), "PYTHONPATH": str(ROOT)}


NGINX_SITE = """\
    client_max_body_size 64m;
    server {{
        listen 127.0.0.1:{port};
        location /site/ {{
            include /etc/nginx/uwsgi_params;
            # nginx de-chunks a body and sends its CONTENT_LENGTH, but passes the
            # client's Transfer-Encoding on too: Werkzeug believes it and reads nothing.
            uwsgi_param HTTP_TRANSFER_ENCODING "";
            uwsgi_pass 127.0.0.1:{upstream};
        }}
    }}"""


def _uwsgi_mounts() -> list[str]:
    # max-apps: a uWSGI worker holds 64 apps by default, fewer than 3 forms of every
    # exercise ("you cannot load more than 64 apps in a worker")
    args = ["--manage-script-name", "--no-default-app", "--max-apps", str(4 * len(EXERCISES))]
    for form in ALL_FORMS:
        package, attr = FORMS[form]
        for exercise in EXERCISES:
            target = f"{package}.{exercise.module}:{attr}"
            args += ["--mount", f"/{form}/{exercise.slug}={target}"]
    return args


@contextmanager
def start(name: str, tmp: Path) -> Iterator[int]:
    """Start the server ``name`` on a free loopback port; yield the port."""
    port = free_port()
    env = _env(tmp)
    log = tmp / f"{name}.log"
    # post-buffering: uWSGI reads the whole body before the app runs, so an app that
    # answers early (413) does not cut the connection under a front server's feet.
    workers = ["--master", "--processes", "2", "--threads", "2", "--post-buffering", "65536"]
    if name == "wsgiref":
        argv = serve_argv("--port", str(port))
    elif name == "uwsgi-http":
        argv = uwsgi_argv(*workers, "--http-socket", f"127.0.0.1:{port}",
                          "--module", "examples.gallery:application")
    elif name == "uwsgi-ini":
        argv = [str(VENV_BIN / "uwsgi"), "--ini",
                str(ini_copy("uwsgi.ini", tmp, http=port, socket=free_port()))]
    elif name == "uwsgi-mount":
        argv = uwsgi_argv("--master", "--http-socket", f"127.0.0.1:{port}", *_uwsgi_mounts())
    elif name == "gunicorn":
        argv = [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
                "--threads", "2", "--log-level", "warning",
                # gunicorn 27 opens ~/.gunicorn/gunicorn.ctl by default, shared by
                # every gunicorn of the user: this one needs none
                "--no-control-socket", "examples.gallery:application"]
    elif name in ("flask-mount-uwsgi", "flask-dispatcher-uwsgi"):
        attr = "app" if name == "flask-mount-uwsgi" else "dispatcher_app"
        argv = uwsgi_argv(*workers, "--http-socket", f"127.0.0.1:{port}",
                          "--module", f"examples.flask_mount:{attr}")
    elif name == "nginx-uwsgi":
        if NGINX is None:
            pytest.skip("nginx is not installed (make test installs it when run as root)")
        upstream = free_port()
        # single-interpreter: a mounted app in a sub-interpreter aborts the workers at
        # shutdown ("Fatal Python error"), as uwsgi.ini says.
        uwsgi = uwsgi_argv(*workers, "--socket", f"127.0.0.1:{upstream}",
                           "--manage-script-name", "--no-default-app", "--single-interpreter",
                           "--mount", "/site=examples.gallery:application")
        with (running(uwsgi, upstream, env=env, log=tmp / "upstream.log"),
              running_nginx(tmp, port, NGINX_SITE.format(port=port, upstream=upstream))):
            yield port
        return
    else:
        raise ValueError(name)
    with running(argv, port, env=env, log=log, sig=signal.SIGTERM):
        yield port


def _sendable(case: Case) -> bool:
    """Could http.client send this request as the case describes it?"""
    if case.content_length is not None:
        return False
    target = case.path
    if not target.isascii() or any(ord(ch) <= 0x20 or ch == "\x7f" for ch in target):
        return False
    return all(value.isascii() and "\n" not in value for value in case.headers.values())


def _run_table(server: Server, form: str, slug: str, send: Callable[[Case, str], Result]) -> None:
    module = slug.replace("-", "_")
    prefix = server.prefix(form, slug)
    for contract in with_head_twins(load_cases(module)):
        case = expected(contract, form, dechunked=server.dechunks)
        if not _sendable(case) or server.rewrites(case):
            continue
        result = send(case, prefix)
        if case.chunked and not server.chunked and result.status != case.status:
            # The body never reached the app: it must refuse clearly (an app
            # that ignores bodies answers as the case says, checked below).
            where = f"{case.id} on {server.name}"
            assert result.status in (400, 411), f"{where}: {result.status} {result.body[:200]!r}"
            assert result.body, f"{where}: a refusal must say why"
            continue
        check(case, result, prefix)


@pytest.fixture(scope="module", params=[s.name for s in SERVERS])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
    tuple[Server, int]
]:
    server = next(s for s in SERVERS if s.name == request.param)
    tmp = tmp_path_factory.mktemp(server.name)
    with start(server.name, tmp) as port:
        # uWSGI's master opens the port before its worker has loaded the apps (81 of them
        # in uwsgi-mount): one answer, however slow on a busy machine, says they are in.
        http_request(port, "GET", "/", timeout=120)
        yield server, port


@pytest.mark.parametrize("form", ALL_FORMS)
@pytest.mark.parametrize("slug", [exercise.slug for exercise in EXERCISES])
def test_case_table_over_http(live: tuple[Server, int], form: str, slug: str) -> None:
    server, port = live
    _run_table(server, form, slug, lambda case, prefix: http_case(port, case, prefix))


UA = {"User-Agent": "curl/8.5.0"}
LONG_PATH = "/Hello/" + "x" * 6144
#: past the 4 KiB uWSGI reads by default; the last is as large as nginx's default
#: large_client_header_buffers (4 8k) let through: a line and three 7.9 KB headers.
#: Only the text is compared: the Flask twins send it as HTML.
LONG_REQUESTS = [
    ("greet", Case("path-6k", LONG_PATH, text=f"Hello, {'x' * 6144}!")),
    ("request-info", Case("query-8k", "/?name=" + "q" * 8192, headers=UA, text=said("q" * 8192))),
    ("request-info", Case("cookie-6k", "/", headers={**UA, "Cookie": "c=" + "k" * 6144},
                          text=said(NO_NAME))),
    ("greet", Case("headers-3x8k", LONG_PATH, headers={f"X-Pad-{i}": "p" * 7900 for i in range(3)},
                   text=f"Hello, {'x' * 6144}!")),
]


@pytest.mark.parametrize("form", ALL_FORMS)
@pytest.mark.parametrize(("slug", "case"), [
    pytest.param(slug, case, id=f"{slug}-{case.id}") for slug, case in LONG_REQUESTS
])
def test_long_request_answered_or_refused(live: tuple[Server, int], form: str, slug: str,
                                          case: Case) -> None:
    server, port = live
    prefix = server.prefix(form, slug)
    try:
        result = http_case(port, case, prefix)
    except (ConnectionError, http.client.HTTPException) as exc:
        pytest.fail(f"{case.id} on {server.name}: no HTTP response ({exc!r})")
    if result.status in (414, 431):
        return  # the server refused it itself, with a real response
    check(case, result, prefix)


@pytest.mark.parametrize("attr", ["app", "dispatcher_app"])
@pytest.mark.parametrize("form", ALL_FORMS)
@pytest.mark.parametrize("slug", [exercise.slug for exercise in EXERCISES])
def test_flask_mount_in_process(attr: str, form: str, slug: str, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    import examples.flask_mount as flask_mount

    monkeypatch.setenv("WSGIKIT_COUNTER_DB", str(tmp_path / "counter.sqlite3"))
    app = getattr(flask_mount, attr)
    server = Server(f"flask-{attr}", chunked=True)
    with werkzeug_upload_leaks(form, slug):
        _run_table(server, form, slug, lambda case, prefix: call_wsgi(app, case, prefix))


# -- the bare mount point ------------------------------------------------------------

#: The exercises whose "/" is a route, and the methods the route lists (Flask adds HEAD
#: to a GET route and OPTIONS to every route).  A request for the bare mount point
#: (``/raw/hello``: an empty PATH_INFO) is a 308 to the mount point with a slash in
#: every form, as Flask answers it, so that the page's relative links resolve under the
#: mount; the query is kept.  Flask's Location is absolute (built from the Host header).
#: Any other method gets a 404 there in every form, as in Flask.
ROOT_ROUTES: dict[str, tuple[str, ...]] = {
    "hello": ("GET",),
    "request-info": ("GET", "POST"),
    "json-info": ("GET", "POST"),
    "json-echo": ("POST",),
    "template": ("GET",),
    "calculator": ("GET",),
    "url-building": ("GET",),
    "wsgi-environ": ("GET", "POST", "BREW"),
    "wsgi-body": ("POST",),
    "upload": ("GET",),
    "errors": ("GET",),
    "hooks": ("GET",),
    "context-locals": ("GET",),
    "debug": ("GET",),
    "cgi-vs-wsgi": ("GET", "POST"),
    "responses": ("GET",),
    "log-file": ("GET",),
}
#: wsgi-environ is the seed's bare callable in its raw and kit forms: no routes, so the
#: bare mount point is one more path it answers (its Flask twin routes "/" and redirects).
BARE_CALLABLES = {("raw", "wsgi-environ"), ("kit", "wsgi-environ")}
ANY_METHOD = {"wsgi-environ"}  # its "/" answers every method (ROOT_ROUTES names three)
QUERY = "?x=1&y=%20"
HOST = r"(https?://[^/?#]+)?"


def bare_mount_cases(form: str, slug: str, prefix: str) -> list[Case]:
    """What ``form`` of ``slug``, mounted at ``prefix`` (as sent), answers for the bare prefix."""
    if (form, slug) in BARE_CALLABLES:
        return [Case(f"bare-{method}", QUERY, method, text="Hello World wsgi1")
                for method in ROOT_ROUTES[slug]]
    if slug not in ROOT_ROUTES:
        return [Case("bare-GET", QUERY, status=404)]
    listed = ROOT_ROUTES[slug]
    methods = [*listed, *(["HEAD"] if "GET" in listed else []), "OPTIONS"]
    location = prefix + "/" + QUERY
    # raw and kit say where in the text too, as their other 308s do (slashes); Flask in HTML
    text = f"Redirecting to {location}\n" if form != "flask" else None
    # A method "/" does not answer is not redirected (the 308 would only lead to a 405):
    # nothing is served at the bare mount point for it, as Flask answers.
    refused = [method for method in ("POST", "PUT", "DELETE")
               if method not in listed and slug not in ANY_METHOD]
    return [
        *(Case(f"bare-{method}", QUERY, method, status=308, text=text,
               header_patterns={"Location": HOST + re.escape(location)})
          for method in methods),
        *(Case(f"bare-{method}-refused", QUERY, method, status=404) for method in refused),
    ]


def test_the_root_routes_are_the_exercises_that_answer_slash() -> None:
    """ROOT_ROUTES is right: the methods its "/" answers, from each case table."""
    for exercise in EXERCISES:
        root = [case for case in load_cases(exercise.module) if case.path.partition("?")[0] == "/"]
        answered = {case.method for case in root if case.status not in (404, 405)}
        if exercise.slug in ROOT_ROUTES:
            assert answered, exercise.slug
            assert answered <= {*ROOT_ROUTES[exercise.slug], "HEAD", "OPTIONS"}, exercise.slug
        else:
            assert not answered, exercise.slug


def _not_found(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
    return []


#: where -> the prefix, as a client sends it: the gallery, Flask with the exercises
#: mounted in it (wsgikit.Mount and werkzeug's DispatcherMiddleware), and a mount point
#: that the Location must percent-encode (UTF-8 and a space)
IN_PROCESS_MOUNTS = {
    "gallery": "/{form}/{slug}",
    "flask-mount": "/{form}/{slug}",
    "flask-dispatcher": "/{form}/{slug}",
    "mount-utf8": "/%ED%95%9C%20%EA%B8%80",
}


def _mounted(where: str, form: str, slug: str) -> Callable[..., Any]:
    if where == "gallery":
        from examples.gallery import application

        return application
    if where in ("flask-mount", "flask-dispatcher"):
        import examples.flask_mount as flask_mount

        return flask_mount.app if where == "flask-mount" else flask_mount.dispatcher_app
    return Mount(_not_found, {"/한 글": load_app(form, slug.replace("-", "_"))})


@pytest.mark.parametrize("where", IN_PROCESS_MOUNTS)
@pytest.mark.parametrize("form", ALL_FORMS)
@pytest.mark.parametrize("slug", [exercise.slug for exercise in EXERCISES])
def test_bare_mount_point_in_process(where: str, form: str, slug: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WSGIKIT_COUNTER_DB", str(tmp_path / "counter.sqlite3"))
    app = _mounted(where, form, slug)
    prefix = IN_PROCESS_MOUNTS[where].format(form=form, slug=slug)
    for case in bare_mount_cases(form, slug, prefix):
        check(case, call_wsgi(app, case, prefix), prefix)


@pytest.mark.parametrize("form", ALL_FORMS)
@pytest.mark.parametrize("slug", [exercise.slug for exercise in EXERCISES])
def test_bare_mount_point_over_http(live: tuple[Server, int], form: str, slug: str) -> None:
    server, port = live
    prefix = server.prefix(form, slug)
    for case in bare_mount_cases(form, slug, prefix):
        check(case, http_case(port, case, prefix), prefix)
