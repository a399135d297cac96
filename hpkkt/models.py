"""The project's own tables: the security log, the change history of users and groups, and
the date locks that keep published figures from moving.

The historical models of ``auth.User`` and ``auth.Group`` are registered here, so their
migration belongs to this package (``django.contrib.auth`` cannot carry it).
"""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

__all__ = ["DataVersion", "DateLock", "SecurityAction", "SecurityEvent"]


class SecurityAction(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Lockout")
    LOGOUT = "logout", _("Logout")
    OTP_VERIFIED = "otp_verified", _("Two-factor verification")
    OTP_FAILED = "otp_failed", _("Failed two-factor verification")
    OTP_CHANGED = "otp_changed", _("Two-factor setup changed")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")
    USER_CHANGED = "user_changed", _("User changed")
    GROUP_CHANGED = "group_changed", _("Group changed")


class SecurityEvent(models.Model):
    """One line of the security log (ASVS 5.0 V16): who, from where, when, what."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=SecurityAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True, default="")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True, default="")
    detail = models.TextField(_("detail"), blank=True, default="")

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.username}"


# Password hashes and login times stay out of the history: a login is in the security log.
register(
    User,
    app="hpkkt",
    excluded_fields=["password", "last_login"],
    m2m_fields=[User.groups.field],
)
register(Group, app="hpkkt", m2m_fields=[Group.permissions.field])


class DateLock(models.Model):
    """Every date up to ``locked_until`` is frozen: the figures of those days were published.

    Publishing a period creates one; an administrator may lift it back to an earlier date or
    remove it, always with a reason. Locks are never deleted: a removed lock stays with
    ``is_active`` off, and the history keeps every change with its author and reason.
    """

    locked_until = models.DateField(_("locked up to"), db_index=True)
    title = models.CharField(
        _("published as"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("What was published, e.g. the report of the first half of 2020."),
    )
    locked_at = models.DateTimeField(_("locked at"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    change_reason = models.TextField(
        _("reason of the last unlock"),
        blank=True,
        default="",
        help_text=_("Required when the lock is lifted or removed."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("date lock")
        verbose_name_plural = _("date locks")
        ordering = ["-locked_until", "-locked_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_active=True) | ~Q(change_reason=""),
                name="date_lock_removed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.locked_until:%d/%m/%Y}"


class DataVersion(models.Model):
    """The version of the data the figures are computed from: one row, changed by database
    triggers on every committed change of the tables the figures read (``hpkkt.figures``)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(_("version"))

    class Meta:
        db_table = "hpkkt_dataversion"
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return str(self.version)
