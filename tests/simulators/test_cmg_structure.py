"""CMG « structure » (PAJE micro-crèche, childminder or home carer via a structure)."""

import datetime as dt
from decimal import Decimal

import pytest

from monenfant.simulators import SimulationError, Structure, cmg_structure

JUNE_2024 = dt.date(2024, 6, 1)


def structure_cmg(**kwargs):
    arguments = {
        "date": JUNE_2024,
        "annual_resources": 20000,
        "children": 1,
        "monthly_hours": 200,
        "hourly_price": "9.99",
        "child_age": 1,
    }
    arguments.update(kwargs)
    return cmg_structure(**arguments)


# Maxima published by the Cnaf for 1 April 2024 – 31 March 2025 (BMAF 466.44 €).
PUBLISHED_2024 = [
    (Structure.MICRO_CRECHE, 20000, 1, "967.81"),
    (Structure.MICRO_CRECHE, 40000, 1, "834.28"),
    (Structure.MICRO_CRECHE, 60000, 1, "700.80"),
    (Structure.MICRO_CRECHE, 20000, 4, "483.91"),
    (Structure.MICRO_CRECHE, 40000, 4, "417.15"),
    (Structure.MICRO_CRECHE, 60000, 4, "350.40"),
    (Structure.HOME_CARER, 20000, 1, "967.81"),
    (Structure.CHILDMINDER, 20000, 1, "800.92"),
    (Structure.CHILDMINDER, 40000, 1, "667.44"),
    (Structure.CHILDMINDER, 60000, 1, "533.96"),
    (Structure.CHILDMINDER, 20000, 3, "400.46"),
    (Structure.CHILDMINDER, 40000, 3, "333.73"),
    (Structure.CHILDMINDER, 60000, 5, "266.98"),
]


@pytest.mark.parametrize(("structure", "resources", "age", "expected"), PUBLISHED_2024)
def test_published_2024_maxima_are_reproduced_to_the_cent(structure, resources, age, expected):
    result = structure_cmg(structure=structure, annual_resources=resources, child_age=age)
    # The bill (1 998 €) is large enough for the maximum to apply, not the 85 % cap.
    assert result.aid == Decimal(expected)
    assert result.remaining_cost == Decimal("1998.00") - Decimal(expected)


def test_85_percent_of_the_bill_at_most():
    result = structure_cmg(hourly_price=8, monthly_hours=100)
    assert result.monthly_cost == Decimal("800.00")
    assert result.aid == Decimal("680.00")
    assert result.remaining_cost == Decimal("120.00")


def test_micro_creche_price_must_not_exceed_10_euros_an_hour():
    assert structure_cmg(hourly_price="10.00").eligible
    too_expensive = structure_cmg(hourly_price="10.01")
    assert not too_expensive.eligible
    assert too_expensive.aid == Decimal(0)
    assert too_expensive.remaining_cost == Decimal("2002.00")
    assert "10,00" in too_expensive.notes_fr[0]
    # The price limit concerns micro-crèches only.
    assert structure_cmg(hourly_price=25, structure=Structure.HOME_CARER).eligible


def test_age_limits():
    assert structure_cmg(child_age=5).eligible
    six = structure_cmg(child_age=6)
    assert not six.eligible
    assert "moins de 6 ans" in six.notes_fr[0]
    # No 12-year extension for the CMG structure.
    assert not structure_cmg(child_age=7, single_parent=True).eligible


def test_halved_from_3_years():
    under = structure_cmg(child_age=2)
    three = structure_cmg(child_age=3)
    assert under.aid == Decimal("967.81")
    assert three.aid == Decimal("483.91")


def test_single_parent_ceilings_are_increased_by_40_percent():
    # 1 child, 2024: first ceiling 22 809 € (couple, published for 1 January 2024),
    # 22 809 × 1.4 = 31 932.6 → 31 933 € alone.
    couple = structure_cmg(annual_resources=30000)
    single = structure_cmg(annual_resources=30000, single_parent=True)
    assert couple.aid == Decimal("834.28")  # bracket 2
    bracket = next(step for step in single.steps if step.label_fr == "Tranche de revenus retenue")
    assert bracket.value == 1
    ceiling = next(step for step in single.steps if "tranche 1" in step.label_fr)
    assert ceiling.value == Decimal(31933)
    # Bracket 1, +30 % single-parent increase: 466.44 × 208.53 % × 1.3 = 1 264.47 − 6.32.
    assert single.aid == Decimal("1258.15")


def test_ceilings_grow_with_the_number_of_children():
    steps = structure_cmg(children=4, annual_resources=32000).steps
    first = next(step for step in steps if "tranche 1" in step.label_fr)
    second = next(step for step in steps if "tranche 2" in step.label_fr)
    # Published for 1 January 2024: two children 26 046 / 57 881 €, + 3 237 / 7 195 € per
    # child beyond two.
    assert first.value == Decimal(26046 + 2 * 3237)
    assert second.value == Decimal(57881 + 2 * 7195)
    assert structure_cmg(children=4, annual_resources=32000).aid == Decimal("967.81")


def test_minimum_16_hours_a_month():
    assert not structure_cmg(monthly_hours=15).eligible
    assert structure_cmg(monthly_hours=16).eligible


def test_structure_barème_stays_in_force_after_the_reform():
    result = structure_cmg(date=dt.date(2026, 1, 15))
    # BMAF 474.37 €: 474.37 × 208.53 % = 989.20 − CRDS 4.94 = 984.26 €.
    assert result.aid == Decimal("984.26")
    bmaf = next(step for step in result.steps if step.parameter_name == "bmaf")
    assert bmaf.value == Decimal("474.37")


def test_steps_name_bmaf_rates_and_crds():
    names = [step.parameter_name for step in structure_cmg().steps if step.parameter_name]
    for name in (
        "cmg_age_limit",
        "cmg_paje_micro_creche_max_hourly_price",
        "cmg_paje_resource_ceilings",
        "bmaf",
        "cmg_paje_rates_structure_home_or_micro",
        "crds_rate",
        "cmg_paje_max_coverage",
    ):
        assert name in names
    crds = next(step for step in structure_cmg().steps if step.parameter_name == "crds_rate")
    assert crds.formula == "972,67\xa0€ × 0,5\xa0%"
    assert crds.value == Decimal("4.86")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"hourly_price": 0}, "hourly_price"),
        ({"hourly_price": -3}, "hourly_price"),
        ({"annual_resources": -1}, "annual_resources"),
        ({"children": 0}, "children"),
        ({"child_age": 30}, "child_age"),
        ({"date": dt.date(2017, 1, 1)}, "date"),
    ],
)
def test_out_of_range_inputs(kwargs, field):
    with pytest.raises(SimulationError) as error:
        structure_cmg(**kwargs)
    assert error.value.field == field
