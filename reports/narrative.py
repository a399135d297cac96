"""The period report paragraph ("báo cáo sơ kết"), written from a ``PeriodSummary``.

The Vietnamese text follows the source document sentence by sentence, so that for the demo's
first half of 2020 it is the source's paragraph word for word. Clauses whose figures do not
exist (no target, nothing to compare with, no budget plan) are left out rather than written
as "None" or "0%". The English text says the same in the Authority's English.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hpkkt.numbers import format_amount, format_count, format_pct, format_range, is_english
from hpkkt.periods import Period, vi_date
from hpkkt.units import BUDGET_UNIT, DI_UNIT, FDI_UNIT
from reports.types import BudgetSummary, KindSummary, PeriodSummary

__all__ = ["narrative"]


def narrative(summary: PeriodSummary, lang: str = "vi") -> str:
    """One paragraph in the source's style, in Vietnamese (default) or English."""
    writer = _English if is_english(lang) else _Vietnamese
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
