"""Who may open the report page, its downloads and its publication (see tests/views.py)."""

import pytest

from hpkkt.periods import Period
from reports.publications import publish_report
from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


def _publication() -> list[int]:
    return [publish_report(period=Period.parse("2020-H1")).pk]


class TestReportViews(ViewPermissionTestCase):
    cases = [
        ViewCase("reports:index", Access.READ),
        ViewCase("reports:index", Access.READ, query="?period=2020&format=docx"),
        ViewCase("reports:index", Access.READ, query="?period=2020-H1&format=xlsx"),
        ViewCase("reports:index", Access.READ, query="?period=2020-H1&format=pdf"),
        ViewCase("reports:publish", Access.TARGETS, ("post",)),
        ViewCase("reports:publication_docx", Access.READ, args=_publication),
    ]
