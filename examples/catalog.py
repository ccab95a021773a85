"""The list of exercises: one entry per lab step of the seeds (see EXERCISES.md).

The gallery, the tests and the benchmarks all read this list, so an exercise
added here shows up everywhere.  ``module`` is the file name under
``examples/raw/``, ``examples/kit/`` and ``examples/flask_twins/``.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CONTRACTS", "EXERCISES", "FORMS", "Exercise", "by_slug", "code_lines", "source_path"]


@dataclass(frozen=True)
class Exercise:
    slug: str
    seed: str
    teaches: str

    @property
    def module(self) -> str:
        return self.slug.replace("-", "_")

    @property
    def contract(self) -> str:
        return CONTRACTS[self.slug]


#: form name -> (package, attribute of the WSGI callable)
FORMS: dict[str, tuple[str, str]] = {
    "raw": ("examples.raw", "application"),
    "kit": ("examples.kit", "application"),
    "flask": ("examples.flask_twins", "app"),
}

EXERCISES: tuple[Exercise, ...] = (
    Exercise("hello", "000 Test #1-#2", "routes, methods, 405 with Allow"),
    Exercise("greet", "000 Test #3", "variables in the path, UTF-8 in PATH_INFO"),
    Exercise("status", "000 Test #4", "the status is independent of the body"),
    Exercise("headers", "000 Test #5", "response headers are (str, str) pairs"),
    Exercise("request-info", "000 Test #6", "the request: method, query, headers"),
    Exercise("json-info", "000 Test #7", "returning JSON"),
    Exercise("json-echo", "000 Test #8", "reading a JSON body, 415 and 400"),
    Exercise("template", "000 Test #9", "HTML with escaping"),
    Exercise("calculator", "000 Test #10", "int segments, an HTML form, form bodies"),
    Exercise("variables", "001 변수 규칙", "converters: string, int, float, path"),
    Exercise("slashes", "001 URL과 redirection", "trailing slashes and 308"),
    Exercise("url-building", "001 URL 생성", "url_for and SCRIPT_NAME"),
    Exercise("static", "001 정적 파일", "static files, ETag, 304, no traversal"),
    Exercise("wsgi-environ", "000 Test #11", "the bare WSGI callable and wsgi.errors"),
    Exercise("wsgi-body", "000 Test #12", "reading wsgi.input safely"),
    Exercise("counter", "000 Test #13", "state: globals versus an external store"),
    Exercise("methods", "002", "POST and PUT only"),
    Exercise("login", "003", "query-driven JSON answers"),
    Exercise("upload", "002, 003", "multipart uploads and limits"),
    Exercise("errors", "003, 004", "abort, a custom 404, a 500 that leaks nothing"),
    Exercise("hooks", "003", "before/after-request hooks as middleware"),
    Exercise("context-locals", "001 context local", "a request global that is each request's own"),
    Exercise("login-form", "001 HTTP 메소드", "one URL for GET and POST, url_for in a form"),
    Exercise("debug", "001 debug 모드, 004 --debug",
             "tracebacks for this machine only; why not a debugger"),
    Exercise("cgi-vs-wsgi", "001 CGI vs WSGI",
             "one process per request: CGIHandler behind a gateway"),
    Exercise("responses", "002, 003", "a str, response_class and jsonify"),
    Exercise("log-file", "003 logger", "a rotating log file, one line per 404"),
)

#: What every form of each exercise must answer (Markdown): docs/exercises.md and the
#: gallery show it; the case tables in tests/cases/ hold it to the letter.
CONTRACTS: dict[str, str] = {
    "hello": (
        "`GET /` → 200 `Hello, World!`; `GET,POST /bad` → `Bad World!`; `GET "
        "/good` → `Good World!`; `POST /good` → 405 `Allow: GET, HEAD, OPTIONS`"
    ),
    "greet": (
        "`GET /<greeting>/<name>` → 200 text `{greeting}, {name}!`; "
        "`/%EC%95%88%EB%85%95/%EC%84%B8%EA%B3%84` → `안녕, 세계!`; `/%FF/x` → 400"
    ),
    "status": (
        "as `greet`, but status 404 with the same body: status and body are "
        "independent"
    ),
    "headers": (
        "as `status`, plus the response header `MY_HEADER: 1234` (a str: the "
        "seed passed an int, which PEP 3333 forbids)"
    ),
    "request-info": (
        "`GET,POST /` → text `{name}, 그대는 {method} 로 호출하였구나. 그대는 {client} 검을 "
        "쓰는군.`; `name` is the first `?name=` value, default `이름이 없는 자`; "
        "`client` is the User-Agent; no User-Agent → 400 saying so"
    ),
    "json-info": (
        '`GET,POST /` → JSON `{"method", "name", "client"}`, with the rules of '
        "`request-info`"
    ),
    "json-echo": (
        '`POST /` with a JSON object → JSON `{"method", "name", "client", '
        '"key1"}`, `key1` defaulting to `No key`; a non-JSON content type → '
        "415; an empty or malformed body → 400; JSON that is not an object → "
        "400"
    ),
    "template": (
        "`GET /?name=X` → HTML `<h1> Hi, 필멸자 X!</h1>`, without a name `<h1> Hi,"
        " 이름없는 용사!</h1>`; `X` escaped; the same bytes in every form (Flask "
        "renders with Jinja2, raw and kit with the standard library)"
    ),
    "calculator": (
        "`GET /` → an HTML form posting to `post` (works under any prefix); "
        '`GET /<int:num1>/<op>/<int:num2>` with op `+ - *` → JSON `{"num1", '
        '"op", "num2", "result"}`; an unknown op → 400 JSON `{"error": "잘못된 연산자'
        ' 또는 인수입니다."}`; a non-integer segment → 404; `POST /post` with form '
        "fields `input1, operator, input2` (ops `+ - * /`) → an HTML page with "
        "the escaped calculation and result; a missing or non-integer field, an"
        ' unknown operator or a division by zero → 400 JSON `{"error": …}`'
    ),
    "variables": (
        "`GET /user/<username>` → text `User {username}`; `GET "
        "/post/<int:post_id>` → `Post {post_id}`; `GET /price/<float:amount>` →"
        " `Price {amount}` (`/price/2.50` → `Price 2.5`); `GET "
        "/path/<path:subpath>` → `Subpath {subpath}` (slashes kept); "
        "`/post/abc` → 404"
    ),
    "slashes": (
        "`GET /projects/` → `The project page`; `GET /projects` → 308 to "
        "`/projects/`, keeping the mount prefix and the query string; `GET "
        "/about` → `The about page`; `GET /about/` → 404"
    ),
    "url-building": (
        '`GET /` → JSON `{"index", "login", "login_next", "profile"}` with the '
        "URLs built for `/`, `/login`, `/login?next=/` and `/user/John Doe` (→ "
        "`/user/John%20Doe`), each under the exercise's own mount point "
        "(`SCRIPT_NAME`); `GET /login` and `GET /user/<username>` answer 200"
    ),
    "static": (
        "`GET /static/style.css` → 200 `text/css` with the file's bytes, `ETag`"
        " and `Last-Modified`; a conditional GET with `If-None-Match` → 304 "
        "with no body; `HEAD` as GET without a body; `/static/../<anything>`, "
        "encoded traversal (`%2e%2e`), absolute paths and missing files → 404, "
        "never a file outside the static folder"
    ),
    "wsgi-environ": (
        "any method and path → 200 `text/html` `Hello World wsgi1`; writes "
        '`"{REQUEST_METHOD} {PATH_INFO}"` to `wsgi.errors`'
    ),
    "wsgi-body": (
        '`POST /` with JSON `{"name": …}` → text `Hello World {name}`; a '
        "missing name, an empty or malformed body → 400; chunked bodies work "
        "where the server signals `wsgi.input_terminated`"
    ),
    "counter": (
        "`GET /increase` → text: the new count, kept in a module global (the "
        "lab's pattern, wrong across processes); `GET /store/increase` → the "
        "new count kept in SQLite (path from `$WSGIKIT_COUNTER_DB`), exact "
        "under many processes and threads; `GET /store/value` → the current "
        "count"
    ),
    "methods": (
        '`POST,PUT /hibernation` → 200 JSON `{"hello": "hibernation"}`; `GET '
        "/hibernation` → 405 `Allow: OPTIONS, POST, PUT`"
    ),
    "login": (
        '`GET /login?user_name=foo` → JSON `{"auth": "success"}`; any other or '
        'no name → `{"auth": "failed"}`'
    ),
    "upload": (
        "`POST /inference` multipart: one or more files in the field `img_file`"
        ' and the form field `model_type` → JSON `{"model_type", "files": '
        '[{"filename", "content_type", "size", "sha256", "image": {"format", '
        '"width", "height"} or null}]}` (PNG, JPEG and GIF sizes read from '
        "their headers); a missing file or `model_type` → 400; a body over the "
        "exercise's limit → 413"
    ),
    "errors": (
        "`GET /private` → 401 (abort); any unknown path → the custom handler's "
        "`<h1>404 Error</h1>` with status 404, logged at WARNING; `GET /boom` →"
        " a handler that raises: 500 with a generic body, the traceback logged,"
        " never sent to the client"
    ),
    "hooks": (
        "a before-request and an after-request hook: every response carries "
        "`Server-Timing: app;dur=<ms>` added by the after hook; a first-request"
        " hook runs exactly once per process, even under threads (Flask 2.3 "
        "removed `before_first_request`: the replacement is shown)"
    ),
}

CONTRACTS.update({
    "context-locals": (
        "`GET /?name=X` → text `Hello, X!` (`Hello, World!` without a name), the name read "
        "through a request-local `request` by a helper deep in the call stack; `GET "
        "/slow?name=X` → the same after 0.3 seconds spent in that helper before it reads the "
        "name; overlapping requests each see their own name; outside a request the proxy "
        "raises `RuntimeError` (`working outside a request`); URLs are built outside any "
        "request (Flask: `test_request_context()`; kit: `router.url_for`)"
    ),
    "login-form": (
        "`GET /login` → an HTML form whose `action` is `/login` under the exercise's mount "
        'point (`SCRIPT_NAME`), `method="post"`, one field `username`; `POST /login` with '
        "that urlencoded form → 200 HTML `<p>Welcome, {username}!</p>` with the name escaped,"
        " the same bytes in every form; a missing or empty `username` → 400 saying so; a "
        "body that is not `application/x-www-form-urlencoded` → 415, over 64 KiB → 413; "
        "other methods → 405 `Allow: GET, HEAD, OPTIONS, POST`"
    ),
    "debug": (
        "`GET /` → 200 text saying whether debug mode is on; `GET /boom` → a handler that "
        "raises an exception holding a planted secret: debug off (the default) → 500 "
        "`text/plain` `500 Internal Server Error`, the traceback only logged; debug on "
        "(`WSGIKIT_DEBUG=1`, read at import, or `python -m wsgikit.serve APP --debug`) and "
        "a loopback `REMOTE_ADDR` (IPv4 or IPv6) → 500 `text/plain` whose body is the "
        "traceback; debug on, any other client → the bare 500; `X-Forwarded-For`, `Host` "
        "and the query turn nothing on; `POST` → 405 `Allow: GET, HEAD, OPTIONS`; unknown "
        "paths → 404; `/%FF` → 400"
    ),
    "cgi-vs-wsgi": (
        '`GET,POST /` → JSON `{"body", "gateway", "name", "pid"}`: `pid` is `os.getpid()` of '
        'the process that answered; `gateway` is `"CGI"` when `wsgi.run_once` is true '
        '(`wsgiref.handlers.CGIHandler`) and `"WSGI"` otherwise; `name` is the first `?name=` '
        "value, or null; `body` is the request body as text; a query or body that is not "
        "UTF-8 → 400, a body over 1 MiB → 413. Run by `examples/cgi_gateway.py` (which starts "
        "the file as a new process for every request, as a CGI server does; the gallery "
        "mounts it at `/cgi-bin/<form>/cgi-vs-wsgi`), the pid changes on every request; "
        "under a WSGI server it stays the same"
    ),
    "responses": (
        "`GET /` → `<p>hello, world!</p>` as `text/html; charset=utf-8`; `GET "
        '/test/<username>` → 200 `application/json` with the bytes of `json.dumps({"username":'
        ' …, "foo": "foo", "bar": 10000})` (`response_class` in Flask); `GET /json_test` → 200'
        ' `application/json` `{"one":1,"two":2,"tmp":10000}` (`jsonify` in Flask, whose bytes'
        " differ: sorted keys, a final newline)"
    ),
    "log-file": (
        "`GET /` → 200 text; any other path → 404 `text/html` `<h1>404 Error</h1>` and one "
        "WARNING line `404 Not Found: '<path>'` (the path as an ASCII Python literal cut at "
        "200 characters, so `%0A` cannot forge a line) to a `RotatingFileHandler` "
        "(`maxBytes=2000`, `backupCount=10`, Flask's default format) on `$WSGIKIT_LOG_FILE`, "
        "installed once at import and only when not debugging; unset, no file and the line "
        "goes to stderr; 40 unknown paths of 55 characters leave `x.log`, `x.log.1`, `x.log.2`"
    ),
})

_BY_SLUG = {exercise.slug: exercise for exercise in EXERCISES}


def by_slug(slug: str) -> Exercise:
    return _BY_SLUG[slug]


_EXAMPLES = Path(__file__).resolve().parent
_NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
             tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER}


def source_path(form: str, exercise: Exercise) -> Path:
    """The file of one form of an exercise: ``examples/raw/hello.py`` and so on."""
    package = FORMS[form][0].removeprefix("examples.")
    return _EXAMPLES / package / f"{exercise.module}.py"


def _runner_blocks(tree: ast.Module) -> set[int]:
    """The lines of the blocks that run a file by its path (``if not __package__:``
    and ``if __name__ == "__main__":``): how a file is started, not the exercise."""
    lines: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
                "not __package__", "__name__ == '__main__'"):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def code_lines(path: Path) -> int:
    """Lines that hold code: no blank lines, comments, docstrings, nor the blocks that
    run the file by its path."""
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    docstrings: set[int] = _runner_blocks(tree)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstrings.update(range(body[0].lineno, (body[0].end_lineno or 0) + 1))
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _NOT_CODE:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstrings)
