"""CMG « emploi direct »: reform of 1 September 2025 (CSS D531-18) and the former barème."""

import datetime as dt
from decimal import Decimal

import pytest

from monenfant.simulators import Employee, SimulationError, cmg_direct

OCT_2025 = dt.date(2025, 10, 1)


def cmg(**kwargs):
    arguments = {
        "date": OCT_2025,
        "annual_resources": 36000,
        "children": 1,
        "monthly_hours": 125,
        "hourly_net_pay": "4.85",
        "child_age": 1,
    }
    arguments.update(kwargs)
    return cmg_direct(**arguments)


# ---------------------------------------------------------------- since 1 September 2025


def test_cnaf_press_kit_example():
    # Cnaf: couple, 3 000 € a month, 1 child, 125 h at 4.85 € → cost 606.25 €, CMG 374 €,
    # 232 € left. Exactly: 606.25 × (1 − 3 000 × 0.0619 % ÷ 4.85) = 374.125 → 374.13 €.
    result = cmg()
    assert result.monthly_cost == Decimal("606.25")
    assert result.aid == Decimal("374.13")
    assert result.remaining_cost == Decimal("232.12")
    assert result.eligible


def test_formula_with_cost_above_reference_but_under_the_cap():
    result = cmg(annual_resources=48000, monthly_hours=100, hourly_net_pay="6.00")
    # 4 000 × 0.0619 % = 2.476; 1 − 2.476 ÷ 4.85 = 0.48948453…; × 600 = 293.6907 → 293.69 €.
    assert result.aid == Decimal("293.69")
    assert result.remaining_cost == Decimal("306.31")


def test_hourly_cap_of_8_euros_for_a_childminder():
    result = cmg(monthly_hours=100, hourly_net_pay="9.00")
    # Cost 900 € but at most 8 € × 100 h = 800 € taken into account.
    assert result.monthly_cost == Decimal("900.00")
    capped = next(
        step for step in result.steps if step.parameter_name == "cmg_hourly_cap_childminder"
    )
    assert capped.value == Decimal("800.00")
    # 800 × (1 − 1.857 ÷ 4.85) = 800 − 306.3092… = 493.6907… → 493.69 €.
    assert result.aid == Decimal("493.69")
    assert result.remaining_cost == Decimal("406.31")


def test_allowances_count_in_the_cost_and_in_the_cap():
    result = cmg(monthly_hours=100, hourly_net_pay="7.00", monthly_allowances="150")
    assert result.monthly_cost == Decimal("850.00")
    assert result.hourly_price == Decimal("8.50")
    assert result.aid == Decimal("493.69")  # capped at 800 € like above
    under_cap = cmg(monthly_hours=100, hourly_net_pay="4.00", monthly_allowances="85")
    # 485 € = 4.85 €/h: 485 × (1 − 1.857 ÷ 4.85) = 485 − 185.70 = 299.30 €.
    assert under_cap.aid == Decimal("299.30")


def test_hourly_cap_of_15_euros_for_a_home_carer():
    result = cmg(
        employee=Employee.HOME_CARER, annual_resources=60000, monthly_hours=100, hourly_net_pay=12
    )
    # 5 000 × 0.1238 % = 6.19 €/h; 1 200 × (1 − 6.19 ÷ 10.38) = 1 200 − 715.6069… = 484.39 €.
    assert result.aid == Decimal("484.39")
    capped = cmg(
        employee=Employee.HOME_CARER, annual_resources=60000, monthly_hours=100, hourly_net_pay=20
    )
    # 2 000 € but at most 15 € × 100 h = 1 500 €: 1 500 − 894.5086… = 605.49 €.
    assert capped.monthly_cost == Decimal("2000.00")
    assert capped.aid == Decimal("605.49")
    assert capped.remaining_cost == Decimal("1394.51")


def test_home_carer_rates_double_the_childminder_ones():
    one = cmg(employee=Employee.HOME_CARER, hourly_net_pay=12, monthly_hours=100)
    rate_step = next(
        step for step in one.steps if step.parameter_name == "cmg_effort_rates_home_carer"
    )
    assert rate_step.value == Decimal("0.1238")
    for children, rate in ((2, "0.1032"), (3, "0.0826"), (4, "0.0620"), (8, "0.0412")):
        result = cmg(employee=Employee.HOME_CARER, hourly_net_pay=12, children=children)
        step = next(s for s in result.steps if s.parameter_name == "cmg_effort_rates_home_carer")
        assert step.value == Decimal(rate)


def test_aid_is_never_negative():
    # 8 500 € × 0.0619 % = 5.2615 €/h > 4.85 €: the formula is negative, the CMG is 0.
    result = cmg(annual_resources=200000)
    assert result.aid == Decimal(0)
    assert result.remaining_cost == result.monthly_cost
    assert result.eligible
    assert any("jamais négatif" in step.label_fr for step in result.steps)


def test_resources_are_bounded_by_the_cmg_plancher_and_plafond():
    floor = cmg(annual_resources=0)
    # Plancher 815 € (814.62 rounded to the euro): 606.25 − 125 × 0.504485 = 543.189375.
    assert floor.aid == Decimal("543.19")
    retained = next(
        step for step in floor.steps if step.label_fr.startswith("Ressources mensuelles retenues")
    )
    assert retained.value == Decimal(815)
    # Two children at the plafond: 8 500 × 0.0516 % = 4.386 < 4.85, still some aid.
    at_ceiling = cmg(annual_resources=102000, children=2)
    above = cmg(annual_resources=500000, children=2)
    # 606.25 × (1 − 4.386 ÷ 4.85) = 606.25 − 125 × 4.386 = 58.00 €.
    assert at_ceiling.aid == above.aid == Decimal("58.00")


def test_each_aeeh_child_moves_to_the_next_lower_rate():
    plain = cmg(children=1)
    aeeh = cmg(children=1, aeeh_children=1)
    # Rate of 2 children (0.0516 %): 606.25 − 125 × 1.548 = 412.75 €.
    assert aeeh.aid == Decimal("412.75")
    assert aeeh.aid > plain.aid
    two = cmg(children=2, aeeh_children=2)  # rate of 4 children, 0.0310 %
    assert two.aid == Decimal("490.00")  # 606.25 − 125 × 0.93


def test_age_limit_is_6_or_12_for_a_single_parent():
    assert cmg(child_age=5).eligible
    too_old = cmg(child_age=6)
    assert not too_old.eligible
    assert too_old.aid == Decimal(0)
    assert too_old.remaining_cost == too_old.monthly_cost
    assert "moins de 6 ans" in too_old.notes_fr[0]
    assert cmg(child_age=11, single_parent=True).eligible
    assert not cmg(child_age=12, single_parent=True).eligible


def test_the_12_year_limit_does_not_exist_before_the_reform():
    before = cmg(date=dt.date(2025, 8, 31), child_age=7, single_parent=True)
    assert not before.eligible
    assert cmg(date=dt.date(2025, 9, 1), child_age=7, single_parent=True).eligible


def test_alternating_residence_is_shared_from_1_december_2025():
    november = cmg(date=dt.date(2025, 11, 30), alternating_residence=True)
    assert not november.eligible
    assert "1er décembre 2025" in november.notes_fr[0]
    december = cmg(date=dt.date(2025, 12, 1), alternating_residence=True)
    assert december.eligible
    assert december.aid == Decimal("374.13")


def test_the_reform_applies_from_1_september_2025():
    august = cmg(date=dt.date(2025, 8, 31), annual_resources=15000)
    september = cmg(date=dt.date(2025, 9, 1), annual_resources=15000)
    assert any(step.parameter_name == "cmg_paje_rates_direct" for step in august.steps)
    assert not any(step.parameter_name == "cmg_paje_rates_direct" for step in september.steps)
    # August: bracket 1, maximum 474.37 × 114.04 % = 540.97 − CRDS 2.70 = 538.27 €, but at most
    # 85 % of 606.25 € = 515.31 €.
    assert august.aid == Decimal("515.31")
    # September: 1 250 € a month: 606.25 − 125 × 0.77375 = 509.53 €.
    assert september.aid == Decimal("509.53")


def test_parameters_revalued_on_1_april_2026():
    march = cmg(date=dt.date(2026, 3, 31), annual_resources=0, hourly_net_pay=9, monthly_hours=100)
    april = cmg(date=dt.date(2026, 4, 1), annual_resources=0, hourly_net_pay=9, monthly_hours=100)
    # March: 800 € × (1 − 815 × 0.0619 % ÷ 4.85) = 800 − 83.2140… = 716.79 €.
    assert march.aid == Decimal("716.79")
    # April: 809 € × (1 − 821 × 0.0619 % ÷ 4.91) = 809 − 83.7338… = 725.27 €.
    assert april.aid == Decimal("725.27")


# ---------------------------------------------------------------- before 1 September 2025


def test_2018_maximum_for_a_childminder_and_the_single_parent_increase():
    # Published in October 2018: 467.41 €, and 607.63 € for a single parent (+30 %).
    kwargs = {"annual_resources": 15000, "monthly_hours": 150, "hourly_net_pay": 5}
    couple = cmg(date=dt.date(2018, 10, 1), **kwargs)
    assert couple.aid == Decimal("467.41")
    maximum = next(
        step for step in couple.steps if step.label_fr == "Montant maximal mensuel du CMG"
    )
    assert maximum.value == Decimal("467.41")
    single = cmg(date=dt.date(2018, 10, 1), single_parent=True, **kwargs)
    maximum = next(
        step for step in single.steps if step.label_fr == "Montant maximal mensuel du CMG"
    )
    assert maximum.value == Decimal("607.63")
    # Cost 750 €: 85 % is 637.50 €, above the maximum.
    assert single.aid == Decimal("607.63")
    before_the_increase = cmg(date=dt.date(2018, 9, 30), single_parent=True, **kwargs)
    assert before_the_increase.aid == Decimal("467.41")


def test_85_percent_cap_of_the_former_barème():
    result = cmg(
        date=dt.date(2024, 6, 1), annual_resources=15000, monthly_hours=100, hourly_net_pay=4
    )
    # Maximum 466.44 × 114.04 % = 531.93 − 2.65 = 529.28 € but 85 % × 400 € = 340 €.
    assert result.aid == Decimal("340.00")
    assert result.remaining_cost == Decimal("60.00")


@pytest.mark.parametrize(
    ("resources", "child_age", "expected"),
    [
        (15000, 1, "529.28"),  # bracket 1: 531.93 − 2.65
        (40000, 1, "333.75"),  # bracket 2: 466.44 × 71.91 % = 335.42 − 1.67
        (60000, 1, "200.22"),  # bracket 3: 466.44 × 43.14 % = 201.22 − 1.00 (1.0061)
        (15000, 3, "264.65"),  # halved from 3 years: 531.93 ÷ 2 = 265.97 − 1.32
    ],
)
def test_former_brackets_2024(resources, child_age, expected):
    result = cmg(
        date=dt.date(2024, 6, 1),
        annual_resources=resources,
        monthly_hours=200,
        hourly_net_pay=5,
        child_age=child_age,
    )
    assert result.aid == Decimal(expected)


def test_former_barème_needs_16_hours_a_month():
    result = cmg(date=dt.date(2024, 6, 1), monthly_hours=15)
    assert not result.eligible
    assert "16" in result.notes_fr[0]
    assert cmg(date=dt.date(2024, 6, 1), monthly_hours=16).eligible


def test_former_barème_home_carer_uses_the_same_maxima():
    result = cmg(
        date=dt.date(2024, 6, 1),
        employee=Employee.HOME_CARER,
        annual_resources=15000,
        monthly_hours=100,
        hourly_net_pay=12,
    )
    assert result.aid == Decimal("529.28")


# ---------------------------------------------------------------- inputs


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"annual_resources": -100}, "annual_resources"),
        ({"children": 0}, "children"),
        ({"monthly_hours": 300}, "monthly_hours"),
        ({"hourly_net_pay": 0}, "hourly_net_pay"),
        ({"hourly_net_pay": 150}, "hourly_net_pay"),
        ({"monthly_allowances": -1}, "monthly_allowances"),
        ({"employee": Employee.HOME_CARER, "monthly_allowances": 10}, "monthly_allowances"),
        ({"child_age": -1}, "child_age"),
        ({"child_age": 18}, "child_age"),
        ({"date": dt.date(2016, 1, 1)}, "date"),
    ],
)
def test_out_of_range_inputs(kwargs, field):
    with pytest.raises(SimulationError) as error:
        cmg(**kwargs)
    assert error.value.field == field


def test_explanation_cites_every_parameter_used():
    result = cmg()
    names = {step.parameter_name for step in result.steps if step.parameter_name}
    assert names == {
        "cmg_age_limit",
        "cmg_hourly_cap_childminder",
        "cmg_resources_floor",
        "cmg_resources_ceiling",
        "cmg_effort_rates_childminder",
        "cmg_reference_hourly_cost_childminder",
        "tax_credit_childcare_ceiling",
        "tax_credit_childcare_rate",
    }
    remaining = next(step for step in result.steps if step.label_fr == "Reste à charge mensuel")
    assert remaining.text_fr == "Reste à charge mensuel\xa0: 232,12\xa0€"
