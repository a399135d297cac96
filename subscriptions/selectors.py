"""Reads for the email subscriptions: which periods are due, who receives them, in what
language, and what has already been delivered."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from dashboard.middleware import supported
from dashboard.models import UserPreference
from hpkkt.periods import Period
from reports.types import PeriodSummary
from subscriptions.models import Delivery, Frequency, Subscription

__all__ = [
    "closed_month_end",
    "deliveries_for",
    "due_periods",
    "failed_deliveries",
    "frequency_of",
    "has_data",
    "subscribers",
    "subscription_of",
    "user_language",
]

#: A failed delivery is re-attempted on each run until it has failed this many times.
MAX_ATTEMPTS = 10


def closed_month_end(today: dt.date) -> dt.date:
    """The last day of the most recent month that is over."""
    return today.replace(day=1) - dt.timedelta(days=1)


def due_periods(today: dt.date) -> dict[str, Period]:
    """The most recent closed month, quarter and half-year on ``today`` (no backfill).

    On 1 July 2020 that is June, the second quarter and the first half of 2020; on 15 August
    it is July, the second quarter and the first half.
    """
    end = closed_month_end(today)
    year, month = end.year, end.month
    # Quarters end in months 3, 6, 9, 12 and halves in 6 and 12: the count of those already
    # behind ``end`` names the latest; none yet means the last one of the year before.
    quarter = Period.quarter(year, month // 3) if month >= 3 else Period.quarter(year - 1, 4)
    half = Period.half(year, month // 6) if month >= 6 else Period.half(year - 1, 2)
    return {
        Frequency.MONTHLY: Period.month(year, month),
        Frequency.QUARTERLY: quarter,
        Frequency.HALF_YEARLY: half,
    }


def frequency_of(period: Period) -> str | None:
    """The subscription flag that receives ``period`` (None for a year or a run of days)."""
    kinds = {
        "month": Frequency.MONTHLY,
        "quarter": Frequency.QUARTERLY,
        "half": Frequency.HALF_YEARLY,
    }
    return kinds.get(period.kind)


def subscribers(flag: str) -> QuerySet[Subscription]:
    """Active users subscribed to ``flag`` (a ``Frequency`` or ``"alerts"``) with an address."""
    return (
        Subscription.objects.filter(**{flag: True}, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "user__dashboard_preference")
        .order_by("user__username")
    )


def subscription_of(user: AbstractBaseUser) -> Subscription | None:
    return Subscription.objects.filter(user=user).first()


def user_language(user: AbstractBaseUser) -> str:
    """The language the user chose in the app (saved by ``dashboard.middleware``)."""
    try:
        language = user.dashboard_preference.language
    except UserPreference.DoesNotExist:
        language = None
    return language if supported(language) else settings.LANGUAGE_CODE


def deliveries_for(topic: str, keys: list[str]) -> dict[tuple[int, str], Delivery]:
    """The deliveries already recorded for these keys, by (user id, key), in one query."""
    rows = Delivery.objects.filter(topic=topic, key__in=keys)
    return {(row.user_id, row.key): row for row in rows}


def failed_deliveries(topic: str) -> QuerySet[Delivery]:
    """Failed deliveries still worth another attempt, oldest first."""
    return (
        Delivery.objects.filter(
            topic=topic, status=Delivery.Status.FAILED, attempts__lt=MAX_ATTEMPTS
        )
        .select_related("user", "user__dashboard_preference", "user__report_subscription")
        .order_by("created_at", "pk")
    )


def has_data(summary: PeriodSummary) -> bool:
    """Whether anything was registered, adjusted, terminated or remitted in the period."""
    kinds = (summary.fdi, summary.di)
    return bool(
        any(
            k.new_projects or k.adjusted_projects or k.reduced_capital or k.terminated_projects
            for k in kinds
        )
        or summary.budget.remitted
    )
