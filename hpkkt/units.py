"""Display units of the source document: FDI in million USD, DI in billion VND, the budget in
million dong. Amounts are stored in whole currency units and only scaled for display."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language


@dataclass(frozen=True, slots=True)
class DisplayUnit:
    divisor: Decimal
    vi: str
    en: str

    def label(self, lang: str | None = None) -> str:
        lang = lang or get_language() or "vi"
        return self.en if lang.startswith("en") else self.vi

    def scale(self, amount: Decimal | None) -> Decimal | None:
        """The amount in this unit, exact (no rounding: rounding happens on display)."""
        return None if amount is None else amount / self.divisor


FDI_UNIT = DisplayUnit(Decimal(10**6), "triệu USD", "million USD")
DI_UNIT = DisplayUnit(Decimal(10**9), "tỷ VND", "billion VND")
BUDGET_UNIT = DisplayUnit(Decimal(10**6), "triệu đồng", "million VND")

#: Display unit by project kind or "BUDGET".
UNITS = {"FDI": FDI_UNIT, "DI": DI_UNIT, "BUDGET": BUDGET_UNIT}
#: Currency of the stored amounts, for headers of raw exports ("Vốn đăng ký (USD)").
CURRENCIES = {"FDI": "USD", "DI": "VND", "BUDGET": "VND"}
