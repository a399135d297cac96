"""Uploads never stay on the disk: deleted when refused, confirmed or cancelled (test_views),
expired after an hour, and swept by ``manage.py clearimports``."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from exchange import uploads
from investments.models import Project
from tests.exchange.test_views import _staff_sheets, _upload

pytestmark = pytest.mark.django_db

URL = reverse("exchange:import")


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, settings):
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "imports"
    return settings.EXCHANGE_UPLOAD_DIR


def _age(token: str, seconds: float) -> None:
    path = uploads.upload_dir() / f"{token}.xlsx"
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_an_expired_upload_cannot_be_confirmed_and_is_deleted(
    staff_client, make_workbook, upload_dir
):
    token = _upload(staff_client, make_workbook(_staff_sheets())).context["token"]
    _age(token, uploads.MAX_AGE_SECONDS + 1)

    response = staff_client.post(URL, {"action": "confirm", "token": token}, follow=True)

    assert "đã hết hạn" in response.content.decode()
    assert Project.objects.count() == 0
    assert not list(upload_dir.iterdir())


def test_a_fresh_upload_is_kept_until_confirmed(staff_client, make_workbook, upload_dir):
    token = _upload(staff_client, make_workbook(_staff_sheets())).context["token"]
    _age(token, uploads.MAX_AGE_SECONDS - 60)
    assert uploads.path_for(token) is not None

    staff_client.post(URL, {"action": "confirm", "token": token})

    assert Project.objects.count() == 2
    assert not list(upload_dir.iterdir())


def test_a_refused_workbook_is_deleted(staff_client, upload_dir):
    upload = SimpleUploadedFile("broken.xlsx", b"PK\x03\x04 cut off")
    staff_client.post(URL, {"action": "upload", "file": upload})
    assert not list(upload_dir.iterdir())


def test_clearimports_deletes_only_stale_uploads(upload_dir, capsys):
    stale = uploads.save(SimpleUploadedFile("a.xlsx", b"PK"))
    fresh = uploads.save(SimpleUploadedFile("b.xlsx", b"PK"))
    _age(stale, uploads.MAX_AGE_SECONDS + 5)

    call_command("clearimports")

    assert sorted(path.stem for path in upload_dir.iterdir()) == [fresh]
    assert "1" in capsys.readouterr().out


def test_clearimports_with_a_max_age_of_zero_deletes_everything(upload_dir):
    uploads.save(SimpleUploadedFile("a.xlsx", b"PK"))
    time.sleep(0.01)
    call_command("clearimports", "--max-age", "0")
    assert not list(upload_dir.iterdir())


def test_clearimports_refuses_a_negative_age():
    with pytest.raises(CommandError) as raised:
        call_command("clearimports", "--max-age", "-5")
    assert raised.value.returncode == 2
