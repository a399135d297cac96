"""The dashboard's charts: pure functions from plain data to a plotly ``Figure``.

Nothing here touches the database or the request. Labels follow the active language (the
caller activates it); numbers on hover follow ``separators`` (``",."`` Vietnamese, ``".,"``
English), which plotly applies to every ``,`` and ``.`` of a d3 format. Amounts arrive as
exact Decimals in whole currency units and are scaled to the display unit only here, at the
edge where plotly needs JSON numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from dashboard.selectors import MonthlyAttracted, Projection, Share, YearFigures
from hpkkt.units import DisplayUnit
from reports.types import UnitBudget

MONTHS = (
    pgettext_lazy("short month", "Jan"),
    pgettext_lazy("short month", "Feb"),
    pgettext_lazy("short month", "Mar"),
    pgettext_lazy("short month", "Apr"),
    pgettext_lazy("short month", "May"),
    pgettext_lazy("short month", "Jun"),
    pgettext_lazy("short month", "Jul"),
    pgettext_lazy("short month", "Aug"),
    pgettext_lazy("short month", "Sep"),
    pgettext_lazy("short month", "Oct"),
    pgettext_lazy("short month", "Nov"),
    pgettext_lazy("short month", "Dec"),
)

# Colours with enough contrast on white, told apart by more than hue (patterns, dashes).
NEW_COLOUR = "#0b5394"
INCREASE_COLOUR = "#6fa8dc"
SHARE_COLOUR = "#674ea7"
PREVIOUS_COLOUR = "#e69138"
TARGET_COLOUR = "#c62828"
PROJECTION_COLOUR = "#6aa84f"
PLAN_COLOUR = "#b7b7b7"


def separators(language: str | None = None) -> str:
    """Plotly's ``layout.separators``: decimal mark then thousands mark."""
    return ".," if (language or get_language() or "vi").startswith("en") else ",."


def month_labels() -> list[str]:
    return [str(m) for m in MONTHS]


def scaled(amount: Decimal | None, unit: DisplayUnit) -> float | None:
    """The amount in the display unit as a JSON number (to 4 places: hover shows one)."""
    if amount is None:
        return None
    return float(round(unit.scale(amount), 4))


#: Per trace, the URL each bar or point opens (``None``: no list reproduces it). Plotly keeps
#: it as the point's ``customdata``; dashboard.js follows it on ``plotly_click``.
Links = Mapping[str, Sequence[str | None]]


def drill_data(links: Links | None, part: str, n: int) -> list[str | None] | None:
    """``customdata`` for ``n`` points of one trace, or None when there are no links."""
    if not links or part not in links:
        return None
    urls = list(links[part])[:n]
    return urls + [None] * (n - len(urls)) if any(urls) else None


def _hover(unit: DisplayUnit) -> str:
    return "%{y:,.1f} " + unit.label()


class _Figure:
    """A figure built as plotly's plain JSON dicts, wrapped once by ``figure()``.

    ``go.Figure``'s validating setters (``add_bar``, ``update_layout``, …) took about 60% of
    the dashboard's build time on the demo (0.9 of 1.5 s for its 16 figures); the same dicts
    handed to ``go.Figure`` unvalidated give the same JSON in a tenth of the time. The method
    names are plotly's, so the chart functions read as before."""

    __slots__ = ("data", "layout")

    def __init__(self) -> None:
        self.data: list[dict[str, Any]] = []
        self.layout: dict[str, Any] = {}

    def _add(self, kind: str, trace: dict[str, Any]) -> None:
        self.data.append({"type": kind, **{k: v for k, v in trace.items() if v is not None}})

    def add_bar(self, **trace: Any) -> None:
        self._add("bar", trace)

    def add_scatter(self, **trace: Any) -> None:
        self._add("scatter", trace)

    def update_layout(self, **props: Any) -> None:
        _merge(self.layout, props)

    def update_xaxes(self, **props: Any) -> None:
        _merge(self.layout.setdefault("xaxis", {}), props)

    def update_yaxes(self, **props: Any) -> None:
        _merge(self.layout.setdefault("yaxis", {}), props)

    def add_annotation(self, **props: Any) -> None:
        self.layout.setdefault("annotations", []).append(props)

    def add_vline(self, *, x: float, line: dict[str, Any]) -> None:
        """A vertical line across the plot, as plotly's ``add_vline`` draws it."""
        shape = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1}
        self.layout.setdefault("shapes", []).append({**shape, "yref": "y domain", "line": line})

    def figure(self) -> go.Figure:
        # Every value above is already plain JSON (strings, floats, None): nothing to check.
        return go.Figure({"data": self.data, "layout": self.layout}, _validate=False)


def _merge(target: dict[str, Any], props: dict[str, Any]) -> None:
    """Plotly's update: nested dicts merge, anything else replaces."""
    for key, value in props.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _layout(fig: _Figure, title: str, seps: str, **extra: Any) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        separators=seps,
        margin={"l": 56, "r": 16, "t": 56, "b": 48},
        # Stacked bars reverse the legend by default; keep it in the order of the stack's
        # description ("new projects" first).
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "traceorder": "normal"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"namelength": -1},
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"},
        **extra,
    )
    fig.update_xaxes(showline=True, linecolor="#999", separatethousands=True, exponentformat="none")
    fig.update_yaxes(
        gridcolor="#e5e5e5", zerolinecolor="#999", separatethousands=True, exponentformat="none"
    )
    return fig.figure()


def _empty(title: str, seps: str) -> go.Figure:
    """A figure with no traces and a friendly note, never an error."""
    fig = _Figure()
    fig.add_annotation(
        text=_("No data for this period"),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        font={"size": 14, "color": "#666"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, seps)


def monthly_title(kind: str, year: int, unit: DisplayUnit) -> str:
    return _("%(kind)s capital attracted by month, %(year)s (%(unit)s)") % {
        "kind": kind,
        "year": year,
        "unit": unit.label(),
    }


def fig_monthly_attracted(
    data: MonthlyAttracted,
    *,
    unit: DisplayUnit,
    seps: str | None = None,
    links: Links | None = None,
) -> go.Figure:
    """New capital and increases stacked month by month, the year before as a line; with
    share acquisitions, they are the third part of the stack and the line is FIA's total."""
    seps = seps or separators()
    title = monthly_title(data.kind, data.year, unit)
    if not any(data.fia_total) and not any(data.previous_fia_total):
        return _empty(title, seps)
    months = month_labels()
    shown = months[: data.last_month]
    fig = _Figure()
    fig.add_bar(
        name=_("New projects"),
        x=shown,
        y=[scaled(v, unit) for v in data.new[: data.last_month]],
        marker={"color": NEW_COLOUR},
        hovertemplate=_hover(unit),
        customdata=drill_data(links, "new", data.last_month),
    )
    fig.add_bar(
        name=_("Capital increases"),
        x=shown,
        y=[scaled(v, unit) for v in data.increases[: data.last_month]],
        marker={"color": INCREASE_COLOUR, "pattern": {"shape": "/"}},
        hovertemplate=_hover(unit),
        customdata=drill_data(links, "increases", data.last_month),
    )
    # FIA's total stacks the third part; the line then compares the same total.
    previous = data.previous_year
    if data.has_shares:
        fig.add_bar(
            name=_("Capital contributions and share purchases"),
            x=shown,
            y=[scaled(v, unit) for v in data.shares[: data.last_month]],
            marker={"color": SHARE_COLOUR, "pattern": {"shape": "x"}},
            hovertemplate=_hover(unit),
            customdata=drill_data(links, "shares", data.last_month),
        )
        previous = data.previous_fia_total
    fig.add_scatter(
        name=_("Same month of %(year)s") % {"year": data.year - 1},
        x=months,
        y=[scaled(v, unit) for v in previous],
        mode="lines+markers",
        line={"color": PREVIOUS_COLOUR, "dash": "dot", "width": 2},
        hovertemplate=_hover(unit),
    )
    fig.update_xaxes(categoryorder="array", categoryarray=months)
    return _layout(fig, title, seps, barmode="stack", hovermode="x unified")


def cumulative_title(kind: str, year: int, unit: DisplayUnit) -> str:
    return _("%(kind)s capital attracted since 1 January %(year)s vs target (%(unit)s)") % {
        "kind": kind,
        "year": year,
        "unit": unit.label(),
    }


def running_total(values: Sequence[Decimal]) -> list[Decimal]:
    total, out = Decimal(0), []
    for value in values:
        total += value
        out.append(total)
    return out


def fig_cumulative_vs_target(
    data: MonthlyAttracted,
    *,
    target: Decimal | None,
    projection: Projection | None,
    unit: DisplayUnit,
    seps: str | None = None,
) -> go.Figure:
    """The year to date month by month, the annual target as a line, the projection dashed."""
    seps = seps or separators()
    title = cumulative_title(data.kind, data.year, unit)
    cumulative = running_total(data.total[: data.last_month])
    if not any(cumulative) and target is None:
        return _empty(title, seps)
    months = month_labels()
    fig = _Figure()
    fig.add_scatter(
        name=_("Attracted, year to date"),
        x=months[: data.last_month],
        y=[scaled(v, unit) for v in cumulative],
        mode="lines+markers",
        line={"color": NEW_COLOUR, "width": 3},
        fill="tozeroy",
        fillcolor="rgba(11, 83, 148, 0.12)",
        hovertemplate=_hover(unit),
    )
    if target is not None:
        fig.add_scatter(
            name=_("Annual target"),
            x=[months[0], months[-1]],
            y=[scaled(target, unit)] * 2,
            mode="lines",
            line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
            hovertemplate=_hover(unit),
        )
    if projection is not None and projection.projected is not None and data.last_month < 12:
        fig.add_scatter(
            name=_("Year-end projection"),
            x=[months[data.last_month - 1], months[-1]],
            y=[scaled(projection.year_to_date, unit), scaled(projection.projected, unit)],
            mode="lines+markers",
            line={"color": PROJECTION_COLOUR, "dash": "dot", "width": 2},
            hovertemplate=_hover(unit),
        )
    fig.update_xaxes(categoryorder="array", categoryarray=months, range=[-0.5, 11.5])
    fig.update_yaxes(rangemode="tozero")
    return _layout(fig, title, seps, hovermode="x unified")


def breakdown_title(
    kind: str, dimension: str, unit: DisplayUnit, *, with_shares: bool = False
) -> str:
    """``with_shares``: the bars count share acquisitions too, and the title says so, so no
    one reads them as attracted capital."""
    titles = {
        "zone": _("%(kind)s capital attracted by zone (%(unit)s)"),
        "country": _("%(kind)s capital attracted by investor country (%(unit)s)"),
        "sector": _("%(kind)s capital attracted by sector (%(unit)s)"),
    }
    if with_shares:
        titles = {
            "country": _(
                "%(kind)s capital by investor country, incl. capital contributions and share "
                "purchases (%(unit)s)"
            ),
            "sector": _(
                "%(kind)s capital by sector, incl. capital contributions and share purchases "
                "(%(unit)s)"
            ),
        }
    return titles[dimension] % {"kind": kind, "unit": unit.label()}


def fig_breakdown(
    shares: Sequence[Share],
    labels: Sequence[str],
    *,
    title: str,
    unit: DisplayUnit,
    seps: str | None = None,
    links: Links | None = None,
) -> go.Figure:
    """Horizontal bars, largest first, new capital and increases stacked (and share
    acquisitions, when the shares carry any)."""
    seps = seps or separators()
    if not shares or not any(s.total for s in shares):
        return _empty(title, seps)
    # Plotly draws the first category at the bottom; reverse so the largest is on top.
    names = list(reversed(labels))
    ordered = list(reversed(shares))
    n = len(shares)

    def reversed_links(part: str) -> list[str | None] | None:
        data = drill_data(links, part, n)
        return None if data is None else list(reversed(data))

    fig = _Figure()
    hover = "%{x:,.1f} " + unit.label()
    fig.add_bar(
        name=_("New projects"),
        y=names,
        x=[scaled(s.new, unit) for s in ordered],
        orientation="h",
        marker={"color": NEW_COLOUR},
        hovertemplate=hover,
        customdata=reversed_links("new"),
    )
    fig.add_bar(
        name=_("Capital increases"),
        y=names,
        x=[scaled(s.increases, unit) for s in ordered],
        orientation="h",
        marker={"color": INCREASE_COLOUR, "pattern": {"shape": "/"}},
        hovertemplate=hover,
        customdata=reversed_links("increases"),
    )
    if any(s.shares for s in shares):
        fig.add_bar(
            name=_("Capital contributions and share purchases"),
            y=names,
            x=[scaled(s.shares, unit) for s in ordered],
            orientation="h",
            marker={"color": SHARE_COLOUR, "pattern": {"shape": "x"}},
            hovertemplate=hover,
            customdata=reversed_links("shares"),
        )
    height = max(260, 90 + 30 * len(shares))
    fig.update_yaxes(automargin=True, showgrid=False)
    fig.update_xaxes(gridcolor="#e5e5e5")
    return _layout(fig, title, seps, barmode="stack", height=height, hovermode="y unified")


def history_title(kind: str, first: int, last: int, unit: DisplayUnit) -> str:
    text = _("%(kind)s capital attracted each year and cumulative, %(first)s–%(last)s (%(unit)s)")
    return text % {
        "kind": kind,
        "first": first,
        "last": last,
        "unit": unit.label(),
    }


def fig_history(
    years: Sequence[YearFigures],
    *,
    kind: str,
    unit: DisplayUnit,
    seps: str | None = None,
    links: Sequence[str | None] | None = None,
) -> go.Figure:
    """Annual attracted capital as bars, the year-end "lũy kế" as a line on its own axis;
    ``links``: the list behind each point of the line."""
    seps = seps or separators()
    first = years[0].year if years else 0
    last = years[-1].year if years else 0
    title = history_title(kind, first, last, unit)
    if not years or not any(y.attracted or y.cumulative_capital for y in years):
        return _empty(title, seps)
    x = [y.year for y in years]
    fig = _Figure()
    fig.add_bar(
        name=_("Attracted in the year"),
        x=x,
        y=[scaled(y.attracted, unit) for y in years],
        marker={"color": NEW_COLOUR},
        hovertemplate=_hover(unit),
    )
    fig.add_scatter(
        name=_("Cumulative capital of valid projects"),
        x=x,
        y=[scaled(y.cumulative_capital, unit) for y in years],
        mode="lines+markers",
        line={"color": PREVIOUS_COLOUR, "width": 2},
        yaxis="y2",
        hovertemplate=_hover(unit),
        customdata=drill_data({"valid": links} if links else None, "valid", len(years)),
    )
    _layout(fig, title, seps, hovermode="x unified")
    # Years are plain integers ("2020", never "2.020"); plotly picks every 2nd or 5th one
    # when there is no room for twenty labels.
    fig.update_xaxes(type="linear", tickformat="d", separatethousands=False, hoverformat="d")
    fig.update_layout(
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "rangemode": "tozero",
            "tickmode": "auto",
            "separatethousands": True,
            "exponentformat": "none",
        }
    )
    return fig.figure()


def budget_title(unit: DisplayUnit) -> str:
    return _("State budget remitted by unit vs annual plan (%(unit)s)") % {"unit": unit.label()}


def fig_budget(
    units: Sequence[UnitBudget],
    labels: Sequence[str],
    *,
    unit: DisplayUnit,
    seps: str | None = None,
    links: Links | None = None,
) -> go.Figure:
    """Remitted beside the plan, per unit."""
    seps = seps or separators()
    title = budget_title(unit)
    if not units or not any(u.remitted or u.plan for u in units):
        return _empty(title, seps)
    fig = _Figure()
    fig.add_bar(
        name=_("Remitted"),
        x=list(labels),
        y=[scaled(u.remitted, unit) for u in units],
        marker={"color": NEW_COLOUR},
        hovertemplate=_hover(unit),
        customdata=drill_data(links, "remitted", len(units)),
    )
    fig.add_bar(
        name=_("Annual plan"),
        x=list(labels),
        y=[scaled(u.plan, unit) for u in units],
        marker={"color": PLAN_COLOUR, "pattern": {"shape": "."}},
        hovertemplate=_hover(unit),
        customdata=drill_data(links, "plan", len(units)),
    )
    return _layout(fig, title, seps, barmode="group", bargap=0.35, hovermode="x unified")
