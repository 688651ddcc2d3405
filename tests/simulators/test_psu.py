"""PSU crèche barème (Cnaf circular 2019-005 and the yearly plancher/plafond)."""

import datetime as dt
from decimal import Decimal

import pytest

from monenfant.simulators import CrecheKind, SimulationError, creche_psu

JAN_2026 = dt.date(2026, 1, 15)


def psu(**kwargs):
    arguments = {
        "date": JAN_2026,
        "annual_resources": 36000,
        "children": 1,
        "monthly_hours": 100,
    }
    arguments.update(kwargs)
    return creche_psu(**arguments)


def test_hourly_price_is_monthly_resources_times_effort_rate():
    result = psu(annual_resources=36000, monthly_hours=100)
    # 3 000 € × 0.0619 % = 1.857 €/h; 1.857 × 100 h = 185.70 €.
    assert result.hourly_price == Decimal("1.8570")
    assert result.monthly_cost == Decimal("185.70")
    assert result.aid == Decimal(0)
    assert result.remaining_cost == result.monthly_cost
    assert result.eligible


def test_hourly_price_is_kept_to_four_decimals_before_multiplying():
    result = psu(annual_resources=Decimal("28148.04"), monthly_hours=200)
    # 2 345.67 € × 0.0619 % = 1.45196973 → 1.4520 €/h; × 200 h = 290.40 € (not 290.39 €).
    assert result.hourly_price == Decimal("1.4520")
    assert result.monthly_cost == Decimal("290.40")


def test_plancher_applies_below_it():
    result = psu(annual_resources=0)
    # 814.62 € × 0.0619 % = 0.50424978 → 0.5042 €/h.
    assert result.hourly_price == Decimal("0.5042")
    assert result.monthly_cost == Decimal("50.42")
    assert "plancher 814,62" in result.steps[3].label_fr


def test_plancher_edge_is_inclusive():
    at_floor = psu(annual_resources=Decimal("9775.44"))  # exactly 814.62 € a month
    assert at_floor.hourly_price == Decimal("0.5042")
    just_above = psu(annual_resources=Decimal("9775.56"))  # 814.63 €
    assert just_above.hourly_price == Decimal("0.5043")


def test_plafond_applies_above_it():
    result = psu(annual_resources=200000)
    # 8 500 € × 0.0619 % = 5.2615 €/h.
    assert result.hourly_price == Decimal("5.2615")
    at_ceiling = psu(annual_resources=102000)
    assert at_ceiling.hourly_price == Decimal("5.2615")
    below = psu(annual_resources=Decimal("101999.88"))  # 8 499.99 €
    assert below.hourly_price == Decimal("5.2615")  # 5.26149381 rounds to the same price
    assert psu(annual_resources=96000).hourly_price == Decimal("4.9520")  # 8 000 €


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2024, 8, 31), "3.7140"),  # plafond 6 000 €
        (dt.date(2024, 9, 1), "4.3330"),  # plafond 7 000 € from 1 Sept 2024
        (dt.date(2025, 8, 31), "4.3330"),
        (dt.date(2025, 9, 1), "5.2615"),  # plafond 8 500 € from 1 Sept 2025
    ],
)
def test_plafond_follows_the_date(date, expected):
    assert psu(date=date, annual_resources=120000).hourly_price == Decimal(expected)


def test_plancher_changes_on_1_january_2026():
    december = psu(date=dt.date(2025, 12, 31), annual_resources=0)
    january = psu(date=dt.date(2026, 1, 1), annual_resources=0)
    assert december.hourly_price == Decimal("0.4958")  # 801.00 × 0.0619 % = 0.495819
    assert january.hourly_price == Decimal("0.5042")


@pytest.mark.parametrize(
    ("date", "rate_price"),
    [
        (dt.date(2018, 6, 1), "1.8000"),  # 0.06 %
        (dt.date(2019, 8, 31), "1.8000"),
        (dt.date(2019, 9, 1), "1.8150"),  # 0.0605 %
        (dt.date(2020, 1, 1), "1.8300"),  # 0.0610 %
        (dt.date(2021, 1, 1), "1.8450"),  # 0.0615 %
        (dt.date(2022, 1, 1), "1.8570"),  # 0.0619 %, still in force
        (dt.date(2026, 6, 1), "1.8570"),
    ],
)
def test_effort_rates_follow_the_progressive_schedule(date, rate_price):
    assert psu(date=date, annual_resources=36000).hourly_price == Decimal(rate_price)


@pytest.mark.parametrize(
    ("children", "collective", "familial"),
    [
        (1, "0.0619", "0.0516"),
        (2, "0.0516", "0.0413"),
        (3, "0.0413", "0.0310"),
        (4, "0.0310", "0.0310"),
        (5, "0.0310", "0.0310"),
        (6, "0.0310", "0.0206"),
        (7, "0.0310", "0.0206"),
        (8, "0.0206", "0.0206"),
        (10, "0.0206", "0.0206"),
    ],
)
def test_rates_by_number_of_children_and_kind(children, collective, familial):
    # With 10 000 € of monthly resources... capped to 8 500 €; use 10 000 € a month.
    resources = 120000  # 10 000 € a month, capped at 8 500 € in 2026
    for kind in (CrecheKind.COLLECTIVE, CrecheKind.MICRO_CRECHE_PSU):
        result = psu(children=children, kind=kind, annual_resources=resources)
        assert result.hourly_price == (Decimal(8500) * Decimal(collective) / 100).quantize(
            Decimal("0.0001")
        )
    for kind in (CrecheKind.FAMILIAL, CrecheKind.PARENTAL):
        result = psu(children=children, kind=kind, annual_resources=resources)
        assert result.hourly_price == (Decimal(8500) * Decimal(familial) / 100).quantize(
            Decimal("0.0001")
        )


def test_each_aeeh_child_moves_to_the_next_lower_rate():
    plain = psu(children=2)
    one_aeeh = psu(children=2, aeeh_children=1)
    two_aeeh = psu(children=2, aeeh_children=2)
    assert plain.hourly_price == Decimal("1.5480")  # 3 000 × 0.0516 %
    assert one_aeeh.hourly_price == Decimal("1.2390")  # rate of 3 children, 0.0413 %
    assert two_aeeh.hourly_price == Decimal("0.9300")  # rate of 4 children, 0.0310 %
    assert "bénéficiaire de l’AEEH" in one_aeeh.steps[4].label_fr
    single = psu(children=1, aeeh_children=1)
    assert single.hourly_price == Decimal("1.5480")
    familial = psu(children=1, aeeh_children=1, kind=CrecheKind.FAMILIAL)
    assert familial.hourly_price == Decimal("1.2390")  # familial rate of 2 children


def test_steps_explain_each_parameter_in_french():
    result = psu(annual_resources=30000, children=2, aeeh_children=1, monthly_hours=173)
    texts = [step.text_fr for step in result.steps]
    label = "Ressources mensuelles (ressources annuelles de l’année N-2 ÷ 12)"
    assert texts[0] == f"{label}\xa0: 2\u202f500,00\xa0€"
    assert texts[3].startswith("Ressources mensuelles retenues (entre le plancher 814,62\xa0€")
    assert result.steps[1].parameter_name == "psu_resources_floor"
    assert result.steps[1].parameter_confidence == "derived"
    assert result.steps[2].parameter_name == "psu_resources_ceiling"
    assert result.steps[4].parameter_name == "psu_effort_rates_collective"
    assert result.steps[4].value_fr == "0,0413\xa0%"
    assert result.steps[5].value_fr == "1,0325\xa0€/h"
    participation = next(
        step for step in result.steps if step.label_fr == "Participation mensuelle de la famille"
    )
    assert participation.text_fr == "Participation mensuelle de la famille\xa0: 178,62\xa0€"
    for step in result.steps:
        if step.parameter_name:
            assert step.parameter_source


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"annual_resources": -1}, "annual_resources"),
        ({"annual_resources": "abc"}, "annual_resources"),
        ({"children": 0}, "children"),
        ({"children": 21}, "children"),
        ({"children": 2, "aeeh_children": 3}, "aeeh_children"),
        ({"aeeh_children": -1}, "aeeh_children"),
        ({"monthly_hours": 0}, "monthly_hours"),
        ({"monthly_hours": 261}, "monthly_hours"),
        ({"date": dt.date(2017, 12, 31)}, "date"),
    ],
)
def test_out_of_range_inputs_raise_a_simulation_error(kwargs, field):
    with pytest.raises(SimulationError) as error:
        psu(**kwargs)
    assert error.value.field == field
    assert error.value.message_fr


def test_floats_and_strings_are_accepted_exactly():
    assert psu(annual_resources=36000.0).monthly_cost == psu(annual_resources="36000").monthly_cost
    assert psu(monthly_hours="172.5").monthly_cost == Decimal("320.33")  # 1.857 × 172.5
