"""Invariants of the simulators, checked on generated households."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from monenfant.simulators import (
    CrecheKind,
    Employee,
    Structure,
    cmg_direct,
    cmg_structure,
    creche_psu,
)

# No example database on disk (the tests must not write in the work tree).
PROPERTIES = settings(database=None, max_examples=150, deadline=None)

dates = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 12, 31))
resources = st.decimals(min_value=0, max_value=300000, places=2)
hours = st.decimals(min_value=Decimal("0.5"), max_value=260, places=2)
hourly_amounts = st.decimals(min_value=Decimal("0.5"), max_value=30, places=2)


@st.composite
def household(draw):
    children = draw(st.integers(min_value=1, max_value=9))
    return {
        "date": draw(dates),
        "children": children,
        "aeeh_children": draw(st.integers(min_value=0, max_value=children)),
        "monthly_hours": draw(hours),
    }


@PROPERTIES
@given(household(), resources, resources, st.sampled_from(list(CrecheKind)))
def test_psu_cost_is_positive_and_grows_with_resources(base, low, high, kind):
    low, high = sorted((low, high))
    first = creche_psu(**base, annual_resources=low, kind=kind)
    second = creche_psu(**base, annual_resources=high, kind=kind)
    assert first.monthly_cost >= 0
    assert first.aid == 0
    assert first.remaining_cost == first.monthly_cost
    assert first.remaining_cost <= second.remaining_cost


@PROPERTIES
@given(
    household(),
    resources,
    resources,
    hourly_amounts,
    st.sampled_from(list(Employee)),
    st.integers(min_value=0, max_value=13),
    st.booleans(),
)
def test_cmg_direct_aid_is_bounded_and_remaining_cost_grows_with_resources(
    base, low, high, pay, employee, age, single_parent
):
    low, high = sorted((low, high))
    common = {
        **base,
        "hourly_net_pay": pay,
        "employee": employee,
        "child_age": age,
        "single_parent": single_parent,
    }
    first = cmg_direct(**common, annual_resources=low)
    second = cmg_direct(**common, annual_resources=high)
    for result in (first, second):
        assert 0 <= result.aid <= result.monthly_cost
        assert result.remaining_cost >= 0
        assert result.remaining_cost == result.monthly_cost - result.aid
        if not result.eligible:
            assert result.aid == 0
    assert first.remaining_cost <= second.remaining_cost


@PROPERTIES
@given(
    household(),
    resources,
    resources,
    hourly_amounts,
    st.sampled_from(list(Structure)),
    st.integers(min_value=0, max_value=7),
    st.booleans(),
)
def test_cmg_structure_aid_is_at_most_85_percent(
    base, low, high, price, structure, age, single_parent
):
    low, high = sorted((low, high))
    base = {key: value for key, value in base.items() if key != "aeeh_children"}
    common = {
        **base,
        "hourly_price": price,
        "structure": structure,
        "child_age": age,
        "single_parent": single_parent,
    }
    first = cmg_structure(**common, annual_resources=low)
    second = cmg_structure(**common, annual_resources=high)
    for result in (first, second):
        assert 0 <= result.aid <= result.monthly_cost * Decimal("0.85")
        assert result.remaining_cost >= 0
    assert first.remaining_cost <= second.remaining_cost
