"""PAJE estimate: every expected figure is a published one, written here literally."""

import datetime as dt
from decimal import Decimal

import pytest

from monenfant.simulators import SimulationError, paje

APRIL_2025 = dt.date(2025, 5, 15)
JUNE_2024 = dt.date(2024, 6, 1)


def estimate(**kwargs):
    arguments = {"date": APRIL_2025, "annual_resources": 20000, "children": 1}
    arguments.update(kwargs)
    return paje(**arguments)


def test_amounts_from_april_2025_are_the_published_ones():
    # Published for 1 April 2025: birth grant 1 084,43 €, basic allowance 196,60 € (full
    # rate) and 98,30 € (partial rate).
    full = estimate(annual_resources=20000)
    assert full.grant == Decimal("1084.43")
    assert full.allowance == Decimal("196.60")
    assert full.allowance_rate == "full"
    partial = estimate(annual_resources=35000)
    assert partial.grant == Decimal("1084.43")
    assert partial.allowance == Decimal("98.30")
    assert partial.allowance_rate == "partial"


def test_amounts_of_april_2018_are_the_published_ones():
    # Reform of 1 April 2018 (BMAF 411,92 €): allowance 170,71 €, birth grant 941,66 €.
    result = paje(date=dt.date(2018, 4, 15), annual_resources=15000, children=1)
    assert result.allowance == Decimal("170.71")
    assert result.grant == Decimal("941.66")


def test_full_rate_of_april_2023_is_the_published_one():
    # Published for 1 April 2023 – 31 March 2024: 184,81 € at the full rate.
    result = paje(date=dt.date(2023, 6, 1), annual_resources=10000, children=1)
    assert result.allowance == Decimal("184.81")


def test_adoption_grant_is_twice_the_birth_grant_rate():
    # 474,37 × 459,5 % = 2 179,73 €, CRDS 10,89 € → 2 168,84 €.
    assert estimate(adoption=True).grant == Decimal("2168.84")


# Ceilings published for 2025 (resources of 2023) for the birth grant and the partial
# rate: 36 461 € (one income) / 48 186 € (two incomes or single parent) for one child,
# 43 753 € / 55 478 € for two, + 8 751 € per extra child.
PARTIAL_2025 = [
    (1, False, 36461),
    (1, True, 48186),
    (2, False, 43753),
    (2, True, 55478),
    (3, False, 43753 + 8751),
    (4, True, 55478 + 2 * 8751),
]


@pytest.mark.parametrize(("children", "two_incomes", "ceiling"), PARTIAL_2025)
def test_partial_rate_and_grant_ceilings_2025(children, two_incomes, ceiling):
    at = estimate(children=children, two_incomes=two_incomes, annual_resources=ceiling)
    assert at.partial_ceiling == Decimal(ceiling)
    assert at.grant == Decimal("1084.43")
    assert at.allowance == Decimal("98.30")
    above = estimate(children=children, two_incomes=two_incomes, annual_resources=ceiling + 1)
    assert above.grant == Decimal(0)
    assert above.allowance == Decimal(0)
    assert above.allowance_rate == ""
    assert "dépassent le plafond" in above.notes_fr[0]


def test_single_parent_gets_the_two_income_ceiling():
    assert estimate(single_parent=True, annual_resources=48186).grant == Decimal("1084.43")
    assert estimate(single_parent=True, annual_resources=48187).grant == Decimal(0)


# Ceilings published for 2024 (resources of 2022): full rate 29 120 / 38 483 € (one
# child), 34 944 / 44 307 € (two), 41 933 / 51 296 € (three); partial rate 34 791 /
# 45 979 €, 41 749 / 52 937 €, 50 099 / 61 287 €.
CEILINGS_2024 = [
    (1, False, 29120, 34791),
    (1, True, 38483, 45979),
    (2, False, 34944, 41749),
    (2, True, 44307, 52937),
    (3, False, 41933, 50099),
    (3, True, 51296, 61287),
]


@pytest.mark.parametrize(("children", "two_incomes", "full", "partial"), CEILINGS_2024)
def test_ceilings_2024(children, two_incomes, full, partial):
    result = paje(date=JUNE_2024, annual_resources=full, children=children, two_incomes=two_incomes)
    assert result.full_ceiling == Decimal(full)
    assert result.partial_ceiling == Decimal(partial)
    assert result.allowance_rate == "full"
    over = paje(
        date=JUNE_2024, annual_resources=full + 1, children=children, two_incomes=two_incomes
    )
    assert over.allowance_rate == "partial"


def test_the_ceilings_change_on_1_january():
    # 36 000 € is under the 2025 ceiling (36 461 €) but over the 2024 one (34 791 €).
    assert paje(date=dt.date(2024, 12, 31), annual_resources=36000, children=1).grant == 0
    assert paje(date=dt.date(2025, 1, 1), annual_resources=36000, children=1).grant > 0


def test_explanation_names_the_scales_with_their_dates():
    result = estimate()
    labels = {use.label_fr for use in result.scales}
    assert "Plafonds de ressources de l’allocation de base à taux plein" in labels
    assert "Base mensuelle de calcul des allocations familiales (BMAF)" in labels
    bmaf = next(
        use
        for use in result.scales
        if use.label_fr == "Base mensuelle de calcul des allocations familiales (BMAF)"
    )
    assert bmaf.start_fr == "1er avril 2025"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"date": dt.date(2018, 3, 31)}, "date"),
        ({"annual_resources": -1}, "annual_resources"),
        ({"children": 0}, "children"),
        ({"two_incomes": True, "single_parent": True}, "two_incomes"),
    ],
)
def test_out_of_range_inputs_name_their_field(kwargs, field):
    with pytest.raises(SimulationError) as error:
        estimate(**kwargs)
    assert error.value.field == field
