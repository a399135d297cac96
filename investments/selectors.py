"""Reads of the investment register that reports build on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, When

from hpkkt.fields import MoneyField, to_decimal
from hpkkt.numbers import percent, round_half_up
from investments.choices import ProjectKind
from investments.models import Project, Zone

__all__ = ["ZoneOccupancy", "occupancy_total", "zone_occupancy"]

HECTARE = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ZoneOccupancy:
    """A zone's industrial land at a date (SPEC "Land and occupancy").

    ``occupancy_pct``: land leased by its valid projects / its industrial land × 100 ("tỷ lệ
    lấp đầy"), None without industrial land. ``density_usd_per_ha``: cumulative capital of its
    valid FDI projects / the land they lease (USD per ha), None when they lease none.
    """

    code: str
    name: str
    name_en: str
    kind: str
    industrial_land_ha: Decimal | None
    leased_ha: Decimal
    occupancy_pct: Decimal | None
    fdi_capital: Decimal
    fdi_leased_ha: Decimal
    density_usd_per_ha: Decimal | None

    @property
    def free_ha(self) -> Decimal | None:
        if self.industrial_land_ha is None:
            return None
        return max(self.industrial_land_ha - self.leased_ha, Decimal("0.00"))


def _hectares(value: Decimal | float | None) -> Decimal:
    return Decimal(str(value or 0)).quantize(HECTARE)


def zone_occupancy(*, day: dt.date) -> list[ZoneOccupancy]:
    """Every zone with industrial land or leased land at ``day``, by name (two queries)."""
    land = DecimalField(max_digits=14, decimal_places=2)
    fdi = Q(kind=ProjectKind.FDI)
    rows = {
        row["zone"]: row
        for row in Project.objects.valid_on(day)
        .with_capital_on(day)
        .order_by()
        .values("zone")
        .annotate(
            leased=Sum("land_area_ha", output_field=land),
            fdi_leased=Sum("land_area_ha", filter=fdi, output_field=land),
            # A CASE, not a FILTER: the capital's subquery then runs for the FDI projects
            # with land only, not for every valid project.
            fdi_capital=Sum(
                Case(When(fdi & Q(land_area_ha__gt=0), then=F("capital"))),
                output_field=MoneyField(),
            ),
        )
    }
    result = []
    for zone in Zone.objects.order_by("name"):
        row = rows.get(zone.pk, {})
        leased = _hectares(row.get("leased"))
        if zone.industrial_land_ha is None and not leased:
            continue
        fdi_leased = _hectares(row.get("fdi_leased"))
        fdi_capital = to_decimal(row.get("fdi_capital") or 0)
        result.append(
            ZoneOccupancy(
                code=zone.code,
                name=zone.name,
                name_en=zone.name_en,
                kind=zone.kind,
                industrial_land_ha=zone.industrial_land_ha,
                leased_ha=leased,
                occupancy_pct=percent(leased, zone.industrial_land_ha),
                fdi_capital=fdi_capital,
                fdi_leased_ha=fdi_leased,
                density_usd_per_ha=(
                    round_half_up(fdi_capital / fdi_leased, 0) if fdi_leased else None
                ),
            )
        )
    return result


def occupancy_total(zones: list[ZoneOccupancy]) -> ZoneOccupancy:
    """All zones together: their leased land over the industrial land of those that have it."""
    with_land = [zone for zone in zones if zone.industrial_land_ha is not None]
    industrial = sum((zone.industrial_land_ha for zone in with_land), Decimal("0.00"))
    leased = sum((zone.leased_ha for zone in with_land), Decimal("0.00"))
    fdi_capital = sum((zone.fdi_capital for zone in zones), Decimal("0.00"))
    fdi_leased = sum((zone.fdi_leased_ha for zone in zones), Decimal("0.00"))
    return ZoneOccupancy(
        code="",
        name="Tổng",
        name_en="Total",
        kind="",
        industrial_land_ha=industrial if with_land else None,
        leased_ha=leased,
        occupancy_pct=percent(leased, industrial) if with_land else None,
        fdi_capital=fdi_capital,
        fdi_leased_ha=fdi_leased,
        density_usd_per_ha=round_half_up(fdi_capital / fdi_leased, 0) if fdi_leased else None,
    )
