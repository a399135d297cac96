from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["QUARTERS", "Indicator"]


class Indicator(models.TextChoices):
    """The figures the Authority sets an annual plan for (SPEC "Enterprise operations")."""

    REVENUE_USD = "revenue_usd", _("Revenue of FDI enterprises (USD)")
    EXPORTS = "exports", _("Exports (USD)")
    IMPORTS = "imports", _("Imports (USD)")
    BUDGET_PAID = "budget_paid", _("Payments to the state budget (VND)")


#: The currency of each indicator's amount.
INDICATOR_CURRENCY = {
    Indicator.REVENUE_USD: "USD",
    Indicator.EXPORTS: "USD",
    Indicator.IMPORTS: "USD",
    Indicator.BUDGET_PAID: "VND",
}

QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
