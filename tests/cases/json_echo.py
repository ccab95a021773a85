import json

from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

JSON = "application/json"
ALLOW = {"Allow": "OPTIONS, POST"}
UA = "curl/8.5.0"
H = {"User-Agent": UA, "Content-Type": JSON}
NO_NAME = "이름이 없는 자"
LIMIT = 1024 * 1024  # the exercise's body limit: 1 MiB


def echo(key1: object = "No key", name: str = NO_NAME, client: str = UA) -> dict[str, object]:
    return {"method": "POST", "name": name, "client": client, "key1": key1}


def typed(content_type: str) -> dict[str, str]:
    return {"User-Agent": UA, "Content-Type": content_type}


def post(id: str, body: bytes, path: str = "/", **kw: object) -> Case:
    kw.setdefault("headers", H)
    return Case(id, path, "POST", body=body, **kw)  # type: ignore[arg-type]


PAIR = b'{"key1":"value1"}'
# exactly the limit: a valid object padded with whitespace
AT_LIMIT = PAIR + b" " * (LIMIT - len(PAIR))
OVER_LIMIT = AT_LIMIT + b" "

# Plain Flask's own answers, where they are not the contract's.
TOO_DEEP = FlaskDiffers(
    reason="json.loads raises RecursionError on deep nesting, which get_json does not catch",
    matters="robustness",
    status=500,
    contains=("Internal Server Error",),
)


def taken(reason: str, key1: object = "value1") -> FlaskDiffers:
    """Flask parses what the contract refuses, and echoes it."""
    return FlaskDiffers(reason=reason, matters="taste", status=200, content_type=JSON,
                        json=echo(key1))


def not_json_out(literal: str) -> FlaskDiffers:
    return FlaskDiffers(
        reason="json.loads takes NaN and Infinity (1e400 is inf), and Flask writes them back "
        "out, which is not JSON",
        matters="robustness",
        status=200,
        content_type=JSON,
        contains=(f'"key1":{literal},',),
    )


ANY_JSON_SUFFIX = "request.is_json takes application/<anything>+json, an empty <anything> too"
ANY_CHARSET = "request.is_json ignores the charset; json.loads reads the bytes as UTF-8/16/32"

CASES = [
    post("key1", PAIR, json=echo("value1"), content_type=JSON),
    post("no-key1", b"{}", json=echo(), content_type=JSON),
    post("other-keys", b'{"key2": 2}', json=echo()),
    post("key1-null", b'{"key1": null}', json=echo(None)),
    post("key1-number", b'{"key1": 12.5}', json=echo(12.5)),
    post(
        "key1-nested", b'{"key1": [1, {"a": [true, false]}]}', json=echo([1, {"a": [True, False]}])
    ),
    post(
        "key1-korean",
        '{"key1": "값"}'.encode(),
        "/?name=%EA%B9%80",
        json=echo("값", "김"),
        flask=FlaskDiffers(
            reason="Flask's JSON sorts the keys, escapes non-ASCII as \\uXXXX and ends in a "
            "newline (app.json's defaults)",
            matters="taste",
            text='{"client":"curl/8.5.0","key1":"\\uac12","method":"POST","name":"\\uae40"}\n',
        ),
    ),
    post("key1-escaped", b'{"key1": "\\uac12 \\ud83d\\ude00"}', json=echo("값 😀")),
    post("duplicate-key-last-wins", b'{"key1": 1, "key1": 2}', json=echo(2)),
    post(
        "deep-but-fine",
        b'{"key1":' + b"[" * 100 + b"]" * 100 + b"}",
        json=echo(json.loads("[" * 100 + "]" * 100)),
    ),
    post("name", PAIR, "/?name=Arthur", json=echo("value1", "Arthur")),
    post("empty-name", PAIR, "/?name=", json=echo("value1", "")),
    post("first-name-wins", PAIR, "/?name=a&name=b", json=echo("value1", "a")),
    # media types
    post(
        "charset-utf8", PAIR, headers=typed("application/json; charset=utf-8"), json=echo("value1")
    ),
    post(
        "charset-upper", PAIR, headers=typed("Application/JSON; Charset=UTF-8"), json=echo("value1")
    ),
    post(
        "charset-quoted",
        PAIR,
        headers=typed('application/json; charset="utf-8"'),
        json=echo("value1"),
    ),
    post("vendor-json", PAIR, headers=typed("application/vnd.api+json"), json=echo("value1")),
    post("no-content-type", PAIR, headers={"User-Agent": UA}, status=415),
    post("text-plain", PAIR, headers=typed("text/plain"), status=415),
    post("text-json", PAIR, headers=typed("text/json"), status=415),
    post("form", PAIR, headers=typed("application/x-www-form-urlencoded"), status=415),
    post("jsonx", PAIR, headers=typed("application/jsonx"), status=415),
    post("bare-suffix", PAIR, headers=typed("application/+json"), status=415,
         flask=taken(ANY_JSON_SUFFIX)),
    post("charset-latin1", PAIR, headers=typed("application/json; charset=latin-1"), status=415,
         flask=taken(ANY_CHARSET)),
    post("charset-utf16", PAIR, headers=typed("application/json; charset=utf-16"), status=415,
         flask=taken(ANY_CHARSET)),
    post(
        "wrong-type-before-size",
        PAIR,
        headers=typed("text/plain"),
        content_length=str(10 * LIMIT),
        status=415,
    ),
    # bodies that are not one JSON object
    post("empty", b"", status=400),
    post("whitespace", b"  \n", status=400),
    post("malformed", b'{"key1": ', status=400),
    post("single-quotes", b"{'key1': 'v'}", status=400),
    post("trailing-garbage", PAIR + b"x", status=400),
    post("two-objects", PAIR + PAIR, status=400),
    post("array", b"[1, 2]", status=400),
    post("string", b'"key1"', status=400),
    post("number", b"1", status=400),
    post("null", b"null", status=400),
    post("nan", b'{"key1": NaN}', status=400, flask=not_json_out("NaN")),
    post("infinity", b'{"key1": Infinity}', status=400, flask=not_json_out("Infinity")),
    post("minus-infinity", b'{"key1": -Infinity}', status=400, flask=not_json_out("-Infinity")),
    post("overflow-to-infinity", b'{"key1": 1e400}', status=400, flask=not_json_out("Infinity")),
    post("bom", b"\xef\xbb\xbf" + PAIR, status=400,
         flask=taken("json.loads on bytes skips a UTF-8 byte order mark")),
    post("bad-utf8", b'{"key1": "\xff"}', status=400),
    post("utf16", PAIR.decode().encode("utf-16"), status=400,
         flask=taken("json.loads on bytes detects UTF-16 and UTF-32; RFC 8259 wants UTF-8")),
    post(
        "lone-surrogate",
        b'{"key1": "\\ud800"}',
        status=400,
        flask=taken(
            "json.loads keeps an unpaired surrogate, and Flask's ASCII escapes can send it back",
            "\ud800",
        ),
    ),
    post("deep-arrays", b"[" * 100000, status=400, flask=TOO_DEEP),
    post("deep-objects", b'{"a":' * 100000, status=400, flask=TOO_DEEP),
    post("deep-closed", b'{"key1":' + b"[" * 100000 + b"]" * 100000 + b"}", status=400,
         flask=TOO_DEEP),
    # CONTENT_LENGTH and the limit
    # CONTENT_LENGTH "-1" and "abc" (no body, so 400) are in tests/test_ex_json_echo.py:
    # wsgiref's validator refuses such an environ before the app sees it.
    post("length-missing", PAIR, content_length="", status=400),
    post("truncated", PAIR, content_length="100", status=400),
    post(
        "length-shorter-than-body",
        PAIR + b"garbage",
        content_length=str(len(PAIR)),
        json=echo("value1"),
    ),
    post("length-over-limit", PAIR, content_length=str(LIMIT + 1), status=413),
    post("at-limit", AT_LIMIT, json=echo("value1")),
    post("over-limit", OVER_LIMIT, status=413),
    post("chunked", PAIR, chunked=True, json=echo("value1")),
    post(
        "chunked-over-limit",
        OVER_LIMIT,
        chunked=True,
        status=413,
        flask=FlaskDiffers(
            streamed=True,
            reason="Werkzeug cuts a body of unknown length at MAX_CONTENT_LENGTH and parses the "
            "first bytes as the whole body, without a 413",
            matters="robustness",
            status=200,
            content_type=JSON,
            json=echo("value1"),
        ),
    ),
    # the request around the body
    post("no-ua", PAIR, headers={"Content-Type": JSON}, status=400),
    post(
        "empty-ua",
        PAIR,
        headers={"User-Agent": "", "Content-Type": JSON},
        json=echo("value1", client=""),
    ),
    post(
        "bad-utf8-query",
        PAIR,
        "/?name=%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug keeps query bytes that are not UTF-8 percent-encoded: ?name=%FF is "
            "the name '%FF'",
            matters="robustness",
            status=200,
            content_type=JSON,
            json=echo("value1", "%FF"),
        ),
    ),
    post("bad-utf8-path", PAIR, "/%FF", status=400, flask=NOT_UTF8_404),
    post("unknown", PAIR, "/nope", status=404),
    Case("get", "/", headers=H, status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("head", "/", "HEAD", headers=H, status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("put", "/", "PUT", headers=H, body=PAIR, status=405, expect_headers=ALLOW,
         flask=ALLOW_SET),
    Case("options", "/", "OPTIONS", headers=H, expect_headers=ALLOW, flask=ALLOW_SET),
    # a CONTENT_LENGTH that is negative or not a number means no body, and a body is required
    Case("length-negative", "/", "POST", headers=H, body=PAIR, content_length="-1", status=400),
    Case("length-not-a-number", "/", "POST", headers=H, body=PAIR, content_length="abc",
         status=400),
    Case("length-plus", "/", "POST", headers=H, body=PAIR, content_length="+17", status=400),
    # blanks around the number are not part of it (RFC 9110); wsgiref and uWSGI pass them on
    post("length-spaces", PAIR, content_length=" 17", json=echo("value1")),
    post("length-trailing-spaces", PAIR, content_length="17  ", json=echo("value1")),
    post("length-tab", PAIR, content_length="\t17\t", json=echo("value1")),
    Case("length-unicode-digits", "/", "POST", headers=H, body=PAIR, content_length="١٧",
         status=400),
]

# Cases a browser cannot send as they are written (the gallery's "Try it" shows them
# without a send button): case id -> why.
BROWSER_CANNOT: dict[str, str] = {
    "no-ua": "no User-Agent: a browser always sends its own",
}
