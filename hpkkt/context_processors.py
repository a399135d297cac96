from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hpkkt.roles import can_enter_data, can_manage_targets


def roles(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None:
        return {"can_enter_data": False, "can_manage_targets": False}
    return {"can_enter_data": can_enter_data(user), "can_manage_targets": can_manage_targets(user)}


# (URL name, label, needs data-entry permission, menu group or None).
INVESTMENT = _("Investment")
PLANS = _("Plans")
OPERATIONS = _("Enterprises")
NAV_ITEMS = [
    ("dashboard:index", _("Dashboard"), False, None),
    ("reports:index", _("Period report"), False, None),
    ("investments:project_list", _("Projects"), False, INVESTMENT),
    ("investments:adjustment_list", _("Capital adjustments"), False, INVESTMENT),
    ("investments:share_acquisition_list", _("Share acquisitions"), False, INVESTMENT),
    ("budget:remittance_list", _("Budget remittances"), False, None),
    ("operations:report_list", _("Operations reports"), False, OPERATIONS),
    ("operations:missing_reports", _("Missing reports"), False, OPERATIONS),
    ("investments:target_list", _("Targets"), False, PLANS),
    ("budget:plan_list", _("Budget plans"), False, PLANS),
    ("operations:target_list", _("Operations plans"), False, PLANS),
    ("exchange:import", _("Import Excel"), True, None),
]


def navigation(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    """Main menu entries the user may open, the current one marked active.

    Entries sharing a group become one dropdown, so the menu fits one line on a laptop.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for name, label, needs_entry, group in NAV_ITEMS:
        if needs_entry and not can_enter_data(user):
            continue
        url = reverse(name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        link = {"url": url, "label": label, "active": active}
        if group is None:
            items.append(link)
            continue
        if group not in groups:
            groups[group] = {"label": group, "children": [], "active": False}
            items.append(groups[group])
        groups[group]["children"].append(link)
        groups[group]["active"] = groups[group]["active"] or active
    return {"nav_items": items}
