"""Withdrawal pages: the confirm page, the struck-through record, lists, totals, exports and
the readable history."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from investments import services
from investments.models import CapitalAdjustment, Project
from tests.factories import CapitalAdjustmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _xlsx(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def project() -> Project:
    return ProjectFactory(
        code="F-RUT", registered_on=dt.date(2021, 1, 15), registered_capital=Decimal("2500.5")
    )


def test_the_withdraw_page_needs_a_reason_then_strikes_the_project_through(admin_client, project):
    url = reverse("investments:project_withdraw", args=[project.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    refused = admin_client.post(url, {"reason": "  ", "version": project.version})
    assert refused.status_code == 200
    assert "Nhập lý do hủy bỏ bản ghi này." in refused.content.decode()
    done = admin_client.post(url, {"reason": "Nhập trùng", "version": project.version})
    assert done.status_code == 302 and done["Location"] == project.get_absolute_url()

    detail = admin_client.get(project.get_absolute_url())
    html = detail.content.decode()
    assert "Đã hủy bỏ ngày " in html and ": Nhập trùng" in html
    assert "<del>" in html
    assert reverse("investments:project_update", args=[project.pk]) not in html
    assert reverse("investments:project_withdraw", args=[project.pk]) not in html
    # Its entry pages lead back to the struck-through page.
    edit = admin_client.get(reverse("investments:project_update", args=[project.pk]))
    assert edit.status_code == 302 and edit["Location"] == project.get_absolute_url()
    # Withdrawing again says so.
    again = admin_client.post(url, {"reason": "lần hai"})
    assert "đã được hủy bỏ" in again.content.decode()


def test_a_stale_version_on_the_withdraw_form_is_refused(admin_client, staff_user, project):
    services.project_update(project=project, user=staff_user, name="Tên mới")
    url = reverse("investments:project_withdraw", args=[project.pk])
    response = admin_client.post(url, {"reason": "Nhập trùng", "version": 1})
    assert response.status_code == 200
    assert not Project.all_objects.get(pk=project.pk).is_withdrawn


def test_staff_see_no_withdraw_button_and_are_refused(staff_client, admin_client, project):
    button = reverse("investments:project_withdraw", args=[project.pk])
    assert button not in staff_client.get(project.get_absolute_url()).content.decode()
    assert button in admin_client.get(project.get_absolute_url()).content.decode()
    assert staff_client.post(button, {"reason": "x"}).status_code == 403
    assert not Project.all_objects.get(pk=project.pk).is_withdrawn


def test_lists_totals_and_exports_leave_withdrawn_rows_out_unless_asked(
    leadership_client, admin_user, project
):
    other = ProjectFactory(code="F-GIU", registered_capital=Decimal("1000"))
    services.project_withdraw(project, user=admin_user, reason="Nhập trùng")
    url = reverse("investments:project_list")
    listed = leadership_client.get(url)
    assert listed.context["table"].paginator.count == 1
    totals = listed.context["table"].totals["registered_capital"]
    assert [(t.amount, t.currency) for t in totals] == [(Decimal("1000"), "USD")]
    rows = list(_xlsx(leadership_client.get(url + "?_export=xlsx")).worksheets[0].values)
    assert [row[0] for row in rows[1:]] == [other.code]

    withdrawn = leadership_client.get(url + "?withdrawn=1")
    assert withdrawn.context["table"].paginator.count == 1
    html = withdrawn.content.decode()
    assert 'class="withdrawn' in html and "Nhập trùng" in html
    totals = withdrawn.context["table"].totals["registered_capital"]
    assert [(t.amount, t.currency) for t in totals] == [(Decimal("2500.5"), "USD")]
    sheet = _xlsx(leadership_client.get(url + "?withdrawn=1&_export=xlsx")).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert "lý do hủy bỏ" in header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["F-RUT"]
    assert rows[0][header.index("lý do hủy bỏ")] == "Nhập trùng"


def test_adjustment_list_and_project_page_leave_a_withdrawn_adjustment_out(
    leadership_client, admin_user, project
):
    kept = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2021, 2, 1), amount=100)
    gone = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2021, 3, 1), amount=700)
    services.adjustment_withdraw(gone, user=admin_user, reason="Sai quyết định")
    listed = leadership_client.get(reverse("investments:adjustment_list"))
    assert [row.record.pk for row in listed.context["table"].page.object_list] == [kept.pk]
    detail = leadership_client.get(project.get_absolute_url())
    assert detail.context["timeline"]["current"] == Decimal("2600.5")
    assert "Sai quyết định" in detail.content.decode()
    edit = leadership_client.get(reverse("investments:adjustment_history", args=[gone.pk]))
    assert edit.status_code == 200 and "Đã hủy bỏ ngày" in edit.content.decode()


def test_the_history_page_is_a_readable_diff_in_local_time(
    admin_client, leadership_client, staff_user, project
):
    services.project_update(
        project=project,
        user=staff_user,
        registered_capital="1234.5",
        registered_on=dt.date(2021, 2, 1),
    )
    response = leadership_client.get(reverse("investments:project_history", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vốn đăng ký" in html
    assert "<del>2.500,50</del> → <ins>1.234,50</ins>" in html
    assert "<del>15/01/2021</del> → <ins>01/02/2021</ins>" in html
    entry = response.context["history"][0]
    assert entry.user == staff_user
    assert entry.local_when.utcoffset() == dt.timedelta(hours=7)


def test_staff_read_the_history_of_what_they_entered_only(staff_client, staff_user):
    theirs = services.adjustment_create(
        project=ProjectFactory(registered_on=dt.date(2021, 1, 1)),
        adjusted_on=dt.date(2021, 5, 1),
        amount="10",
        user=staff_user,
    )
    others = CapitalAdjustmentFactory()
    mine = staff_client.get(reverse("investments:adjustment_history", args=[theirs.pk]))
    assert mine.context["history"] and not mine.context["history_hidden"]
    hidden = staff_client.get(reverse("investments:adjustment_history", args=[others.pk]))
    assert hidden.status_code == 200 and hidden.context["history_hidden"]
    assert "cán bộ đã nhập bản ghi đó" in hidden.content.decode()
    assert CapitalAdjustment.objects.count() == 2


def test_the_withdrawn_list_reads_its_rows_in_a_fixed_number_of_queries(
    leadership_client, admin_user, django_assert_max_num_queries
):
    url = reverse("investments:project_list") + "?withdrawn=1"

    def count() -> int:
        with django_assert_max_num_queries(100) as captured:
            assert leadership_client.get(url).status_code == 200
        return len(captured)

    services.project_withdraw(ProjectFactory(), user=admin_user, reason="Trùng")
    few = count()
    for _ in range(5):
        services.project_withdraw(ProjectFactory(), user=admin_user, reason="Trùng")
    assert count() == few


def test_the_history_names_the_withdrawal_and_its_reason(admin_user, leadership_client, project):
    services.project_withdraw(project, user=admin_user, reason="Nhập trùng")
    response = leadership_client.get(reverse("investments:project_history", args=[project.pk]))
    newest = response.context["history"][0]
    assert newest.withdrawal
    assert newest.action == "bị hủy bỏ"
    assert newest.reason == "Nhập trùng"
