"""Uploaded workbooks kept between the preview and the confirmation.

The file waits in ``var/imports/`` (``EXCHANGE_UPLOAD_DIR``) under a random token that only
the uploader's session knows; the token's shape is checked before it becomes a path, so a
forged one cannot reach another file. Files are deleted once imported or cancelled, and any
left behind by an abandoned preview are swept after a day.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def upload_dir() -> Path:
    directory = Path(
        getattr(settings, "EXCHANGE_UPLOAD_DIR", Path(settings.BASE_DIR) / "var" / "imports")
    )
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def path_for(token: str) -> Path | None:
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    path = upload_dir() / f"{token}.xlsx"
    return path if path.is_file() else None


def save(uploaded: UploadedFile) -> str:
    """Store ``uploaded`` and return its token; sweep stale uploads on the way."""
    sweep()
    token = secrets.token_urlsafe(32)
    with open(upload_dir() / f"{token}.xlsx", "xb") as target:
        for chunk in uploaded.chunks():
            target.write(chunk)
    return token


def delete(token: str) -> None:
    path = path_for(token)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep(max_age: float = MAX_AGE_SECONDS) -> None:
    limit = time.time() - max_age
    for path in upload_dir().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
