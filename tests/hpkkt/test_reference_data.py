"""Reference data shipped by migrations: zones, VSIC sections, budget units, role groups."""

import pytest
from django.contrib.auth.models import Group

from budget.models import Unit
from hpkkt.roles import LEADERSHIP_GROUP, STAFF_GROUP
from investments.models import Sector, Zone

pytestmark = pytest.mark.django_db


def test_the_21_vsic_2018_sections():
    assert list(Sector.objects.values_list("code", flat=True)) == list("ABCDEFGHIJKLMNOPQRSTU")
    assert Sector.objects.get(code="C").name == "Công nghiệp chế biến, chế tạo"
    assert all(Sector.objects.values_list("name_en", flat=True))


def test_hai_phong_zones():
    kkt = Zone.objects.get(kind="KKT")
    assert kkt.name == "Khu kinh tế Đình Vũ – Cát Hải"
    names = set(Zone.objects.values_list("name", flat=True))
    for expected in [
        "KCN Nomura – Hải Phòng",
        "KCN Đồ Sơn",
        "KCN Đình Vũ",
        "KCN Nam Đình Vũ (khu 1)",
        "KCN Nam Đình Vũ (khu 2)",
        "KCN MP Đình Vũ",
        "KCN VSIP Hải Phòng",
        "KCN Tràng Duệ",
        "KCN Nam Cầu Kiền",
        "KCN An Dương",
    ]:
        assert expected in names
    assert Zone.objects.get(code="dinh-vu").parent == kkt
    assert Zone.objects.get(code="nomura-hai-phong").parent is None


def test_the_two_budget_units_of_the_source():
    assert set(Unit.objects.values_list("name", flat=True)) == {
        "Cơ quan Ban Quản lý Khu kinh tế",
        "Trung tâm Dịch vụ việc làm Khu kinh tế",
    }


def test_staff_may_enter_data_but_not_delete_or_set_targets():
    perms = set(Group.objects.get(name=STAFF_GROUP).permissions.values_list("codename", flat=True))
    assert {"add_project", "change_project", "add_capitaladjustment", "add_remittance"} <= perms
    assert not {p for p in perms if p.startswith("delete_")}
    assert "change_annualtarget" not in perms
    assert "add_budgetplan" not in perms


def test_leadership_may_only_view():
    perms = Group.objects.get(name=LEADERSHIP_GROUP).permissions.values_list("codename", flat=True)
    assert perms
    assert all(p.startswith("view_") for p in perms)
