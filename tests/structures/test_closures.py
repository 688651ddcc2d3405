"""No place is offered on a public holiday or during a closure the structure declared."""

import datetime
from html import unescape

import pytest
import time_machine

from monenfant.audit.models import AuditEntry
from monenfant.structures.selectors import availability_table, public_structure
from monenfant.structures.services import structure_declare_closure
from tests.clock import BEFORE_CHRISTMAS, paris_noon
from tests.factories import HalfDayAvailabilityFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db


TODAY = datetime.date(2026, 11, 2)  # a Monday; 11 November (Armistice) falls 9 days later


def free_half_days(structure, days):
    today = TODAY
    for offset in days:
        HalfDayAvailabilityFactory(
            structure=structure, date=today + datetime.timedelta(days=offset), places=3
        )


@time_machine.travel(paris_noon(2026, 11, 2), tick=False)
def test_a_declared_closure_closes_its_half_days_on_the_sheet_and_in_the_search(client):
    crèche = StructureFactory()
    free_half_days(crèche, range(5, 12))
    today = TODAY
    start, end = today + datetime.timedelta(days=5), today + datetime.timedelta(days=9)
    structure_declare_closure(structure=crèche, starts_on=start, ends_on=end, label="Vacances")
    crèche.refresh_from_db()
    # Only 12 and 13 November stay free (11 November, the Armistice, is closed anyway).
    assert crèche.first_free_on == datetime.date(2026, 11, 12)
    table = {day["date"]: day for day in availability_table(public_structure(crèche.pk))}
    assert table[start]["closed"] == "Vacances"
    assert table[start]["morning"] is None
    html = unescape(client.get(f"/structure/{crèche.pk}/").content.decode())
    assert "Fermé (Vacances)" in html
    body = client.get(
        "/api/v1/search", {"commune": "16015", "available_from": start.isoformat()}
    ).json()
    found = {r["id"]: r for r in body["results"] if r["kind"] == "eaje"}
    assert found[crèche.pk]["available_on"] == "2026-11-12"
    assert AuditEntry.objects.filter(action="structure_closure_declared").count() == 1


@time_machine.travel(paris_noon(2026, 11, 2), tick=False)
def test_a_closure_over_every_free_day_leaves_no_place():
    crèche = StructureFactory()
    free_half_days(crèche, [3, 4])
    today = TODAY
    structure_declare_closure(
        structure=crèche,
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=4),
    )
    crèche.refresh_from_db()
    assert crèche.first_free_on is None


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_christmas_is_closed_even_when_places_were_entered():
    crèche = StructureFactory()
    HalfDayAvailabilityFactory(structure=crèche, date=datetime.date(2026, 12, 25), places=2)
    HalfDayAvailabilityFactory(structure=crèche, date=datetime.date(2026, 12, 28), places=2)
    crèche.refresh_from_db()
    assert crèche.first_free_on == datetime.date(2026, 12, 28)
    table = {day["date"]: day for day in availability_table(public_structure(crèche.pk))}
    assert str(table[datetime.date(2026, 12, 25)]["closed"]) == "Noël"
    assert table[datetime.date(2026, 12, 25)]["cells"] == [None, None]
    # 26 December is a working day in Charente, a holiday in Moselle.
    assert table[datetime.date(2026, 12, 26)]["closed"] is None


@time_machine.travel(BEFORE_CHRISTMAS, tick=False)
def test_saint_stephen_closes_a_structure_in_moselle():
    metz = commune("57463")
    crèche = StructureFactory(commune=metz)
    HalfDayAvailabilityFactory(structure=crèche, date=datetime.date(2026, 12, 26), places=2)
    crèche.refresh_from_db()
    assert crèche.first_free_on is None
