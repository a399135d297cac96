"""Operations pages: quarterly reports entered by staff (from the project page or a quarter's
list of missing reports), plans set by administrators, lists for everyone. Every write goes
through ``operations.services``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from hpkkt.fields import money_sum
from hpkkt.mixins import (
    DataEntryRequiredMixin,
    FilteredTableView,
    RecordHistoryView,
    ServiceFormView,
    TargetsRequiredMixin,
    WithdrawView,
    record_links,
    totals_by_currency,
)
from hpkkt.roles import can_enter_data, can_manage_targets
from hpkkt.services import MAX_YEAR, MIN_YEAR
from hpkkt.tables import Total, count_label
from investments.choices import CURRENCY, ProjectKind
from investments.models import Project
from operations import selectors, services
from operations.filtersets import (
    MissingReportFilterSet,
    OperationsReportFilterSet,
    OperationsTargetFilterSet,
)
from operations.forms import OperationsReportForm, OperationsTargetForm
from operations.models import OperationsReport, OperationsTarget
from operations.tables import MissingReportTable, OperationsReportTable, OperationsTargetTable

KIND_PREFIXES = {ProjectKind.FDI: "fdi", ProjectKind.DI: "di"}
CURRENCY_BY_PREFIX = {KIND_PREFIXES[kind]: CURRENCY[kind] for kind in ProjectKind}


def last_finished_quarter(today: dt.date) -> tuple[int, int]:
    """The quarter staff chase by default: the one that ended last (reports are due after)."""
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def missing_reports_url(year: int, quarter: int, **filters: Any) -> str:
    query = {"year": year, "quarter": quarter, **{k: v for k, v in filters.items() if v}}
    return reverse("operations:missing_reports") + "?" + urlencode(query)


class OperationsReportListView(FilteredTableView):
    queryset = OperationsReport.objects.select_related("project", "project__zone")
    history_url_name = "operations:report_history"
    filterset_class = OperationsReportFilterSet
    table_class = OperationsReportTable
    page_title = _("Enterprise operations reports")
    export_filename = "bao-cao-hoat-dong"
    export_title = _("Enterprise operations reports")

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        figures: dict[str, Any] = {}
        for kind, prefix in KIND_PREFIXES.items():
            of_kind = Q(project__kind=kind)
            figures[f"{prefix}_count"] = Count("pk", filter=of_kind)
            figures[f"{prefix}_realised"] = money_sum("realised_capital", of_kind)
            figures[f"{prefix}_revenue"] = money_sum("revenue", of_kind)
        figures |= {
            "total_exports": money_sum("exports"),
            "total_imports": money_sum("imports"),
            "total_budget": money_sum("budget_paid"),
        }
        aggregate = queryset.order_by().aggregate(**figures)
        totals = totals_by_currency(
            aggregate,
            {"realised_capital": "{}_realised", "revenue": "{}_revenue"},
            CURRENCY_BY_PREFIX,
        )
        count = aggregate["fdi_count"] + aggregate["di_count"]
        if count:
            totals |= {
                "exports": [Total(aggregate["total_exports"], "USD")],
                "imports": [Total(aggregate["total_imports"], "USD")],
                "budget_paid": [Total(aggregate["total_budget"], "VND")],
            }
        return totals, count_label(count, _("report"), _("reports"))

    def get_add_links(self) -> list[tuple[str, Any]]:
        year, quarter = last_finished_quarter(timezone.localdate())
        links = [(missing_reports_url(year, quarter), _("Missing reports"))]
        if can_enter_data(self.request.user):
            links.insert(0, (reverse("operations:report_create"), _("New report")))
        return links


class MissingReportListView(FilteredTableView):
    """A quarter's valid projects that have not reported, for staff to chase."""

    filterset_class = MissingReportFilterSet
    table_class = MissingReportTable
    export_filename = "chua-bao-cao"
    export_title = _("Projects without a quarterly report")

    def quarter(self) -> tuple[int, int]:
        default = last_finished_quarter(timezone.localdate())
        try:
            year = int(self.request.GET.get("year", default[0]))
            quarter = int(self.request.GET.get("quarter", default[1]))
        except (TypeError, ValueError):
            return default
        if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= quarter <= 4):
            return default
        return year, quarter

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        year, quarter = self.quarter()
        data = kwargs.get("data")
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(year))
        data.setdefault("quarter", str(quarter))
        kwargs["data"] = data
        return kwargs

    def get_queryset(self) -> Any:
        year, quarter = self.quarter()
        last = (
            OperationsReport.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(top=Max(F("year") * 4 + F("quarter") - 1))
            .values("top")
        )
        return (
            selectors.missing_reports(year=year, quarter=quarter)
            .annotate(last_report_index=Subquery(last, output_field=IntegerField()))
            .annotate(
                last_report_year=F("last_report_index") / 4,
                last_report_quarter=F("last_report_index") - F("last_report_index") / 4 * 4 + 1,
            )
            .order_by("zone__name", "code")
        )

    @property
    def page_title(self) -> str:
        year, quarter = self.quarter()
        return str(_("Missing reports of quarter %(quarter)s/%(year)s")) % {
            "quarter": quarter,
            "year": year,
        }

    def get_table_kwargs(self) -> dict[str, Any]:
        year, quarter = self.quarter()
        url = (
            reverse("operations:report_create")
            + "?"
            + urlencode({"year": year, "quarter": quarter})
        )
        return {**super().get_table_kwargs(), "entry_url": url}

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        count = queryset.order_by().aggregate(n=Count("pk"))["n"]
        return {}, count_label(count, _("project"), _("projects"))


class ReportFormMixin(DataEntryRequiredMixin):
    form_class = OperationsReportForm
    template_name = "operations/report_form.html"
    # Shown through ``get_success_message``, which names the project and the quarter.
    success_message = _("The report of %(project)s for quarter %(quarter)s/%(year)s was saved.")

    def get_success_url(self) -> str:
        return self.object.project.get_absolute_url()

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "project": self.fixed_project()}

    def fixed_project(self) -> Project | None:
        return None

    def perform(self, form: OperationsReportForm) -> OperationsReport:
        kwargs = form.service_kwargs()
        if hasattr(self, "report"):
            kwargs.pop("project")
            return services.operations_report_update(
                report=self.report, user=self.request.user, **kwargs
            )
        return services.operations_report_create(user=self.request.user, **kwargs)

    def get_success_message(self, obj: OperationsReport) -> str:
        return str(self.success_message) % {
            "project": obj.project.code,
            "quarter": obj.quarter,
            "year": obj.year,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        project = self.fixed_project()
        self.cancel_url = (
            project.get_absolute_url() if project else reverse("operations:report_list")
        )
        return super().get_context_data(project=project, **kwargs)


class OperationsReportCreateView(ReportFormMixin, ServiceFormView):
    page_title = _("New quarterly operations report")

    def fixed_project(self) -> Project | None:
        if not hasattr(self, "_project"):
            pk = self.request.GET.get("project") or self.request.POST.get("project")
            self._project = (
                Project.objects.filter(pk=pk).first() if pk and str(pk).isdigit() else None
            )
        return self._project

    def get_initial(self) -> dict[str, Any]:
        year, quarter = last_finished_quarter(timezone.localdate())
        initial: dict[str, Any] = {"year": year, "quarter": quarter}
        for name, bounds in (("year", (MIN_YEAR, MAX_YEAR)), ("quarter", (1, 4))):
            value = self.request.GET.get(name, "")
            if value.isdigit() and bounds[0] <= int(value) <= bounds[1]:
                initial[name] = int(value)
        initial["reported_on"] = timezone.localdate()
        for name in services.REPORT_AMOUNTS:
            initial[name] = 0
        initial["workers"] = 0
        return initial


class OperationsReportUpdateView(ReportFormMixin, ServiceFormView):
    page_title = _("Correct a quarterly operations report")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.report = get_object_or_404(
            OperationsReport.all_objects.select_related("project"), pk=kwargs["pk"]
        )
        if self.report.is_withdrawn:  # its history page shows it, struck through
            return redirect("operations:report_history", self.report.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        links = record_links(
            self.request.user,
            self.report,
            history_url=reverse("operations:report_history", args=[self.report.pk]),
            withdraw_url=reverse("operations:report_withdraw", args=[self.report.pk]),
        )
        return super().get_context_data(record_links=links, **kwargs)

    def fixed_project(self) -> Project | None:
        return self.report.project

    def get_initial(self) -> dict[str, Any]:
        return OperationsReportForm.initial_for(self.report)

    def get_versioned_object(self) -> OperationsReport:
        return self.report


class OperationsTargetListView(FilteredTableView):
    queryset = OperationsTarget.objects.all()
    filterset_class = OperationsTargetFilterSet
    table_class = OperationsTargetTable
    page_title = _("Operations plans")
    export_filename = "ke-hoach-hoat-dong"
    export_title = _("Operations plans")

    def can_edit(self) -> bool:
        return can_manage_targets(self.request.user)

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        count = queryset.order_by().aggregate(n=Count("pk"))["n"]
        return {}, count_label(count, _("plan"), _("plans"))

    def get_add_links(self) -> list[tuple[str, Any]]:
        if not can_manage_targets(self.request.user):
            return []
        return [(reverse("operations:target_create"), _("New operations plan"))]


class TargetFormMixin(TargetsRequiredMixin):
    form_class = OperationsTargetForm
    success_message = _("The plan %(object)s was saved.")

    def get_success_url(self) -> str:
        return reverse("operations:target_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.cancel_url = reverse("operations:target_list")
        return super().get_context_data(**kwargs)


class OperationsTargetCreateView(TargetFormMixin, ServiceFormView):
    page_title = _("New operations plan")

    def get_initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    def perform(self, form: OperationsTargetForm) -> OperationsTarget:
        return services.operations_target_create(user=self.request.user, **form.cleaned_data)


class OperationsTargetUpdateView(TargetFormMixin, ServiceFormView):
    page_title = _("Edit an operations plan")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.target = get_object_or_404(OperationsTarget, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return OperationsTargetForm.initial_for(self.target)

    def get_versioned_object(self) -> OperationsTarget:
        return self.target

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        links = record_links(
            self.request.user,
            self.target,
            history_url=reverse("operations:target_history", args=[self.target.pk]),
        )
        return super().get_context_data(record_links=links, **kwargs)

    def perform(self, form: OperationsTargetForm) -> OperationsTarget:
        return services.operations_target_update(
            target=self.target, user=self.request.user, **form.cleaned_data
        )


class OperationsReportHistoryView(RecordHistoryView):
    model = OperationsReport
    shown_fields = (
        "project",
        "year",
        "quarter",
        "realised_capital",
        "revenue",
        "exports",
        "imports",
        "budget_paid",
        "workers",
    )
    edit_url_name = "operations:report_update"
    withdraw_url_name = "operations:report_withdraw"
    list_url_name = "operations:report_list"


class OperationsTargetHistoryView(RecordHistoryView):
    model = OperationsTarget
    shown_fields = ("year", "indicator", "amount")
    edit_url_name = "operations:target_update"
    list_url_name = "operations:target_list"
    edit_allowed = staticmethod(can_manage_targets)


class OperationsReportWithdrawView(WithdrawView):
    model = OperationsReport
    service = services.operations_report_withdraw

    def record_url(self, obj: OperationsReport) -> str:
        return reverse("operations:report_history", args=[obj.pk])
