"""Comparison of modes for one weekly need."""

import datetime as dt
from decimal import Decimal

import pytest

from monenfant.simulators import (
    CrecheKind,
    SimulationError,
    compare,
    creche_psu,
    monthly_hours_from_weekly,
)

NEED = {
    "date": dt.date(2026, 1, 15),
    "annual_resources": 48000,
    "children": 1,
    "hours_per_week": 40,
    "days_per_week": 5,
    "weeks_per_year": 46,
    "child_age": 1,
}


@pytest.mark.parametrize(
    ("weekly", "weeks", "expected"),
    [
        (40, 46, 154),  # 153.33… rounded up
        (45, 52, 195),  # exact
        ("22.5", 47, 89),  # 88.125 rounded up
        (60, 52, 260),
    ],
)
def test_mensualisation_rounds_up_to_the_whole_hour(weekly, weeks, expected):
    hours, step = monthly_hours_from_weekly(hours_per_week=weekly, weeks_per_year=weeks)
    assert hours == Decimal(expected)
    assert step.unit == "h"


def test_every_requested_mode_is_computed_with_the_same_hours():
    comparison = compare(
        **NEED,
        creche_kinds=[CrecheKind.COLLECTIVE, CrecheKind.FAMILIAL],
        micro_creche_hourly_price="9.50",
        childminder_hourly_net_pay="4.50",
        childminder_daily_allowances="7.00",
        home_carer_hourly_net_pay="12.00",
    )
    assert comparison.monthly_hours == Decimal(154)
    modes = [result.mode for result in comparison.results]
    assert modes == [
        "creche_psu:collective",
        "creche_psu:familiale",
        "cmg_structure:micro_creche",
        "cmg_direct:assistant_maternel",
        "cmg_direct:garde_a_domicile",
    ]
    assert all(result.monthly_hours == Decimal(154) for result in comparison.results)
    collective = comparison.results[0]
    assert collective == creche_psu(
        date=NEED["date"], annual_resources=48000, children=1, monthly_hours=154
    )
    assert collective.monthly_cost == Decimal("381.30")  # 2.4760 €/h × 154 h
    childminder = comparison.results[3]
    # Pay 4.50 × 154 = 693 €; allowances 7 € × 5 days × 46 weeks ÷ 12 = 134.17 €.
    assert childminder.monthly_cost == Decimal("827.17")
    assert comparison.cheapest.mode == "creche_psu:familiale"  # lower effort rate
    for result in comparison.results:
        assert result.remaining_cost == result.monthly_cost - result.aid


def test_cheapest_mode_can_be_the_childminder():
    comparison = compare(
        **{**NEED, "annual_resources": 12000},
        micro_creche_hourly_price="9.50",
        childminder_hourly_net_pay="4.00",
    )
    assert comparison.cheapest.mode == "cmg_direct:assistant_maternel"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"hours_per_week": 61}, "hours_per_week"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"weeks_per_year": 53}, "weeks_per_year"),
        ({"days_per_week": 0}, "days_per_week"),
        ({"days_per_week": 1, "hours_per_week": 30}, "hours_per_week"),
        ({"childminder_daily_allowances": -1}, "childminder_daily_allowances"),
    ],
)
def test_out_of_range_needs(kwargs, field):
    arguments = {**NEED, "childminder_hourly_net_pay": 4, **kwargs}
    with pytest.raises(SimulationError) as error:
        compare(**arguments)
    assert error.value.field == field


def test_at_least_one_mode_is_required():
    with pytest.raises(SimulationError) as error:
        compare(**NEED)
    assert error.value.field == "modes"
