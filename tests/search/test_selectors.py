import datetime

import pytest
import time_machine

from monenfant.search.selectors import PageOutOfRange, SearchQuery, search
from tests.clock import BEFORE_CHRISTMAS
from tests.factories import (
    AvailabilityFactory,
    ChildminderFactory,
    HalfDayAvailabilityFactory,
    OpeningPeriodFactory,
    StructureFactory,
    commune,
)
from tests.search.helpers import north_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def angouleme():
    return commune("16015")


def around(place, **kwargs):
    return SearchQuery(latitude=place.latitude, longitude=place.longitude, **kwargs)


def names(page):
    return [result.name for result in page.results]


def test_results_are_sorted_by_distance_with_the_distance(angouleme):
    for km in (3, 1, 2):
        ChildminderFactory(shows_address=True, display_name=f"À {km} km", **north_of(angouleme, km))
    StructureFactory(name="À 1,5 km", **north_of(angouleme, 1.5))
    page = search(around(angouleme))
    assert names(page) == ["À 1 km", "À 1,5 km", "À 2 km", "À 3 km"]
    assert [r.distance_km for r in page.results] == pytest.approx([1, 1.5, 2, 3], abs=0.01)


def test_the_radius_bounds_the_results(angouleme):
    ChildminderFactory(shows_address=True, display_name="inside", **north_of(angouleme, 4.9))
    ChildminderFactory(shows_address=True, display_name="outside", **north_of(angouleme, 5.1))
    StructureFactory(name="far", **north_of(angouleme, 5.2))
    assert names(search(around(angouleme, radius_km=5))) == ["inside"]
    assert names(search(around(angouleme, radius_km=10))) == ["inside", "outside", "far"]


@pytest.mark.parametrize("trait", ["pending", "suspended", "radiated", "rejected"])
def test_childminders_not_validated_or_suspended_or_radiated_never_appear(angouleme, trait):
    ChildminderFactory(**{trait: True})
    assert search(around(angouleme)).count == 0


@pytest.mark.parametrize("trait", ["draft", "pending"])
def test_structures_not_validated_never_appear(angouleme, trait):
    StructureFactory(**{trait: True})
    StructureFactory(rpe=True, communes_served=[angouleme], **{trait: True})
    assert search(around(angouleme, commune=angouleme)).count == 0


def test_a_childminder_hiding_the_address_is_placed_at_the_town_hall(angouleme):
    ChildminderFactory(**north_of(angouleme, 3))
    (result,) = search(around(angouleme)).results
    assert (result.latitude, result.longitude) == (angouleme.latitude, angouleme.longitude)
    assert result.distance_km == 0


def test_kinds_filter(angouleme):
    ChildminderFactory(display_name="asm")
    StructureFactory(name="eaje")
    StructureFactory(name="rpe", rpe=True)
    assert names(search(around(angouleme, kinds=("eaje", "rpe")))) == ["eaje", "rpe"]
    assert names(search(around(angouleme, kinds=("asm",)))) == ["asm"]


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_places_filter_now_and_from_a_date(angouleme):
    today = datetime.date(2026, 12, 10)
    ChildminderFactory(display_name="free now")
    ChildminderFactory(display_name="full", full=True)
    ChildminderFactory(display_name="free later", available_from=today + datetime.timedelta(60))
    crèche = StructureFactory(name="crèche with a free half-day")
    HalfDayAvailabilityFactory(structure=crèche, date=today + datetime.timedelta(3))
    full_crèche = StructureFactory(name="full crèche")
    HalfDayAvailabilityFactory(structure=full_crèche, status="non_disponible", places=0)
    StructureFactory(name="rpe", rpe=True)

    now = search(around(angouleme, available_from=today))
    assert sorted(names(now)) == ["crèche with a free half-day", "free now"]
    later = search(around(angouleme, available_from=today + datetime.timedelta(90)))
    assert sorted(names(later)) == ["free later", "free now"]
    (crèche_result,) = [r for r in now.results if r.kind == "eaje"]
    assert crèche_result.available_places == 2
    assert crèche_result.available_on == today + datetime.timedelta(3)


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_the_availability_window_is_today_and_the_next_30_days(angouleme):
    D = datetime.date
    for name, day in [
        ("yesterday", D(2026, 12, 9)),
        ("today", D(2026, 12, 10)),
        ("J+30", D(2027, 1, 9)),
        ("J+31", D(2027, 1, 10)),
    ]:
        HalfDayAvailabilityFactory(structure=StructureFactory(name=name), date=day)
    # Places entered on Christmas and New Year's Day are not offered: the days are closed.
    holidays_only = StructureFactory(name="holidays only")
    for day in (D(2026, 12, 25), D(2027, 1, 1)):
        HalfDayAvailabilityFactory(structure=holidays_only, date=day)
    from_today = search(around(angouleme, available_from=D(2026, 12, 10)))
    assert sorted(names(from_today)) == ["J+30", "today"]
    # A past date searches from today; a later one moves the window (J+1..J+31).
    assert sorted(names(search(around(angouleme, available_from=D(2026, 1, 1))))) == [
        "J+30",
        "today",
    ]
    assert sorted(names(search(around(angouleme, available_from=D(2026, 12, 11))))) == [
        "J+30",
        "J+31",
    ]


def test_age_filter(angouleme):
    ChildminderFactory(display_name="babies", age_min_months=0, age_max_months=36)
    ChildminderFactory(display_name="school age", age_min_months=36, age_max_months=144)
    StructureFactory(name="crèche", age_min_months=2, age_max_months=48)
    assert sorted(names(search(around(angouleme, age_months=6)))) == ["babies", "crèche"]
    assert sorted(names(search(around(angouleme, age_months=60)))) == ["school age"]


def test_days_and_hours_filter(angouleme):
    t = datetime.time
    monday_tuesday = ChildminderFactory(display_name="mon+tue all day")
    AvailabilityFactory(childminder=monday_tuesday, weekday=1)
    AvailabilityFactory(childminder=monday_tuesday, weekday=2)
    mornings = ChildminderFactory(display_name="mon mornings")
    AvailabilityFactory(childminder=mornings, weekday=1, starts_at=t(8), ends_at=t(12))
    AvailabilityFactory(childminder=mornings, weekday=1, starts_at=t(14), ends_at=t(18))
    crèche = StructureFactory(name="crèche mon")
    OpeningPeriodFactory(structure=crèche, weekday=1, opens_at=t(7), closes_at=t(19))

    def found(**kwargs):
        return sorted(names(search(around(angouleme, **kwargs))))

    assert found(days=(1,), start_time=t(8), end_time=t(17)) == ["crèche mon", "mon+tue all day"]
    assert found(days=(1, 2)) == ["mon+tue all day"]
    assert found(days=(1,), start_time=t(9), end_time=t(11)) == [
        "crèche mon",
        "mon mornings",
        "mon+tue all day",
    ]
    assert found(days=(3,)) == []


def test_services_serving_the_commune_are_listed_beyond_the_radius(angouleme):
    StructureFactory(
        rpe=True, name="relais serving", communes_served=[angouleme], **north_of(angouleme, 40)
    )
    StructureFactory(rpe=True, name="relais elsewhere", **north_of(angouleme, 40))
    StructureFactory(
        rpe=True, name="relais near", communes_served=[angouleme], **north_of(angouleme, 1)
    )
    ChildminderFactory(display_name="asm")
    page = search(around(angouleme, commune=angouleme))
    assert [(r.name, r.serves_commune) for r in page.results] == [
        ("asm", False),
        ("relais near", True),
        ("relais serving", True),
    ]
    assert page.results[-1].distance_km == pytest.approx(40, abs=0.05)
    # Without a commune (around me), only the radius counts.
    assert search(around(angouleme)).count == 2


def test_pages_are_stable_and_a_page_past_the_end_is_refused(angouleme):
    for index in range(5):
        ChildminderFactory(
            shows_address=True, display_name=str(index), **north_of(angouleme, index / 10)
        )
    first = search(around(angouleme), page=1, page_size=2)
    third = search(around(angouleme), page=3, page_size=2)
    assert (first.count, first.num_pages) == (5, 3)
    assert names(first) == ["0", "1"]
    assert names(third) == ["4"]
    with pytest.raises(PageOutOfRange):
        search(around(angouleme), page=4, page_size=2)
    assert search(around(commune("75056")), page=1).count == 0


def test_query_count_stays_constant_as_results_grow(angouleme, django_assert_num_queries):
    def make(n):
        for _ in range(n):
            ChildminderFactory()
            crèche = StructureFactory()
            HalfDayAvailabilityFactory(structure=crèche)
            StructureFactory(rpe=True, communes_served=[angouleme], **north_of(angouleme, 30))

    query = around(angouleme, commune=angouleme)
    make(1)
    with django_assert_num_queries(4):
        search(query)
    make(10)
    with django_assert_num_queries(4):
        assert len(search(query).results) == 20


def test_no_kind_means_no_result(angouleme):
    ChildminderFactory()
    assert search(around(angouleme, kinds=())).count == 0


def test_dense_areas_page_through_a_smaller_circle_with_the_same_results(angouleme):
    # 10 results close by, 90 in a ring at 4.5 km: the smaller circle holds the first pages
    # only, later pages fall back to the whole circle. Either way the order is exact.
    for index in range(10):
        ChildminderFactory(
            shows_address=True, display_name=f"near {index:02d}", **north_of(angouleme, index / 10)
        )
    for index in range(90):
        ChildminderFactory(
            shows_address=True,
            display_name=f"ring {index:02d}",
            **north_of(angouleme, 4.5 + index / 1000),
        )
    expected = [f"near {i:02d}" for i in range(10)] + [f"ring {i:02d}" for i in range(90)]
    got = []
    for number in range(1, 21):
        page = search(around(angouleme), page=number, page_size=5)
        assert page.count == 100
        got += names(page)
    assert got == expected


def test_the_availability_summary_follows_the_rows():
    childminder = ChildminderFactory(capacity=3, available_places=0)
    AvailabilityFactory(childminder=childminder, weekday=2, places=1)
    AvailabilityFactory(childminder=childminder, weekday=5, places=3)
    AvailabilityFactory(childminder=childminder, weekday=6, places=0)
    childminder.refresh_from_db()
    assert childminder.available_places == 3
    assert childminder.available_days == 0b10010  # Tuesday and Friday, not Saturday (no place)


def test_an_end_time_alone_filters_too(angouleme):
    t = datetime.time
    evening = ChildminderFactory(display_name="until 19h")
    AvailabilityFactory(childminder=evening, weekday=1, starts_at=t(8), ends_at=t(19))
    early = ChildminderFactory(display_name="until 16h")
    AvailabilityFactory(childminder=early, weekday=1, starts_at=t(8), ends_at=t(16))
    assert names(search(around(angouleme, kinds=("asm",), end_time=t(18)))) == ["until 19h"]


def test_records_belong_to_the_caf_of_their_commune():
    lyon = commune("69123")
    assert ChildminderFactory(commune=lyon, caf=None).caf.code == "CAF691"
    assert StructureFactory(commune=lyon, caf=None).caf.code == "CAF691"
