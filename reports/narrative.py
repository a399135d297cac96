"""The period report paragraph ("báo cáo sơ kết"), written from a ``PeriodSummary``.

The Vietnamese text follows the source document sentence by sentence, so that for the demo's
first half of 2020 it is the source's paragraph word for word. Clauses whose figures do not
exist (no target, nothing to compare with, no budget plan) are left out rather than written
as "None" or "0%". The English text says the same in the Authority's English.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hpkkt.numbers import (
    format_amount,
    format_count,
    format_number,
    format_pct,
    format_range,
    is_english,
)
from hpkkt.periods import Period, vi_date
from hpkkt.units import BUDGET_UNIT, DI_UNIT, FDI_UNIT, DisplayUnit
from reports.types import BudgetSummary, KindSummary, OperationsSummary, PeriodSummary

__all__ = ["narrative", "operations_paragraph", "paragraphs"]


def narrative(summary: PeriodSummary, lang: str = "vi") -> str:
    """One paragraph in the source's style, in Vietnamese (default) or English."""
    writer = _English if is_english(lang) else _Vietnamese
    return writer(summary).paragraph()


def paragraphs(summary: PeriodSummary, lang: str = "vi") -> list[str]:
    """The report's paragraphs: investment and budget first, then each further paragraph
    that the period has data for (SPEC "The narrative")."""
    result = [narrative(summary, lang)]
    operations = operations_paragraph(summary, lang)
    if operations:
        result.append(operations)
    return result


def operations_paragraph(summary: PeriodSummary, lang: str = "vi") -> str:
    """The enterprises' results ("Các doanh nghiệp trong KCN, KKT đạt doanh thu …"), or ""
    when no report of the period's quarters was received."""
    if summary.operations is None or not summary.operations.has_reports:
        return ""
    writer = _OperationsEnglish if is_english(lang) else _OperationsVietnamese
    return writer(summary).paragraph()


def _is_year_to_date(period: Period) -> bool:
    """A period from 1 January to a day before 31 December of the same year."""
    return (
        not period.spans_years
        and (period.start.month, period.start.day) == (1, 1)
        and period.kind != "year"
    )


class _Vietnamese:
    lang = "vi"

    def __init__(self, summary: PeriodSummary) -> None:
        self.summary = summary
        self.period = summary.period

    def paragraph(self) -> str:
        sentences = [
            self.fdi_period(),
            self.cumulative(self.summary.fdi),
            self.di_period(),
            self.cumulative(self.summary.di),
            self.budget(),
        ]
        return " ".join(sentence for sentence in sentences if sentence)

    # -- helpers --------------------------------------------------------------------------
    def count(self, n: int) -> str:
        return format_count(n, self.lang)

    def phrase(self, n: int, label: str) -> str:
        """``n`` projects: "03 dự án"; English reads "1 new project"."""
        if self.lang == "en" and n == 1:
            label = label.replace("projects", "project", 1).replace(" their ", " its ")
        return f"{self.count(n)} {label}"

    def amount(self, value: Decimal, kind: str) -> str:
        unit = {"FDI": FDI_UNIT, "DI": DI_UNIT, "BUDGET": BUDGET_UNIT}[kind]
        return format_amount(value, unit, self.lang)

    def pct(self, value: Decimal) -> str:
        return format_pct(value, self.lang)

    def date(self, day: dt.date) -> str:
        return vi_date(day)

    def opening(self) -> str:
        if self.period.kind == "custom":
            name = self.period.name("vi")
            return name[0].upper() + name[1:]
        return f"Trong {self.period.name('vi')}"

    def previous_name(self) -> str:
        if self.period.spans_years:
            return "cùng kỳ năm trước"
        return f"cùng kỳ năm {self.period.start.year - 1}"

    # -- sentences ------------------------------------------------------------------------
    def attracted_projects(self, figures: KindSummary, new_label: str, adjusted_label: str) -> str:
        parts = []
        if figures.new_projects:
            parts.append(self.phrase(figures.new_projects, new_label))
        if figures.adjusted_projects:
            parts.append(self.phrase(figures.adjusted_projects, adjusted_label))
        return (" and " if self.lang == "en" else ", ").join(parts)

    def fdi_period(self) -> str:
        fdi = self.summary.fdi
        head = (
            f"{self.opening()}, về thu hút đầu tư trực tiếp nước ngoài, "
            "các Khu công nghiệp (KCN), Khu kinh tế (KKT)"
        )
        projects = self.attracted_projects(
            fdi, "dự án FDI cấp mới", "dự án FDI điều chỉnh tăng vốn"
        )
        shares = self.share_acquisitions(fdi)
        if not projects:
            text = f"{head} chưa thu hút thêm dự án FDI cấp mới hoặc điều chỉnh tăng vốn"
            if not shares:
                return text + "."
            return f"{text}; ghi nhận {shares}. {self.fia_total(fdi)}"
        if shares:
            projects = f"{projects}, {shares}"
        clauses = [f"tổng vốn thu hút đạt {self.amount(fdi.attracted_capital, 'FDI')}"]
        if fdi.growth_pct is not None:
            clauses.append(self.change(fdi.growth_pct))
        if fdi.plan_pct is not None and fdi.annual_target is not None:
            clauses.append(self.plan(fdi))
        text = f"{head} đã thu hút {projects}; {', '.join(clauses)}."
        return f"{text} {self.fia_total(fdi)}" if shares else text

    def change(self, pct: Decimal) -> str:
        """ "tăng 42% so với cùng kỳ năm 2019", or "bằng cùng kỳ năm 2019"."""
        if pct > 0:
            return f"tăng {self.pct(pct)} so với {self.previous_name()}"
        if pct < 0:
            return f"giảm {self.pct(-pct)} so với {self.previous_name()}"
        return f"bằng {self.previous_name()}"

    def target(self, figures: KindSummary) -> str:
        """The annual target, a range as a range: "1.800–2.300 triệu USD"."""
        unit = {"FDI": FDI_UNIT, "DI": DI_UNIT}[figures.kind]
        return format_range(figures.annual_target, figures.annual_target_high, unit, self.lang)

    def plan(self, figures: KindSummary) -> str:
        text = f"đạt {self.pct(figures.plan_pct)} kế hoạch năm ({self.target(figures)})"
        if figures.plan_pct_high is not None and figures.annual_target_high is not None:
            text += f" tính theo mức thấp, {self.pct(figures.plan_pct_high)} theo mức cao"
        return text

    def share_acquisitions(self, fdi: KindSummary) -> str:
        """ "25 lượt góp vốn, mua cổ phần với giá trị 120,5 triệu USD" ("" when none)."""
        if not fdi.share_acquisitions:
            return ""
        return (
            f"{self.count(fdi.share_acquisitions)} lượt góp vốn, mua cổ phần với giá trị "
            f"{self.amount(fdi.share_acquisition_capital, 'FDI')}"
        )

    def fia_total(self, fdi: KindSummary) -> str:
        """The Foreign Investment Agency's headline: new, adjusted and share acquisitions."""
        text = (
            "Tính cả góp vốn, mua cổ phần, tổng vốn đăng ký cấp mới, điều chỉnh và góp vốn, "
            f"mua cổ phần đạt {self.amount(fdi.total_registered_capital, 'FDI')}"
        )
        if fdi.total_growth_pct is not None:
            text += f", {self.change(fdi.total_growth_pct)}"
        return text + "."

    def cumulative(self, summary: KindSummary) -> str:
        label = "dự án FDI" if summary.kind == "FDI" else "dự án đầu tư trong nước"
        if not summary.cumulative_projects:
            return (
                f"Đến ngày {self.date(self.period.end)}, các KCN, KKT chưa có {label} còn hiệu lực."
            )
        return (
            f"Lũy kế đến ngày {self.date(self.period.end)}, các KCN, KKT thu hút "
            f"{self.count(summary.cumulative_projects)} {label} với tổng vốn đầu tư "
            f"{self.amount(summary.cumulative_capital, summary.kind)}."
        )

    def di_when(self) -> str:
        if _is_year_to_date(self.period):
            return f"từ đầu năm đến ngày {self.date(self.period.end)}"
        if self.period.kind == "custom":
            return self.period.name("vi")
        return f"trong {self.period.name('vi')}"

    def di_period(self) -> str:
        di = self.summary.di
        head = f"Về đầu tư trong nước, {self.di_when()}, các KCN, KKT"
        projects = self.attracted_projects(di, "dự án cấp mới", "dự án DI điều chỉnh tăng vốn")
        if not projects:
            return f"{head} chưa thu hút thêm dự án cấp mới hoặc điều chỉnh tăng vốn."
        return (
            f"{head} đã thu hút được {projects}; "
            f"tổng vốn thu hút đạt {self.amount(di.attracted_capital, 'DI')}."
        )

    def budget(self) -> str:
        budget: BudgetSummary = self.summary.budget
        if not budget.remitted and budget.plan is None:
            return ""
        if not budget.remitted:
            return "Chưa phát sinh khoản nộp ngân sách nhà nước trong kỳ."
        text = f"Nộp ngân sách nhà nước {self.amount(budget.remitted, 'BUDGET')}"
        if budget.plan_pct is not None:
            text += f", bằng {self.pct(budget.plan_pct)} kế hoạch năm"
        units = []
        for unit in budget.units:
            if not unit.remitted and unit.plan is None:
                continue
            part = f"{unit.name}: {self.amount(unit.remitted, 'BUDGET')}"
            if unit.plan_pct is not None:
                part += f", đạt {self.pct(unit.plan_pct)} kế hoạch giao"
            units.append(part)
        if units:
            text += ", trong đó: " + "; ".join(units)
        return text + "."


class _English(_Vietnamese):
    lang = "en"

    def date(self, day: dt.date) -> str:
        return f"{day:%d/%m/%Y}"

    def opening(self) -> str:
        name = self.period.name("en")
        if self.period.kind == "custom":
            return name[0].upper() + name[1:]
        if self.period.kind in ("year", "month"):
            return f"In {name}"  # "In 2020", "In July 2020"
        return f"In the {name}"

    def previous_name(self) -> str:
        if self.period.spans_years:
            return "the same period of the previous year"
        return f"the same period of {self.period.start.year - 1}"

    def fdi_period(self) -> str:
        fdi = self.summary.fdi
        head = (
            f"{self.opening()}, in foreign direct investment, "
            "the industrial zones (KCN) and economic zones (KKT)"
        )
        projects = self.attracted_projects(
            fdi, "new FDI projects", "FDI projects increasing their capital"
        )
        shares = self.share_acquisitions(fdi)
        if not projects:
            text = f"{head} attracted no new FDI project and no capital increase"
            if not shares:
                return text + "."
            return f"{text}; they recorded {shares}. {self.fia_total(fdi)}"
        if shares:
            projects = projects.replace(" and ", ", ", 1) + f" and {shares}"
        clauses = [f"total attracted capital reached {self.amount(fdi.attracted_capital, 'FDI')}"]
        if fdi.growth_pct is not None:
            clauses.append(self.change(fdi.growth_pct))
        if fdi.plan_pct is not None and fdi.annual_target is not None:
            clauses.append(self.plan(fdi))
        text = f"{head} attracted {projects}; {', '.join(clauses)}."
        return f"{text} {self.fia_total(fdi)}" if shares else text

    def change(self, pct: Decimal) -> str:
        if pct > 0:
            return f"up {self.pct(pct)} on {self.previous_name()}"
        if pct < 0:
            return f"down {self.pct(-pct)} on {self.previous_name()}"
        return f"level with {self.previous_name()}"

    def plan(self, figures: KindSummary) -> str:
        text = f"{self.pct(figures.plan_pct)} of the annual target ({self.target(figures)})"
        if figures.plan_pct_high is not None and figures.annual_target_high is not None:
            text += (
                f" against its low bound, {self.pct(figures.plan_pct_high)} against its high bound"
            )
        return text

    def share_acquisitions(self, fdi: KindSummary) -> str:
        n = fdi.share_acquisitions
        if not n:
            return ""
        what = (
            "capital contribution or share purchase"
            if n == 1
            else ("capital contributions and share purchases")
        )
        return f"{self.count(n)} {what} worth {self.amount(fdi.share_acquisition_capital, 'FDI')}"

    def fia_total(self, fdi: KindSummary) -> str:
        text = (
            "Including capital contributions and share purchases, total registered capital "
            "(new, adjusted and contributed) reached "
            f"{self.amount(fdi.total_registered_capital, 'FDI')}"
        )
        if fdi.total_growth_pct is not None:
            text += f", {self.change(fdi.total_growth_pct)}"
        return text + "."

    def cumulative(self, summary: KindSummary) -> str:
        label = "valid FDI projects" if summary.kind == "FDI" else "valid domestic projects"
        if not summary.cumulative_projects:
            return f"As of {self.date(self.period.end)}, the KCNs and KKTs hold no {label}."
        return (
            f"As of {self.date(self.period.end)}, the KCNs and KKTs hold "
            f"{self.phrase(summary.cumulative_projects, label)} with total investment "
            f"capital of {self.amount(summary.cumulative_capital, summary.kind)}."
        )

    def di_when(self) -> str:
        if _is_year_to_date(self.period):
            return f"from the start of the year to {self.date(self.period.end)}"
        return self.opening()[0].lower() + self.opening()[1:]

    def di_period(self) -> str:
        di = self.summary.di
        head = f"In domestic investment, {self.di_when()}, the KCNs and KKTs"
        projects = self.attracted_projects(
            di, "new projects", "DI projects increasing their capital"
        )
        if not projects:
            return f"{head} attracted no new project and no capital increase."
        return (
            f"{head} attracted {projects}; "
            f"total attracted capital reached {self.amount(di.attracted_capital, 'DI')}."
        )

    def budget(self) -> str:
        budget = self.summary.budget
        if not budget.remitted and budget.plan is None:
            return ""
        if not budget.remitted:
            return "No state budget remittance was made in the period."
        text = f"State budget remittances reached {self.amount(budget.remitted, 'BUDGET')}"
        if budget.plan_pct is not None:
            text += f", {self.pct(budget.plan_pct)} of the annual plan"
        units = []
        for unit in budget.units:
            if not unit.remitted and unit.plan is None:
                continue
            part = f"{unit.name_en or unit.name}: {self.amount(unit.remitted, 'BUDGET')}"
            if unit.plan_pct is not None:
                part += f", {self.pct(unit.plan_pct)} of its plan"
            units.append(part)
        if units:
            text += ", of which " + "; ".join(units)
        return text + "."


#: Enterprises' payments to the budget are counted in billions: "12.350 tỷ đồng".
ENTERPRISE_BUDGET_UNIT = DisplayUnit(Decimal(10**9), "tỷ đồng", "billion VND")


class _OperationsVietnamese:
    """The enterprise-operations paragraph, in the Authority's words: "Các doanh nghiệp trong
    KCN, KKT đạt doanh thu 33,5 tỷ USD (105% kế hoạch), xuất khẩu …; … lao động"."""

    lang = "vi"

    def __init__(self, summary: PeriodSummary) -> None:
        self.summary = summary
        self.period = summary.period
        self.ops: OperationsSummary = summary.operations

    def amount(self, value: Decimal, unit: DisplayUnit) -> str:
        return format_amount(value, unit, self.lang)

    def pct(self, value: Decimal) -> str:
        return format_pct(value, self.lang)

    def previous_name(self) -> str:
        if self.period.spans_years:
            return "cùng kỳ năm trước"
        return f"cùng kỳ năm {self.period.start.year - 1}"

    def notes(self, plan: Decimal | None, growth: Decimal | None) -> str:
        parts = []
        if plan is not None:
            parts.append(f"đạt {self.pct(plan)} kế hoạch năm")
        if growth is not None and growth > 0:
            parts.append(f"tăng {self.pct(growth)} so với {self.previous_name()}")
        elif growth is not None and growth < 0:
            parts.append(f"giảm {self.pct(-growth)} so với {self.previous_name()}")
        return f" ({', '.join(parts)})" if parts else ""

    def flow(self, name: str, unit: DisplayUnit, plan: Decimal | None = None) -> str:
        ops = self.ops
        return self.amount(getattr(ops, name), unit) + self.notes(
            plan, getattr(ops, f"{name}_growth_pct")
        )

    def revenue(self) -> str:
        ops = self.ops
        parts = []
        if ops.revenue_fdi:
            fdi = self.flow("revenue_fdi", FDI_UNIT, ops.revenue_plan_pct)
            parts.append(f"{fdi} đối với doanh nghiệp FDI")
        if ops.revenue_di:
            parts.append(f"{self.flow('revenue_di', DI_UNIT)} đối với doanh nghiệp trong nước")
        return " và ".join(parts)

    def results(self) -> str:
        ops = self.ops
        clauses = []
        revenue = self.revenue()
        if revenue:
            clauses.append(f"doanh thu {revenue}")
        clauses.append(
            f"kim ngạch xuất khẩu {self.flow('exports', FDI_UNIT, ops.exports_plan_pct)}"
        )
        clauses.append(f"nhập khẩu {self.flow('imports', FDI_UNIT, ops.imports_plan_pct)}")
        budget = self.flow("budget_paid", ENTERPRISE_BUDGET_UNIT, ops.budget_paid_plan_pct)
        clauses.append(f"nộp ngân sách {budget}")
        workers = format_number(ops.workers, 0, self.lang)
        return (
            f"Các doanh nghiệp trong KCN, KKT đạt {', '.join(clauses)}; sử dụng {workers} lao động."
        )

    def realised(self) -> str:
        ops, fdi = self.ops, self.summary.fdi
        parts = []
        if ops.realised_capital_fdi:
            parts.append(f"{self.flow('realised_capital_fdi', FDI_UNIT)} của các dự án FDI")
        if ops.realised_capital_di:
            parts.append(f"{self.flow('realised_capital_di', DI_UNIT)} của các dự án trong nước")
        text = f"Vốn thực hiện trong kỳ đạt {' và '.join(parts)}" if parts else ""
        if ops.realised_share_pct_fdi is not None and fdi.cumulative_projects:
            cumulative = (
                f"vốn thực hiện lũy kế của các dự án FDI còn hiệu lực đạt "
                f"{self.amount(ops.cumulative_realised_fdi, FDI_UNIT)}, bằng "
                f"{self.pct(ops.realised_share_pct_fdi)} tổng vốn đăng ký"
            )
            text = f"{text}; {cumulative}" if text else cumulative[0].upper() + cumulative[1:]
        return f"{text}." if text else ""

    def reporting(self) -> str:
        ops = self.ops
        text = (
            f"Ban Quản lý đã nhận {format_count(ops.reports_received, self.lang)} báo cáo "
            f"quý của doanh nghiệp"
        )
        if ops.reporting_rate_pct is not None:
            text += (
                f" trên tổng số {format_count(ops.reports_expected, self.lang)} báo cáo "
                f"phải nộp (đạt {self.pct(ops.reporting_rate_pct)})"
            )
        return text + "."

    def paragraph(self) -> str:
        sentences = [self.results(), self.realised(), self.reporting()]
        return " ".join(sentence for sentence in sentences if sentence)


class _OperationsEnglish(_OperationsVietnamese):
    lang = "en"

    def previous_name(self) -> str:
        if self.period.spans_years:
            return "the same period of the previous year"
        return f"the same period of {self.period.start.year - 1}"

    def notes(self, plan: Decimal | None, growth: Decimal | None) -> str:
        parts = []
        if plan is not None:
            parts.append(f"{self.pct(plan)} of the annual plan")
        if growth is not None and growth > 0:
            parts.append(f"up {self.pct(growth)} on {self.previous_name()}")
        elif growth is not None and growth < 0:
            parts.append(f"down {self.pct(-growth)} on {self.previous_name()}")
        return f" ({', '.join(parts)})" if parts else ""

    def revenue(self) -> str:
        ops = self.ops
        parts = []
        if ops.revenue_fdi:
            parts.append(
                f"{self.flow('revenue_fdi', FDI_UNIT, ops.revenue_plan_pct)} for FDI enterprises"
            )
        if ops.revenue_di:
            parts.append(f"{self.flow('revenue_di', DI_UNIT)} for domestic enterprises")
        return " and ".join(parts)

    def results(self) -> str:
        ops = self.ops
        clauses = []
        revenue = self.revenue()
        if revenue:
            clauses.append(f"revenue of {revenue}")
        clauses.append(f"exports of {self.flow('exports', FDI_UNIT, ops.exports_plan_pct)}")
        clauses.append(f"imports of {self.flow('imports', FDI_UNIT, ops.imports_plan_pct)}")
        clauses.append(
            "state budget payments of "
            + self.flow("budget_paid", ENTERPRISE_BUDGET_UNIT, ops.budget_paid_plan_pct)
        )
        workers = format_number(ops.workers, 0, self.lang)
        return (
            f"The enterprises of the KCNs and KKTs reported {', '.join(clauses)}; "
            f"they employ {workers} workers."
        )

    def realised(self) -> str:
        ops, fdi = self.ops, self.summary.fdi
        parts = []
        if ops.realised_capital_fdi:
            parts.append(f"{self.flow('realised_capital_fdi', FDI_UNIT)} by FDI projects")
        if ops.realised_capital_di:
            parts.append(f"{self.flow('realised_capital_di', DI_UNIT)} by domestic projects")
        text = f"Capital realised in the period reached {' and '.join(parts)}" if parts else ""
        if ops.realised_share_pct_fdi is not None and fdi.cumulative_projects:
            cumulative = (
                f"the cumulative realised capital of valid FDI projects reached "
                f"{self.amount(ops.cumulative_realised_fdi, FDI_UNIT)}, "
                f"{self.pct(ops.realised_share_pct_fdi)} of their registered capital"
            )
            text = f"{text}; {cumulative}" if text else cumulative[0].upper() + cumulative[1:]
        return f"{text}." if text else ""

    def reporting(self) -> str:
        ops = self.ops
        text = (
            f"The Authority received {format_number(ops.reports_received, 0, self.lang)} "
            "quarterly reports from enterprises"
        )
        if ops.reporting_rate_pct is not None:
            text += (
                f" of the {format_number(ops.reports_expected, 0, self.lang)} due "
                f"({self.pct(ops.reporting_rate_pct)})"
            )
        return text + "."
