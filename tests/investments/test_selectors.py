"""Occupancy and investment density of the zones (SPEC "Land and occupancy")."""

import datetime as dt
from decimal import Decimal as D

import pytest

from investments.selectors import occupancy_total, zone_occupancy
from tests.operations.conftest import register  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_occupancy_at_the_end_of_june(register, django_assert_num_queries):  # noqa: F811
    with django_assert_num_queries(2):
        zones = zone_occupancy(day=dt.date(2020, 6, 30))
    # KCN B: no industrial land and, at this date, no valid project leasing land.
    assert [zone.code for zone in zones] == ["kcn-a"]
    (zone,) = zones
    # A (40.25 ha) and B (20 ha) are valid; E was terminated in 2019.
    assert (zone.industrial_land_ha, zone.leased_ha, zone.occupancy_pct) == (
        D("100.00"),
        D("60.25"),
        D("60.3"),
    )
    assert zone.free_ha == D("39.75")
    # FDI: A's 1,000,000 USD on 40.25 ha.
    assert (zone.fdi_capital, zone.fdi_leased_ha, zone.density_usd_per_ha) == (
        D("1000000.00"),
        D("40.25"),
        D("24845"),
    )


def test_a_zone_without_industrial_land_has_no_occupancy(register):  # noqa: F811
    zones = {zone.code: zone for zone in zone_occupancy(day=dt.date(2020, 5, 1))}
    other = zones["kcn-b"]
    assert (other.leased_ha, other.occupancy_pct, other.free_ha) == (D("5.00"), None, None)
    assert other.density_usd_per_ha == D("100000")
    total = occupancy_total(list(zones.values()))
    # Only zones with industrial land count in the rate: A, B, E's zone (E terminated).
    assert (total.industrial_land_ha, total.leased_ha, total.occupancy_pct) == (
        D("100.00"),
        D("60.25"),
        D("60.3"),
    )
    assert total.fdi_leased_ha == D("45.25")


def test_no_land_data_gives_an_empty_list(db):
    assert zone_occupancy(day=dt.date(2020, 1, 1)) == []
    assert occupancy_total([]).occupancy_pct is None
