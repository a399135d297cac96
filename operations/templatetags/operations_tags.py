"""The operations card of the project page (the investments app links to it by template, so
it need not import the operations app)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from investments.models import Project

register = template.Library()

#: Quarters shown on the project page; the reports list holds the rest.
SHOWN = 8


@register.inclusion_tag("operations/includes/project_reports.html", takes_context=True)
def project_operations(context: dict[str, Any], project: Project) -> dict[str, Any]:
    # The related manager reads withdrawn reports too (the default manager): only those that count.
    reports = list(
        project.operations_reports.filter(withdrawn_at__isnull=True).order_by("-year", "-quarter")[
            : SHOWN + 1
        ]
    )
    return {
        "project": project,
        "reports": reports[:SHOWN],
        "more": len(reports) > SHOWN,
        "can_enter_data": context.get("can_enter_data", False) and not project.is_withdrawn,
        "create_url": reverse("operations:report_create")
        + "?"
        + urlencode({"project": project.pk}),
        "list_url": reverse("operations:report_list") + "?" + urlencode({"q": project.code}),
    }
