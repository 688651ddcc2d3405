"""One test per dated parameter series, against figures published by official sources.

Every expected figure is written here literally (a circular, an instruction of the DSS,
OpenFisca-France's published parameters or a Cnaf/Caf page named in the comment): none is
read from the parameter files or recomputed by the code under test.
"""

import datetime as dt
from decimal import Decimal

import pytest

from monenfant.simulators import (
    CrecheKind,
    Employee,
    SimulationError,
    Structure,
    cmg_direct,
    cmg_structure,
    compare,
    creche_psu,
    get,
)

# ------------------------------------------------------------------ CMG « structure » ceilings

# Plafonds of the CMG brackets revalued each 1 January (DSS instructions; OpenFisca-France
# plaf_cmg premier/deuxieme_plafond): (1 child, 2 children, each child beyond 2).
CMG_CEILINGS = {
    2018: ((20550, 23467, 2917), (45666, 52148, 6482)),
    2019: ((20755, 23701, 2946), (46123, 52670, 6547)),
    2020: ((21087, 24080, 2993), (46861, 53513, 6652)),
    2021: ((21277, 24297, 3020), (47283, 53995, 6712)),
    2022: ((21320, 24346, 3026), (47377, 54102, 6725)),
    2023: ((21661, 24735, 3074), (48135, 54968, 6833)),
    2024: ((22809, 26046, 3237), (50686, 57881, 7195)),
    2025: ((23903, 27295, 3392), (53119, 60659, 7540)),
}


def _ceilings(date, children):
    steps = cmg_structure(
        date=date,
        annual_resources=10000,
        children=children,
        monthly_hours=100,
        hourly_price=9,
        child_age=1,
    ).steps
    first = next(step for step in steps if "tranche 1" in step.label_fr).value
    second = next(step for step in steps if "tranche 2" in step.label_fr).value
    return first, second


@pytest.mark.parametrize("year", sorted(CMG_CEILINGS))
def test_cmg_ceilings_of_every_year(year):
    (first_1, first_2, first_extra), (second_1, second_2, second_extra) = CMG_CEILINGS[year]
    for day in (dt.date(year, 1, 1), dt.date(year, 12, 31)):
        assert _ceilings(day, 1) == (first_1, second_1)
        assert _ceilings(day, 2) == (first_2, second_2)
        assert _ceilings(day, 4) == (first_2 + 2 * first_extra, second_2 + 2 * second_extra)


def test_issue_example_one_child_2025_brackets():
    # One child, 2025: 23 903 / 53 119 €; the ceilings are inclusive.
    def bracket(resources):
        result = cmg_structure(
            date=dt.date(2025, 6, 1),
            annual_resources=resources,
            children=1,
            monthly_hours=200,
            hourly_price="9.99",
            child_age=1,
        )
        return next(step for step in result.steps if step.label_fr == "Tranche de revenus retenue")

    assert bracket(23903).value == 1
    assert bracket(23904).value == 2
    assert bracket(53119).value == 2
    assert bracket(53120).value == 3


def test_family_at_24000_in_2024_is_in_the_second_bracket():
    # 2024 first ceiling for one child: 22 809 € (the former guessed table said 23 132 €).
    result = cmg_structure(
        date=dt.date(2024, 6, 1),
        annual_resources=23000,
        children=1,
        monthly_hours=200,
        hourly_price="9.99",
        child_age=1,
    )
    # Maxima published by the Cnaf for April 2024: 967.81 € (bracket 1), 834.28 € (bracket 2).
    assert result.aid == Decimal("834.28")


# ------------------------------------------------------------------ PSU plancher and plafond


def psu(date, **kwargs):
    arguments = {"date": date, "annual_resources": 0, "children": 1, "monthly_hours": 100}
    arguments.update(kwargs)
    return creche_psu(**arguments)


def _bounds(date):
    steps = psu(date).steps
    floor = next(step for step in steps if step.label_fr == "Plancher de ressources").value
    ceiling = next(step for step in steps if step.label_fr == "Plafond de ressources").value
    return floor, ceiling


def test_psu_plancher_and_plafond_with_their_dates_of_effect():
    # Cnaf (circulaire 2019-005, quoted by Babilou in June 2019): plancher 687.30 € and
    # plafond 4 874.62 € until 31 August 2019; 705.27 € and 5 300 € from 1 September 2019
    # (no revaluation on 1 January 2019); plafond 5 600 € in 2020, 6 000 € in 2022 kept
    # until 31 August 2024 (Caf du Loiret), 7 000 € from 1 September 2024.
    assert _bounds(dt.date(2019, 1, 1)) == (Decimal("687.30"), Decimal("4874.62"))
    assert _bounds(dt.date(2019, 8, 31)) == (Decimal("687.30"), Decimal("4874.62"))
    assert _bounds(dt.date(2019, 9, 1)) == (Decimal("705.27"), Decimal("5300"))
    assert _bounds(dt.date(2020, 1, 1)) == (Decimal("705.27"), Decimal("5600"))
    assert _bounds(dt.date(2022, 6, 1))[1] == Decimal("6000")
    assert _bounds(dt.date(2024, 8, 31))[1] == Decimal("6000")
    assert _bounds(dt.date(2024, 9, 1))[1] == Decimal("7000")
    # Issue 4: plancher 814.62 € in 2026, plafond 8 500 € from 1 September 2025.
    assert _bounds(dt.date(2026, 1, 1)) == (Decimal("814.62"), Decimal("8500"))


def test_micro_creche_rate_column_by_period():
    # Before 1 September 2019 a PSU micro-crèche used the familial/parental column (one
    # child 0.05 %); from then on the collective one (0.0605 %, circulaire 2019-005).
    def rate(date):
        steps = psu(date, kind=CrecheKind.MICRO_CRECHE_PSU, annual_resources=36000).steps
        return next(step for step in steps if step.unit == "%").value

    assert rate(dt.date(2019, 8, 31)) == Decimal("0.05")
    assert rate(dt.date(2019, 9, 1)) == Decimal("0.0605")
    assert rate(dt.date(2022, 1, 1)) == Decimal("0.0619")
    collective = psu(dt.date(2019, 8, 31), annual_resources=36000).steps
    assert next(step for step in collective if step.unit == "%").value == Decimal("0.06")


# ------------------------------------------------------------------ CMG reform rounding, BMAF


def test_reformed_cmg_rounds_monthly_resources_to_the_euro():
    # 36 006 € a year = 3 000.50 € a month → 3 001 € (CSS D531-18). 125 h at 4.85 €:
    # 606.25 × (1 − 3 001 × 0.0619 % ÷ 4.85) = 374.0476… → 374.05 € (374.09 € with the cents).
    result = cmg_direct(
        date=dt.date(2025, 10, 1),
        annual_resources=36006,
        children=1,
        monthly_hours=125,
        hourly_net_pay="4.85",
        child_age=1,
    )
    monthly = next(
        step for step in result.steps if step.label_fr.startswith("Ressources mensuelles")
    )
    assert monthly.value == Decimal("3001")
    assert result.aid == Decimal("374.05")


def test_bmaf_series():
    # Circulars of the DSS: 411.92 € (2018), 413.16 € (2019), 414.40 € (2020), 414.81 €
    # (2021), 422.28 € then 439.17 € (July 2022), 466.44 € (2024), 474.37 € (2025);
    # April 2026: 474.37 × 1.008 = 478.16496 → 478.16 € to the cent.
    expected = {
        dt.date(2018, 4, 1): "411.92",
        dt.date(2019, 4, 1): "413.16",
        dt.date(2020, 4, 1): "414.40",
        dt.date(2021, 4, 1): "414.81",
        dt.date(2022, 4, 1): "422.28",
        dt.date(2022, 7, 1): "439.17",
        dt.date(2024, 4, 1): "466.44",
        dt.date(2025, 4, 1): "474.37",
        dt.date(2026, 4, 1): "478.16",
    }
    for date, value in expected.items():
        assert get("bmaf", date).value == Decimal(value), date


# ------------------------------------------------------------------ crèches from 6 years


def test_no_crèche_for_a_child_of_6_or_more():
    with pytest.raises(SimulationError) as error:
        psu(dt.date(2026, 1, 15), child_age=6)
    assert error.value.field == "child_age"
    assert psu(dt.date(2026, 1, 15), child_age=5).monthly_cost > 0

    comparison = compare(
        date=dt.date(2026, 1, 15),
        annual_resources=36000,
        children=1,
        hours_per_week=10,
        days_per_week=2,
        weeks_per_year=36,
        child_age=7,
        creche_kinds=[CrecheKind.COLLECTIVE],
        micro_creche_hourly_price=9,
        childminder_hourly_net_pay="4.50",
    )
    assert [result.mode for result in comparison.results] == ["cmg_direct:assistant_maternel"]
    assert "moins de 6\xa0ans" in comparison.excluded_fr[0]

    with pytest.raises(SimulationError) as error:
        compare(
            date=dt.date(2026, 1, 15),
            annual_resources=36000,
            children=1,
            hours_per_week=10,
            days_per_week=2,
            weeks_per_year=36,
            child_age=7,
            creche_kinds=[CrecheKind.COLLECTIVE],
        )
    assert error.value.field == "child_age"


# ------------------------------------------------------------------ tax credits


def test_childcare_tax_credit_ceiling_by_year():
    # CGI 200 quater B: 50 % of at most 2 300 € a year per child until 2021, 3 500 € from
    # the expenses of 2022. A crèche bill of 400 € a month (4 800 € a year):
    # 2021: 2 300 × 50 % ÷ 12 = 95.83 €; 2022: 3 500 × 50 % ÷ 12 = 145.83 €.
    def credit(date):
        result = psu(date, annual_resources=Decimal("77519.38"), monthly_hours=200)
        return result

    result_2021 = credit(dt.date(2021, 6, 1))
    result_2022 = credit(dt.date(2022, 6, 1))
    assert result_2021.monthly_cost > Decimal(400)
    assert result_2021.tax_credit == Decimal("95.83")
    assert result_2022.tax_credit == Decimal("145.83")
    assert result_2022.after_tax_credit == result_2022.remaining_cost - Decimal("145.83")


def test_small_expense_gets_half_back():
    # 100 € a month left to the family = 1 200 € a year, under every ceiling: 50 € a month.
    result = psu(dt.date(2026, 1, 15), annual_resources=Decimal("19386.43"), monthly_hours=100)
    assert result.remaining_cost == Decimal("100.00")
    assert result.tax_credit == Decimal("50.00")


def test_home_employment_tax_credit_ceiling():
    # CGI 199 sexdecies: 12 000 € + 1 500 € per dependent child, at most 15 000 €; 50 %.
    # A home carer at 15 €/h net for 217 h (3 255 € a month) leaves far more than the
    # ceiling: 1 child → 13 500 × 50 % ÷ 12 = 562.50 €; 3 children → 15 000 × 50 % ÷ 12 = 625 €.
    def credit(children):
        return cmg_direct(
            date=dt.date(2026, 1, 15),
            annual_resources=200000,
            children=children,
            monthly_hours=217,
            hourly_net_pay=15,
            child_age=1,
            employee=Employee.HOME_CARER,
        ).tax_credit

    assert credit(1) == Decimal("562.50")
    assert credit(3) == Decimal("625.00")


def test_home_carer_through_a_structure_opens_the_home_employment_credit():
    result = cmg_structure(
        date=dt.date(2026, 1, 15),
        annual_resources=200000,
        children=1,
        monthly_hours=217,
        hourly_price=30,
        child_age=1,
        structure=Structure.HOME_CARER,
    )
    assert result.tax_credit_label_fr == "Crédit d’impôt pour l’emploi d’un salarié à domicile"
    assert result.tax_credit == Decimal("562.50")


def test_no_childcare_credit_for_a_child_of_6():
    result = cmg_direct(
        date=dt.date(2026, 1, 15),
        annual_resources=30000,
        children=1,
        monthly_hours=80,
        hourly_net_pay=5,
        child_age=7,
        single_parent=True,
    )
    assert result.tax_credit == 0
