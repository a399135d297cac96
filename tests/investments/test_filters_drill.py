"""The list filters drill-through links use, each on its own, and their bad values."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import CapitalAdjustmentFactory, ProjectFactory, ShareAcquisitionFactory

pytestmark = pytest.mark.django_db

PROJECTS = "/investments/projects/"
ADJUSTMENTS = "/investments/adjustments/"
SHARES = "/investments/share-acquisitions/"


def codes(client, url: str, **params) -> set[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    assert response.context["filter"].form.is_valid(), response.context["filter"].form.errors
    return {row.record.code for row in response.context["table"].paginated_rows}


@pytest.fixture
def register():
    return {
        "old": ProjectFactory(code="OLD", registered_on=dt.date(2010, 1, 1)),
        "new": ProjectFactory(code="NEW", registered_on=dt.date(2020, 3, 1)),
        "later": ProjectFactory(code="LATER", registered_on=dt.date(2020, 9, 1)),
        "ended": ProjectFactory(
            code="ENDED", registered_on=dt.date(2012, 1, 1), terminated_on=dt.date(2020, 6, 30)
        ),
        "ends_later": ProjectFactory(
            code="ENDS", registered_on=dt.date(2012, 1, 1), terminated_on=dt.date(2021, 1, 1)
        ),
    }


def test_valid_on_a_day(register, leadership_client):
    assert codes(leadership_client, PROJECTS, valid_on="30/06/2020") == {"OLD", "NEW", "ENDS"}
    assert codes(leadership_client, PROJECTS, valid_on="2020-06-29") == {
        "OLD",
        "NEW",
        "ENDED",
        "ENDS",
    }


def test_valid_on_reads_capital_on_that_day(register, leadership_client):
    project = register["old"]
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 1, 1), amount=Decimal(5))
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 8, 1), amount=Decimal(7))
    response = leadership_client.get(PROJECTS, {"valid_on": "30/06/2020", "q": "OLD"})
    (row,) = response.context["table"].paginated_rows
    assert row.record.capital == project.registered_capital + 5


def test_terminated_from_and_to(register, leadership_client):
    assert codes(leadership_client, PROJECTS, terminated_from="01/01/2021") == {"ENDS"}
    assert codes(leadership_client, PROJECTS, terminated_to="31/12/2020") == {"ENDED"}
    window = {"terminated_from": "01/01/2020", "terminated_to": "30/6/2020"}
    both = codes(leadership_client, PROJECTS, **window)
    assert both == {"ENDED"}


def test_registered_from_and_to(register, leadership_client):
    assert codes(leadership_client, PROJECTS, registered_from="01/03/2020") == {"NEW", "LATER"}
    assert codes(leadership_client, PROJECTS, registered_to="01/03/2020") == {
        "OLD",
        "NEW",
        "ENDED",
        "ENDS",
    }


def test_increased_from_and_to_need_one_increase_inside_the_range(register, leadership_client):
    old, new = register["old"], register["new"]
    # Two increases either side of the range: not a project that increased capital in it.
    CapitalAdjustmentFactory(project=old, adjusted_on=dt.date(2019, 12, 1), amount=Decimal(1))
    CapitalAdjustmentFactory(project=old, adjusted_on=dt.date(2020, 8, 1), amount=Decimal(1))
    CapitalAdjustmentFactory(project=new, adjusted_on=dt.date(2020, 5, 1), amount=Decimal(1))
    CapitalAdjustmentFactory(project=register["ends_later"], adjusted_on=dt.date(2020, 5, 2),
                             amount=Decimal(-1))  # fmt: skip
    window = {"increased_from": "01/01/2020", "increased_to": "30/06/2020"}
    assert codes(leadership_client, PROJECTS, **window) == {"NEW"}
    assert codes(leadership_client, PROJECTS, increased_from="01/06/2020") == {"OLD"}
    assert codes(leadership_client, PROJECTS, increased_to="01/01/2020") == {"OLD"}


def test_adjusted_from_to_and_direction(register, leadership_client):
    project = register["old"]
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 1, 1), amount=Decimal(5),
                             reference="UP")  # fmt: skip
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 2, 1), amount=Decimal(-2),
                             reference="DOWN")  # fmt: skip
    response = leadership_client.get(
        ADJUSTMENTS, {"adjusted_from": "15/01/2020", "adjusted_to": "31/12/2020"}
    )
    assert [r.record.reference for r in response.context["table"].paginated_rows] == ["DOWN"]
    response = leadership_client.get(ADJUSTMENTS, {"direction": "up"})
    assert [r.record.reference for r in response.context["table"].paginated_rows] == ["UP"]


def test_share_acquisitions_registered_from_and_to(leadership_client):
    ShareAcquisitionFactory(code="GV-A", registered_on=dt.date(2021, 1, 5))
    ShareAcquisitionFactory(code="GV-B", registered_on=dt.date(2021, 7, 5))
    assert codes(leadership_client, SHARES, registered_from="01/07/2021") == {"GV-B"}
    assert codes(leadership_client, SHARES, registered_to="30/06/2021") == {"GV-A"}


@pytest.mark.parametrize(
    "name",
    ["valid_on", "terminated_from", "terminated_to", "increased_from", "increased_to"],
)
@pytest.mark.parametrize("value", ["31/02/2020", "yesterday", "9" * 40, "01/01/0000"])
def test_bad_dates_are_a_form_error_not_a_500(register, leadership_client, name, value):
    response = leadership_client.get(PROJECTS, {name: value})
    assert response.status_code == 200
    assert name in response.context["filter"].form.errors
