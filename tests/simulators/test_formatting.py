"""French formatting of the explanations."""

from decimal import Decimal

from monenfant.simulators.explanation import (
    Step,
    format_eur,
    format_hours,
    format_percent,
    round_half_up,
)

NBSP = "\xa0"
NNBSP = "\u202f"


def test_money_is_formatted_the_french_way():
    assert format_eur(Decimal("2500")) == f"2{NNBSP}500,00{NBSP}€"
    assert format_eur(Decimal("1234567.891")) == f"1{NNBSP}234{NNBSP}567,89{NBSP}€"
    assert format_eur(Decimal("0.5")) == f"0,50{NBSP}€"
    assert format_eur(Decimal("-12.345")) == f"-12,35{NBSP}€"
    assert format_eur(Decimal("999.999")) == f"1{NNBSP}000,00{NBSP}€"
    assert format_eur(Decimal("1.03245"), 4) == f"1,0325{NBSP}€"


def test_percent_and_hours():
    assert format_percent(Decimal("0.0619")) == f"0,0619{NBSP}%"
    assert format_percent(Decimal("0.0310")) == f"0,0310{NBSP}%"
    assert format_hours(Decimal("173")) == f"173{NBSP}h"
    assert format_hours(Decimal("100.00")) == f"100{NBSP}h"
    assert format_hours(Decimal("172.5")) == f"172,5{NBSP}h"


def test_step_text_has_a_no_break_space_before_the_colon():
    step = Step(
        label_fr="Ressources mensuelles retenues (plafond 8 500,00 €)",
        formula="min(…)",
        value=Decimal("2500"),
    )
    assert (
        step.text_fr
        == f"Ressources mensuelles retenues (plafond 8 500,00 €){NBSP}: 2{NNBSP}500,00{NBSP}€"
    )
    hourly = Step(label_fr="Tarif horaire", formula="", value=Decimal("1.8570"), unit="€/h")
    assert hourly.value_fr == f"1,8570{NBSP}€/h"


def test_round_half_up_rounds_ties_away_from_zero():
    assert round_half_up(Decimal("374.125")) == Decimal("374.13")
    assert round_half_up(Decimal("0.50425"), 4) == Decimal("0.5043")
    assert round_half_up(Decimal("2.5"), 0) == Decimal(3)


def test_formulas_have_a_single_no_break_space_before_a_semicolon():
    """« min(a ; b) »: a no-break space before « ; », never a space and a no-break space."""
    import datetime as dt

    from monenfant.simulators import cmg_direct, cmg_structure, creche_psu

    household = {
        "date": dt.date(2026, 1, 15),
        "annual_resources": 48000,
        "children": 1,
        "monthly_hours": 154,
    }
    results = [
        creche_psu(**household),
        cmg_direct(**household, hourly_net_pay="4.50", child_age=1),
        cmg_structure(**household, hourly_price="9.50", child_age=1),
    ]
    formulas = [step.formula for result in results for step in result.steps]
    assert any(f"{NBSP}; " in formula for formula in formulas)
    assert not any(f" {NBSP}" in formula for formula in formulas)
