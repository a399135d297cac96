"""Every write of the subscriptions app: the settings page's choices, the deliveries and the
alert's state, and the sending that records them.

Sending is the one place a write depends on the outside world: each message is sent first
and its ``Delivery`` recorded right after, as sent or as failed with the error. A failed
delivery is re-attempted by the next run; a sent one is never sent again (the row is unique
per person, topic and key).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.panels import target_progress
from dashboard.selectors import history, projection
from hpkkt.fields import to_decimal
from hpkkt.periods import Period
from hpkkt.services import record_user
from hpkkt.units import UNITS
from investments.choices import ProjectKind
from reports.bundle import PeriodReport, ReportFile, period_report, report_files
from reports.selectors import summary_for
from subscriptions import selectors
from subscriptions.messages import alert_message, report_message
from subscriptions.models import AlertState, Delivery, Frequency, Subscription

__all__ = [
    "Outcome",
    "check_alerts",
    "delivery_record",
    "send_due_reports",
    "send_report",
    "subscription_set",
]

logger = logging.getLogger("subscriptions")

User = AbstractBaseUser


@dataclass
class Outcome:
    """What a run did, for the command's one-line summary and the tests."""

    sent: int = 0
    failed: int = 0
    skipped: list[str] = field(default_factory=list)


def check_site_url() -> None:
    if not settings.SITE_URL:
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL is not set: emails need the dashboard's address."
        )


# -- the settings page ----------------------------------------------------------------------


@transaction.atomic
def subscription_set(
    *,
    user: User,
    email: str,
    monthly: bool,
    quarterly: bool,
    half_yearly: bool,
    alerts: bool,
    changed_by: User | None = None,
) -> Subscription:
    """Save what ``user`` receives by email, and the address it goes to."""
    email = (email or "").strip()
    errors: dict[str, list[ValidationError]] = {}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [ValidationError(_("Enter a valid email address."), code="invalid")]
    elif monthly or quarterly or half_yearly or alerts:
        errors["email"] = [
            ValidationError(_("Enter the email address the reports should go to."), code="required")
        ]
    if errors:
        raise ValidationError(errors)
    if email != user.email:
        user.email = email
        user.full_clean(exclude=["password"], validate_unique=False)
        user.save(update_fields=["email"])
    subscription = Subscription.objects.filter(user=user).first() or Subscription(user=user)
    subscription.monthly = monthly
    subscription.quarterly = quarterly
    subscription.half_yearly = half_yearly
    subscription.alerts = alerts
    subscription.full_clean()
    record_user(subscription, changed_by or user)
    subscription.save()
    return subscription


# -- deliveries -----------------------------------------------------------------------------


@transaction.atomic
def delivery_record(
    *,
    user: User,
    topic: str,
    key: str,
    email: str,
    language: str,
    error: str = "",
    existing: Delivery | None = None,
) -> Delivery:
    """Record one attempt: sent (``error`` empty) or failed with the error's text."""
    delivery = existing or Delivery(user=user, topic=topic, key=key)
    delivery.email = email
    delivery.language = language
    delivery.attempts += 1
    if error:
        delivery.status = Delivery.Status.FAILED
        delivery.last_error = error[:2000]
    else:
        delivery.status = Delivery.Status.SENT
        delivery.last_error = ""
        delivery.sent_at = timezone.now()
    delivery.full_clean(validate_unique=existing is not None)
    delivery.save()
    return delivery


def _attempt(
    message_of, *, user: User, topic: str, key: str, language: str, existing: Delivery | None
) -> bool:
    """Send one message and record the attempt; True when it went."""
    try:
        message_of().send()
    except Exception as exc:  # noqa: BLE001 (SMTP, socket and backend errors alike)
        error = f"{type(exc).__name__}: {exc}"
        logger.warning("Could not send %s %s to %s: %s", topic, key, user.email, error)
        delivery_record(
            user=user,
            topic=topic,
            key=key,
            email=user.email,
            language=language,
            error=error,
            existing=existing,
        )
        return False
    logger.info("Sent %s %s to %s", topic, key, user.email)
    delivery_record(
        user=user, topic=topic, key=key, email=user.email, language=language, existing=existing
    )
    return True


class _Reports:
    """Each period's report and files assembled once per language, however many subscribers."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[PeriodReport, list[ReportFile] | None]] = {}

    def get(self, period: Period, lang: str) -> tuple[PeriodReport, list[ReportFile] | None]:
        """The report and its files; files None when the period has no data."""
        key = (period.key, lang)
        if key not in self._cache:
            report = period_report(period, lang)
            files = report_files(report) if selectors.has_data(report.summary) else None
            self._cache[key] = (report, files)
        return self._cache[key]


def send_report(*, period: Period, to: list[str], lang: str) -> bool:
    """Send the report of ``period`` now (``send_report`` command); False when no data."""
    check_site_url()
    report, files = _Reports().get(period, lang)
    if files is None:
        return False
    report_message(report, files, to, subscribed=False).send()
    logger.info("Sent report %s to %s", period.key, ", ".join(to))
    return True


def send_due_reports(*, today: dt.date | None = None) -> Outcome:
    """The most recent closed month, quarter and half-year to each of their subscribers,
    once; then another attempt at every failed delivery."""
    check_site_url()
    today = today or timezone.localdate()
    outcome = Outcome()
    reports = _Reports()
    due = selectors.due_periods(today)
    done = selectors.deliveries_for(Delivery.Topic.REPORT, [p.key for p in due.values()])
    attempted: set[tuple[int, str]] = set()

    def deliver(user: User, period: Period, existing: Delivery | None) -> None:
        attempted.add((user.pk, period.key))
        language = selectors.user_language(user)
        report, files = reports.get(period, language)
        if files is None:
            outcome.skipped.append(f"{period.key}: no data")
            return
        sent = _attempt(
            lambda: report_message(report, files, [user.email]),
            user=user,
            topic=Delivery.Topic.REPORT,
            key=period.key,
            language=language,
            existing=existing,
        )
        outcome.sent += sent
        outcome.failed += not sent

    for frequency in Frequency.values:
        period = due[frequency]
        for subscription in selectors.subscribers(frequency):
            existing = done.get((subscription.user_id, period.key))
            if existing is not None and (
                existing.status == Delivery.Status.SENT
                or existing.attempts >= selectors.MAX_ATTEMPTS
            ):
                continue
            deliver(subscription.user, period, existing)
    # Failures of earlier runs for periods no longer due, while the person still wants them.
    for delivery in selectors.failed_deliveries(Delivery.Topic.REPORT):
        if (
            (delivery.user_id, delivery.key) in attempted
            or not delivery.user.is_active
            or not delivery.user.email
        ):
            continue
        period = Period.parse(delivery.key)
        subscription = getattr(delivery.user, "report_subscription", None)
        flag = selectors.frequency_of(period)
        if subscription is None or flag is None or not getattr(subscription, flag):
            continue
        deliver(delivery.user, period, delivery)
    return outcome


# -- the target alert -----------------------------------------------------------------------


def _evaluate(kind: str, as_of: dt.date) -> AlertState | None:
    """Where the year-end projection of ``kind`` stands at ``as_of``, unsaved (None when the
    year has no target or no history to project from)."""
    year_start = dt.date(as_of.year, 1, 1)
    figures = summary_for(Period.between(year_start, as_of)).kind(kind)
    if figures.annual_target is None:
        return None
    estimate = projection(
        as_of=as_of, year_to_date=figures.attracted_capital, past=history(end=as_of)[kind]
    )
    if estimate.projected is None:
        return None
    unit = UNITS[kind]
    progress = target_progress(year_to_date=figures, projection=estimate, unit=unit)
    pace = (
        None if progress.monthly_pace is None else to_decimal(progress.monthly_pace * unit.divisor)
    )
    return AlertState(
        kind=kind,
        year=as_of.year,
        below_target=estimate.projected < figures.annual_target,
        as_of=as_of,
        year_to_date=figures.attracted_capital,
        projected=to_decimal(estimate.projected),
        target=figures.annual_target,
        monthly_pace=pace,
    )


@transaction.atomic
def alert_state_update(*, found: AlertState) -> tuple[AlertState, bool]:
    """Save the state just evaluated; True when the alert must go out (a change).

    The first check of a year counts "on track" as where it came from, so a year that starts
    below its target raises the alert and one that starts above it stays quiet.
    """
    state = AlertState.objects.select_for_update().filter(kind=found.kind, year=found.year).first()
    if state is None:
        state = found
        changed = found.below_target
        state.changes = 1 if changed else 0
    else:
        changed = state.below_target != found.below_target
        for name in ("below_target", "as_of", "year_to_date", "projected", "target"):
            setattr(state, name, getattr(found, name))
        state.monthly_pace = found.monthly_pace
        state.changes += 1 if changed else 0
    state.full_clean()
    state.save()
    return state, changed


def check_alerts(*, today: dt.date | None = None) -> Outcome:
    """After a month closes: tell the alert subscribers when a kind's year-end projection
    crossed its annual target (either way), once per change; retry failed alerts."""
    check_site_url()
    today = today or timezone.localdate()
    as_of = selectors.closed_month_end(today)
    outcome = Outcome()
    current: dict[str, AlertState] = {}
    changed_now: set[str] = set()
    for kind in ProjectKind.values:
        saved = AlertState.objects.filter(kind=kind, year=as_of.year).first()
        if saved is not None and saved.as_of >= as_of:
            current[saved.alert_key] = saved  # this month was checked already
            continue
        found = _evaluate(kind, as_of)
        if found is None:
            outcome.skipped.append(f"{kind}: no target or no history")
            continue
        state, changed = alert_state_update(found=found)
        current[state.alert_key] = state
        if changed:
            changed_now.add(state.alert_key)
    keys = [key for key, state in current.items() if state.changes]
    done = selectors.deliveries_for(Delivery.Topic.ALERT, keys)
    for subscription in selectors.subscribers("alerts"):
        user = subscription.user
        language = selectors.user_language(user)
        for key in keys:
            existing = done.get((user.pk, key))
            if existing is None and key not in changed_now:
                continue  # an earlier change: only a failed attempt at it is retried
            if existing is not None and (
                existing.status == Delivery.Status.SENT
                or existing.attempts >= selectors.MAX_ATTEMPTS
            ):
                continue
            state = current[key]
            sent = _attempt(
                lambda state=state, language=language, user=user: alert_message(
                    state, language, [user.email]
                ),
                user=user,
                topic=Delivery.Topic.ALERT,
                key=key,
                language=language,
                existing=existing,
            )
            outcome.sent += sent
            outcome.failed += not sent
    return outcome
