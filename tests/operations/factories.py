"""factory_boy factories of the operations register; amounts are Decimal, never float."""

from decimal import Decimal

import factory

from operations.models import OperationsReport, OperationsTarget
from tests.factories import ProjectFactory


class OperationsReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperationsReport

    project = factory.SubFactory(ProjectFactory)
    year = 2020
    quarter = 1
    realised_capital = Decimal("0.00")
    revenue = Decimal("0.00")
    exports = Decimal("0.00")
    imports = Decimal("0.00")
    budget_paid = Decimal("0.00")
    workers = 0


class OperationsTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperationsTarget
        django_get_or_create = ["year", "indicator"]

    year = 2020
    indicator = "exports"
    amount = Decimal("1000.00")
