"""Who receives the period report by email, what was sent to whom, and the alert's state.

A ``Delivery`` is unique per person, topic and key (the period's key for a report, the kind,
year and change number for an alert): that row is what makes "never twice" hold, and a
failed one is what the next run re-attempts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hpkkt.fields import MoneyField
from investments.choices import ProjectKind

__all__ = ["AlertState", "Delivery", "Frequency", "Subscription"]


class Frequency(models.TextChoices):
    """The closed periods a subscriber receives; the value names the ``Subscription`` flag."""

    MONTHLY = "monthly", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")
    HALF_YEARLY = "half_yearly", _("Half-year report")


class Subscription(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="report_subscription",
    )
    monthly = models.BooleanField(_("monthly report"), default=False)
    quarterly = models.BooleanField(_("quarterly report"), default=False)
    half_yearly = models.BooleanField(_("half-year report"), default=False)
    alerts = models.BooleanField(_("alerts on the annual target"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_active(self) -> bool:
        return self.monthly or self.quarterly or self.half_yearly or self.alerts


class Delivery(models.Model):
    class Topic(models.TextChoices):
        REPORT = "report", _("Period report")
        ALERT = "alert", _("Target alert")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="report_deliveries",
    )
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices)
    key = models.CharField(_("key"), max_length=40)
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic", "key"], name="subscriptions_delivery_once"
            ),
            models.CheckConstraint(
                condition=Q(status="failed") | Q(sent_at__isnull=False),
                name="subscriptions_delivery_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.topic} {self.key} · {self.status}"


class AlertState(models.Model):
    """Where the year-end projection of one kind stood against its target at the last check."""

    kind = models.CharField(_("kind"), max_length=3, choices=ProjectKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    below_target = models.BooleanField(_("projection below the target"))
    #: How many times the state flipped; the alert of change N is delivered once per person.
    changes = models.PositiveSmallIntegerField(_("changes"), default=0)
    as_of = models.DateField(_("as of"))
    year_to_date = MoneyField(_("attracted, year to date"))
    projected = MoneyField(_("year-end projection"))
    target = MoneyField(_("annual target"))
    monthly_pace = MoneyField(_("required monthly pace"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("target alert state")
        verbose_name_plural = _("target alert states")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="subscriptions_alert_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {'below' if self.below_target else 'on track'}"

    @property
    def alert_key(self) -> str:
        return f"{self.kind}-{self.year}-{self.changes}"
