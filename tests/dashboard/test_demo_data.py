"""The dashboard on the demo history (1995–2025): the source's 2020-H1 paragraph, as a leader
reads it, in both languages, with the same number of queries as on a handful of projects."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.generator import generate_for_database, load
from tests.dashboard.pages import (
    OWN_QUERIES,
    assert_source_figures,
    get,
    summary_queries,
    text_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load(generate_for_database())


def test_first_half_of_2020_in_vietnamese(demo, leadership_client):
    response = get(leadership_client, period="2020-H1")
    assert_source_figures(response, "vi")
    text = text_of(response)
    assert "19 (" in text and "14 (" in text
    bar = re.search(r'role="progressbar"[^>]*', response.content.decode())[0]
    assert 'aria-valuenow="46.2"' in bar


def test_first_half_of_2020_in_english(demo, leadership_client):
    response = get(leadership_client, language="en", period="2020-H1")
    assert_source_figures(response, "en")


def test_thirty_years_of_data_take_the_same_queries(demo, leadership_client, uncached_figures):
    summary = summary_queries()
    with CaptureQueriesContext(connection) as queries:
        get(leadership_client, period="2020-H1")
    assert len(queries) == OWN_QUERIES + summary
