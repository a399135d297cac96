"""factory_boy factories for the data contract; amounts are Decimal, never float."""

import datetime as dt
from decimal import Decimal

import factory

from budget.models import BudgetPlan, Remittance, Unit
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    Project,
    Sector,
    ShareAcquisition,
    Zone,
)


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"zone-{n}")
    name = factory.Sequence(lambda n: f"KCN thử {n}")
    kind = "KCN"


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = "C"
    name = "Công nghiệp chế biến, chế tạo"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    kind = "FDI"
    code = factory.Sequence(lambda n: f"P{n:06d}")
    name = factory.Sequence(lambda n: f"Dự án {n}")
    investor_name = factory.Sequence(lambda n: f"Investor {n} Co., Ltd.")
    country = factory.LazyAttribute(lambda o: "VN" if o.kind == "DI" else "JP")
    zone = factory.SubFactory(ZoneFactory)
    sector = None
    registered_on = dt.date(2020, 1, 15)
    registered_capital = Decimal("1000000.00")
    terminated_on = None


class CapitalAdjustmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapitalAdjustment

    project = factory.SubFactory(ProjectFactory)
    adjusted_on = factory.LazyAttribute(lambda o: o.project.registered_on)
    amount = Decimal("100000.00")


class AnnualTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualTarget
        django_get_or_create = ["year", "kind"]

    year = 2020
    kind = "FDI"
    amount = Decimal("1500000000.00")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")


class BudgetPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetPlan
        django_get_or_create = ["unit", "year"]

    unit = factory.SubFactory(UnitFactory)
    year = 2020
    amount = Decimal("1000000000.00")


class RemittanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Remittance

    unit = factory.SubFactory(UnitFactory)
    paid_on = dt.date(2020, 3, 31)
    amount = Decimal("10000000.00")


class ShareAcquisitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShareAcquisition

    code = factory.Sequence(lambda n: f"GV-{n:05d}")
    enterprise_name = factory.Sequence(lambda n: f"Công ty TNHH {n}")
    investor_name = factory.Sequence(lambda n: f"Buyer {n} Co., Ltd.")
    country = "KR"
    zone = factory.SubFactory(ZoneFactory)
    sector = None
    registered_on = dt.date(2021, 3, 15)
    amount = Decimal("1000000.00")
    project = None
