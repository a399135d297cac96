"""Pages of the investment register: lists for everyone, data entry for staff, targets for
administrators. Every write goes through ``investments.services``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from hpkkt.fields import money_sum
from hpkkt.forms import DateField
from hpkkt.history import can_read_history, history_entries
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
from hpkkt.tables import count_label
from hpkkt.withdrawals import can_withdraw, withdrawal_notice
from investments import services
from investments.choices import CURRENCY, ProjectKind
from investments.filtersets import (
    EARLIEST,
    LATEST,
    AdjustmentFilterSet,
    ProjectFilterSet,
    ShareAcquisitionFilterSet,
    TargetFilterSet,
)
from investments.forms import (
    AdjustmentForm,
    ProjectForm,
    ShareAcquisitionForm,
    TargetForm,
    TerminationForm,
)
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    CapitalDay,
    Project,
    ShareAcquisition,
)
from investments.tables import (
    AdjustmentTable,
    ProjectTable,
    ShareAcquisitionTable,
    TargetTable,
)

KIND_PREFIXES = {ProjectKind.FDI: "fdi", ProjectKind.DI: "di"}
CURRENCY_BY_PREFIX = {KIND_PREFIXES[kind]: CURRENCY[kind] for kind in ProjectKind}


# --- project page helpers -------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 600, 160, 8


@dataclass(frozen=True)
class CapitalPoint:
    day: dt.date
    change: Decimal | None  # None for the registration itself
    capital: Decimal
    adjustment_pk: int | None = None


def capital_timeline(project: Project, adjustments: list[CapitalAdjustment]) -> dict[str, Any]:
    """The project's capital after its registration and after each adjustment, and the
    points of a step line (an SVG polyline drawn on the server: no script needed)."""
    points = [CapitalPoint(project.registered_on, None, project.registered_capital)]
    capital = project.registered_capital
    for adjustment in adjustments:
        capital += adjustment.amount
        points.append(
            CapitalPoint(adjustment.adjusted_on, adjustment.amount, capital, adjustment.pk)
        )
    end = max(points[-1].day, project.terminated_on or timezone.localdate())
    start = points[0].day
    span = max((end - start).days, 1)
    top = max(point.capital for point in points) or Decimal(1)
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD

    def x(day: dt.date) -> float:
        return round(CHART_PAD + inner_w * (day - start).days / span, 1)

    def y(value: Decimal) -> float:
        return round(CHART_PAD + inner_h * float(1 - value / top), 1)

    coords: list[tuple[float, float]] = []
    for point in points:
        if coords:
            coords.append((x(point.day), coords[-1][1]))
        coords.append((x(point.day), y(point.capital)))
    coords.append((x(end), coords[-1][1]))
    return {
        "points": points,
        "current": capital,
        "polyline": " ".join(f"{px},{py}" for px, py in coords),
        "dots": [(x(p.day), y(p.capital)) for p in points],
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "start": start,
        "end": end,
        "top": top,
        "currency": project.currency,
    }


def project_history(project: Project, limit: int = 100) -> list[Any]:
    """Who changed what and when, for the project and its adjustments, newest first
    (two queries: the project's records and its adjustments' records, plus one per changed
    relation), through the core's readable diff (``hpkkt.history``)."""
    own = list(
        project.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = history_entries(own, Project, str(_("Project")))
    adjustment_records = list(
        CapitalAdjustment.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    by_adjustment: dict[int, list[Any]] = {}
    for record in adjustment_records:
        by_adjustment.setdefault(record.id, []).append(record)
    for records in by_adjustment.values():
        subject = str(_("Adjustment of %(date)s")) % {
            "date": records[0].adjusted_on.strftime("%d/%m/%Y")
        }
        entries += history_entries(records, CapitalAdjustment, subject)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


# --- lists ---------------------------------------------------------------------------------


class KindFilteredMixin:
    """Tables and exports name the currency in their headers when one kind is filtered."""

    def get_table_kwargs(self) -> dict[str, Any]:
        return {**super().get_table_kwargs(), "kind": self.get_filter_value("kind")}

    def get_export_kwargs(self) -> dict[str, Any]:
        return {"kind": self.get_filter_value("kind")}


class ProjectListView(KindFilteredMixin, FilteredTableView):
    queryset = Project.objects.select_related("zone", "sector")
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    page_title = _("Projects")
    export_filename = "du-an"
    history_url_name = "investments:project_detail"
    export_title = _("Projects")

    def get_queryset(self) -> Any:
        # Capital on ``?valid_on=`` (the "lũy kế" of a past day, as the dashboard shows it)
        # when given; otherwise the maintained column, which sorts and totals without summing
        # adjustments.
        day = self.capital_day()
        if day is None:
            return super().get_queryset().with_current_capital()
        return super().get_queryset().with_capital_on(day)

    def capital_day(self) -> dt.date | None:
        """The day of ``?valid_on=``, or None (today's capital); a bad date is the filter
        form's error."""
        try:
            return DateField(required=False).clean(self.request.GET.get("valid_on", ""))
        except ValidationError:
            return None

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        figures = {}
        for kind, prefix in KIND_PREFIXES.items():
            of_kind = Q(kind=kind)
            figures[f"{prefix}_count"] = Count("pk", filter=of_kind)
            figures[f"{prefix}_registered"] = money_sum("registered_capital", of_kind)
            figures[f"{prefix}_capital"] = money_sum("capital", of_kind)
        aggregate = queryset.order_by().aggregate(**figures)
        totals = totals_by_currency(
            aggregate,
            {"registered_capital": "{}_registered", "capital": "{}_capital"},
            CURRENCY_BY_PREFIX,
        )
        count = aggregate["fdi_count"] + aggregate["di_count"]
        return totals, count_label(count, _("project"), _("projects"))

    def get_add_links(self) -> list[tuple[str, Any]]:
        if not can_enter_data(self.request.user):
            return []
        url = reverse("investments:project_create")
        return [(f"{url}?kind=FDI", _("New FDI project")), (f"{url}?kind=DI", _("New DI project"))]


class AdjustmentListView(KindFilteredMixin, FilteredTableView):
    queryset = CapitalAdjustment.objects.select_related("project")
    filterset_class = AdjustmentFilterSet
    table_class = AdjustmentTable
    page_title = _("Capital adjustments")
    export_filename = "dieu-chinh-von"
    history_url_name = "investments:adjustment_history"
    export_title = _("Capital adjustments")

    #: Filters whose totals capital by day (the maintained aggregates) holds already.
    DAY_FILTERS = frozenset({"kind", "direction", "adjusted_from", "adjusted_to"})

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        aggregate = self._totals_by_day()
        if aggregate is None:
            figures = {}
            for kind, prefix in KIND_PREFIXES.items():
                of_kind = Q(project__kind=kind)
                figures[f"{prefix}_count"] = Count("pk", filter=of_kind)
                figures[f"{prefix}_up"] = money_sum("amount", of_kind & Q(amount__gt=0))
                figures[f"{prefix}_down"] = money_sum("amount", of_kind & Q(amount__lt=0))
            aggregate = queryset.order_by().aggregate(**figures)
        totals = {"amount": []}
        for column in ("{}_up", "{}_down"):
            totals["amount"] += totals_by_currency(
                aggregate, {"amount": column}, CURRENCY_BY_PREFIX
            )["amount"]
        count = aggregate["fdi_count"] + aggregate["di_count"]
        return totals, count_label(count, _("adjustment"), _("adjustments"))

    def _totals_by_day(self) -> dict[str, Any] | None:
        """The totals from capital by day when only kind, direction and dates are filtered
        (the whole register's list reads a few thousand days, not every adjustment); None
        otherwise. The same figures as the rows give (the aggregates' property test)."""
        form = self.filterset.form
        if self.showing_withdrawn() or (form.is_bound and not form.is_valid()):
            return None
        cleaned = form.cleaned_data if form.is_bound else {}
        data = {name: value for name, value in cleaned.items() if value}
        if not set(data) <= self.DAY_FILTERS:
            return None
        days = CapitalDay.objects.filter(
            day__gte=data.get("adjusted_from", EARLIEST), day__lte=data.get("adjusted_to", LATEST)
        )
        if data.get("kind"):
            days = days.filter(kind=data["kind"])
        up, down = data.get("direction") != "down", data.get("direction") != "up"
        figures: dict[str, Any] = {}
        for kind, prefix in KIND_PREFIXES.items():
            of_kind = Q(kind=kind)
            counts = [name for name, wanted in (("increases", up), ("reductions", down)) if wanted]
            figures[f"{prefix}_count"] = Coalesce(
                Sum(sum((F(name) for name in counts[1:]), F(counts[0])), filter=of_kind),
                Value(0),
                output_field=IntegerField(),
            )
            figures[f"{prefix}_up"] = money_sum("increased_capital", of_kind)
            figures[f"{prefix}_down"] = money_sum("reduced_capital", of_kind)
        aggregate = days.order_by().aggregate(**figures)
        for prefix in KIND_PREFIXES.values():
            aggregate[f"{prefix}_up"] = aggregate[f"{prefix}_up"] if up else Decimal(0)
            aggregate[f"{prefix}_down"] = -aggregate[f"{prefix}_down"] if down else Decimal(0)
        return aggregate


class TargetListView(KindFilteredMixin, FilteredTableView):
    queryset = AnnualTarget.objects.all()
    filterset_class = TargetFilterSet
    table_class = TargetTable
    page_title = _("Annual attraction targets")
    export_filename = "chi-tieu"
    export_title = _("Annual attraction targets")

    def can_edit(self) -> bool:
        return can_manage_targets(self.request.user)

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        figures = {}
        for kind, prefix in KIND_PREFIXES.items():
            figures[f"{prefix}_count"] = Count("pk", filter=Q(kind=kind))
            figures[f"{prefix}_amount"] = money_sum("amount", Q(kind=kind))
        aggregate = queryset.order_by().aggregate(**figures)
        totals = totals_by_currency(aggregate, {"amount": "{}_amount"}, CURRENCY_BY_PREFIX)
        count = aggregate["fdi_count"] + aggregate["di_count"]
        return totals, count_label(count, _("target"), _("targets"))

    def get_add_links(self) -> list[tuple[str, Any]]:
        if not can_manage_targets(self.request.user):
            return []
        url = reverse("investments:target_create")
        return [(f"{url}?kind=FDI", _("New FDI target")), (f"{url}?kind=DI", _("New DI target"))]


class ShareAcquisitionListView(FilteredTableView):
    """Foreign investors' capital contributions and share purchases ("góp vốn, mua cổ
    phần"): the third part of the FDI headline of the Foreign Investment Agency."""

    queryset = ShareAcquisition.objects.select_related("zone", "sector", "project")
    filterset_class = ShareAcquisitionFilterSet
    table_class = ShareAcquisitionTable
    page_title = _("Share acquisitions")
    export_filename = "gop-von-mua-co-phan"
    history_url_name = "investments:share_acquisition_history"
    export_title = _("Capital contributions and share purchases of foreign investors")

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        aggregate = queryset.order_by().aggregate(
            fdi_count=Count("pk"), fdi_amount=money_sum("amount")
        )
        totals = totals_by_currency(aggregate, {"amount": "{}_amount"}, {"fdi": "USD"})
        return totals, count_label(
            aggregate["fdi_count"], _("share acquisition"), _("share acquisitions")
        )

    def get_add_links(self) -> list[tuple[str, Any]]:
        if not can_enter_data(self.request.user):
            return []
        return [(reverse("investments:share_acquisition_create"), _("New share acquisition"))]


# --- project page --------------------------------------------------------------------------


class ProjectDetailView(DetailView):
    """A project's page; a withdrawn project's too (struck through, with its withdrawal)."""

    queryset = Project.all_objects.select_related("zone", "zone__parent", "sector")
    template_name = "investments/project_detail.html"
    context_object_name = "project"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.object
        every = list(
            CapitalAdjustment.all_objects.filter(project_id=project.pk)
            .select_related("withdrawn_by")
            .order_by("adjusted_on", "id")
        )
        adjustments = [adjustment for adjustment in every if not adjustment.is_withdrawn]
        context["adjustments"] = adjustments
        context["withdrawn_adjustments"] = [
            (adjustment, withdrawal_notice(adjustment))
            for adjustment in every
            if adjustment.is_withdrawn
        ]
        context["timeline"] = capital_timeline(project, adjustments)
        readable = can_read_history(self.request.user, project)
        context["history"] = project_history(project) if readable else []
        context["history_hidden"] = not readable
        context["share_acquisitions"] = ShareAcquisition.objects.filter(
            project_id=project.pk
        ).aggregate(count=Count("pk"), amount=money_sum("amount"))
        context["withdrawal_notice"] = withdrawal_notice(project)
        context["can_withdraw"] = can_withdraw(self.request.user)
        context["can_change"] = can_enter_data(self.request.user) and not project.is_withdrawn
        return context


class ProjectHistoryView(RecordHistoryView):
    model = Project
    shown_fields = ("kind", "code", "name", "investor_name", "registered_on", "registered_capital")
    edit_url_name = "investments:project_update"
    withdraw_url_name = "investments:project_withdraw"
    list_url_name = "investments:project_list"


class AdjustmentHistoryView(RecordHistoryView):
    model = CapitalAdjustment
    shown_fields = ("project", "adjusted_on", "amount", "reference", "note")
    edit_url_name = "investments:adjustment_update"
    withdraw_url_name = "investments:adjustment_withdraw"
    list_url_name = "investments:adjustment_list"


class ShareAcquisitionHistoryView(RecordHistoryView):
    model = ShareAcquisition
    shown_fields = (
        "code",
        "enterprise_name",
        "investor_name",
        "country",
        "zone",
        "registered_on",
        "amount",
        "project",
    )
    edit_url_name = "investments:share_acquisition_update"
    withdraw_url_name = "investments:share_acquisition_withdraw"
    list_url_name = "investments:share_acquisition_list"


class TargetHistoryView(RecordHistoryView):
    model = AnnualTarget
    shown_fields = ("year", "kind", "amount", "amount_high")
    edit_url_name = "investments:target_update"
    list_url_name = "investments:target_list"
    edit_allowed = staticmethod(can_manage_targets)


class ProjectWithdrawView(WithdrawView):
    model = Project
    service = services.project_withdraw


class AdjustmentWithdrawView(WithdrawView):
    model = CapitalAdjustment
    service = services.adjustment_withdraw

    def record_url(self, obj: CapitalAdjustment) -> str:
        return reverse("investments:project_detail", args=[obj.project_id])


class ShareAcquisitionWithdrawView(WithdrawView):
    model = ShareAcquisition
    service = services.share_acquisition_withdraw

    def record_url(self, obj: ShareAcquisition) -> str:
        return reverse("investments:share_acquisition_history", args=[obj.pk])


# --- data entry ----------------------------------------------------------------------------


def _kind_from(request: HttpRequest) -> str | None:
    kind = request.GET.get("kind") or request.POST.get("kind")
    return kind if kind in ProjectKind.values else None


class KindFirstMixin:
    """Ask FDI or DI first (``?kind=``); the form then knows its currency."""

    kind_choice_title: Any = ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _kind_from(request) is None:
            return render(
                request,
                "investments/project_kind.html",
                {"page_title": self.kind_choice_title, "kinds": ProjectKind.choices},
            )
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _kind_from(request) is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "kind": _kind_from(self.request)}


class ProjectCreateView(KindFirstMixin, DataEntryRequiredMixin, ServiceFormView):
    """Kind first (FDI or DI): the form then knows its currency and whether to ask a country."""

    form_class = ProjectForm
    template_name = "investments/project_form.html"
    success_message = _("Project %(object)s was registered.")

    kind_choice_title = _("New project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kind = _kind_from(self.request)
        self.page_title = (
            _("New FDI project") if kind == ProjectKind.FDI else _("New domestic (DI) project")
        )
        self.cancel_url = reverse("investments:project_list")
        return super().get_context_data(kind=kind, **kwargs)

    def perform(self, form: ProjectForm) -> Project:
        return services.project_create(
            kind=form.kind, user=self.request.user, **form.service_kwargs()
        )


class ProjectObjectMixin:
    """Loads the project named in the URL once per request."""

    project_kwarg = "pk"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.project = get_object_or_404(Project.all_objects, pk=kwargs[self.project_kwarg])
        if self.project.is_withdrawn:  # its page shows it, struck through; nothing to edit
            return redirect(self.project.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.cancel_url = self.project.get_absolute_url()
        return super().get_context_data(project=self.project, **kwargs)


class ProjectUpdateView(DataEntryRequiredMixin, ProjectObjectMixin, ServiceFormView):
    form_class = ProjectForm
    template_name = "investments/project_form.html"
    success_message = _("Project %(object)s was updated.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "kind": self.project.kind}

    def get_initial(self) -> dict[str, Any]:
        return ProjectForm.initial_for(self.project)

    def get_versioned_object(self) -> Project:
        return self.project

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = _("Edit project %(code)s") % {"code": self.project.code}
        links = record_links(
            self.request.user,
            self.project,
            history_url=reverse("investments:project_history", args=[self.project.pk]),
            withdraw_url=reverse("investments:project_withdraw", args=[self.project.pk]),
        )
        return super().get_context_data(kind=self.project.kind, record_links=links, **kwargs)

    def perform(self, form: ProjectForm) -> Project:
        return services.project_update(
            project=self.project, user=self.request.user, **form.service_kwargs()
        )


class ProjectTerminateView(DataEntryRequiredMixin, ProjectObjectMixin, ServiceFormView):
    """Record (or correct the date of) the end of a project's operation."""

    form_class = TerminationForm
    success_message = _("The termination of project %(object)s was recorded.")

    def get_initial(self) -> dict[str, Any]:
        if self.project.terminated_on:
            return {
                "terminated_on": self.project.terminated_on,
                "reason": self.project.termination_reason,
            }
        return {}

    def get_versioned_object(self) -> Project:
        return self.project

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if self.project.terminated_on:
            self.page_title = _("Correct the termination of project %(code)s")
        else:
            self.page_title = _("Terminate project %(code)s")
        self.page_title = self.page_title % {"code": self.project.code}
        return super().get_context_data(
            intro=self.project.name, submit_label=_("Record the termination"), **kwargs
        )

    def perform(self, form: TerminationForm) -> Project:
        return services.project_terminate(
            project=self.project,
            terminated_on=form.cleaned_data["terminated_on"],
            reason=form.cleaned_data["reason"],
            correct=self.project.terminated_on is not None,
            user=self.request.user,
            version=form.cleaned_data.get("version"),
        )


class AdjustmentCreateView(DataEntryRequiredMixin, ProjectObjectMixin, ServiceFormView):
    form_class = AdjustmentForm
    success_message = _("The capital adjustment of project %(object)s was recorded.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "project": self.project}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = _("Capital adjustment of project %(code)s") % {"code": self.project.code}
        return super().get_context_data(intro=self.project.name, **kwargs)

    def get_success_message(self, obj: CapitalAdjustment) -> str:
        return str(self.success_message) % {"object": self.project.code}

    def get_success_url(self) -> str:
        return self.project.get_absolute_url()

    def perform(self, form: AdjustmentForm) -> CapitalAdjustment:
        return services.adjustment_create(
            project=self.project, user=self.request.user, **form.service_kwargs()
        )


class AdjustmentUpdateView(DataEntryRequiredMixin, ServiceFormView):
    form_class = AdjustmentForm
    success_message = _("The capital adjustment of project %(object)s was updated.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.adjustment = get_object_or_404(
            CapitalAdjustment.all_objects.select_related("project"), pk=kwargs["pk"]
        )
        if self.adjustment.is_withdrawn:
            return redirect("investments:adjustment_history", self.adjustment.pk)
        self.project = self.adjustment.project
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "project": self.project}

    def get_initial(self) -> dict[str, Any]:
        return AdjustmentForm.initial_for(self.adjustment)

    def get_versioned_object(self) -> CapitalAdjustment:
        return self.adjustment

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = _("Edit a capital adjustment of project %(code)s") % {
            "code": self.project.code
        }
        self.cancel_url = self.project.get_absolute_url()
        links = record_links(
            self.request.user,
            self.adjustment,
            history_url=reverse("investments:adjustment_history", args=[self.adjustment.pk]),
            withdraw_url=reverse("investments:adjustment_withdraw", args=[self.adjustment.pk]),
        )
        return super().get_context_data(intro=self.project.name, record_links=links, **kwargs)

    def get_success_message(self, obj: CapitalAdjustment) -> str:
        return str(self.success_message) % {"object": self.project.code}

    def get_success_url(self) -> str:
        return self.project.get_absolute_url()

    def perform(self, form: AdjustmentForm) -> CapitalAdjustment:
        return services.adjustment_update(
            adjustment=self.adjustment, user=self.request.user, **form.service_kwargs()
        )


# --- targets (administrators) ----------------------------------------------------------------


class TargetFormMixin(TargetsRequiredMixin):
    form_class = TargetForm
    success_message = _("The %(object)s target was saved.")

    def get_success_url(self) -> str:
        return reverse("investments:target_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.cancel_url = reverse("investments:target_list")
        return super().get_context_data(**kwargs)

    def perform(self, form: TargetForm) -> AnnualTarget:
        return services.target_set(
            year=form.cleaned_data["year"],
            kind=form.kind,
            amount=form.cleaned_data["amount"],
            amount_high=form.cleaned_data.get("amount_high"),
            user=self.request.user,
            version=form.cleaned_data.get("version"),
        )


class TargetCreateView(KindFirstMixin, TargetFormMixin, ServiceFormView):
    kind_choice_title = _("New annual target")

    def get_initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = _("New %(kind)s attraction target") % {"kind": _kind_from(self.request)}
        return super().get_context_data(
            intro=_("An existing target of the same year is replaced."), **kwargs
        )


class TargetUpdateView(TargetFormMixin, ServiceFormView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.target = get_object_or_404(AnnualTarget, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "kind": self.target.kind, "fixed_year": True}

    def get_initial(self) -> dict[str, Any]:
        return {
            "year": self.target.year,
            "amount": self.target.amount,
            "amount_high": self.target.amount_high,
        }

    def get_versioned_object(self) -> AnnualTarget:
        return self.target

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = _("Edit the %(kind)s target of %(year)s") % {
            "kind": self.target.kind,
            "year": self.target.year,
        }
        links = record_links(
            self.request.user,
            self.target,
            history_url=reverse("investments:target_history", args=[self.target.pk]),
        )
        return super().get_context_data(record_links=links, **kwargs)


# --- share acquisitions (staff) --------------------------------------------------------------


class ShareAcquisitionFormMixin(DataEntryRequiredMixin):
    form_class = ShareAcquisitionForm

    def get_success_url(self) -> str:
        return reverse("investments:share_acquisition_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.cancel_url = reverse("investments:share_acquisition_list")
        return super().get_context_data(
            intro=_(
                "A foreign investor's capital contribution or purchase of shares or capital "
                "in an enterprise of the zones, in USD."
            ),
            **kwargs,
        )


class ShareAcquisitionCreateView(ShareAcquisitionFormMixin, ServiceFormView):
    success_message = _("Share acquisition %(object)s was registered.")
    page_title = _("New share acquisition")

    def get_initial(self) -> dict[str, Any]:
        """From a project's page: the enterprise, its zone, sector and project filled in."""
        code = self.request.GET.get("project", "")
        project = (
            Project.objects.filter(code=code[:50], kind=ProjectKind.FDI).first() if code else None
        )
        if project is None:
            return {}
        return {
            "project": project.code,
            "enterprise_name": project.name,
            "zone": project.zone_id,
            "sector": project.sector_id,
        }

    def perform(self, form: ShareAcquisitionForm) -> ShareAcquisition:
        return services.share_acquisition_create(user=self.request.user, **form.service_kwargs())


class ShareAcquisitionUpdateView(ShareAcquisitionFormMixin, ServiceFormView):
    success_message = _("Share acquisition %(object)s was updated.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.acquisition = get_object_or_404(
            ShareAcquisition.all_objects.select_related("project"), pk=kwargs["pk"]
        )
        if self.acquisition.is_withdrawn:
            return redirect("investments:share_acquisition_history", self.acquisition.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return ShareAcquisitionForm.initial_for(self.acquisition)

    def get_versioned_object(self) -> ShareAcquisition:
        return self.acquisition

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = _("Edit share acquisition %(code)s") % {"code": self.acquisition.code}
        pk = self.acquisition.pk
        links = record_links(
            self.request.user,
            self.acquisition,
            history_url=reverse("investments:share_acquisition_history", args=[pk]),
            withdraw_url=reverse("investments:share_acquisition_withdraw", args=[pk]),
        )
        return super().get_context_data(record_links=links, **kwargs)

    def perform(self, form: ShareAcquisitionForm) -> ShareAcquisition:
        return services.share_acquisition_update(
            share_acquisition=self.acquisition, user=self.request.user, **form.service_kwargs()
        )
