import hashlib
import string
import struct
import zlib

from tests.casekit import Case, FlaskDiffers
from tests.cases._flask import ALLOW_SET

JSON = "application/json"
HTML = "text/html; charset=utf-8"
LIMIT = 8 * 1024 * 1024  # the exercise's body limit: 8 MiB
BOUNDARY = "----wsgikitFormBoundary7MA4YWxkTrZu0gW"  # mixed case: boundaries are case-sensitive
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
LF = b"\n"  # the line break of some old clients, where RFC 2046 asks for CRLF


# --- bodies, byte by byte ---------------------------------------------------------------


def part(disposition: str, content: bytes, *headers: str, newline: bytes = b"\r\n") -> bytes:
    """One part: its Content-Disposition (UTF-8, as browsers send it), more headers, content."""
    lines = [f"Content-Disposition: form-data; {disposition}", *headers]
    return b"".join(line.encode("utf-8") + newline for line in lines) + newline + content


def field(name: str, value: str, newline: bytes = b"\r\n") -> bytes:
    return part(f'name="{name}"', value.encode("utf-8"), newline=newline)


def upload(
    filename: str,
    content: bytes,
    content_type: str | None = "application/octet-stream",
    name: str = "img_file",
    newline: bytes = b"\r\n",
) -> bytes:
    headers = [f"Content-Type: {content_type}"] if content_type is not None else []
    return part(f'name="{name}"; filename="{filename}"', content, *headers, newline=newline)


def form(*parts: bytes, boundary: str = BOUNDARY, newline: bytes = b"\r\n") -> bytes:
    mark = b"--" + boundary.encode("ascii")
    return b"".join(mark + newline + p + newline for p in parts) + mark + b"--" + newline


def boundary_of_length(length: int) -> str:
    """RFC 2046's characters, those that need quotes and a space included (never last)."""
    return ((string.ascii_letters + string.digits + "'()+_,-./:=? ") * 3)[:length]


# --- files ------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int) -> bytes:
    """A real RGBA PNG, all red."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int) -> bytes:
    """The markers a JPEG walker must get past: APP0, an APP1 that holds a fake SOF0,
    DQT, DHT (FFC4, inside the SOF range), fill bytes, then SOF2 (progressive)."""

    def segment(marker: int, data: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data

    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xE1, b"Exif\x00\x00" + b"\xff\xc0\x00\x11\x08\x00\x01\x00\x01")
        + segment(0xDB, b"\x00" + bytes(range(64)))
        + segment(0xC4, b"\x00" + bytes(16) + b"\x00")
        + b"\xff\xff"
        + segment(0xC2, b"\x08" + struct.pack(">HH", height, width) + b"\x01\x01\x11\x00")
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x00\x00\xff\xd9"
    )


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


PNG = png(3, 2)
JPEG = jpeg(640, 480)
GIF = gif(16, 9)
TEXT_FILE = b"hello, not an image\n"
EML = b"From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n"


def info(
    filename: str,
    content: bytes,
    content_type: str = "application/octet-stream",
    image: tuple[str, int, int] | None = None,
) -> dict[str, object]:
    return {
        "filename": filename,
        "content_type": content_type,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "image": None
        if image is None
        else dict(zip(("format", "width", "height"), image, strict=True)),
    }


def answer(*files: dict[str, object], model_type: str = "strawberry") -> dict[str, object]:
    return {"model_type": model_type, "files": list(files)}


def post(id: str, body: bytes, content_type: str | None = MULTIPART, **kw: object) -> Case:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    return Case(id, "/inference", "POST", headers=headers, body=body, **kw)  # type: ignore[arg-type]


MODEL = field("model_type", "strawberry")
RED = upload("red.png", PNG, "image/png")
ONE_PNG = form(MODEL, RED)
PNG_INFO = info("red.png", PNG, "image/png", ("png", 3, 2))
# an LF body's delimiter lines, which are data in a CRLF body
LF_LOOKALIKES = b"a\n--" + BOUNDARY.encode() + b"\nb\n--" + BOUNDARY.encode() + b"--\n"
ALLOW_POST = {"Allow": "OPTIONS, POST"}
ALLOW_GET = {"Allow": "GET, HEAD, OPTIONS"}


# --- plain Flask's own answers, where they are not the contract's -----------------------


def secured(filename: str, content: bytes, content_type: str = "application/octet-stream",
            image: tuple[str, int, int] | None = None) -> FlaskDiffers:
    """The upload answered, its name as werkzeug.utils.secure_filename makes it."""
    return FlaskDiffers(
        reason="secure_filename keeps ASCII letters, digits and ._- only, and joins path parts",
        matters="taste",
        json=answer(info(filename, content, content_type, image)),
    )



CASES = [
    # the form page
    Case(
        "form-page",
        "/",
        content_type=HTML,
        contains=(
            'action="{prefix}/inference"',
            'enctype="multipart/form-data"',
            'name="img_file"',
            'name="model_type"',
            'method="post"',
        ),
    ),
    Case("form-page-post", "/", "POST", status=405, expect_headers=ALLOW_GET, flask=ALLOW_SET),
    # uploads
    Case(
        "one-png",
        "/inference",
        "POST",
        headers={"Content-Type": MULTIPART},
        body=ONE_PNG,
        json=answer(PNG_INFO),
        content_type=JSON,
    ),
    post(
        "several-files",
        form(
            MODEL,
            upload("red.png", PNG, "image/png"),
            upload("photo.jpg", JPEG, "image/jpeg"),
            upload("anim.gif", GIF, "image/gif"),
            upload("notes.txt", TEXT_FILE, "text/plain"),
        ),
        json=answer(
            PNG_INFO,
            info("photo.jpg", JPEG, "image/jpeg", ("jpeg", 640, 480)),
            info("anim.gif", GIF, "image/gif", ("gif", 16, 9)),
            info("notes.txt", TEXT_FILE, "text/plain"),
        ),
    ),
    post(
        "field-after-files", form(upload("red.png", PNG, "image/png"), MODEL), json=answer(PNG_INFO)
    ),
    post("empty-file", form(MODEL, upload("empty.bin", b"")), json=answer(info("empty.bin", b""))),
    post(
        "non-image",
        form(MODEL, upload("notes.txt", TEXT_FILE, "text/plain; charset=utf-8")),
        json=answer(info("notes.txt", TEXT_FILE, "text/plain")),
    ),
    post(
        "image-sniffed-not-trusted",
        form(MODEL, upload("x.png", TEXT_FILE, "image/png")),
        json=answer(info("x.png", TEXT_FILE, "image/png")),
    ),
    post(
        "png-named-txt",
        form(MODEL, upload("x.txt", PNG, "text/plain")),
        json=answer(info("x.txt", PNG, "text/plain", ("png", 3, 2))),
    ),
    post(
        "truncated-png",
        form(MODEL, upload("cut.png", PNG[:20], "image/png")),
        json=answer(info("cut.png", PNG[:20], "image/png")),
    ),
    post(
        "no-part-content-type",
        form(MODEL, upload("red.png", PNG, None)),
        json=answer(info("red.png", PNG, "application/octet-stream", ("png", 3, 2))),
    ),
    post(
        "part-content-type-case",
        form(MODEL, upload("red.png", PNG, "IMAGE/PNG; x=1")),
        json=answer(PNG_INFO),
    ),
    post(
        "eml-file-kept-as-bytes",
        form(MODEL, upload("m.eml", EML, "message/rfc822")),
        json=answer(info("m.eml", EML, "message/rfc822")),
    ),
    post(
        "lookalike-boundary-in-content",
        form(MODEL, upload("x.bin", b"a\r\n--" + BOUNDARY.encode() + b"x\r\nb")),
        json=answer(info("x.bin", b"a\r\n--" + BOUNDARY.encode() + b"x\r\nb")),
    ),
    post(
        "korean-model-type",
        form(field("model_type", "딸기"), RED),
        json=answer(PNG_INFO, model_type="딸기"),
    ),
    post(
        "first-model-type-wins",
        form(MODEL, field("model_type", "grape"), upload("red.png", PNG, "image/png")),
        json=answer(PNG_INFO),
    ),
    post(
        "other-fields-ignored",
        form(
            MODEL,
            field("x", "1"),
            upload("o.png", PNG, "image/png", name="other"),
            upload("red.png", PNG, "image/png"),
        ),
        json=answer(PNG_INFO),
    ),
    post("no-file-chosen-skipped", form(MODEL, upload("", b""), RED), json=answer(PNG_INFO)),
    # filenames
    post(
        "korean-filename-raw-utf8",
        form(MODEL, upload("한글 사진.png", PNG, "image/png")),
        json=answer(info("한글 사진.png", PNG, "image/png", ("png", 3, 2))),
        flask=secured("png", PNG, "image/png", ("png", 3, 2)),
    ),
    post(
        "korean-filename-star",
        form(
            MODEL,
            part(
                "name=\"img_file\"; filename*=UTF-8''%ED%95%9C%EA%B8%80.png",
                PNG,
                "Content-Type: image/png",
            ),
        ),
        json=answer(info("한글.png", PNG, "image/png", ("png", 3, 2))),
        flask=secured("png", PNG, "image/png", ("png", 3, 2)),
    ),
    post(
        "filename-star-wins",
        form(
            MODEL,
            part(
                'name="img_file"; filename="fallback.png"; '
                "filename*=utf-8''%EB%94%B8%EA%B8%B0.png",
                PNG,
                "Content-Type: image/png",
            ),
        ),
        json=answer(info("딸기.png", PNG, "image/png", ("png", 3, 2))),
        flask=secured("png", PNG, "image/png", ("png", 3, 2)),
    ),
    post(
        "dotdot-filename",
        form(MODEL, upload("../../etc/passwd", TEXT_FILE)),
        json=answer(info("passwd", TEXT_FILE)),
        flask=secured("etc_passwd", TEXT_FILE),
    ),
    post(
        "absolute-filename",
        form(MODEL, upload("/etc/passwd", TEXT_FILE)),
        json=answer(info("passwd", TEXT_FILE)),
        flask=secured("etc_passwd", TEXT_FILE),
    ),
    post(
        "windows-filename",
        form(MODEL, upload("C:\\\\Users\\\\me\\\\cat.png", PNG, "image/png")),
        json=answer(info("cat.png", PNG, "image/png", ("png", 3, 2))),
        flask=secured("CUsersmecat.png", PNG, "image/png", ("png", 3, 2)),
    ),
    post(
        "dotdot-only-filename",
        form(MODEL, upload("..", TEXT_FILE)),
        json=answer(info("unnamed", TEXT_FILE)),
        flask=secured("", TEXT_FILE),
    ),
    post(
        "control-chars-filename",
        form(MODEL, upload("a\tb\x7f.png", PNG, "image/png")),
        json=answer(info("ab.png", PNG, "image/png", ("png", 3, 2))),
        flask=secured("a_b.png", PNG, "image/png", ("png", 3, 2)),
    ),
    post(
        "semicolon-in-filename",
        form(MODEL, upload("a;b.png", PNG, "image/png")),
        json=answer(info("a;b.png", PNG, "image/png", ("png", 3, 2))),
        flask=secured("ab.png", PNG, "image/png", ("png", 3, 2)),
    ),
    post(
        "escaped-quote-in-filename",
        form(MODEL, upload('say \\"hi\\".png', PNG, "image/png")),
        json=answer(info('say "hi".png', PNG, "image/png", ("png", 3, 2))),
        flask=secured("say_hi.png", PNG, "image/png", ("png", 3, 2)),
    ),
    # the multipart framing
    post(
        "quoted-boundary",
        form(MODEL, upload("red.png", PNG, "image/png")),
        content_type=f'multipart/form-data; boundary="{BOUNDARY}"',
        json=answer(PNG_INFO),
    ),
    post(
        "boundary-not-first-param",
        ONE_PNG,
        content_type=f"Multipart/Form-Data; charset=utf-8; boundary={BOUNDARY}",
        json=answer(PNG_INFO),
    ),
    post(
        "preamble-and-epilogue", b"preamble\r\n" + ONE_PNG + b"epilogue\r\n", json=answer(PNG_INFO)
    ),
    post("chunked", ONE_PNG, chunked=True, json=answer(PNG_INFO)),
    # RFC 2046 says 1 to 70 characters; clients send more (werkzeug's test client
    # now and then): up to 200 are taken
    *[
        post(
            f"boundary-{length}-characters",
            form(MODEL, RED, boundary=boundary_of_length(length)),
            content_type=f'multipart/form-data; boundary="{boundary_of_length(length)}"',
            json=answer(PNG_INFO),
        )
        for length in (1, 70, 71, 100, 200)
    ],
    # lines that end in a bare LF, as some old clients sent (the first boundary line decides)
    post(
        "bare-lf-line-breaks",
        form(
            field("model_type", "strawberry", LF),
            upload("red.png", PNG, "image/png", newline=LF),
            upload("notes.txt", b"a\r\nb\n", "text/plain", newline=LF),
            newline=LF,
        ),
        json=answer(PNG_INFO, info("notes.txt", b"a\r\nb\n", "text/plain")),
    ),
    post(
        "lf-delimiters-in-a-crlf-body-are-data",
        form(MODEL, upload("x.bin", LF_LOOKALIKES)),
        json=answer(info("x.bin", LF_LOOKALIKES)),
        flask=FlaskDiffers(
            reason="Werkzeug takes a boundary after a bare LF in a CRLF body: the form breaks",
            matters="robustness",
            status=400,
        ),
    ),
    post(
        "lf-body-file-ending-in-cr",
        form(
            field("model_type", "strawberry", LF),
            upload("cr.bin", b"a\r", newline=LF),
            newline=LF,
        ),
        json=answer(info("cr.bin", b"a\r")),
        flask=FlaskDiffers(
            reason="Werkzeug takes a file's last CR and the LF after it for one CRLF line break",
            matters="robustness",
            json=answer(info("cr.bin", b"a")),
        ),
    ),
    post(
        "length-shorter-than-body",
        ONE_PNG + b"garbage",
        content_length=str(len(ONE_PNG)),
        json=answer(PNG_INFO),
    ),
    # missing pieces: 400
    post("no-model-type", form(upload("red.png", PNG, "image/png")), status=400),
    post("empty-model-type", form(field("model_type", ""), upload("red.png", PNG)), status=400),
    post(
        "model-type-as-file",
        form(upload("m.txt", b"strawberry", name="model_type"), upload("red.png", PNG)),
        status=400,
    ),
    post("no-file", form(MODEL), status=400),
    post("img-file-as-text-field", form(MODEL, field("img_file", "red.png")), status=400),
    post("only-no-file-chosen", form(MODEL, upload("", b"")), status=400),
    post("no-parts", form(), status=400),
    post("empty-body", b"", status=400),
    post("length-missing", ONE_PNG, content_length="", status=400),
    post("length-negative", ONE_PNG, content_length="-1", status=400),
    post("length-not-a-number", ONE_PNG, content_length="abc", status=400),
    post("truncated", ONE_PNG, content_length=str(len(ONE_PNG) + 100), status=400),
    post("no-closing-boundary", ONE_PNG[: -len(BOUNDARY) - 6], status=400),
    post("other-boundary", form(MODEL, upload("red.png", PNG), boundary="other"), status=400),
    post("boundary-case-matters", ONE_PNG, content_type=MULTIPART.lower(), status=400),
    # RFC 7578: every part has Content-Disposition: form-data with a name
    post(
        "part-without-disposition",
        form(MODEL, b"Content-Type: text/plain\r\n\r\nx", upload("red.png", PNG)),
        status=400,
    ),
    post(
        "part-without-blank-line",
        form(MODEL, b'Content-Disposition: form-data; name="x"'),
        status=400,
    ),
    post(
        "bad-header-line",
        form(MODEL, b"no colon here\r\n\r\nx", upload("red.png", PNG)),
        status=400,
    ),
    post(
        "field-not-utf8",
        form(part('name="model_type"', b"\xff\xfe"), upload("red.png", PNG)),
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes a text field with errors='replace': the view gets U+FFFD",
            matters="robustness",
            status=200,
            json=answer(info("red.png", PNG, image=("png", 3, 2)), model_type="\ufffd\ufffd"),
        ),
    ),
    post(
        "filename-not-utf8",
        form(
            MODEL,
            b'Content-Disposition: form-data; name="img_file"; filename="\xff.png"\r\n\r\n' + PNG,
        ),
        status=400,
    ),
    post(
        "filename-star-not-utf8",
        form(MODEL, part("name=\"img_file\"; filename*=UTF-8''%FF.png", PNG)),
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes filename* with errors='replace'; secure_filename drops U+FFFD",
            matters="taste",
            status=200,
            json=answer(info("png", PNG, image=("png", 3, 2))),
        ),
    ),
    post("no-boundary", ONE_PNG, content_type="multipart/form-data", status=400),
    post("empty-boundary", ONE_PNG, content_type="multipart/form-data; boundary=", status=400),
    post(
        "boundary-over-200-characters",
        form(MODEL, RED, boundary="x" * 201),
        content_type="multipart/form-data; boundary=" + "x" * 201,
        status=400,
        contains=("200",),
        flask=FlaskDiffers(
            reason="Werkzeug takes a boundary of any length (RFC 2046 says 1 to 70 characters)",
            matters="taste",
            status=200,
            json=answer(PNG_INFO),
        ),
    ),
    # media type and size
    post("no-content-type", ONE_PNG, content_type=None, status=415),
    post("json", b'{"model_type": "strawberry"}', content_type="application/json", status=415),
    post(
        "urlencoded",
        b"model_type=strawberry&img_file=file_path",
        content_type="application/x-www-form-urlencoded",
        status=415,
    ),
    post(
        "multipart-mixed", ONE_PNG, content_type=f"multipart/mixed; boundary={BOUNDARY}", status=415
    ),
    post("length-over-limit", ONE_PNG, content_length=str(LIMIT + 1), status=413),
    post("over-limit", form(MODEL, upload("big.bin", bytes(LIMIT))), status=413),
    post(
        "chunked-over-limit", form(MODEL, upload("big.bin", bytes(LIMIT))), chunked=True, status=413
    ),
    # routes and methods
    Case("inference-get", "/inference", status=405, expect_headers=ALLOW_POST, flask=ALLOW_SET),
    Case(
        "inference-put",
        "/inference",
        "PUT",
        body=ONE_PNG,
        headers={"Content-Type": MULTIPART},
        status=405,
        expect_headers=ALLOW_POST,
        flask=ALLOW_SET,
    ),
    Case(
        "inference-options", "/inference", "OPTIONS", expect_headers=ALLOW_POST, flask=ALLOW_SET
    ),
    Case("form-options", "/", "OPTIONS", expect_headers=ALLOW_GET, flask=ALLOW_SET),
    Case("unknown", "/exam", "POST", headers={"Content-Type": MULTIPART}, body=ONE_PNG, status=404),
    Case(
        "trailing-slash",
        "/inference/",
        "POST",
        headers={"Content-Type": MULTIPART},
        body=ONE_PNG,
        status=404,
    ),
    Case(
        "bad-utf8-path",
        "/%FF",
        status=400,
        flask=FlaskDiffers(
            reason="Werkzeug decodes the path with errors='replace': /U+FFFD matches no rule",
            matters="taste",
            status=404,
        ),
    ),
]
