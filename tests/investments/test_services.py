"""Every rule of the investment services, with its message in Vietnamese and English."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hpkkt.services import NOTE_MAX_LENGTH
from investments import services
from investments.models import AnnualTarget, CapitalAdjustment, Project
from tests.factories import (
    AnnualTargetFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    SectorFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = dt.date(2020, 1, 15)


def _errors(call, lang: str = "en", **kwargs) -> dict[str, list[str]]:
    """Run ``call`` expecting a refusal; its messages as read in ``lang``."""
    with translation.override(lang), pytest.raises(ValidationError) as exc:
        call(**kwargs)
    with translation.override(lang):
        return exc.value.message_dict


def _project_kwargs(**overrides):
    kwargs = {
        "kind": "FDI",
        "code": "GCN-001",
        "name": "Nhà máy linh kiện",
        "investor_name": "Example Co., Ltd.",
        "country": "JP",
        "zone": ZoneFactory(),
        "registered_on": REGISTERED,
        "registered_capital": Decimal("1000000.00"),
    }
    kwargs.update(overrides)
    return kwargs


@pytest.fixture
def project() -> Project:
    return ProjectFactory(registered_on=REGISTERED, registered_capital=Decimal("1000.00"))


# --- project_create --------------------------------------------------------------------


def test_project_create_stores_the_project_and_its_author(admin_user):
    sector = SectorFactory()
    project = services.project_create(**_project_kwargs(sector=sector), user=admin_user)
    project.refresh_from_db()
    assert project.code == "GCN-001"
    assert project.registered_capital == Decimal("1000000.00")
    assert project.sector == sector
    record = project.history.get()
    assert record.history_type == "+"
    assert record.history_user == admin_user


def test_project_create_accepts_int_and_str_amounts():
    assert services.project_create(
        **_project_kwargs(code="A", registered_capital=1500)
    ).registered_capital == Decimal("1500.00")
    assert services.project_create(
        **_project_kwargs(code="B", registered_capital="1234.5")
    ).registered_capital == Decimal("1234.50")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Amounts must be exact decimal numbers, not floating-point numbers."),
        ("vi", "Số tiền phải là số thập phân chính xác, không phải số thực dấu phẩy động."),
    ],
)
def test_project_create_refuses_a_float_amount(lang, message):
    errors = _errors(services.project_create, lang, **_project_kwargs(registered_capital=1000000.0))
    assert errors == {"registered_capital": [message]}
    assert not Project.objects.exists()


@pytest.mark.parametrize("amount", ["abc", "1.001", "NaN"])
def test_project_create_refuses_an_unreadable_amount(amount):
    errors = _errors(services.project_create, **_project_kwargs(registered_capital=amount))
    assert list(errors) == ["registered_capital"]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "A project with code GCN-001 already exists."),
        ("vi", "Đã có dự án mang mã số GCN-001."),
    ],
)
def test_project_codes_are_unique_with_a_friendly_message(lang, message):
    ProjectFactory(code="GCN-001")
    errors = _errors(services.project_create, lang, **_project_kwargs(code=" GCN-001 "))
    assert errors == {"code": [message]}
    assert Project.objects.count() == 1


@pytest.mark.parametrize(
    ("country", "lang", "message"),
    [
        ("", "en", "An FDI project needs its investor's country."),
        ("", "vi", "Dự án FDI phải có quốc gia của nhà đầu tư."),
        ("VN", "en", "The investor of an FDI project cannot be from Viet Nam."),
        ("VN", "vi", "Nhà đầu tư của dự án FDI không thể đến từ Việt Nam."),
    ],
)
def test_fdi_needs_a_foreign_country(country, lang, message):
    errors = _errors(services.project_create, lang, **_project_kwargs(country=country))
    assert errors == {"country": [message]}


def test_di_country_is_set_to_vietnam_when_empty():
    project = services.project_create(**_project_kwargs(kind="DI", country=""))
    assert project.country.code == "VN"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The investor of a domestic (DI) project is from Viet Nam."),
        ("vi", "Nhà đầu tư của dự án trong nước (DI) phải thuộc quốc gia Việt Nam."),
    ],
)
def test_di_country_must_be_vietnam(lang, message):
    errors = _errors(services.project_create, lang, **_project_kwargs(kind="DI", country="KR"))
    assert errors == {"country": [message]}


@pytest.mark.parametrize(
    ("capital", "lang", "message"),
    [
        (Decimal("0"), "en", "The registered capital must be greater than zero."),
        (Decimal("-5"), "vi", "Vốn đăng ký phải lớn hơn 0."),
    ],
)
def test_registered_capital_is_positive(capital, lang, message):
    errors = _errors(services.project_create, lang, **_project_kwargs(registered_capital=capital))
    assert errors == {"registered_capital": [message]}


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The termination date cannot be before the registration date (15/01/2020)."),
        ("vi", "Ngày chấm dứt hoạt động không được trước ngày đăng ký (15/01/2020)."),
    ],
)
def test_termination_not_before_registration_on_create(lang, message):
    errors = _errors(
        services.project_create, lang, **_project_kwargs(terminated_on=dt.date(2020, 1, 14))
    )
    assert errors == {"terminated_on": [message]}


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Choose the zone of the project."),
        ("vi", "Chọn khu công nghiệp/khu kinh tế của dự án."),
    ],
)
def test_zone_is_required(lang, message):
    errors = _errors(services.project_create, lang, **_project_kwargs(zone=None))
    assert errors == {"zone": [message]}


def test_every_problem_is_reported_at_once():
    ProjectFactory(code="GCN-001")
    errors = _errors(
        services.project_create,
        **_project_kwargs(name="", country="", zone=None, registered_capital=Decimal("0")),
    )
    assert set(errors) == {"code", "name", "country", "zone", "registered_capital"}


# --- project_update ----------------------------------------------------------------------


def test_project_update_changes_fields_and_records_the_user(project, staff_user):
    updated = services.project_update(
        project=project, name="Tên mới", registered_capital="2000", user=staff_user
    )
    project.refresh_from_db()
    assert project.name == updated.name == "Tên mới"
    assert project.registered_capital == Decimal("2000.00")
    assert project.history.first().history_user == staff_user
    assert project.history.count() == 2


def test_project_update_keeps_its_own_code(project):
    services.project_update(project=project, code=project.code, note="ok")


def test_project_update_refuses_another_projects_code(project):
    other = ProjectFactory(code="TAKEN")
    errors = _errors(services.project_update, project=project, code=other.code)
    assert errors == {"code": ["A project with code TAKEN already exists."]}


def test_project_update_refuses_unknown_fields(project):
    with pytest.raises(TypeError):
        services.project_update(project=project, colour="red")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "The project has a capital adjustment dated 01/05/2020, before this registration date.",
        ),
        ("vi", "Dự án có lần điều chỉnh vốn ngày 01/05/2020, trước ngày đăng ký này."),
    ],
)
def test_registration_cannot_move_after_an_adjustment(project, lang, message):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    errors = _errors(
        services.project_update, lang, project=project, registered_on=dt.date(2020, 6, 1)
    )
    assert errors == {"registered_on": [message]}
    project.refresh_from_db()
    assert project.registered_on == REGISTERED


def test_termination_cannot_move_before_an_adjustment_on_update(project):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    errors = _errors(services.project_update, project=project, terminated_on=dt.date(2020, 4, 30))
    assert errors == {
        "terminated_on": [
            "The project has a capital adjustment dated 01/05/2020, after this termination date."
        ]
    }


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "With this registered capital the project's capital would fall below zero on "
            "01/03/2020 after its reductions; it must be at least 900 USD.",
        ),
        (
            "vi",
            "Với vốn đăng ký này, vốn đầu tư của dự án sẽ âm vào ngày 01/03/2020 sau các lần "
            "điều chỉnh giảm vốn; vốn đăng ký phải ít nhất là 900 USD.",
        ),
    ],
)
def test_registered_capital_cannot_drop_below_the_reductions(project, lang, message):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 2, 1), amount=-500)
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 3, 1), amount=-400)
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 4, 1), amount=5000)
    errors = _errors(
        services.project_update, lang, project=project, registered_capital=Decimal("899.99")
    )
    assert errors == {"registered_capital": [message]}
    services.project_update(project=project, registered_capital=Decimal("900"))


# --- project_terminate -------------------------------------------------------------------


def test_project_terminate_records_date_reason_and_user(project, staff_user):
    services.project_terminate(
        project=project, terminated_on=dt.date(2021, 3, 1), reason="Giải thể", user=staff_user
    )
    project.refresh_from_db()
    assert project.terminated_on == dt.date(2021, 3, 1)
    assert project.termination_reason == "Giải thể"
    assert project.history.first().history_user == staff_user


def test_termination_not_before_registration(project):
    errors = _errors(services.project_terminate, project=project, terminated_on=dt.date(2020, 1, 1))
    assert errors == {
        "terminated_on": [
            "The termination date cannot be before the registration date (15/01/2020)."
        ]
    }


def test_termination_not_before_the_last_adjustment(project):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 8, 1))
    errors = _errors(
        services.project_terminate, "vi", project=project, terminated_on=dt.date(2020, 7, 1)
    )
    assert errors == {
        "terminated_on": [
            "Dự án có lần điều chỉnh vốn ngày 01/08/2020, sau ngày chấm dứt hoạt động này."
        ]
    }


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "This project was already terminated on 01/03/2021."),
        ("vi", "Dự án này đã chấm dứt hoạt động ngày 01/03/2021."),
    ],
)
def test_a_project_is_terminated_once(project, lang, message):
    services.project_terminate(project=project, terminated_on=dt.date(2021, 3, 1), reason="A")
    errors = _errors(
        services.project_terminate, lang, project=project, terminated_on=dt.date(2021, 4, 1)
    )
    assert errors == {"terminated_on": [message]}


def test_a_termination_date_can_be_corrected(project):
    services.project_terminate(project=project, terminated_on=dt.date(2021, 3, 1), reason="A")
    services.project_terminate(project=project, terminated_on=dt.date(2021, 3, 2), correct=True)
    project.refresh_from_db()
    assert project.terminated_on == dt.date(2021, 3, 2)
    assert project.termination_reason == "A"


# --- adjustment_create / adjustment_update -----------------------------------------------


def test_adjustment_create_stores_it_with_its_author(project, staff_user):
    adjustment = services.adjustment_create(
        project=project,
        adjusted_on=dt.date(2020, 6, 1),
        amount=Decimal("-250.50"),
        reference="QĐ 12",
        user=staff_user,
    )
    adjustment.refresh_from_db()
    assert adjustment.amount == Decimal("-250.50")
    assert adjustment.reference == "QĐ 12"
    assert adjustment.history.get().history_user == staff_user


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "An adjustment cannot be zero: enter an increase or a reduction."),
        ("vi", "Số vốn điều chỉnh không được bằng 0: nhập số điều chỉnh tăng hoặc giảm vốn."),
    ],
)
def test_adjustment_is_not_zero(project, lang, message):
    errors = _errors(
        services.adjustment_create, lang, project=project, adjusted_on=REGISTERED, amount="0.00"
    )
    assert errors == {"amount": [message]}


def test_adjustment_refuses_float(project):
    errors = _errors(
        services.adjustment_create, project=project, adjusted_on=REGISTERED, amount=0.1
    )
    assert errors == {
        "amount": ["Amounts must be exact decimal numbers, not floating-point numbers."]
    }


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "An adjustment cannot be dated before the project's registration (15/01/2020)."),
        ("vi", "Ngày điều chỉnh vốn không được trước ngày đăng ký của dự án (15/01/2020)."),
    ],
)
def test_adjustment_not_before_registration(project, lang, message):
    errors = _errors(
        services.adjustment_create,
        lang,
        project=project,
        adjusted_on=dt.date(2020, 1, 14),
        amount=Decimal("10"),
    )
    assert errors == {"adjusted_on": [message]}
    assert not CapitalAdjustment.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The project was terminated on 30/06/2021; an adjustment cannot be dated later."),
        (
            "vi",
            "Dự án đã chấm dứt hoạt động ngày 30/06/2021; không thể điều chỉnh vốn sau ngày đó.",
        ),
    ],
)
def test_adjustment_not_after_termination(project, lang, message):
    services.project_terminate(project=project, terminated_on=dt.date(2021, 6, 30))
    errors = _errors(
        services.adjustment_create,
        lang,
        project=project,
        adjusted_on=dt.date(2021, 7, 1),
        amount=Decimal("10"),
    )
    assert errors == {"adjusted_on": [message]}
    # On the termination day itself it is still allowed.
    services.adjustment_create(
        project=project, adjusted_on=dt.date(2021, 6, 30), amount=Decimal("10")
    )


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "This reduction would bring the project's capital below zero: at most 1,000.50 USD "
            "can be reduced on 01/03/2020.",
        ),
        (
            "vi",
            "Điều chỉnh giảm vốn này sẽ làm vốn đầu tư của dự án bị âm: ngày 01/03/2020 chỉ có "
            "thể giảm tối đa 1.000,50 USD.",
        ),
    ],
)
def test_a_reduction_bigger_than_the_capital_is_refused(project, lang, message):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 2, 1), amount="0.50")
    errors = _errors(
        services.adjustment_create,
        lang,
        project=project,
        adjusted_on=dt.date(2020, 3, 1),
        amount=Decimal("-1000.51"),
    )
    assert errors == {"amount": [message]}
    services.adjustment_create(
        project=project, adjusted_on=dt.date(2020, 3, 1), amount=Decimal("-1000.50")
    )


def test_a_reduction_is_checked_against_later_reductions(project):
    """1000 registered; -800 in June. A -300 in March leaves 700 then -100 in June."""
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 6, 1), amount=-800)
    errors = _errors(
        services.adjustment_create,
        project=project,
        adjusted_on=dt.date(2020, 3, 1),
        amount=Decimal("-300"),
    )
    assert errors == {
        "amount": [
            "This reduction would bring the project's capital below zero: at most 200 USD "
            "can be reduced on 01/03/2020."
        ]
    }


def test_a_reduction_is_checked_against_the_capital_at_its_date(project):
    """An increase dated later does not make an earlier reduction possible."""
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 9, 1), amount=5000)
    errors = _errors(
        services.adjustment_create,
        project=project,
        adjusted_on=dt.date(2020, 3, 1),
        amount=Decimal("-1500"),
    )
    assert "at most 1,000 USD" in errors["amount"][0]


def test_a_reduction_on_a_di_project_names_vnd(project):
    di = ProjectFactory(kind="DI", registered_capital=Decimal("100"))
    errors = _errors(
        services.adjustment_create, project=di, adjusted_on=REGISTERED, amount=Decimal("-101")
    )
    assert "at most 100 VND" in errors["amount"][0]


def test_adjustment_update_moving_an_increase_after_the_reduction_it_funds(project):
    increase = CapitalAdjustmentFactory(
        project=project, adjusted_on=dt.date(2020, 2, 1), amount=500
    )
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 3, 1), amount=-1200)
    errors = _errors(
        services.adjustment_update, adjustment=increase, adjusted_on=dt.date(2020, 4, 1)
    )
    assert errors == {
        "adjusted_on": [
            "With this change the project's capital would fall below zero on 01/03/2020."
        ]
    }
    increase.refresh_from_db()
    assert increase.adjusted_on == dt.date(2020, 2, 1)


def test_adjustment_update_lowering_an_increase_a_reduction_relies_on(project):
    increase = CapitalAdjustmentFactory(
        project=project, adjusted_on=dt.date(2020, 2, 1), amount=500
    )
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 3, 1), amount=-1200)
    errors = _errors(services.adjustment_update, "vi", adjustment=increase, amount="100")
    assert errors == {
        "amount": ["Với thay đổi này, vốn đầu tư của dự án sẽ bị âm vào ngày 01/03/2020."]
    }


def test_adjustment_update_sees_its_own_old_amount(project, staff_user):
    reduction = CapitalAdjustmentFactory(project=project, amount=Decimal("-900"))
    # Replacing -900 by -1000 is fine: the old amount does not count twice.
    updated = services.adjustment_update(
        adjustment=reduction, amount=Decimal("-1000"), note="sửa", user=staff_user
    )
    assert updated.amount == Decimal("-1000.00")
    reduction.refresh_from_db()
    assert reduction.note == "sửa"
    assert reduction.history.first().history_user == staff_user
    errors = _errors(services.adjustment_update, adjustment=reduction, amount=Decimal("-1000.01"))
    assert "at most 1,000 USD" in errors["amount"][0]


def test_adjustment_update_refuses_moving_it_to_another_project(project):
    adjustment = CapitalAdjustmentFactory(project=project)
    with pytest.raises(TypeError):
        services.adjustment_update(adjustment=adjustment, project=ProjectFactory())


# --- target_set ------------------------------------------------------------------------


def test_target_set_creates_then_updates(admin_user):
    created = services.target_set(year=2020, kind="FDI", amount=Decimal("1.5e9"), user=admin_user)
    updated = services.target_set(year=2020, kind="FDI", amount="1600000000", user=admin_user)
    assert created.pk == updated.pk
    target = AnnualTarget.objects.get()
    assert target.amount == Decimal("1600000000.00")
    assert [h.history_user for h in target.history.all()] == [admin_user, admin_user]


@pytest.mark.parametrize(
    ("kwargs", "field", "lang", "message"),
    [
        ({"amount": Decimal("0")}, "amount", "en", "The amount must be greater than zero."),
        ({"amount": Decimal("-1")}, "amount", "vi", "Số tiền phải lớn hơn 0."),
        ({"year": 1800}, "year", "en", "The year must be between 1990 and 2100."),
        ({"year": 2101}, "year", "vi", "Năm phải nằm trong khoảng từ 1990 đến 2100."),
        ({"year": "20x0"}, "year", "en", "Enter a valid year."),
        ({"kind": "XYZ"}, "kind", "vi", "Chọn FDI hoặc DI."),
    ],
)
def test_target_set_rules(kwargs, field, lang, message):
    AnnualTargetFactory(year=2020, kind="FDI", amount=Decimal("5"))
    arguments = {"year": 2020, "kind": "FDI", "amount": Decimal("10"), **kwargs}
    errors = _errors(services.target_set, lang, **arguments)
    assert errors == {field: [message]}
    assert AnnualTarget.objects.get().amount == Decimal("5.00")


# --- atomicity ---------------------------------------------------------------------------


def test_a_refused_write_leaves_no_history(project):
    before = Project.history.count()
    _errors(services.project_update, project=project, registered_capital=Decimal("-1"))
    assert Project.history.count() == before


def test_the_service_is_atomic_when_the_database_refuses(project, monkeypatch):
    """If the final save fails, nothing of the write (row or history) remains."""
    from django.db import IntegrityError

    def broken_save(self, *args, **kwargs):
        super(CapitalAdjustment, self).save(*args, **kwargs)
        raise IntegrityError("simulated failure after the insert")

    monkeypatch.setattr(CapitalAdjustment, "save", broken_save)
    with pytest.raises(IntegrityError):
        services.adjustment_create(project=project, adjusted_on=REGISTERED, amount=Decimal("1"))
    monkeypatch.undo()
    assert not CapitalAdjustment.objects.exists()
    assert not CapitalAdjustment.history.exists()


# --- bounds: mistyped years, huge amounts, endless notes ---------------------------------


@pytest.mark.parametrize("day", [dt.date(3020, 12, 31), dt.date(1020, 1, 1)])
def test_a_mistyped_year_is_refused_next_to_the_date(day):
    errors = _errors(services.project_create, "vi", **_project_kwargs(registered_on=day))
    assert errors["registered_on"] == ["Hãy nhập ngày trong khoảng từ năm 1990 đến năm 2100."]


@pytest.mark.parametrize("amount", ["1" + "0" * 30, Decimal("1e30"), "1000000000000000"])
def test_an_amount_too_large_is_refused_not_crashed(project, amount):
    errors = _errors(
        services.adjustment_create, project=project, adjusted_on=REGISTERED, amount=amount
    )
    assert "too large" in errors["amount"][0]


def test_a_note_longer_than_an_excel_cell_allows_is_refused(project):
    errors = _errors(
        services.adjustment_create,
        project=project,
        adjusted_on=REGISTERED,
        amount=Decimal("10"),
        note="x" * (NOTE_MAX_LENGTH + 1),
    )
    assert "2000" in errors["note"][0]
