"""The dashboard on the demo history (1995–2025): the source's 2020-H1 paragraph, as a leader
reads it, in both languages, with the same number of queries as on a handful of projects."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hpkkt.demo import generate_for_database, load
from tests.dashboard.pages import OWN_QUERIES, get, kpi, summary_queries, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load(generate_for_database())


def test_first_half_of_2020_in_vietnamese(demo, leadership_client):
    response = get(leadership_client, period="2020-H1")
    text = text_of(response)
    assert kpi(response, "fdi-attracted") == "693,6"
    assert kpi(response, "fdi-plan-pct") == "46,2%"
    assert kpi(response, "fdi-cumulative-projects") == "383"
    assert kpi(response, "fdi-cumulative-capital") == "15.441,2"
    assert kpi(response, "di-attracted") == "506,5"
    assert kpi(response, "di-cumulative-projects") == "164"
    assert kpi(response, "di-cumulative-capital") == "145.164,9"
    assert kpi(response, "budget-remitted") == "686,7"
    assert "tăng 42%" in text
    assert "Kế hoạch năm 2020: 1.500 triệu USD" in text
    assert "19 (" in text and "14 (" in text
    assert "468 51,4%" in text and "218,7 23,4%" in text and "37,2%" in text
    bar = re.search(r'role="progressbar"[^>]*', response.content.decode())[0]
    assert 'aria-valuenow="46.2"' in bar


def test_first_half_of_2020_in_english(demo, leadership_client):
    response = get(leadership_client, language="en", period="2020-H1")
    assert kpi(response, "fdi-attracted") == "693.6"
    assert kpi(response, "fdi-plan-pct") == "46.2%"
    assert kpi(response, "fdi-cumulative-capital") == "15,441.2"
    assert kpi(response, "di-cumulative-capital") == "145,164.9"
    assert "up 42%" in text_of(response)
    assert "Target 2020: 1,500 million USD" in text_of(response)


def test_thirty_years_of_data_take_the_same_queries(demo, leadership_client):
    summary = summary_queries()
    with CaptureQueriesContext(connection) as queries:
        get(leadership_client, period="2020-H1")
    assert len(queries) == OWN_QUERIES + summary
