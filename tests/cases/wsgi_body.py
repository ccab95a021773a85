from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, as_html

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json"
ALLOW = {"Allow": "OPTIONS, POST"}
LIMIT = 1024 * 1024  # the exercise's body limit: 1 MiB


def post(id: str, body: bytes, path: str = "/", method: str = "POST", **kw: object) -> Case:
    kw.setdefault("headers", {"Content-Type": JSON})
    return Case(id, path, method, body=body, **kw)  # type: ignore[arg-type]




def hello(id: str, body: bytes, name: str, escaped: str | None = None, **kw: object) -> Case:
    """200 with the name; ``escaped``: the name as the Flask twin escapes it into HTML."""
    text = f"Hello World {name}"
    flask = as_html(f"Hello World {name if escaped is None else escaped}")
    return post(id, body, text=text, content_type=TEXT, flask=flask, **kw)


def lenient(reason: str, name: str = "JongHyun") -> FlaskDiffers:
    """json.loads takes what RFC 8259 does not: Flask answers with the name."""
    return FlaskDiffers(
        reason=reason, matters="taste", status=200, content_type=HTML, text=f"Hello World {name}"
    )


def crash(reason: str) -> FlaskDiffers:
    return FlaskDiffers(reason=reason, matters="robustness", status=500)


RECURSION = crash("json.loads raises RecursionError, which Flask serves as a 500")


SEED = b'{"name":"JongHyun"}'
AT_LIMIT = SEED + b" " * (LIMIT - len(SEED))

CASES = [
    hello("seed", SEED, "JongHyun"),
    hello(
        "seed-content-type",
        SEED,
        "JongHyun",
        headers={"Content-Type": "application/json; charset=utf-8"},
    ),
    hello("korean", '{"name": "종현"}'.encode(), "종현"),
    hello("escaped", b'{"name": "\\uc885\\ud604 \\ud83d\\ude00"}', "종현 😀"),
    hello("markup-is-text", b'{"name": "<b>x</b>"}', "<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
    hello("empty-name", b'{"name": ""}', ""),
    hello("other-keys", b'{"name": "a", "age": 3, "x": [1, {"y": null}]}', "a"),
    hello("duplicate-key-last-wins", b'{"name": "a", "name": "b"}', "b"),
    hello("vendor-json", SEED, "JongHyun", headers={"Content-Type": "application/vnd.x+json"}),
    hello("upper-case-type", SEED, "JongHyun", headers={"Content-Type": "Application/JSON"}),
    hello("at-limit", AT_LIMIT, "JongHyun"),
    hello("chunked", SEED, "JongHyun", chunked=True),
    hello("chunked-at-limit", AT_LIMIT, "JongHyun", chunked=True),
    hello("query-ignored", SEED, "JongHyun", path="/?name=%FF"),
    # routes and methods
    Case("get", "/", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("put", "/", "PUT", body=SEED, status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("head", "/", "HEAD", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    post(
        "unknown-method", SEED, method="BREW", status=405, expect_headers=ALLOW, flask=ALLOW_SET
    ),
    Case("options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    post("unknown-path", SEED, "/hello", status=404),
    post("seed-url", SEED, "/60162176", status=404),
    post(
        "bad-utf8-path",
        SEED,
        "/%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes the path with errors='replace': /U+FFFD matches no rule",
            matters="taste",
            status=404,
        ),
    ),
    # the JSON
    post("no-name", b'{"nom": "x"}', status=400),
    post("empty-object", b"{}", status=400),
    post("name-null", b'{"name": null}', status=400),
    post("name-number", b'{"name": 1}', status=400),
    post("name-list", b'{"name": ["a"]}', status=400),
    post("name-object", b'{"name": {"first": "a"}}', status=400),
    post("array", b'["name"]', status=400),
    post("string", b'"JongHyun"', status=400),
    post("null", b"null", status=400),
    post("empty", b"", status=400),
    post("whitespace", b" \r\n", status=400),
    post("malformed", b'{"name": ', status=400),
    post("single-quotes", b"{'name': 'x'}", status=400),
    post("trailing-garbage", SEED + b"x", status=400),
    post(
        "nan",
        b'{"name": "a", "x": NaN}',
        status=400,
        flask=lenient("Flask parses with json.loads, which takes NaN", "a"),
    ),
    post(
        "infinity",
        b'{"name": "a", "x": -Infinity}',
        status=400,
        flask=lenient("Flask parses with json.loads, which takes Infinity", "a"),
    ),
    post(
        "overflow-to-infinity",
        b'{"name": "a", "x": 1e400}',
        status=400,
        flask=lenient("Flask parses with json.loads, which turns 1e400 into inf", "a"),
    ),
    post(
        "bom",
        b"\xef\xbb\xbf" + SEED,
        status=400,
        flask=lenient("json.loads of bytes sniffs the encoding and skips a UTF-8 BOM"),
    ),
    post("bad-utf8", b'{"name": "\xff"}', status=400),
    post("latin1-bytes", '{"name": "é"}'.encode("latin-1"), status=400),
    post(
        "utf16",
        SEED.decode().encode("utf-16"),
        status=400,
        flask=lenient("json.loads of bytes sniffs the encoding: UTF-16 is read"),
    ),
    post(
        "lone-surrogate",
        b'{"name": "\\ud800"}',
        status=400,
        flask=crash("json.loads keeps a lone surrogate; encoding the answer as UTF-8 fails"),
    ),
    post("deep-arrays", b"[" * 100000, status=400, flask=RECURSION),
    post(
        "deep-closed",
        b'{"name": "a", "x":' + b"[" * 100000 + b"]" * 100000 + b"}",
        status=400,
        flask=RECURSION,
    ),
    # the media type
    post("no-content-type", SEED, headers={}, status=415),
    post("text-plain", SEED, headers={"Content-Type": "text/plain"}, status=415),
    post("form", SEED, headers={"Content-Type": "application/x-www-form-urlencoded"}, status=415),
    post(
        "charset-latin1",
        SEED,
        headers={"Content-Type": "application/json; charset=latin-1"},
        status=415,
        flask=lenient("request.is_json ignores the charset; json.loads sniffs the bytes"),
    ),
    # CONTENT_LENGTH, the limit and the end of the body
    post("length-missing", SEED, content_length="", status=400),
    post("length-zero", SEED, content_length="0", status=400),
    post("length-negative", SEED, content_length="-1", status=400),
    post("length-not-a-number", SEED, content_length="abc", status=400),
    post("length-plus", SEED, content_length=f"+{len(SEED)}", status=400),
    post("length-unicode-digits", SEED, content_length="١٩", status=400),
    # blanks around the number are not part of it (RFC 9110); wsgiref and uWSGI pass them on
    hello("length-trailing-spaces", SEED, "JongHyun", content_length=f"{len(SEED)}  "),
    post("truncated", SEED, content_length="100", status=400),
    hello(
        "length-shorter-than-body",
        SEED + b"garbage",
        "JongHyun",
        content_length=str(len(SEED)),
    ),
    post("length-over-limit", SEED, content_length=str(LIMIT + 1), status=413),
    post("over-limit", AT_LIMIT + b" ", status=413),
    post(
        "chunked-over-limit",
        AT_LIMIT + b" ",
        chunked=True,
        status=413,
        flask=FlaskDiffers(
            streamed=True,
            reason="Werkzeug stops reading a streamed body at MAX_CONTENT_LENGTH and parses that",
            matters="robustness",
            status=200,
            content_type=HTML,
            text="Hello World JongHyun",
        ),
    ),
    post("chunked-empty", b"", chunked=True, status=400),
]

FLASK_PROBES = {"deep-json": RECURSION}
