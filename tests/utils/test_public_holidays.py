"""Public holidays against the official lists (service-public.fr « Jours fériés » pages,
Légifrance for the local law), never recomputed here."""

import datetime

import pytest

from monenfant.utils.public_holidays import easter_sunday, public_holidays, public_holidays_between

D = datetime.date

# service-public.fr, « Jours fériés 2025 » and « Jours fériés 2026 ».
NATIONAL = {
    2025: [
        D(2025, 1, 1), D(2025, 4, 21), D(2025, 5, 1), D(2025, 5, 8), D(2025, 5, 29),
        D(2025, 6, 9), D(2025, 7, 14), D(2025, 8, 15), D(2025, 11, 1), D(2025, 11, 11),
        D(2025, 12, 25),
    ],
    2026: [
        D(2026, 1, 1), D(2026, 4, 6), D(2026, 5, 1), D(2026, 5, 8), D(2026, 5, 14),
        D(2026, 5, 25), D(2026, 7, 14), D(2026, 8, 15), D(2026, 11, 1), D(2026, 11, 11),
        D(2026, 12, 25),
    ],
    2024: [
        D(2024, 1, 1), D(2024, 4, 1), D(2024, 5, 1), D(2024, 5, 8), D(2024, 5, 9),
        D(2024, 5, 20), D(2024, 7, 14), D(2024, 8, 15), D(2024, 11, 1), D(2024, 11, 11),
        D(2024, 12, 25),
    ],
}  # fmt: skip

# Easter Sundays published by the Bureau des longitudes / IMCCE, including the extremes
# (22 March 1818 and 25 April 2038).
EASTER = [
    D(1818, 3, 22), D(2008, 3, 23), D(2019, 4, 21), D(2024, 3, 31), D(2025, 4, 20),
    D(2026, 4, 5), D(2027, 3, 28), D(2038, 4, 25),
]  # fmt: skip


@pytest.mark.parametrize("year", sorted(NATIONAL))
def test_national_holidays_are_the_official_list(year):
    assert sorted(public_holidays(year)) == NATIONAL[year]
    assert sorted(public_holidays(year, "16")) == NATIONAL[year]


@pytest.mark.parametrize("easter", EASTER)
def test_easter_sunday(easter):
    assert easter_sunday(easter.year) == easter


@pytest.mark.parametrize("departement", ["57", "67", "68"])
def test_alsace_moselle_adds_good_friday_and_saint_stephen(departement):
    # Good Friday 2026: 3 April; 26 December (Code du travail, L3134-13).
    extra = set(public_holidays(2026, departement)) - set(NATIONAL[2026])
    assert extra == {D(2026, 4, 3), D(2026, 12, 26)}


@pytest.mark.parametrize(
    ("departement", "day"),
    [
        ("971", D(2026, 5, 27)),
        ("972", D(2026, 5, 22)),
        ("973", D(2026, 6, 10)),
        ("974", D(2026, 12, 20)),
        ("976", D(2026, 4, 27)),
    ],
)
def test_overseas_departements_add_the_abolition_of_slavery(departement, day):
    assert set(public_holidays(2026, departement)) - set(NATIONAL[2026]) == {day}


def test_holidays_between_two_dates_cross_the_new_year():
    found = public_holidays_between(D(2025, 12, 20), D(2026, 1, 10))
    assert sorted(found) == [D(2025, 12, 25), D(2026, 1, 1)]
    assert str(found[D(2025, 12, 25)]) == "Noël"
