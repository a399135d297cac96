"""Drill-through checks shared by the dashboard and report tests: read the links a page
offers (``data-drill`` attributes, as reports/includes/drill.html writes them, and the
charts' ``customdata``), follow each with the test client and compare the list's row count
or column total with the figure that was clicked."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client

LINK = re.compile(
    r'<a class="drill-link" href="(?P<url>[^"]+)" title="[^"]*" '
    r'data-drill="(?P<measure>[^"]+)" data-drill-value="(?P<value>[^"]+)">'
)
FIGURE = re.compile(r'<script id="figure-[^"]+" type="application/json">(.*?)</script>', re.S)


@dataclass(frozen=True)
class DrillLink:
    url: str
    measure: str
    value: Decimal


def drill_links(content: bytes | str) -> list[DrillLink]:
    """Every figure link of a rendered page, once each, in page order."""
    text = content.decode() if isinstance(content, bytes) else content
    seen: dict[tuple[str, str, Decimal], DrillLink] = {}
    for match in LINK.finditer(text):
        link = DrillLink(
            html.unescape(match["url"]), match["measure"], Decimal(html.unescape(match["value"]))
        )
        seen.setdefault((link.url, link.measure, link.value), link)
    return list(seen.values())


def chart_links(content: bytes | str) -> set[str]:
    """Every URL a chart bar or point carries in its ``customdata``."""
    text = content.decode() if isinstance(content, bytes) else content
    urls: set[str] = set()
    for match in FIGURE.finditer(text):
        figure = json.loads(match[1])
        for trace in figure.get("data", []):
            urls.update(url for url in trace.get("customdata") or [] if isinstance(url, str))
    return urls


def list_figure(client: Client, url: str, measure: str) -> Decimal:
    """What the list at ``url`` shows for ``measure``: its row count, or the total of a
    column (in one currency: every drill link filters one kind)."""
    response = client.get(url)
    assert response.status_code == 200, url
    table = response.context["table"]
    form = response.context["filter"].form
    assert form.is_valid(), (url, form.errors)
    if measure == "count":
        return Decimal(table.paginator.count)
    totals = table.totals.get(measure, [])
    assert len({total.currency for total in totals}) <= 1, (url, measure)
    return sum((total.amount for total in totals), Decimal(0))


def assert_links_reproduce(client: Client, links: list[DrillLink]) -> None:
    """Each link's list counts or totals exactly the figure it was clicked from."""
    assert links
    wrong = []
    for link in links:
        shown = list_figure(client, link.url, link.measure)
        if shown != link.value:
            wrong.append((link.url, link.measure, link.value, shown))
    assert not wrong, wrong
