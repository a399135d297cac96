"""Publishing a period: the snapshot, the lock, the page, the .docx, and what moved since."""

import datetime as dt
import io
import json
from decimal import Decimal
from unittest import mock

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from hpkkt.locks import unlock
from hpkkt.models import DateLock
from hpkkt.periods import Period
from investments import services
from reports import publications
from reports.models import Publication
from reports.narrative import narrative
from reports.selectors import summary_for
from tests.factories import AnnualTargetFactory, ProjectFactory, RemittanceFactory, ZoneFactory

pytestmark = pytest.mark.django_db

H1 = Period.parse("2020-H1")


@pytest.fixture
def register():
    AnnualTargetFactory(year=2020, kind="FDI", amount=Decimal("1500000000"))
    ProjectFactory(code="P-1", registered_on=dt.date(2020, 2, 3), registered_capital=Decimal(7e6))
    ProjectFactory(code="P-2", registered_on=dt.date(2019, 4, 3))
    RemittanceFactory(paid_on=dt.date(2020, 5, 4))


def _summary_output(period: str) -> str:
    out = io.StringIO()
    call_command("summary", "--period", period, stdout=out)
    return out.getvalue()


def test_publish_stores_the_summary_exactly_as_the_command_prints_it(register, admin_user):
    publication = publications.publish_report(period=H1, user=admin_user)
    assert publication.summary_json + "\n" == _summary_output("2020-H1")
    summary = summary_for(H1)
    assert publication.narrative_vi == narrative(summary, "vi")
    assert publication.narrative_en == narrative(summary, "en")
    assert publication.published_by == admin_user
    assert publication.lock.locked_until == dt.date(2020, 6, 30)
    assert publication.lock.is_active
    with pytest.raises(ValidationError, match="đã được công bố"):
        publications.publish_report(period=H1, user=admin_user)


def test_only_administrators_publish(register, staff_user, staff_client):
    with pytest.raises(ValidationError):
        publications.publish_report(period=H1, user=staff_user)
    response = staff_client.post(reverse("reports:publish"), {"period": "2020-H1"})
    assert response.status_code == 403
    page = staff_client.get(reverse("reports:index"), {"period": "2020-H1"})
    assert b"publish-button" not in page.content
    assert not Publication.objects.exists()


def test_the_report_page_publishes_and_then_shows_who_and_when(register, admin_client):
    page = admin_client.get(reverse("reports:index"), {"period": "2020-H1"})
    assert b'id="publish-button"' in page.content
    response = admin_client.post(reverse("reports:publish"), {"period": "2020-H1"})
    assert response.status_code == 302
    publication = Publication.objects.get()
    page = admin_client.get(reverse("reports:index"), {"period": "2020-H1"})
    text = page.content.decode()
    assert "Đã công bố ngày" in text and "bởi admin" in text
    assert reverse("reports:publication_docx", args=[publication.pk]) in text
    assert b'id="publish-button"' not in page.content
    assert b"publication-differences" not in page.content
    dashboard = admin_client.get(reverse("dashboard:index"), {"period": "2020-H1"})
    assert "Đã công bố ngày" in dashboard.content.decode()
    other = admin_client.get(reverse("reports:index"), {"period": "2020-Q3"})
    assert "Đã công bố ngày" not in other.content.decode()


def test_bad_publish_input_gives_a_message_not_an_error(admin_client):
    response = admin_client.post(reverse("reports:publish"), {"period": "2020-H9"}, follow=True)
    assert response.status_code == 200
    assert not Publication.objects.exists()


def test_after_unlock_and_correction_the_snapshot_stays_and_the_difference_shows(
    register, admin_user, admin_client, staff_user
):
    publication = publications.publish_report(period=H1, user=admin_user)
    published_docx = admin_client.get(reverse("reports:publication_docx", args=[publication.pk]))
    assert published_docx.status_code == 200
    with pytest.raises(ValidationError):
        services.project_create(
            kind="FDI",
            code="P-late",
            name="Late",
            investor_name="X",
            country="JP",
            zone=ZoneFactory(),
            registered_on=dt.date(2020, 3, 1),
            registered_capital=Decimal(2e6),
            user=staff_user,
        )
    unlock(
        lock=publication.lock, reason="Bổ sung dự án P-late cấp ngày 01/03/2020", user=admin_user
    )
    late = services.project_create(
        kind="FDI",
        code="P-late",
        name="Late",
        investor_name="X",
        country="JP",
        zone=ZoneFactory(),
        registered_on=dt.date(2020, 3, 1),
        registered_capital=Decimal(2e6),
        user=staff_user,
    )
    assert late.pk
    differences = publications.figure_differences(publication.summary_json, summary_for(H1))
    keys = {d.key for d in differences}
    assert "fdi.new_projects" in keys and "fdi.new_capital" in keys
    new_projects = next(d for d in differences if d.key == "fdi.new_projects")
    assert int(new_projects.live) == int(new_projects.published) + 1

    page = admin_client.get(reverse("reports:index"), {"period": "2020-H1"})
    text = page.content.decode()
    assert 'id="publication-differences"' in text
    assert "fdi.new_projects" in text
    assert "Bổ sung dự án P-late" in text
    # The unlock's history: who and when, with the reason (local time).
    assert 'id="unlock-history"' in text and "Mở khóa ngày " in text

    # The .docx of the publication is rebuilt from the snapshot: the published paragraph.
    response = admin_client.get(reverse("reports:publication_docx", args=[publication.pk]))
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert publication.narrative_vi in paragraphs
    assert narrative(summary_for(H1), "vi") not in paragraphs
    live_table_text = [c.text for t in document.tables for row in t.rows for c in row.cells]
    published_text = [
        c.text
        for t in docx.Document(io.BytesIO(published_docx.content)).tables
        for row in t.rows
        for c in row.cells
    ]
    assert live_table_text == published_text
    # Republishing after the unlock is allowed: a new snapshot with the corrected figures.
    again = publications.publish_report(period=H1, user=admin_user)
    assert json.loads(again.summary_json)["fdi"]["new_projects"] == int(new_projects.live)


def test_publish_report_command(register, admin_user):
    out = io.StringIO()
    call_command("publish_report", "--period", "2020-H1", "--user", admin_user.username, stdout=out)
    assert "locked" in out.getvalue()
    assert Publication.objects.get().published_by == admin_user
    with pytest.raises(CommandError, match="already published"):
        call_command("publish_report", "--period", "2020-H1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="reason"):
        call_command(
            "publish_report",
            "--period",
            "2020-H1",
            "--unlock",
            "--user",
            "admin",
            stdout=io.StringIO(),
        )
    out = io.StringIO()
    call_command(
        "publish_report",
        "--period",
        "2020-H1",
        "--unlock",
        "--user",
        "admin",
        "--reason",
        "Sửa vốn dự án P-1",
        "--until",
        "2020-03-31",
        stdout=out,
    )
    assert "locked up to 31/03/2020" in out.getvalue()
    assert DateLock.objects.get().change_reason == "Sửa vốn dự án P-1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2020-H3"], None),
        (["--period", "2020-H1", "--user", "nobody"], "no user named"),
        (["--period", "2021", "--unlock", "--user", "admin", "--reason", "x"], "never published"),
    ],
)
def test_publish_report_bad_arguments(args, message, admin_user):
    with pytest.raises(CommandError, match=message):
        call_command("publish_report", *args, stdout=io.StringIO())


def test_a_fault_half_way_through_publishing_leaves_nothing(register, admin_user):
    """The lock is written, then the snapshot fails: neither stays."""
    with (
        mock.patch.object(Publication, "save", side_effect=RuntimeError("disk gone")),
        pytest.raises(RuntimeError),
    ):
        publications.publish_report(period=H1, user=admin_user)
    assert not Publication.objects.exists()
    assert not DateLock.objects.exists()
    assert not DateLock.history.exists()


def test_a_period_that_has_not_ended_cannot_be_published(admin_user):
    """Publishing locks every date up to the period's end: today's entry must stay open."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from hpkkt.locks import locked_until
    from hpkkt.periods import Period
    from reports.publications import publish_report

    this_year = Period.parse(str(timezone.localdate().year))
    with pytest.raises(ValidationError) as exc:
        publish_report(period=this_year, user=admin_user)
    assert [error.code for errors in exc.value.error_dict.values() for error in errors] == [
        "not_ended"
    ]
    assert locked_until() is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publication_waits_for_a_write_already_past_the_lock_check(staff_user, admin_user):
    """On PostgreSQL a write that checked the locks before the publication and commits after
    it would change a published figure: the publication waits for it, so the snapshot has it
    (SQLite cannot interleave two writers at all)."""
    import threading

    from django.db import close_old_connections, connection, transaction

    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer at a time; a write cannot slip past a publication")
    zone = ZoneFactory()
    checked, release = threading.Event(), threading.Event()
    published: list[Publication] = []

    def write() -> None:
        try:
            with transaction.atomic():
                services.project_create(
                    code="RACE-1",
                    kind="FDI",
                    name="A",
                    investor_name="B",
                    country="JP",
                    zone=zone,
                    registered_on=dt.date(2020, 3, 2),
                    registered_capital=Decimal(9_000_000),
                    user=staff_user,
                )
                checked.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    def publish() -> None:
        try:
            checked.wait(timeout=20)
            published.append(publications.publish_report(period=H1, user=admin_user))
        finally:
            connection.close()

    threads = [threading.Thread(target=write), threading.Thread(target=publish)]
    for thread in threads:
        thread.start()
    threads[1].join(timeout=2)
    assert threads[1].is_alive()  # waiting for the write in flight
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    snapshot = json.loads(published[0].summary_json)
    assert snapshot["fdi"]["new_projects"] == 1
