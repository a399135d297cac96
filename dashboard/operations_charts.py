"""Charts of the dashboard's "enterprise operations" section: pure functions from plain data
to a plotly ``Figure`` (see ``dashboard.charts``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from dashboard.charts import (
    INCREASE_COLOUR,
    NEW_COLOUR,
    PREVIOUS_COLOUR,
    TARGET_COLOUR,
    Links,
    _empty,
    _Figure,
    _layout,
    drill_data,
    scaled,
    separators,
)
from hpkkt.units import DisplayUnit
from investments.selectors import ZoneOccupancy

__all__ = ["fig_occupancy", "fig_quarterly_trade", "occupancy_title", "trade_title"]

QUARTER_LABELS = ("I", "II", "III", "IV")


def trade_title(year: int, unit: DisplayUnit) -> str:
    return _("Exports and imports by quarter, %(year)s against %(previous)s (%(unit)s)") % {
        "year": year,
        "previous": year - 1,
        "unit": unit.label(),
    }


def fig_quarterly_trade(
    trade: dict[tuple[int, int], tuple[Decimal, Decimal]],
    *,
    year: int,
    unit: DisplayUnit,
    seps: str | None = None,
    links: Links | None = None,
) -> go.Figure:
    """Exports and imports of each quarter of ``year`` (bars) against the year before (lines);
    ``links`` by ``exports``/``imports`` and ``previous_exports``/``previous_imports``."""
    seps = seps or separators()
    title = trade_title(year, unit)
    if not trade:
        return _empty(title, seps)
    labels = [_("Q%(quarter)s") % {"quarter": q} for q in QUARTER_LABELS]

    def series(y: int, index: int) -> list[float | None]:
        return [
            scaled(trade[(y, q)][index], unit) if (y, q) in trade else None for q in (1, 2, 3, 4)
        ]

    hover = "%{y:,.1f} " + unit.label()
    fig = _Figure()
    exports, imports = _("Exports %(year)s"), _("Imports %(year)s")
    fig.add_bar(
        name=exports % {"year": year},
        x=labels,
        y=series(year, 0),
        marker={"color": NEW_COLOUR},
        hovertemplate=hover,
        customdata=drill_data(links, "exports", 4),
    )
    fig.add_bar(
        name=imports % {"year": year},
        x=labels,
        y=series(year, 1),
        marker={"color": INCREASE_COLOUR, "pattern": {"shape": "/"}},
        hovertemplate=hover,
        customdata=drill_data(links, "imports", 4),
    )
    for name, index, dash in ((exports, 0, "solid"), (imports, 1, "dash")):
        part = "previous_exports" if index == 0 else "previous_imports"
        fig.add_scatter(
            name=name % {"year": year - 1},
            x=labels,
            y=series(year - 1, index),
            mode="lines+markers",
            line={"color": PREVIOUS_COLOUR, "dash": dash},
            hovertemplate=hover,
            customdata=drill_data(links, part, 4),
        )
    return _layout(fig, title, seps, barmode="group", hovermode="x unified")


def occupancy_title() -> str:
    return _("Occupancy of industrial land by zone (%)")


def fig_occupancy(
    zones: Sequence[ZoneOccupancy], labels: Sequence[str], *, seps: str | None = None
) -> go.Figure:
    """Each zone's occupancy as a horizontal bar against the 100% of its industrial land."""
    seps = seps or separators()
    title = occupancy_title()
    shown = [(zone, label) for zone, label in zip(zones, labels, strict=True)
             if zone.occupancy_pct is not None]  # fmt: skip
    if not shown:
        return _empty(title, seps)
    names = [label for _zone, label in shown]
    fig = _Figure()
    fig.add_bar(
        name=_("Occupied"),
        y=names,
        x=[float(zone.occupancy_pct) for zone, _label in shown],
        orientation="h",
        marker={"color": NEW_COLOUR},
        hovertemplate="%{x:,.1f}%<extra></extra>",
    )
    fig.add_vline(x=100, line={"color": TARGET_COLOUR, "dash": "dash"})
    top = max(100.0, *(float(zone.occupancy_pct) for zone, _label in shown))
    return _layout(
        fig,
        title,
        seps,
        xaxis={"range": [0, top * 1.05], "ticksuffix": "%"},
        yaxis={"autorange": "reversed"},
        showlegend=False,
    )
