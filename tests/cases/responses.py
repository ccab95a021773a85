from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET, NOT_UTF8_404

HTML = "text/html; charset=utf-8"
JSON = "application/json"
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}

# The bodies are compared byte for byte: each route's bytes are the lesson.
# GET /json_test as the raw and kit forms write it (json_response: compact, keys in order).
JSON_TEST = '{"one":1,"two":2,"tmp":10000}'

# Plain Flask's own answers, where they are not the contract's.
JSONIFY = FlaskDiffers(
    reason="jsonify writes with DefaultJSONProvider: keys sorted, no spaces, a final newline",
    matters="taste",
    text='{"one":1,"tmp":10000,"two":2}\n',
)


def dumped(escaped_username: str) -> str:
    """json.dumps(result) as response_class sends it: ', ' and ': ', non-ASCII \\u-escaped."""
    return f'{{"username": "{escaped_username}", "foo": "foo", "bar": 10000}}'


CASES = [
    # a returned str: text/html, in every form
    Case("hello", "/", content_type=HTML, text="<p>hello, world!</p>"),
    # app.response_class(response=json.dumps(result), status=200, mimetype='application/json')
    Case("test-foo", "/test/foo", content_type=JSON, text=dumped("foo")),
    Case("test-korean", "/test/%EC%84%B8%EA%B3%84", content_type=JSON,
         text=dumped("\\uc138\\uacc4")),
    Case("test-space", "/test/John%20Doe", content_type=JSON, text=dumped("John Doe")),
    Case("test-quote", "/test/%3Cb%3E%22", content_type=JSON, text=dumped('<b>\\"')),
    Case("test-query-ignored", "/test/foo?username=bar", content_type=JSON, text=dumped("foo")),
    Case("test-no-name", "/test/", status=404),
    Case("test-no-slash", "/test", status=404),
    Case("test-two-segments", "/test/a/b", status=404),
    Case("test-trailing-slash", "/test/foo/", status=404),
    Case(
        "test-bad-utf8",
        "/test/%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes the path with errors='replace': the view gets U+FFFD as "
            "the username",
            matters="robustness",
            status=200,
            content_type=JSON,
            text=dumped("\\ufffd"),
        ),
    ),
    # jsonify(data)
    Case("json-test", "/json_test", content_type=JSON, text=JSON_TEST, flask=JSONIFY),
    Case("json-test-trailing-slash", "/json_test/", status=404),
    # the methods: GET only (HEAD and OPTIONS come with it)
    Case("hello-post", "/", "POST", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("test-put", "/test/foo", "PUT", status=405, expect_headers=ALLOW, flask=ALLOW_SET),
    Case("json-test-post", "/json_test", "POST", status=405, expect_headers=ALLOW,
         flask=ALLOW_SET),
    Case("hello-options", "/", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("test-options", "/test/foo", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    Case("json-test-options", "/json_test", "OPTIONS", expect_headers=ALLOW, flask=ALLOW_SET),
    # other paths
    Case("unknown", "/html", status=404),
    Case("hibernation-is-not-here", "/hibernation", status=404),
    Case("bad-utf8-path", "/%FF", status=400, flask=NOT_UTF8_404),
]
