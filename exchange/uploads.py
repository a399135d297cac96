"""Uploaded workbooks kept between the preview and the confirmation.

The file waits in ``var/imports/`` (``EXCHANGE_UPLOAD_DIR``) under a random token that only
the uploader's session knows; the token's shape is checked before it becomes a path, so a
forged one cannot reach another file. A file is deleted as soon as it is refused, imported or
cancelled; one left behind by an abandoned preview expires after ``EXCHANGE_UPLOAD_MAX_AGE``
seconds (an hour): it can no longer be confirmed, and the next upload or
``manage.py clearimports`` (run it from cron) deletes it.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

MAX_AGE_SECONDS = 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def upload_dir() -> Path:
    directory = Path(
        getattr(settings, "EXCHANGE_UPLOAD_DIR", Path(settings.BASE_DIR) / "var" / "imports")
    )
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def max_age() -> float:
    return float(getattr(settings, "EXCHANGE_UPLOAD_MAX_AGE", MAX_AGE_SECONDS))


def path_for(token: str) -> Path | None:
    """The file of ``token`` while it is fresh; an expired one is deleted and is None."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    path = upload_dir() / f"{token}.xlsx"
    try:
        if path.stat().st_mtime < time.time() - max_age():
            path.unlink(missing_ok=True)
            return None
    except OSError:
        return None
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


def sweep(age: float | None = None) -> int:
    """Delete uploads older than ``age`` seconds (default: the max age); return how many."""
    limit = time.time() - (max_age() if age is None else age)
    removed = 0
    for path in upload_dir().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed += 1
        except OSError:
            continue
    return removed
