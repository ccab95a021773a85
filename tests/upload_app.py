"""An upload endpoint for the HTTP tests, served with ``python -m wsgikit.serve``.

``POST /upload`` answers the form's fields and, for each file, its name, size,
SHA-256 (read back from the spooled file) and whether it was spooled to disk;
``GET /stats`` answers the process's peak RSS, to show that a big upload is
never held in memory (``Request.max_upload_bytes``: 64 MiB)::

    python -m wsgikit.serve tests.upload_app --port 8001
"""

from __future__ import annotations

import hashlib
from typing import Any

from wsgikit import Request, Router, handler

router = Router()


def peak_rss_kib() -> int:
    """This process's peak resident memory (VmHWM: ru_maxrss would include the parent's)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


@router.route("/upload", methods=("POST",))
@handler
def upload(request: Request) -> dict[str, Any]:
    files = []
    for name, upload in request.files.items_multi():
        digest = hashlib.sha256()
        while block := upload.stream.read(1 << 16):
            digest.update(block)
        files.append({
            "name": name,
            "filename": upload.filename,
            "size": upload.size,
            "sha256": digest.hexdigest(),
            # a SpooledTemporaryFile has a name once it has moved to a real file
            "on_disk": getattr(upload.stream, "name", None) is not None,
        })
    return {"fields": dict(request.form.items_multi()), "files": files,
            "peak_rss_kib": peak_rss_kib()}


@router.route("/stats")
@handler
def stats(request: Request) -> dict[str, Any]:
    return {"peak_rss_kib": peak_rss_kib()}


application = router
