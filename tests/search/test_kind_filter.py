"""Every kind, alone or with its neighbours, finds its own entries and only them (on SQLite the
spatial index also partitions the points by kind: a wrong number for one kind would hide it)."""

import pytest

from monenfant.search.selectors import SearchQuery, search
from tests.factories import ChildminderFactory, StructureFactory, commune
from tests.search.helpers import north_of

pytestmark = pytest.mark.django_db

STRUCTURE_KINDS = ["eaje", "mam", "rpe", "linf", "laep", "alsh", "clas", "smf", "er", "home_care"]


@pytest.fixture
def one_of_each_kind():
    angouleme = commune("16015")
    ChildminderFactory(shows_address=True, display_name="asm", **north_of(angouleme, 1))
    for km, kind in enumerate(STRUCTURE_KINDS, start=2):
        StructureFactory(kind=kind, name=kind, **north_of(angouleme, km))
    return angouleme


def names(place, kinds):
    query = SearchQuery(
        latitude=place.latitude, longitude=place.longitude, radius_km=20, kinds=tuple(kinds)
    )
    return [result.name for result in search(query).results]


@pytest.mark.parametrize("kind", ["asm", *STRUCTURE_KINDS])
def test_each_kind_alone(one_of_each_kind, kind):
    assert names(one_of_each_kind, [kind]) == [kind]


@pytest.mark.parametrize(
    "kinds, expected",
    [
        (["asm", "eaje", "mam"], ["asm", "eaje", "mam"]),
        (["rpe", "linf"], ["rpe", "linf"]),
        (["asm", "home_care"], ["asm", "home_care"]),
        (["eaje", "er"], ["eaje", "er"]),
        (["asm", *STRUCTURE_KINDS], ["asm", *STRUCTURE_KINDS]),
    ],
)
def test_kinds_far_apart_in_the_list(one_of_each_kind, kinds, expected):
    assert names(one_of_each_kind, kinds) == expected
