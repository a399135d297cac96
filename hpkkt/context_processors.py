from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hpkkt.roles import can_enter_data, can_manage_targets


def roles(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None:
        return {"can_enter_data": False, "can_manage_targets": False}
    return {"can_enter_data": can_enter_data(user), "can_manage_targets": can_manage_targets(user)}


# (URL name, label, needs data-entry permission). Each app registers the URL name.
NAV_ITEMS = [
    ("dashboard:index", _("Dashboard"), False),
    ("reports:index", _("Period report"), False),
    ("investments:project_list", _("Projects"), False),
    ("investments:adjustment_list", _("Capital adjustments"), False),
    ("budget:remittance_list", _("Budget remittances"), False),
    ("investments:target_list", _("Targets"), False),
    ("budget:plan_list", _("Budget plans"), False),
    ("exchange:import", _("Import Excel"), True),
]


def navigation(request: HttpRequest) -> dict[str, list[dict[str, object]]]:
    """Main menu entries the user may open, the current one marked active."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for name, label, needs_entry in NAV_ITEMS:
        if needs_entry and not can_enter_data(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            # A page not installed in this deployment; tests check every entry resolves.
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
