"""Uploaded files (meeting papers, correspondence attachments): checked by size, by name and by
their first bytes, then kept in ``stored_files``. A refusal is a field error and stores nothing."""

from __future__ import annotations

import hashlib
import os

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError

from ..models import StoredFile

MAX_BYTES = 10 * 1024 * 1024
# extension -> (content type, the first bytes it must start with; None: text that decodes as UTF-8)
TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".txt": ("text/plain", None),
    ".eml": ("message/rfc822", None),
}
ALLOWED = "PDF, an image (PNG, JPEG, GIF), a Word or OpenDocument file, or plain text"


def check(filename: str, content: bytes, field: str = "file") -> tuple[str, str]:
    """(safe name, content type) of an acceptable file, or a field error."""
    name = os.path.basename((filename or "").replace("\\", "/")).strip()[:255]
    if not name or content is None:
        raise ServiceError("Choose a file", field=field)
    if len(content) == 0:
        raise ServiceError("The selected file is empty", field=field)
    if len(content) > MAX_BYTES:
        raise ServiceError("The selected file must be smaller than 10 MB", field=field)
    ext = os.path.splitext(name)[1].lower()
    if ext not in TYPES:
        raise ServiceError(f"The selected file must be {ALLOWED}", field=field)
    content_type, magic = TYPES[ext]
    if magic is None:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise ServiceError(f"The selected file must be {ALLOWED}", field=field) from None
    elif not any(content.startswith(m) for m in magic):
        raise ServiceError(f"The selected file is not really a {ext[1:].upper()} file", field=field)
    return name, content_type


def store(filename: str, content: bytes, *, field: str = "file", by=None) -> StoredFile:
    name, content_type = check(filename, content, field)
    row = StoredFile(
        filename=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_id=getattr(by, "id", None),
    )
    db.session.add(row)
    db.session.flush()
    audit.record("file.stored", "stored_file", row.id, filename=name, size=row.size)
    return row
