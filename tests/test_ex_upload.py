"""upload: what a table of cases cannot show.

- 413 comes from CONTENT_LENGTH alone: the body is never read;
- a body encoded by another client's encoder (werkzeug's, as a browser would
  send it) is read the same way;
- any bytes at all, boundary look-alikes and CRLFs included, come out with the
  right size and SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any
from wsgiref.validate import validator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from werkzeug.test import Client, EnvironBuilder

from tests.casekit import FORMS_PRESENT, Case, build_environ, call_wsgi, load_app
from tests.cases.upload import BOUNDARY, MULTIPART, PNG, field, form, upload

LIMIT = 8 * 1024 * 1024


class Unreadable(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("the body was read")


def run(app: Any, environ: dict[str, Any]) -> tuple[int, bytes]:
    app_iter, status, _ = Client(validator(app)).run_wsgi_app(environ, buffered=True)
    return int(status.split()[0]), b"".join(app_iter)


@pytest.mark.parametrize("form_", FORMS_PRESENT)
def test_413_is_decided_before_reading(form_: str) -> None:
    environ = build_environ(Case("big", "/inference", "POST", headers={"Content-Type": MULTIPART}))
    environ["CONTENT_LENGTH"] = str(LIMIT + 1)
    environ["wsgi.input"] = Unreadable()
    status, _ = run(load_app(form_, "upload"), environ)
    assert status == 413


@pytest.mark.parametrize("form_", FORMS_PRESENT)
def test_a_body_from_another_encoder(form_: str) -> None:
    builder = EnvironBuilder(
        path="/inference",
        method="POST",
        data={
            "model_type": "딸기",
            "img_file": [
                (io.BytesIO(PNG), "red.png", "image/png"),
                (io.BytesIO(b"plain"), "노트.txt", "text/plain"),
            ],
        },
    )
    environ = builder.get_environ()
    status, body = run(load_app(form_, "upload"), environ)
    assert status == 200, body
    answer = json.loads(body)
    assert answer["model_type"] == "딸기"
    assert [(f["filename"], f["size"], f["image"]) for f in answer["files"]] == [
        ("red.png", len(PNG), {"format": "png", "width": 3, "height": 2}),
        ("노트.txt", 5, None),
    ]


@pytest.mark.parametrize("form_", FORMS_PRESENT)
@settings(max_examples=60, deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=2000),
        st.lists(
            st.sampled_from([b"\r", b"\n", b"\r\n", b"--", BOUNDARY.encode(), b"x", b" "]),
            max_size=40,
        ).map(b"".join),
    )
)
def test_any_content_keeps_its_bytes(form_: str, content: bytes) -> None:
    body = form(field("model_type", "m"), upload("f.bin", content))
    # A sender picks a boundary that does not occur in the content (RFC 2046).
    assume(b"\r\n--" + BOUNDARY.encode() not in b"\r\n" + content)
    case = Case("any", "/inference", "POST", headers={"Content-Type": MULTIPART}, body=body)
    result = call_wsgi(load_app(form_, "upload"), case)
    assert result.status == 200, result.body
    (file,) = json.loads(result.body)["files"]
    assert file["size"] == len(content)
    assert file["sha256"] == hashlib.sha256(content).hexdigest()
