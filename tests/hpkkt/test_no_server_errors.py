"""Odd periods in the address bar get a message, never a server error."""

import pytest

URLS = [
    "/?start=9999-01-01&end=9999-12-31",
    "/?start=0001-01-01&end=0001-12-31",
    "/?period=2999",
    "/?period=1900",
    "/?period=2999-12",
    "/?period=1900-01",
    "/?period=abc",
    "/reports/?period=2999",
    "/reports/?period=1900-Q1",
    "/reports/?period=0001-01-01..0001-01-31",
    "/reports/?start=9999-01-01&end=9999-12-31",
    "/reports/?period=2999&format=xlsx",
    "/reports/?period=1900&format=docx",
    "/reports/?period=2020-H3",
]


@pytest.mark.parametrize("url", URLS)
def test_odd_periods_never_cause_a_server_error(leadership_client, url):
    assert leadership_client.get(url).status_code < 500
