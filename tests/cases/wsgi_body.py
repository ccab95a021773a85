from tests.casekit import Case

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
ALLOW = {"Allow": "OPTIONS, POST"}
LIMIT = 1024 * 1024  # the exercise's body limit: 1 MiB


def post(id: str, body: bytes, path: str = "/", method: str = "POST", **kw: object) -> Case:
    kw.setdefault("headers", {"Content-Type": JSON})
    return Case(id, path, method, body=body, **kw)  # type: ignore[arg-type]


def hello(id: str, body: bytes, name: str, **kw: object) -> Case:
    return post(id, body, text=f"Hello World {name}", content_type=TEXT, **kw)


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
    hello("markup-is-text", b'{"name": "<b>x</b>"}', "<b>x</b>"),
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
    Case("get", "/", status=405, expect_headers=ALLOW),
    Case("put", "/", "PUT", body=SEED, status=405, expect_headers=ALLOW),
    Case("head", "/", "HEAD", status=405, expect_headers=ALLOW),
    post("unknown-method", SEED, method="BREW", status=405, expect_headers=ALLOW),
    Case("options", "/", "OPTIONS", expect_headers=ALLOW),
    post("unknown-path", SEED, "/hello", status=404),
    post("seed-url", SEED, "/60162176", status=404),
    post("bad-utf8-path", SEED, "/%FF", status=400),
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
    post("nan", b'{"name": "a", "x": NaN}', status=400),
    post("infinity", b'{"name": "a", "x": -Infinity}', status=400),
    post("overflow-to-infinity", b'{"name": "a", "x": 1e400}', status=400),
    post("bom", b"\xef\xbb\xbf" + SEED, status=400),
    post("bad-utf8", b'{"name": "\xff"}', status=400),
    post("latin1-bytes", '{"name": "é"}'.encode("latin-1"), status=400),
    post("utf16", SEED.decode().encode("utf-16"), status=400),
    post("lone-surrogate", b'{"name": "\\ud800"}', status=400),
    post("deep-arrays", b"[" * 100000, status=400),
    post("deep-closed", b'{"name": "a", "x":' + b"[" * 100000 + b"]" * 100000 + b"}", status=400),
    # the media type
    post("no-content-type", SEED, headers={}, status=415),
    post("text-plain", SEED, headers={"Content-Type": "text/plain"}, status=415),
    post("form", SEED, headers={"Content-Type": "application/x-www-form-urlencoded"}, status=415),
    post(
        "charset-latin1",
        SEED,
        headers={"Content-Type": "application/json; charset=latin-1"},
        status=415,
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
    post(
        "length-shorter-than-body",
        SEED + b"garbage",
        content_length=str(len(SEED)),
        text="Hello World JongHyun",
        content_type=TEXT,
    ),
    post("length-over-limit", SEED, content_length=str(LIMIT + 1), status=413),
    post("over-limit", AT_LIMIT + b" ", status=413),
    post("chunked-over-limit", AT_LIMIT + b" ", chunked=True, status=413),
    post("chunked-empty", b"", chunked=True, status=400),
]
