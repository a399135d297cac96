"""Helpers shared by the dashboard's page tests."""

import datetime as dt
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reports.selectors import period_summary

URL = "/"


def text_of(response) -> str:
    """The visible text of the page's main content, whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    main = re.sub(r"</?a\b[^>]*>", "", main)  # drill-through links sit inside the text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def kpi(response, name: str) -> str:
    """The text of a KPI, without the drill-through link it may be wrapped in."""
    pattern = rf'data-kpi="{name}">((?:<a [^>]*>)?[^<]*)(?:</a>)?<'
    match = re.search(pattern, response.content.decode())
    assert match, name
    return re.sub(r"<[^>]+>", "", match[1]).strip()


def get(client: Client, url: str = URL, language: str = "vi", **params):
    client.cookies["django_language"] = language
    return client.get(url, params)


def summary_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        period_summary(start=dt.date(2020, 1, 1), end=dt.date(2020, 6, 30))
    return len(queries)


# Session, user and the user's permissions (the menu), then the dashboard's own selectors over
# the maintained aggregates: 1 monthly + 1 history + 5 breakdown queries (by zone, country and
# sector, and the names of zones and sectors), then the operations section's 1 trade and 2
# occupancy queries, 1 for the period's publication (reports publication_panel) and 1 for the
# drill-through links' reference keys (reports.links.reference_pks); period_summary's come on
# top.
OWN_QUERIES = 2 + 2 + 1 + 1 + 5 + 3 + 1 + 1


#: The source's 2020-H1 figures as the KPI cards show them, in each language.
SOURCE_KPIS = {
    "vi": {
        "fdi-attracted": "693,6",
        "fdi-plan-pct": "46,2%",
        "fdi-cumulative-projects": "383",
        "fdi-cumulative-capital": "15.441,2",
        "di-attracted": "506,5",
        "di-cumulative-projects": "164",
        "di-cumulative-capital": "145.164,9",
        "budget-remitted": "686,7",
    },
    "en": {
        "fdi-attracted": "693.6",
        "fdi-plan-pct": "46.2%",
        "fdi-cumulative-capital": "15,441.2",
        "di-cumulative-capital": "145,164.9",
    },
}
SOURCE_TEXT = {
    "vi": ["tăng 42%", "Kế hoạch năm 2020: 1.500 triệu USD", "468 51,4%", "218,7 23,4%", "37,2%"],
    "en": ["up 42%", "Target 2020: 1,500 million USD"],
}


def assert_source_figures(response, language: str) -> None:
    """The KPI cards of 2020-H1 show the source document's figures."""
    for name, expected in SOURCE_KPIS[language].items():
        assert kpi(response, name) == expected, name
    text = text_of(response)
    for phrase in SOURCE_TEXT[language]:
        assert phrase in text, phrase
