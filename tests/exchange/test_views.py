"""The upload page: upload → preview → confirm, for staff only."""

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange import uploads
from exchange.importer import import_workbook
from investments.models import Project
from tests.exchange.conftest import PROJECT_HEADER, good_sheets

pytestmark = pytest.mark.django_db

URL = reverse("exchange:import")


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, settings):
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "imports"
    return settings.EXCHANGE_UPLOAD_DIR


def _staff_sheets():
    # Staff may not set plans and targets: their file holds the register only.
    sheets = good_sheets()
    del sheets["plans"], sheets["targets"]
    return sheets


def _upload(client, path, **extra):
    with open(path, "rb") as handle:
        return client.post(URL, {"action": "upload", "file": handle}, **extra)


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_leadership_may_not_import(leadership_client, make_workbook):
    assert leadership_client.get(URL).status_code == 403
    assert _upload(leadership_client, make_workbook()).status_code == 403
    assert Project.objects.count() == 0


def test_staff_see_the_upload_form(staff_client):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert "Nhập Excel" in response.content.decode()


def test_upload_preview_confirm_imports_once(staff_client, staff_user, make_workbook, upload_dir):
    response = _upload(staff_client, make_workbook(_staff_sheets()))

    assert response.status_code == 200
    assert Project.objects.count() == 0  # the preview writes nothing
    rows = response.context["rows"]
    assert [(r["result"].name, r["result"].new) for r in rows] == [
        ("projects", 2),
        ("adjustments", 2),
        ("remittances", 1),
    ]
    changes = response.context["changes"]
    assert [(c["change"].sheet, c["change"].row, c["key"]) for c in changes][:3] == [
        ("projects", 2, "P-001"),
        ("projects", 3, "P-002"),
        ("adjustments", 2, "P-001 · 01/03/2020 · 250.000,50"),
    ]
    token = response.context["token"]
    assert token and (upload_dir / f"{token}.xlsx").is_file()
    assert 'value="confirm"' in response.content.decode()

    response = staff_client.post(URL, {"action": "confirm", "token": token}, follow=True)

    assert response.status_code == 200
    assert Project.objects.count() == 2
    assert Project.objects.get(code="P-001").history.get().history_user == staff_user
    assert "5 mới, 0 thay đổi, 0 không đổi" in response.content.decode()
    assert not list(upload_dir.iterdir())  # the upload is deleted afterwards
    # The same confirmation cannot run twice.
    staff_client.post(URL, {"action": "confirm", "token": token})
    assert Project.objects.count() == 2


def test_a_file_with_invalid_rows_shows_them_and_cannot_be_confirmed(
    staff_client, make_workbook, upload_dir
):
    sheets = _staff_sheets()
    sheets["projects"].append(
        ["FDI", "P-003", "X", "Y", "JP", "khong-co", "", "01/01/2020", 1000, None]
    )

    response = _upload(staff_client, make_workbook(sheets), HTTP_ACCEPT_LANGUAGE="en")

    content = response.content.decode()
    assert [(e.sheet, e.row, e.column) for e in response.context["errors"]] == [
        ("projects", 4, "zone")
    ]
    assert "khong-co" in content
    assert 'value="confirm"' not in content
    assert response.context["token"] == ""
    assert not list(upload_dir.iterdir())
    assert Project.objects.count() == 0


def test_staff_uploading_targets_get_a_clear_refusal(staff_client, make_workbook):
    response = _upload(staff_client, make_workbook())

    assert {(e.sheet, e.row) for e in response.context["errors"]} == {
        ("plans", 2),
        ("targets", 2),
    }
    assert Project.objects.count() == 0


def test_a_second_upload_of_the_same_file_says_nothing_changes(staff_client, make_workbook):
    path = make_workbook(_staff_sheets())
    token = _upload(staff_client, path).context["token"]
    staff_client.post(URL, {"action": "confirm", "token": token})

    response = _upload(staff_client, path)

    assert response.context["token"] == ""
    assert 'value="confirm"' not in response.content.decode()
    assert "0 mới, 0 thay đổi, 5 không đổi" in response.content.decode()


def test_cancel_deletes_the_upload(staff_client, make_workbook, upload_dir):
    token = _upload(staff_client, make_workbook(_staff_sheets())).context["token"]

    staff_client.post(URL, {"action": "cancel"})

    assert not list(upload_dir.iterdir())
    staff_client.post(URL, {"action": "confirm", "token": token})
    assert Project.objects.count() == 0


def test_a_forged_token_imports_nothing(staff_client, make_workbook):
    _upload(staff_client, make_workbook(_staff_sheets()))

    response = staff_client.post(URL, {"action": "confirm", "token": "../../etc/passwd"})

    assert response.status_code == 302
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("data.csv", b"kind,code\nFDI,P-1\n", "không phải là sổ tính Excel (.xlsx)"),
        ("data.xlsx", b"kind,code\nFDI,P-1\n", "Sổ tính bị hỏng: tệp không phải là tệp nén ZIP"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "không phải là sổ tính"),
        ("zip.xlsx", b"PK\x03\x04 not really a zip", "Sổ tính bị hỏng: tệp nén ZIP không đầy đủ"),
    ],
)
def test_a_file_that_is_not_xlsx_gets_a_clear_message(staff_client, name, content, expected):
    upload = SimpleUploadedFile(name, content)

    response = staff_client.post(URL, {"action": "upload", "file": upload})

    assert response.status_code == 400
    assert expected in response.content.decode()
    assert Project.objects.count() == 0


def test_the_whole_dataset_downloads_for_leadership(leadership_client, make_workbook, tmp_path):
    import_workbook(make_workbook(), commit=True)

    response = leadership_client.get(reverse("exchange:export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "download.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert [c.value for c in next(workbook["projects"].iter_rows(max_row=1))][:10] == PROJECT_HEADER


def test_the_upload_store_refuses_malformed_tokens(upload_dir):
    assert uploads.path_for("../secret") is None
    assert uploads.path_for("a" * 43) is None  # well formed but unknown
