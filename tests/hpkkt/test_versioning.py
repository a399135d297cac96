"""Edit conflicts (hpkkt.versioning): two people editing one record never lose a save silently."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import translation

from budget import services as budget_services
from hpkkt.versioning import EditConflict
from investments import services
from investments.models import Project
from tests.conftest import _client_for, _user
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
)

pytestmark = pytest.mark.django_db


def _project_post(project: Project, **changes) -> dict:
    data = {
        "code": project.code,
        "name": project.name,
        "investor_name": project.investor_name,
        "country": project.country.code,
        "zone": project.zone_id,
        "sector": "",
        "registered_on": project.registered_on.strftime("%d/%m/%Y"),
        "registered_capital": "1.000.000",
        "note": project.note,
        "version": project.version,
    }
    data.update(changes)
    return data


def test_services_count_versions_and_record_history(staff_user):
    project = ProjectFactory()
    assert project.version == 1
    project = services.project_update(project=project, name="Một", user=staff_user, version=1)
    assert project.version == 2
    project = services.project_update(project=project, name="Hai", user=staff_user)
    assert Project.objects.get(pk=project.pk).version == 3
    assert [h.version for h in project.history.order_by("history_date")][-2:] == [2, 3]
    with pytest.raises(EditConflict) as exc:
        services.project_update(project=project, name="Ba", user=staff_user, version=2)
    assert [c.field for c in exc.value.changes] == ["name"]
    assert (exc.value.changes[0].theirs, exc.value.changes[0].yours) == ("Hai", "Ba")
    assert exc.value.current_version == 3
    assert Project.objects.get(pk=project.pk).name == "Hai"


@pytest.mark.parametrize(
    ("make", "update"),
    [
        (
            lambda: CapitalAdjustmentFactory(),
            lambda obj, v, u: services.adjustment_update(
                adjustment=obj, reference=f"R{v}", version=v, user=u
            ),
        ),
        (
            lambda: RemittanceFactory(),
            lambda obj, v, u: budget_services.remittance_update(
                remittance=obj, note=f"N{v}", version=v, user=u
            ),
        ),
        (
            lambda: AnnualTargetFactory(year=2021),
            lambda obj, v, u: services.target_set(
                year=obj.year, kind=obj.kind, amount=Decimal(1000 + v), version=v, user=u
            ),
        ),
        (
            lambda: BudgetPlanFactory(year=2021),
            lambda obj, v, u: budget_services.plan_set(
                unit=obj.unit, year=obj.year, amount=Decimal(1000 + v), version=v, user=u
            ),
        ),
        (
            lambda: ProjectFactory(registered_on=dt.date(2019, 1, 1)),
            lambda obj, v, u: services.project_terminate(
                project=obj, terminated_on=dt.date(2021, 1, v), correct=True, version=v, user=u
            ),
        ),
    ],
    ids=["adjustment", "remittance", "target", "plan", "termination"],
)
def test_every_update_service_refuses_a_stale_version(make, update, admin_user):
    obj = make()
    update(obj, 1, admin_user)
    with pytest.raises(EditConflict):
        update(obj, 1, admin_user)
    update(obj, 2, admin_user)


def test_two_clients_the_second_save_is_refused_with_the_diff(staff_user):
    project = ProjectFactory(name="Nhà máy A", investor_name="Công ty X")
    url = reverse("investments:project_update", args=[project.pk])
    first = _client_for(staff_user)
    second = _client_for(_user("canbo_hai", "Cán bộ"))
    # Both load the form: each carries version 1.
    for client in (first, second):
        page = client.get(url)
        assert b'name="version" value="1"' in page.content
    saved = first.post(url, _project_post(project, name="Nhà máy A (sửa bởi người 1)"))
    assert saved.status_code == 302

    with translation.override("vi"):
        refused = second.post(
            url, _project_post(project, name="Nhà máy A mới", investor_name="Công ty Y")
        )
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Nhà máy A (sửa bởi người 1)" in text  # their value
    assert "Nhà máy A mới" in text  # the value typed, still in the form and in the diff
    assert 'value="Công ty Y"' in text  # what the user typed stays in the form
    assert 'name="version" value="2"' in text  # a second save keeps the user's values
    stored = Project.objects.get(pk=project.pk)
    assert (stored.name, stored.investor_name, stored.version) == (
        "Nhà máy A (sửa bởi người 1)",
        "Công ty X",
        2,
    )
    conflict = refused.context["form"].non_field_errors()
    assert len(conflict) == 2  # the explanation and one changed field (the name)

    again = second.post(
        url, _project_post(project, name="Nhà máy A mới", investor_name="Công ty Y", version=2)
    )
    assert again.status_code == 302
    assert Project.objects.get(pk=project.pk).name == "Nhà máy A mới"


def test_two_clients_on_a_remittance(staff_client):
    remittance = RemittanceFactory(note="")
    url = reverse("budget:remittance_update", args=[remittance.pk])
    assert b'name="version" value="1"' in staff_client.get(url).content
    data = {
        "unit": remittance.unit_id,
        "paid_on": remittance.paid_on.strftime("%d/%m/%Y"),
        "amount": "10.000.000",
        "reference": "",
        "note": "first",
        "version": 1,
    }
    assert staff_client.post(url, data).status_code == 302
    refused = staff_client.post(url, {**data, "note": "second"})
    assert refused.status_code == 200
    assert "first" in refused.content.decode()
    remittance.refresh_from_db()
    assert remittance.note == "first"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_threads_exactly_one_wins(admin_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers on one database lock; threads prove nothing there")
    project = ProjectFactory(name="Gốc")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def edit(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.project_update(project=project, name=name, version=1, user=admin_user)
            results.append("saved")
        except EditConflict:
            results.append("conflict")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=edit, args=(f"Tên {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["conflict", "saved"]
    stored = Project.objects.get(pk=project.pk)
    assert stored.version == 2
    assert stored.history.count() == 2  # the creation and the one save that won


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_compare_and_swap_refuses_a_write_that_slipped_in(admin_user, monkeypatch):
    """The window between reading the record and saving it: a write by someone else there
    (simulated) is caught by the UPDATE … WHERE version = …, on every database."""
    project = ProjectFactory(name="Gốc")
    from hpkkt import versioning

    real = versioning.save_with_version

    def someone_else_first(instance, submitted=None, fields=()):
        Project.objects.filter(pk=instance.pk).update(version=instance.version + 1, name="Khác")
        return real(instance, submitted, fields)

    monkeypatch.setattr(services, "save_with_version", someone_else_first)
    with pytest.raises(EditConflict) as exc:
        services.project_update(project=project, name="Của tôi", version=1, user=admin_user)
    assert [(c.theirs, c.yours) for c in exc.value.changes] == [("Khác", "Của tôi")]
    assert Project.objects.get(pk=project.pk).name == "Gốc"  # rolled back with the refusal
