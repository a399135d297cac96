"""The three roles of the SPEC ("Who uses it") and the permissions each group holds."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

STAFF_GROUP = "Cán bộ"
LEADERSHIP_GROUP = "Lãnh đạo"

# (app_label, model) -> actions. No group may delete; targets and plans are for admins.
STAFF_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("investments", "project"): ("add", "change", "view"),
    ("investments", "capitaladjustment"): ("add", "change", "view"),
    ("investments", "zone"): ("view",),
    ("investments", "sector"): ("view",),
    ("investments", "annualtarget"): ("view",),
    ("budget", "remittance"): ("add", "change", "view"),
    ("budget", "unit"): ("view",),
    ("budget", "budgetplan"): ("view",),
}
LEADERSHIP_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = dict.fromkeys(
    STAFF_PERMISSIONS, ("view",)
)
GROUP_PERMISSIONS = {STAFF_GROUP: STAFF_PERMISSIONS, LEADERSHIP_GROUP: LEADERSHIP_PERMISSIONS}


def can_enter_data(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Staff (and administrators) enter and correct projects and remittances."""
    return bool(user.is_authenticated and user.has_perm("investments.add_project"))


def can_manage_targets(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Annual targets and budget plans are set by administrators only."""
    return bool(user.is_authenticated and user.has_perm("investments.change_annualtarget"))
