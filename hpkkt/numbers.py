"""Numbers as the Authority writes them, and the percentages every report shows.

The source document writes "15.441,2 triệu USD", "468 triệu đồng", "tăng 42%", "03 dự án":
one decimal with a decimal comma and dot thousands, a trailing ",0" dropped, counts under ten
with two digits. English uses "15,441.2" and plain counts. These helpers do not depend on the
active locale, so a report in English can be written from a Vietnamese request and back.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal

from hpkkt.units import DisplayUnit

ONE_PLACE = Decimal("0.1")
HUNDRED = Decimal(100)
#: Enough digits for any ratio of two 17-digit amounts, whatever the ambient context says.
_CONTEXT = decimal.Context(prec=50, rounding=ROUND_HALF_UP)

__all__ = [
    "format_amount",
    "format_count",
    "format_number",
    "format_pct",
    "format_range",
    "growth_pct",
    "is_english",
    "percent",
    "round_half_up",
]


def is_english(lang: str | None) -> bool:
    return bool(lang) and lang.lower().startswith("en")


def round_half_up(value: Decimal, places: int = 1) -> Decimal:
    """Round half up (46.25 → 46.3), never banker's rounding."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_CONTEXT)


def percent(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """``part / whole × 100`` to one place; None when either is missing or ``whole`` is 0."""
    if part is None or whole is None or whole == 0:
        return None
    ratio = _CONTEXT.divide(Decimal(part) * HUNDRED, Decimal(whole))
    return round_half_up(ratio)


def growth_pct(current: Decimal | int | None, previous: Decimal | int | None) -> Decimal | None:
    """``(current / previous − 1) × 100`` to one place; None when there is nothing to compare."""
    if current is None or previous is None or previous == 0:
        return None
    ratio = _CONTEXT.divide(Decimal(current) * HUNDRED, Decimal(previous))
    return round_half_up(_CONTEXT.subtract(ratio, HUNDRED))


def format_number(
    value: Decimal | int,
    places: int = 1,
    lang: str = "vi",
    *,
    drop_zero: bool = True,
) -> str:
    """``15441.2`` → ``"15.441,2"`` (vi) or ``"15,441.2"`` (en), rounded half up.

    With ``drop_zero`` a fraction of zeros is left out, as the source writes "468 triệu
    đồng" and "tăng 42%"; tables keep it (``drop_zero=False``) so columns line up.
    """
    number = round_half_up(Decimal(value), places)
    if number == 0:
        number = abs(number)  # no "-0"
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, point = (",", ".") if is_english(lang) else (".", ",")
    text = sign + thousands.join(groups)
    if fraction and not (drop_zero and set(fraction) == {"0"}):
        text += point + fraction
    return text


def format_count(value: int, lang: str = "vi") -> str:
    """A number of projects: "03" in Vietnamese reports (two digits under ten), "3" in English."""
    if is_english(lang):
        return format_number(value, 0, lang)
    return f"{value:02d}" if 0 < value < 10 else format_number(value, 0, lang)


def format_amount(
    amount: Decimal | None,
    unit: DisplayUnit,
    lang: str = "vi",
    *,
    drop_zero: bool = True,
    with_unit: bool = True,
) -> str:
    """An amount in whole currency units shown in ``unit``: ``693600000`` → "693,6 triệu USD"."""
    if amount is None:
        return ""
    text = format_number(unit.scale(amount), 1, lang, drop_zero=drop_zero)
    return f"{text} {unit.label(lang)}" if with_unit else text


def format_pct(value: Decimal | None, lang: str = "vi", *, drop_zero: bool = True) -> str:
    """A percentage already rounded to one place: ``Decimal("42.0")`` → "42%"."""
    if value is None:
        return ""
    return format_number(value, 1, lang, drop_zero=drop_zero) + "%"


def format_range(
    low: Decimal | None,
    high: Decimal | None,
    unit: DisplayUnit,
    lang: str = "vi",
) -> str:
    """A target, which may be a range: "1.800–2.300 triệu USD", or "1.500 triệu USD"."""
    if low is None:
        return ""
    if high is None or high == low:
        return format_amount(low, unit, lang)
    return (
        f"{format_amount(low, unit, lang, with_unit=False)}–"
        f"{format_amount(high, unit, lang, with_unit=False)} {unit.label(lang)}"
    )
