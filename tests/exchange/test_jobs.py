"""Large workbooks are checked and imported by the worker; the page follows the job."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from exchange import jobs, uploads
from exchange.importer import ImportReport, RowChange, RowError, SheetResult
from exchange.models import ImportJob
from investments.models import Project
from tests.exchange.test_views import _staff_sheets, _upload

pytestmark = pytest.mark.django_db

URL = reverse("exchange:import")


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, settings):
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "imports"
    settings.EXCHANGE_BACKGROUND_ROWS = 2  # the five rows of the staff sheets are "large"
    return settings.EXCHANGE_UPLOAD_DIR


@pytest.fixture
def queued(settings):
    """The production backend: jobs wait in the database for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_small_workbook_is_still_checked_in_the_request(staff_client, make_workbook, settings):
    settings.EXCHANGE_BACKGROUND_ROWS = 500
    response = _upload(staff_client, make_workbook(_staff_sheets()))
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_check_and_import_in_the_background(staff_client, staff_user, make_workbook, upload_dir):
    response = _upload(staff_client, make_workbook(_staff_sheets()))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:job", kwargs={"pk": job.pk})
    assert (job.user, job.action, job.state, job.rows_total) == (staff_user, "preview", "done", 5)
    assert Project.objects.count() == 0

    page = staff_client.get(response["Location"])

    assert [(r["result"].name, r["result"].new) for r in page.context["rows"]] == [
        ("projects", 2),
        ("adjustments", 2),
        ("remittances", 1),
    ]
    assert page.context["changes"][2]["key"] == "P-001 · 01/03/2020 · 250.000,50"
    token = page.context["token"]
    assert token and 'value="confirm"' in page.content.decode()
    assert 'action="/import/"' in page.content.decode()

    response = staff_client.post(URL, {"action": "confirm", "token": token})

    imported = ImportJob.objects.get(action="import")
    assert response["Location"] == reverse("exchange:job", kwargs={"pk": imported.pk})
    assert imported.state == "done" and imported.result["committed"] is True
    assert Project.objects.count() == 2
    assert Project.objects.get(code="P-001").history.get().history_user == staff_user
    assert not list(upload_dir.iterdir())
    page = staff_client.get(response["Location"])
    assert "Đã nhập: 5 mới, 0 thay đổi, 0 không đổi." in page.content.decode()
    # The confirmation cannot run twice.
    staff_client.post(URL, {"action": "confirm", "token": token})
    assert ImportJob.objects.filter(action="import").count() == 1


def test_queued_jobs_wait_for_the_worker_with_a_progress_bar(
    staff_client, make_workbook, queued, upload_dir, monkeypatch
):
    # The worker closes a connection that is inside a transaction, as the test's own is.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    response = _upload(staff_client, make_workbook(_staff_sheets()))

    job = ImportJob.objects.get()
    assert job.state == "queued"
    assert DBTaskResult.objects.filter(args_kwargs__args=[str(job.pk)]).exists()
    page = staff_client.get(response["Location"])
    content = page.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in content
    assert '<progress class="w-100" max="100" value="0"' in content
    assert "<script>" not in content and "style=" not in content
    assert len(list(upload_dir.iterdir())) == 1  # kept for the worker

    call_command("db_worker", "--batch", "--interval", "0")

    job.refresh_from_db()
    assert job.state == "done" and job.rows_done == 5 and job.finished_at
    page = staff_client.get(response["Location"])
    assert page.context["token"] == job.token


def test_a_job_whose_upload_expired_fails_with_a_message(staff_client, make_workbook, queued):
    _upload(staff_client, make_workbook(_staff_sheets()))
    job = ImportJob.objects.get()
    uploads.delete(job.token)

    jobs.run(str(job.pk))

    job.refresh_from_db()
    assert job.state == "failed"
    page = staff_client.get(reverse("exchange:job", kwargs={"pk": job.pk}))
    assert "đã hết hạn" in page.content.decode()
    assert 'type="file"' in page.content.decode()  # the upload form, to try again


def test_a_job_with_invalid_rows_reports_them_and_deletes_the_upload(
    staff_client, make_workbook, upload_dir
):
    sheets = _staff_sheets()
    sheets["projects"][1][5] = "khong-co"  # an unknown zone

    response = _upload(staff_client, make_workbook(sheets))

    page = staff_client.get(response["Location"])
    assert [(e.sheet, e.row, e.column) for e in page.context["errors"]][0] == (
        "projects",
        2,
        "zone",
    )
    assert page.context["token"] == ""
    assert not list(upload_dir.iterdir())


def test_a_second_run_of_a_job_does_nothing(staff_client, make_workbook):
    _upload(staff_client, make_workbook(_staff_sheets()))
    job = ImportJob.objects.get()
    finished = job.finished_at

    jobs.run(str(job.pk))

    job.refresh_from_db()
    assert job.finished_at == finished


def test_only_the_owner_sees_a_job(staff_client, admin_client, make_workbook, django_user_model):
    response = _upload(staff_client, make_workbook(_staff_sheets()))
    other = django_user_model.objects.create_user("other", password="x-test-pass-1")
    other.groups.add(*ImportJob.objects.get().user.groups.all())
    from django.test import Client

    client = Client()
    client.force_login(other)

    assert client.get(response["Location"]).status_code == 404
    assert admin_client.get(response["Location"]).status_code == 200
    missing = reverse("exchange:job", kwargs={"pk": uuid.uuid4()})
    assert staff_client.get(missing).status_code == 404


def test_the_upload_page_lists_recent_jobs(staff_client, make_workbook):
    _upload(staff_client, make_workbook(_staff_sheets()))
    page = staff_client.get(URL)
    assert 'id="import-jobs"' in page.content.decode()


def test_the_report_survives_json():
    report = ImportReport(
        sheets=[SheetResult("projects", 1, 2, 3, 4)],
        errors=[RowError("projects", 5, "zone", "Mã KCN không tồn tại")],
        warnings=["Cột lạ"],
        changes=[
            RowChange("adjustments", 2, "new", ["P-1", dt.date(2020, 3, 1), Decimal("1.50")], [])
        ],
        committed=True,
    )
    assert jobs.report_from_json(jobs.report_to_json(report)) == report


def test_percent():
    job = ImportJob(rows_total=200, rows_done=50)
    assert job.percent == 25
    job.state = ImportJob.State.DONE
    assert job.percent == 100


def test_a_job_no_worker_ran_ends_as_a_message(staff_client, make_workbook, queued):
    response = _upload(staff_client, make_workbook(_staff_sheets()))
    ImportJob.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))

    page = staff_client.get(response["Location"])

    assert "http-equiv" not in page.content.decode()
    assert "Chưa có gì được nhập; hãy tải tệp lên lại" in page.content.decode()
