"""Hostile and malformed requests against every exercise in every form.

The common rules say no input, however malformed, gives a 500 or a hang, every
response has a correct Content-Length, and no traceback reaches the client.
These probes are the same for every exercise; the case tables hold the exact
statuses each contract asks for.

Plain Flask fails some of them (a ``RecursionError`` on deep JSON is its 500):
``FLASK_PROBES = {probe id: FlaskDiffers(...)}`` in ``tests/cases/<module>.py``
records Flask's own status for a probe, with its reason, and the Flask form must
answer exactly that.  The raw and kit forms never get such a pass.
"""

from __future__ import annotations

import importlib

import pytest

from examples.catalog import EXERCISES
from tests.casekit import FORMS_PRESENT, Case, FlaskDiffers, call_wsgi, load_app

PROBES = [
    Case("brew", "/", "BREW"),
    Case("delete-root", "/", "DELETE"),
    Case("patch-unknown", "/nope/x", "PATCH"),
    Case("options-unknown", "/nope/x", "OPTIONS"),
    Case("bad-utf8-path", "/%FF"),
    Case("overlong-utf8", "/%C0%AF"),
    Case("nul-in-path", "/a%00b"),
    Case("long-path", "/" + "a" * 5000),
    Case("traversal", "/..%2F..%2Fetc/passwd"),
    Case("bad-utf8-query-value", "/?name=%FF&user_name=%FF"),
    Case("bad-utf8-query-name", "/?%FF=1"),
    Case("semicolons", "/?name=a;b=c"),
    Case("empty-pairs", "/?&&&==&name"),
    Case("negative-length", "/", "POST", body=b"{}", content_length="-1",
         headers={"Content-Type": "application/json"}),
    Case("text-length", "/", "POST", body=b"{}", content_length="abc",
         headers={"Content-Type": "application/json"}),
    Case("huge-length", "/", "POST", body=b"{}", content_length="99999999999999999999",
         headers={"Content-Type": "application/json"}),
    Case("truncated-body", "/", "POST", body=b'{"na', content_length="100",
         headers={"Content-Type": "application/json"}),
    Case("no-length-not-terminated", "/", "POST", body=b"{}", content_length="",
         headers={"Content-Type": "application/json"}),
    Case("utf16-json", "/", "POST", body='{"name": "x"}'.encode("utf-16"),
         headers={"Content-Type": "application/json; charset=utf-16"}),
    Case("deep-json", "/", "POST", body=b"[" * 100_000,
         headers={"Content-Type": "application/json"}),
    Case("nan-json", "/", "POST", body=b'{"name": NaN}',
         headers={"Content-Type": "application/json"}),
    Case("multipart-no-boundary", "/", "POST", body=b"--x\r\n",
         headers={"Content-Type": "multipart/form-data"}),
    Case("multipart-long-boundary", "/", "POST", body=b"--x\r\n",
         headers={"Content-Type": "multipart/form-data; boundary=" + "x" * 500}),
    Case("form-bad-utf8", "/post", "POST", body=b"input1=%FF&operator=%2B&input2=1",
         headers={"Content-Type": "application/x-www-form-urlencoded"}),
    Case("upload-junk", "/inference", "POST", body=b"\r\n--b\r\n\r\n" * 50,
         headers={"Content-Type": "multipart/form-data; boundary=b"}),
    Case("header-injection-name", "/%0D%0ASet-Cookie:%20x=1"),
]


def _params() -> list[object]:
    return [
        pytest.param(form, exercise.module, probe, id=f"{form}-{exercise.slug}-{probe.id}")
        for form in FORMS_PRESENT
        for exercise in EXERCISES
        for probe in PROBES
    ]


def flask_probes(module: str) -> dict[str, FlaskDiffers]:
    """The probes plain Flask answers differently in this exercise, and why."""
    probes: dict[str, FlaskDiffers] = getattr(
        importlib.import_module(f"tests.cases.{module}"), "FLASK_PROBES", {})
    unknown = set(probes) - {probe.id for probe in PROBES}
    assert not unknown, f"{module}: FLASK_PROBES names no probe: {unknown}"
    return probes


@pytest.mark.parametrize(("form", "module", "probe"), _params())
def test_no_500_no_traceback(form: str, module: str, probe: Case) -> None:
    result = call_wsgi(load_app(form, module), probe)
    diff = flask_probes(module).get(probe.id) if form == "flask" else None
    if diff is not None:
        assert result.status == diff.status, f"{probe.id}: Flask answered {result.status}"
    else:
        assert 200 <= result.status < 500, f"{probe.id}: {result.status} {result.body[:200]!r}"
    if probe.method != "HEAD":
        assert result.headers.get("content-length") == str(len(result.body))
    assert b"Traceback" not in result.body
    assert "set-cookie" not in result.headers
