"""upload: what a table of cases cannot show.

- 413 comes from CONTENT_LENGTH alone: the body is never read;
- a body encoded by another client's encoder (werkzeug's, as a browser would
  send it) is read the same way, whatever boundary it draws;
- any bytes at all, boundary look-alikes and CRLFs included, come out with the
  right size and SHA-256, in a CRLF body and in a bare-LF one;
- the raw form's parser reads werkzeug's IE7 captures as werkzeug does, and
  reduces IE7's full path to the base name.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import sys
from pathlib import Path
from typing import Any
from wsgiref.validate import validator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from werkzeug.formparser import parse_form_data
from werkzeug.test import Client, EnvironBuilder

from examples.raw import upload as raw
from tests.casekit import FORMS_PRESENT, Case, build_environ, call_wsgi, load_app, load_cases
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


@pytest.mark.parametrize(
    "drawn",  # werkzeug's client names its boundary after time() and random()
    [
        pytest.param(0.5, id="53-characters"),
        pytest.param(0.0012345678901234567, id="71-characters"),
        pytest.param(1.2345678901234567e-05, id="72-characters"),  # the longest it draws
    ],
)
@pytest.mark.parametrize("form_", FORMS_PRESENT)
def test_a_body_from_another_encoder(
    monkeypatch: pytest.MonkeyPatch, form_: str, drawn: float
) -> None:
    monkeypatch.setattr("werkzeug.test.time", lambda: 1778312125.1234567)
    monkeypatch.setattr("werkzeug.test.random", lambda: drawn)
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
    boundary = f"---------------WerkzeugFormPart_1778312125.1234567{drawn!r}"
    assert environ["CONTENT_TYPE"] == f'multipart/form-data; boundary="{boundary}"'
    status, body = run(load_app(form_, "upload"), environ)
    assert status == 200, body
    answer = json.loads(body)
    assert answer["model_type"] == "딸기"
    # secure_filename keeps ASCII only (recorded in tests/cases/upload.py)
    note = "txt" if form_ == "flask" else "노트.txt"
    assert [(f["filename"], f["size"], f["image"]) for f in answer["files"]] == [
        ("red.png", len(PNG), {"format": "png", "width": 3, "height": 2}),
        (note, 5, None),
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
    ),
    newline=st.sampled_from([b"\r\n", b"\n"]),
)
def test_any_content_keeps_its_bytes(form_: str, content: bytes, newline: bytes) -> None:
    body = form(field("model_type", "m", newline), upload("f.bin", content, newline=newline),
                newline=newline)
    # A sender picks a boundary that does not occur in the content (RFC 2046).
    assume(newline + b"--" + BOUNDARY.encode() not in newline + content)
    if form_ == "flask":
        # Werkzeug takes a boundary after any CR, LF or CRLF, and a file's last CR for
        # part of the line break (recorded in tests/cases/upload.py: lf-delimiters-in-a-
        # crlf-body-are-data, lf-body-file-ending-in-cr).
        assume(not any(crlf + b"--" + BOUNDARY.encode() in newline + content
                       for crlf in (b"\r", b"\n")))
        assume(not (newline == b"\n" and content.endswith(b"\r")))
    case = Case("any", "/inference", "POST", headers={"Content-Type": MULTIPART}, body=body)
    result = call_wsgi(load_app(form_, "upload"), case)
    assert result.status == 200, result.body
    (file,) = json.loads(result.body)["files"]
    assert file["size"] == len(content)
    assert file["sha256"] == hashlib.sha256(content).hexdigest()


@pytest.mark.skipif("flask" not in FORMS_PRESENT, reason="no flask form")
@pytest.mark.parametrize(
    "case_id",
    ["truncated", "no-closing-boundary", "chunked-over-limit",
     "lf-delimiters-in-a-crlf-body-are-data"],
)
def test_werkzeug_leaves_a_broken_file_part_to_the_gc(case_id: str) -> None:
    # A difference the case table cannot record: where the body breaks off inside a
    # file part, Werkzeug's parser drops the part's SpooledTemporaryFile unclosed.
    (case,) = [case for case in load_cases("upload") if case.id == case_id]
    unclosed: list[str] = []
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: unclosed.append(repr(unraisable.object))
    try:
        call_wsgi(load_app("flask", "upload"), case)
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert any("SpooledTemporaryFile" in name for name in unclosed), unclosed


WERKZEUG_DATA = Path(__file__).parent / "data" / "werkzeug_multipart"
IE7_BOUNDARY = b"---------------------------7da36d1b4a0164"


def raw_parse(body: bytes) -> tuple[list[tuple[str, bytes]], list[tuple[str, str, bytes]]]:
    """The raw form's parser alone: (name, value) fields, (name, safe name, bytes) files."""
    parts, newline = raw.split_parts(body, IE7_BOUNDARY)
    fields, files = [], []
    for part in parts:
        headers, content = raw.parse_part(part, newline)
        _, params = raw.parse_header(headers["content-disposition"])
        filename = raw.filename_of(params)
        if filename is None:
            fields.append((params["name"], content))
        else:
            files.append((params["name"], raw.safe_filename(filename), content))
    return fields, files


@pytest.mark.parametrize(
    "capture",
    [
        pytest.param("ie7_full_path_request.http", id="werkzeug-3.1.9-bare-lf"),
        pytest.param("ie7_full_path_request-1.0.1.http", id="werkzeug-1.0.1-crlf-unc-path"),
    ],
)
def test_the_raw_parser_reads_werkzeugs_ie7_captures(capture: str) -> None:
    body = (WERKZEUG_DATA / capture).read_bytes()
    fields, files = raw_parse(body)
    _, wz_form, wz_files = parse_form_data({
        "REQUEST_METHOD": "POST", "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": f'multipart/form-data; boundary="{IE7_BOUNDARY.decode()}"',
    }, silent=False)
    assert [(name, value.decode()) for name, value in fields] == list(wz_form.items(multi=True))
    [(name, upload_)] = wz_files.items(multi=True)
    # werkzeug reads the UNC path's backslashes as escapes: its name is no base name
    assert files == [(name, "Sellersburg Town Council Meeting 02-22-2010doc.doc", upload_.read())]
    upload_.close()
