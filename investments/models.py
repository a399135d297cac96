"""The investment register: zones, sectors, projects, their capital adjustments, targets."""

import datetime as dt
from decimal import Decimal

from django.db import connections, models
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from hpkkt.fields import MoneyField
from hpkkt.i18n import localized_name
from hpkkt.versioning import version_field
from hpkkt.withdrawals import Withdrawable, active_manager
from investments.choices import CURRENCY, ProjectKind, ZoneKind

__all__ = [
    "AdjustedProjectDay",
    "AnnualTarget",
    "CapitalBreakdownDay",
    "CapitalDay",
    "CapitalAdjustment",
    "Project",
    "Sector",
    "ShareAcquisition",
    "Zone",
]


class Zone(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=3, choices=ZoneKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The economic zone an industrial zone lies in, if any."),
    )
    industrial_land_ha = models.DecimalField(
        _("industrial land (ha)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leasable industrial land of the zone, in hectares."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(industrial_land_ha__isnull=True) | Q(industrial_land_ha__gte=0),
                name="zone_industrial_land_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (Vietnamese unless English is chosen)."""
        return localized_name(self.name, self.name_en)


class Sector(models.Model):
    code = models.CharField(_("code"), max_length=1, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sector (VSIC 2018)")
        verbose_name_plural = _("sectors (VSIC 2018)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name in the active language (Vietnamese unless English is chosen)."""
        return localized_name(self.name, self.name_en)


class ProjectQuerySet(models.QuerySet):
    """Filters and annotations every report builds on; they never aggregate on their own."""

    def of_kind(self, kind: str) -> "ProjectQuerySet":
        return self.filter(kind=kind)

    def fdi(self) -> "ProjectQuerySet":
        return self.of_kind(ProjectKind.FDI)

    def di(self) -> "ProjectQuerySet":
        return self.of_kind(ProjectKind.DI)

    def registered_between(self, start: dt.date, end: dt.date) -> "ProjectQuerySet":
        return self.filter(registered_on__gte=start, registered_on__lte=end)

    def terminated_between(self, start: dt.date, end: dt.date) -> "ProjectQuerySet":
        return self.filter(terminated_on__gte=start, terminated_on__lte=end)

    def valid_on(self, day: dt.date) -> "ProjectQuerySet":
        """Projects registered on or before ``day`` and not terminated by then ("lũy kế")."""
        return self.filter(registered_on__lte=day).filter(
            Q(terminated_on__isnull=True) | Q(terminated_on__gt=day)
        )

    def countries(self) -> list[str]:
        """The distinct investor countries of the register, in code order, without reading
        every project: a loose index scan (one probe of ``project_country_idx`` per country,
        about 250 at most) instead of a DISTINCT over the whole table. Always fresh, so no
        cache to invalidate. Ignores any filter on the queryset (it reads the whole register).
        """
        table = connections[self.db].ops.quote_name(Project._meta.db_table)
        sql = f"""
            WITH RECURSIVE found(code) AS (
                SELECT MIN(country) FROM {table}
                UNION ALL
                SELECT (SELECT MIN(country) FROM {table} WHERE country > found.code)
                FROM found WHERE found.code IS NOT NULL
            )
            SELECT code FROM found WHERE code IS NOT NULL
        """
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql)
            return [code for (code,) in cursor.fetchall()]

    def with_current_capital(self) -> "ProjectQuerySet":
        """Annotate ``capital``: the maintained ``current_capital`` column (registered capital
        plus every live adjustment), which lists sort and total without a subquery."""
        return self.annotate(capital=F("current_capital"))

    def with_capital_on(self, day: dt.date) -> "ProjectQuerySet":
        """Annotate ``capital``: registered capital plus every adjustment dated on or before
        ``day`` (one correlated subquery, so it stays a single query)."""
        adjustments = (
            CapitalAdjustment.objects.filter(project=OuterRef("pk"), adjusted_on__lte=day)
            .order_by()
            .values("project")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.annotate(
            capital=ExpressionWrapper(
                F("registered_capital")
                + Coalesce(Subquery(adjustments, output_field=MoneyField()), Value(0)),
                output_field=MoneyField(),
            )
        )


class CapitalAdjustmentQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> "CapitalAdjustmentQuerySet":
        return self.filter(project__kind=kind)

    def dated_between(self, start: dt.date, end: dt.date) -> "CapitalAdjustmentQuerySet":
        return self.filter(adjusted_on__gte=start, adjusted_on__lte=end)

    def increases(self) -> "CapitalAdjustmentQuerySet":
        return self.filter(amount__gt=0)

    def reductions(self) -> "CapitalAdjustmentQuerySet":
        return self.filter(amount__lt=0)


class Project(Withdrawable):
    kind = models.CharField(_("kind"), max_length=3, choices=ProjectKind.choices)
    code = models.CharField(
        _("project code"),
        max_length=50,
        unique=True,
        help_text=_("The project code on the investment registration certificate."),
    )
    name = models.CharField(_("project name"), max_length=300)
    investor_name = models.CharField(_("investor"), max_length=300)
    country = CountryField(
        _("investor country"),
        blank=True,
        default="",
        help_text=_("Required for FDI projects; VN for domestic projects."),
    )
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="projects"
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    registered_on = models.DateField(_("registration date"), db_index=True)
    registered_capital = MoneyField(
        _("registered capital"), help_text=_("USD for FDI projects, VND for domestic projects.")
    )
    terminated_on = models.DateField(_("termination date"), null=True, blank=True, db_index=True)
    land_area_ha = models.DecimalField(
        _("leased land (ha)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Industrial land the project leases, in hectares."),
    )
    termination_reason = models.CharField(
        _("termination reason"), max_length=500, blank=True, default=""
    )
    note = models.TextField(_("note"), blank=True, default="")
    # Kept by database triggers (investments.aggregates), never written by the application.
    current_capital = MoneyField(
        _("current capital"),
        default=0,
        editable=False,
        help_text=_("Registered capital plus every capital adjustment that is not withdrawn."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = version_field()

    history = HistoricalRecords(excluded_fields=["current_capital"])
    objects = active_manager(ProjectQuerySet)
    all_objects = ProjectQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-registered_on", "code"]
        indexes = [
            models.Index(fields=["kind", "registered_on"], name="project_kind_reg_idx"),
            # The country filter's choices (ProjectQuerySet.countries) and country filters.
            models.Index(fields=["country"], name="project_country_idx"),
            # The project list sorted by current capital.
            models.Index(fields=["current_capital"], name="project_current_capital_idx"),
            # The lists' most common filter, a zone and registration dates: their totals
            # read this index only (PostgreSQL; SQLite ignores the included columns).
            models.Index(
                fields=["zone", "registered_on"],
                include=["id", "kind", "registered_capital", "current_capital"],
                condition=Q(withdrawn_at__isnull=True),
                name="project_zone_reg_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_capital__gt=0), name="project_capital_positive"
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True) | Q(terminated_on__gte=F("registered_on")),
                name="project_terminated_after_registered",
            ),
            models.CheckConstraint(
                condition=Q(kind=ProjectKind.DI, country="VN")
                | (Q(kind=ProjectKind.FDI) & ~Q(country="")),
                name="project_country_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProjectKind.values), name="project_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(land_area_ha__isnull=True) | Q(land_area_ha__gte=0),
                name="project_land_area_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("investments:project_detail", args=[self.pk])

    @property
    def currency(self) -> str:
        return CURRENCY[ProjectKind(self.kind)]

    @property
    def is_terminated(self) -> bool:
        return self.terminated_on is not None


class CapitalAdjustment(Withdrawable):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="adjustments"
    )
    adjusted_on = models.DateField(_("adjustment date"), db_index=True)
    amount = MoneyField(
        _("amount"), help_text=_("Positive for an increase, negative for a reduction.")
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = version_field()

    history = HistoricalRecords()
    objects = active_manager(CapitalAdjustmentQuerySet)
    all_objects = CapitalAdjustmentQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        verbose_name = _("capital adjustment")
        verbose_name_plural = _("capital adjustments")
        ordering = ["-adjusted_on", "-id"]
        indexes = [
            # One project's adjustments up to a date, amount included: the current-capital
            # annotation of the lists and the capital triggers read only this index.
            models.Index(
                fields=["project", "adjusted_on"],
                include=["amount"],
                name="adjustment_project_day_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="adjustment_amount_nonzero"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.adjusted_on:%d/%m/%Y} {self.amount:+}"

    @property
    def is_increase(self) -> bool:
        return self.amount > Decimal(0)


class AnnualTarget(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=3, choices=ProjectKind.choices)
    amount = MoneyField(_("target"), help_text=_("USD for FDI, VND for DI."))
    amount_high = MoneyField(
        _("target, high bound"),
        null=True,
        blank=True,
        help_text=_("Only when the target is a range (from 1,800 to 2,300 million USD)."),
    )
    version = version_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual target")
        verbose_name_plural = _("annual targets")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="target_unique_year_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="target_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_high__isnull=True) | Q(amount_high__gte=F("amount")),
                name="target_high_not_below_low",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}"

    @property
    def currency(self) -> str:
        return CURRENCY[ProjectKind(self.kind)]


class ShareAcquisitionQuerySet(models.QuerySet):
    def registered_between(self, start: dt.date, end: dt.date) -> "ShareAcquisitionQuerySet":
        return self.filter(registered_on__gte=start, registered_on__lte=end)


class ShareAcquisition(Withdrawable):
    """A foreign investor's capital contribution or share purchase in an enterprise of the
    zones ("góp vốn, mua cổ phần, mua phần vốn góp"), registered with the Authority.

    The Foreign Investment Agency counts these in its headline beside new projects and
    capital adjustments; amounts are in USD, like every FDI figure."""

    code = models.CharField(
        _("registration notice number"),
        max_length=50,
        unique=True,
        help_text=_("The number of the notice registering the contribution or share purchase."),
    )
    enterprise_name = models.CharField(
        _("receiving enterprise"),
        max_length=300,
        help_text=_("The economic organisation that receives the capital."),
    )
    investor_name = models.CharField(_("foreign investor"), max_length=300)
    country = CountryField(_("investor country"))
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="share_acquisitions"
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="share_acquisitions",
    )
    registered_on = models.DateField(_("registration date"), db_index=True)
    amount = MoneyField(_("value (USD)"))
    project = models.ForeignKey(
        Project,
        verbose_name=_("project of the enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="share_acquisitions",
        help_text=_("The enterprise's FDI project, when it is in the register."),
    )
    note = models.TextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    version = version_field()

    history = HistoricalRecords()
    objects = active_manager(ShareAcquisitionQuerySet)
    all_objects = ShareAcquisitionQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        verbose_name = _("share acquisition")
        verbose_name_plural = _("share acquisitions")
        ordering = ["-registered_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="share_acquisition_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(country=""), name="share_acquisition_country_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.enterprise_name}"

    def get_absolute_url(self) -> str:
        # No page of its own: the list, narrowed to this notice, shows it to every role.
        query = urlencode({"q": self.code})
        return f"{reverse('investments:share_acquisition_list')}?{query}"

    @property
    def currency(self) -> str:
        return CURRENCY[ProjectKind.FDI]


# --- maintained aggregates (investments.aggregates keeps them right with triggers) ----------


class _Aggregate(models.Model):
    """A row of figures kept by database triggers; never written by the application."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


def _count(name: str) -> models.IntegerField:
    return models.IntegerField(name, default=0)


def _money(name: str) -> MoneyField:
    return MoneyField(name, default=0)


class CapitalDay(_Aggregate):
    """What one day brought, per kind: registrations, terminations, adjustments, shares."""

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=3, choices=ProjectKind.choices)
    projects = _count(_("projects registered"))
    registered_capital = _money(_("their registered capital"))
    terminated = _count(_("projects terminated"))
    terminated_capital = _money(_("their capital at termination"))
    increases = _count(_("increases"))
    increased_capital = _money(_("capital increased"))
    reductions = _count(_("reductions"))
    reduced_capital = _money(_("capital reduced"))
    shares = _count(_("share acquisitions"))
    share_capital = _money(_("their value"))

    class Meta:
        verbose_name = _("capital of a day")
        verbose_name_plural = _("capital by day")
        constraints = [
            models.UniqueConstraint(fields=["day", "kind"], name="capitalday_unique"),
        ]


class CapitalBreakdownDay(_Aggregate):
    """Attracted capital of one day by kind, zone, investor country and sector."""

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=3, choices=ProjectKind.choices)
    zone_id = models.IntegerField(_("zone"))
    country = models.CharField(_("investor country"), max_length=2)
    sector_id = models.IntegerField(_("sector"), help_text=_("0 when none is given."))
    projects = _count(_("projects registered"))
    registered_capital = _money(_("their registered capital"))
    increases = _count(_("increases"))
    increased_capital = _money(_("capital increased"))
    shares = _count(_("share acquisitions"))
    share_capital = _money(_("their value"))

    class Meta:
        verbose_name = _("breakdown of a day")
        verbose_name_plural = _("breakdowns by day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "zone_id", "country", "sector_id"],
                name="capitalbreakdownday_unique",
            ),
        ]


class AdjustedProjectDay(_Aggregate):
    """A project with at least one increase on a day: the distinct projects adjusted up."""

    kind = models.CharField(_("kind"), max_length=3, choices=ProjectKind.choices)
    day = models.DateField(_("day"))
    project_id = models.BigIntegerField(_("project"))
    increases = _count(_("increases"))

    class Meta:
        verbose_name = _("project adjusted up on a day")
        verbose_name_plural = _("projects adjusted up by day")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "day", "project_id"], name="adjustedprojectday_unique"
            ),
        ]
