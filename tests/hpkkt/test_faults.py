"""Faults injected half way: an import, a service write and an export leave nothing half done.

(A publish and a restore interrupted half way: tests/reports/test_publications.py and
tests/hpkkt/test_backups.py.)"""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from simple_history.models import HistoricalRecords

from budget import services as budget_services
from budget.models import Remittance
from exchange.importer import import_workbook
from investments import services
from investments.models import CapitalAdjustment, Project
from tests.exchange.conftest import good_sheets
from tests.exchange.conftest import make_workbook as make_workbook  # noqa: F401 (fixture)
from tests.factories import ProjectFactory, RemittanceFactory

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        Project.history.count(),
        CapitalAdjustment.objects.count(),
        Remittance.objects.count(),
    )


def test_an_import_failing_half_way_leaves_no_rows(make_workbook, admin_user):  # noqa: F811
    """The remittances' batch write dies after the projects and adjustments were written."""
    before = _counts()
    with (
        mock.patch(
            "exchange.importer.budget_services.remittances_create_batch",
            side_effect=RuntimeError("connection reset"),
        ),
        pytest.raises(RuntimeError),
    ):
        import_workbook(make_workbook(good_sheets()), user=admin_user, commit=True)
    assert _counts() == before


def test_a_service_write_failing_after_the_row_is_saved_leaves_nothing(admin_user):
    """The project row is updated, then writing its history fails: both roll back."""
    project = ProjectFactory(name="Trước")
    before = _counts()
    with (
        mock.patch.object(
            HistoricalRecords, "create_historical_record", side_effect=OSError("disk full")
        ),
        pytest.raises(OSError),
    ):
        services.project_update(project=project, name="Sau", version=1, user=admin_user)
    project.refresh_from_db()
    assert (project.name, project.version) == ("Trước", 1)
    assert _counts() == before

    remittance = RemittanceFactory()
    with (
        mock.patch.object(Remittance, "save", side_effect=OperationalError("server closed")),
        pytest.raises(OperationalError),
    ):
        budget_services.remittance_update(remittance=remittance, note="x", user=admin_user)
    remittance.refresh_from_db()
    assert (remittance.note, remittance.version) == ("", 1)
    with (
        mock.patch.object(
            HistoricalRecords, "create_historical_record", side_effect=OSError("disk full")
        ),
        pytest.raises(OSError),
    ):
        services.adjustment_create(
            project=project,
            adjusted_on=project.registered_on,
            amount=Decimal(5),
            user=admin_user,
        )
    assert not CapitalAdjustment.objects.exists()


def _failing_rows(after: int, error: Exception):
    def rows(self, queryset, columns):
        for index, row in enumerate(queryset.values_list(*[c.field for c in columns])):
            if index == after:
                raise error
            yield row

    return rows


@pytest.mark.parametrize(
    ("fmt", "after", "error"),
    [
        ("xlsx", 2, OperationalError("server closed the connection")),
        ("xlsx", 2, OSError(28, "No space left on device")),
        ("csv", 0, OperationalError("server closed the connection")),
    ],
)
def test_an_export_failing_before_the_file_starts_is_a_clear_message(
    staff_client, fmt, after, error
):
    """.xlsx: written whole to a temporary file first; .csv: its first rows are fetched
    before the response starts. Either way the user gets the list back with a message."""
    ProjectFactory.create_batch(3)
    url = reverse("investments:project_list")
    with mock.patch("hpkkt.exports.TableExportMixin.export_rows", _failing_rows(after, error)):
        response = staff_client.get(url, {"_export": fmt, "kind": "FDI"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("?kind=FDI")
    assert "Content-Disposition" not in response
    assert "Không xuất được tệp" in response.content.decode()


def test_a_csv_export_cut_off_half_way_ends_with_a_marker_and_an_error(staff_client):
    ProjectFactory.create_batch(5)
    url = reverse("investments:project_list")
    error = OperationalError("server closed the connection")
    with mock.patch("hpkkt.exports.TableExportMixin.export_rows", _failing_rows(3, error)):
        response = staff_client.get(url, {"_export": "csv"})
        assert response.status_code == 200
        chunks = []
        with pytest.raises(OperationalError):
            for chunk in response.streaming_content:
                chunks.append(chunk)
    text = b"".join(chunks).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 3 + 1  # header, three rows, the marker
    assert "TỆP XUẤT CHƯA ĐẦY ĐỦ" in lines[-1]
