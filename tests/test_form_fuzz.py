"""Every form of the project, fuzzed with hypothesis: no input raises, no POST gives a 500.

``from_form`` draws well-typed data for each field (so the valid paths, services included,
are reached); a second strategy throws arbitrary text at every field of every entry page.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form, register_field_strategy

from budget.forms import PlanForm, RemittanceForm, UnitChoiceField
from exchange.forms import WorkbookUploadForm
from hpkkt.auth_forms import LoginForm, OTPTokenForm, PasswordForm
from hpkkt.forms import DateField, MoneyField, format_money
from investments.forms import (
    AdjustmentForm,
    ProjectForm,
    TargetForm,
    TerminationForm,
    ZoneChoiceField,
)
from reports.forms import PeriodForm
from tests.factories import ProjectFactory, UnitFactory, ZoneFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MESSY = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
    st.sampled_from(["", " ", "0", "-0", "1.500.000,50", "1,500,000.50", "31/02/2020", "1e9"]),
    st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
)
AMOUNTS = st.one_of(
    st.decimals(min_value=Decimal("-1e18"), max_value=Decimal("1e18"), places=2).map(format_money),
    MESSY,
)
DATES = st.one_of(st.dates().map(lambda d: d.strftime("%d/%m/%Y")), MESSY)
PKS = st.one_of(st.integers(min_value=-5, max_value=200).map(str), MESSY)

register_field_strategy(MoneyField, AMOUNTS)
register_field_strategy(DateField, DATES)
register_field_strategy(ZoneChoiceField, PKS)
register_field_strategy(UnitChoiceField, PKS)


@pytest.fixture
def reference_rows():
    ZoneFactory.create_batch(2)
    UnitFactory.create_batch(2)
    return ProjectFactory()


def _forms(project, user):
    return [
        (ProjectForm, {"kind": "FDI"}),
        (ProjectForm, {"kind": "DI"}),
        (AdjustmentForm, {"project": project}),
        (TerminationForm, {}),
        (TargetForm, {"kind": "FDI"}),
        (RemittanceForm, {}),
        (PlanForm, {}),
        (PeriodForm, {}),
        (LoginForm, {}),
        (PasswordForm, {"user": user}),
        (OTPTokenForm, {}),
    ]


FORM_IDS = [
    "project-fdi",
    "project-di",
    "adjustment",
    "termination",
    "target",
    "remittance",
    "plan",
    "period",
    "login",
    "password",
    "otp",
]


@pytest.mark.parametrize("index", range(len(FORM_IDS)), ids=FORM_IDS)
def test_no_form_raises_on_any_input(index, reference_rows, admin_user):
    form_class, kwargs = _forms(reference_rows, admin_user)[index]
    sector = st.one_of(PKS, st.just(""))

    @FUZZ
    @given(st.data())
    def check(data):
        extra = {"sector": sector} if form_class is ProjectForm else {}
        typed = data.draw(from_form(form_class, form_kwargs=kwargs, **extra))
        typed.is_valid()
        str(typed)  # renders with whatever it holds
        messy = data.draw(st.dictionaries(st.sampled_from(list(typed.fields)), MESSY))
        form = form_class(data=messy, **kwargs)
        form.is_valid()
        str(form)

    check()


@FUZZ
@given(content=st.binary(max_size=2048), name=st.text(min_size=1, max_size=30))
def test_the_upload_form_never_raises(content, name):
    upload = SimpleUploadedFile(name.replace("/", "_") + ".xlsx", b"PK\x03\x04" + content)
    form = WorkbookUploadForm(data={}, files={"file": upload})
    form.is_valid()


ENTRY_PAGES = [
    ("investments:project_create", None, "?kind=FDI"),
    ("investments:project_update", "project", ""),
    ("investments:project_terminate", "project", ""),
    ("investments:adjustment_create", "project", ""),
    ("investments:target_create", None, "?kind=DI"),
    ("budget:remittance_create", None, ""),
    ("budget:plan_create", None, ""),
    ("password_change", None, ""),
    ("otp_setup", None, ""),
    ("otp_verify", None, ""),
]
FIELDS = [
    "kind",
    "code",
    "name",
    "investor_name",
    "country",
    "zone",
    "sector",
    "registered_on",
    "registered_capital",
    "note",
    "direction",
    "adjusted_on",
    "amount",
    "reference",
    "terminated_on",
    "reason",
    "year",
    "unit",
    "paid_on",
    "old_password",
    "new_password1",
    "new_password2",
    "token",
    "next",
    "action",
]


@pytest.mark.parametrize("name, needs, query", ENTRY_PAGES, ids=[p[0] for p in ENTRY_PAGES])
def test_no_post_to_an_entry_page_gives_a_server_error(
    name, needs, query, reference_rows, admin_client
):
    args = [reference_rows.pk] if needs == "project" else None
    url = reverse(name, args=args) + query

    @FUZZ
    @given(st.dictionaries(st.sampled_from(FIELDS), MESSY, max_size=12))
    def check(data):
        response = admin_client.post(url, data)
        assert response.status_code < 500

    check()


@FUZZ
@given(st.dictionaries(st.sampled_from(["username", "password", "next"]), MESSY))
def test_no_login_attempt_gives_a_server_error(data):
    assert Client().post(reverse("login"), data).status_code < 500
