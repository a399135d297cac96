"""The operations list's ``period`` filter: the quarters the period engine counts."""

from decimal import Decimal

import pytest

from operations.selectors import quarter_range
from tests.factories import ProjectFactory
from tests.operations.factories import OperationsReportFactory

pytestmark = pytest.mark.django_db

URL = "/operations/reports/"


@pytest.fixture
def reports():
    project = ProjectFactory()
    return {
        (year, quarter): OperationsReportFactory(
            project=project, year=year, quarter=quarter, exports=Decimal(year * 10 + quarter)
        )
        for year in (2019, 2020)
        for quarter in (1, 2, 3, 4)
    }


def shown(client, **params) -> set[tuple[int, int]]:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["filter"].form.is_valid(), response.context["filter"].form.errors
    return {(r.record.year, r.record.quarter) for r in response.context["table"].paginated_rows}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2020-H1", {(2020, 1), (2020, 2)}),
        ("2020-Q3", {(2020, 3)}),
        ("2020", {(2020, q) for q in (1, 2, 3, 4)}),
        ("2020-05", set()),  # no quarter ends in May
        ("2020-06", {(2020, 2)}),
        ("2019-11-15..2020-04-30", {(2019, 4), (2020, 1)}),
    ],
)
def test_period_is_the_quarters_ending_in_it(reports, leadership_client, key, expected):
    assert shown(leadership_client, period=key) == expected


def test_period_matches_the_engine_quarters(reports, leadership_client):
    from hpkkt.periods import Period

    period = Period.parse("2019-11-15..2020-04-30")
    assert shown(leadership_client, period=period.key) == set(
        quarter_range(period.start, period.end)
    )


@pytest.mark.parametrize("value", ["2020-H3", "yesterday", "2020-13", "9" * 40, "3000-Q1"])
def test_a_bad_period_is_a_form_error_not_a_500(reports, leadership_client, value):
    response = leadership_client.get(URL, {"period": value})
    assert response.status_code == 200
    assert "period" in response.context["filter"].form.errors
