"""``share_acquisition_create/update`` and target ranges: the rules, their field-keyed
messages, the history user, and the database constraints behind them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from investments import services
from investments.models import AnnualTarget, ShareAcquisition
from tests.factories import ProjectFactory, ShareAcquisitionFactory, ZoneFactory

pytestmark = pytest.mark.django_db

D = Decimal


def _create(**overrides):
    fields = {
        "code": "GV-1",
        "enterprise_name": "Công ty TNHH A",
        "investor_name": "Hanbit Co., Ltd.",
        "country": "KR",
        "zone": ZoneFactory(code="z"),
        "registered_on": dt.date(2021, 3, 1),
        "amount": "1000000.50",
    }
    fields.update(overrides)
    return services.share_acquisition_create(**fields)


def _errors(call, **kwargs):
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


def test_create_keeps_the_exact_amount_and_the_history_user(admin_user):
    acquisition = _create(user=admin_user, code="  GV-1 ", country="kr")
    assert acquisition.code == "GV-1" and acquisition.country.code == "KR"
    assert acquisition.amount == D("1000000.50")
    assert acquisition.history.get().history_user == admin_user


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": 1.5}, "amount"),
        ({"amount": "1.234"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"country": ""}, "country"),
        ({"country": "VN"}, "country"),
        ({"country": "XX"}, "country"),
        ({"registered_on": dt.date(3021, 1, 1)}, "registered_on"),
        ({"registered_on": None}, "registered_on"),
        ({"code": ""}, "code"),
        ({"enterprise_name": ""}, "enterprise_name"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_rules_name_their_field(overrides, field):
    assert field in _errors(_create, **overrides)
    assert not ShareAcquisition.objects.exists()


def test_codes_are_unique_with_a_message_in_both_languages():
    _create()
    with translation.override("vi"):
        assert _errors(_create)["code"] == [
            "Đã có lượt góp vốn, mua cổ phần mang số thông báo GV-1."
        ]
    with translation.override("en"):
        assert _errors(_create)["code"] == [
            "A share acquisition with notice number GV-1 already exists."
        ]


def test_a_linked_project_must_be_fdi_and_alive_on_the_day():
    project = ProjectFactory(
        code="P1", registered_on=dt.date(2020, 5, 10), terminated_on=dt.date(2021, 5, 10)
    )
    assert _create(project=project, registered_on=dt.date(2020, 5, 10)).project == project
    assert _create(code="GV-2", project=project, registered_on=dt.date(2021, 5, 10))
    with translation.override("en"):
        before = _errors(_create, code="GV-3", project=project, registered_on=dt.date(2020, 5, 9))
        assert before == {
            "registered_on": [
                "Project P1 was registered on 10/05/2020: the share acquisition cannot be "
                "dated before it."
            ]
        }
        after = _errors(_create, code="GV-3", project=project, registered_on=dt.date(2021, 5, 11))
        assert list(after) == ["registered_on"] and "terminated" in after["registered_on"][0]
        domestic = ProjectFactory(kind="DI", code="D1")
        assert list(_errors(_create, code="GV-3", project=domestic)) == ["project"]


def test_update_checks_the_same_rules_and_refuses_unknown_fields(staff_user):
    acquisition = _create()
    project = ProjectFactory(code="P1", registered_on=dt.date(2021, 6, 1))
    assert "registered_on" in _errors(
        services.share_acquisition_update, share_acquisition=acquisition, project=project
    )
    updated = services.share_acquisition_update(
        share_acquisition=acquisition, amount="7", registered_on=dt.date(2021, 6, 1),
        project=project, user=staff_user,
    )  # fmt: skip
    assert (updated.amount, updated.project) == (D("7.00"), project)
    assert updated.history.first().history_user == staff_user
    _create(code="GV-2")
    assert "code" in _errors(
        services.share_acquisition_update, share_acquisition=acquisition, code="GV-2"
    )
    with pytest.raises(TypeError):
        services.share_acquisition_update(share_acquisition=acquisition, created_at=None)


@pytest.mark.parametrize(
    "fields",
    [{"amount": D("0")}, {"amount": D("-1")}, {"country": ""}],
)
def test_the_database_refuses_what_the_service_would(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareAcquisitionFactory(**fields)


def test_the_database_refuses_a_duplicate_code():
    ShareAcquisitionFactory(code="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareAcquisitionFactory(code="X")


def test_a_target_range():
    target = services.target_set(
        year=2024, kind="FDI", amount="1800000000", amount_high="2300000000"
    )
    assert (target.amount, target.amount_high) == (D("1800000000"), D("2300000000"))
    with translation.override("en"):
        errors = _errors(
            services.target_set, year=2024, kind="FDI", amount="1800000000", amount_high="1"
        )
    assert errors == {
        "amount_high": ["The high bound cannot be below the target's low bound (1,800,000,000)."]
    }
    assert "amount_high" in _errors(
        services.target_set, year=2024, kind="FDI", amount="1", amount_high="x"
    )
    same = services.target_set(year=2024, kind="FDI", amount="5", amount_high="5")
    assert same.amount_high == D("5")
    single = services.target_set(year=2024, kind="FDI", amount="6")
    assert single.amount_high is None and AnnualTarget.objects.count() == 1


def test_the_database_refuses_a_high_bound_below_the_low_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualTarget.objects.create(year=2024, kind="FDI", amount=D(10), amount_high=D(9))
