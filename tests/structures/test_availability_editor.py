"""Acceptance (issue 13, point 6; issue 14, point 4): the J..J+30 availability table edited
by half-day, without JavaScript (plain form per week) and with htmx (partial swap), in the
back office and in the manager space; published at once, the search following.

The clock stands on Wednesday 3 February 2027: the window runs to Friday 5 March 2027, with
no public holiday in it; the first week shown is the one of Monday 1 February (Wednesday to
Sunday editable)."""

import datetime

import pytest
from django.urls import reverse

from monenfant.audit.models import AuditEntry
from monenfant.structures.models import HalfDayAvailability
from tests.backoffice.helpers import log_in
from tests.clock import paris_noon
from tests.factories import HabilitationFactory, StructureFactory, UserFactory, commune, staff_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 2, 3)
D = datetime.date


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(paris_noon(2027, 2, 3), tick=False)


@pytest.fixture
def structure():
    # Paris (CAF751), capacity 30, nothing entered yet.
    return StructureFactory(commune=commune("75056"), name="Crèche des Remparts")


@pytest.fixture
def agent(client):
    return log_in(client, staff_user("caf_agent", "CAF751"))


def editor_url(structure, week=None):
    url = reverse("backoffice:structure_availability", args=[structure.pk])
    return f"{url}?semaine={week}" if week else url


def week_post(days, cells=None, **extra):
    """Every half-day of `days` « Non travaillé », except `cells` {(date, half): (status, places)}."""
    data = {"semaine": "2027-02-01", "action": "save"}
    for day in days:
        for half in ("matin", "apres_midi"):
            status, places = (cells or {}).get((day, half), ("non_travaille", ""))
            data[f"{day:%Y-%m-%d}-{half}-status"] = status
            data[f"{day:%Y-%m-%d}-{half}-places"] = places
    data.update(extra)
    return data


FIRST_WEEK = [D(2027, 2, d) for d in range(3, 8)]  # Wednesday 3 to Sunday 7 February
SECOND_WEEK = [D(2027, 2, d) for d in range(8, 15)]


def stored(structure):
    return {
        (a.date, a.half_day): (a.status, a.places)
        for a in HalfDayAvailability.objects.filter(structure=structure)
    }


def search_ids(client, day):
    response = client.get(
        "/api/v1/search",
        {"commune": "75056", "kinds": "eaje", "available_from": day.isoformat(), "radius_km": "5"},
    )
    assert response.status_code == 200, response.json()
    return {r["id"]: r["available_on"] for r in response.json()["results"]}


def test_the_editor_opens_on_the_current_week_all_not_worked(agent, structure):
    page = agent.get(editor_url(structure)).content.decode()
    # Wednesday to Sunday of the current week; Monday and Tuesday are past.
    assert "mercredi 3\u00a0février" in page
    assert "dimanche 7\u00a0février" in page
    assert "lundi 1er\u00a0février" not in page
    assert page.count('<option value="non_travaille" selected>') == 10
    assert page.count("monenfant-slot--non_travaille") == 10
    assert "Semaine suivante" in page and "Semaine précédente" not in page


def test_round_trip_without_javascript_publishes_at_once(agent, client, structure):
    anonymous = type(client)()
    assert structure.pk not in search_ids(anonymous, TODAY)
    cells = {
        (D(2027, 2, 4), "matin"): ("disponible", "3"),
        (D(2027, 2, 4), "apres_midi"): ("non_disponible", ""),
    }
    response = agent.post(editor_url(structure), week_post(FIRST_WEEK, cells))

    assert response.status_code == 302
    assert response["Location"].endswith("?semaine=2027-02-01")
    assert stored(structure)[(D(2027, 2, 4), "matin")] == ("disponible", 3)
    assert stored(structure)[(D(2027, 2, 4), "apres_midi")] == ("non_disponible", 0)
    assert stored(structure)[(D(2027, 2, 5), "matin")] == ("non_travaille", 0)
    assert len(stored(structure)) == 10
    page = agent.get(response["Location"]).content.decode()
    assert "Disponibilités publiées." in page
    assert '<option value="disponible" selected>' in page
    assert 'value="3"' in page
    structure.refresh_from_db()
    assert structure.availability_confirmed_on == TODAY
    # The public sheet and the search follow at once.
    sheet = anonymous.get(f"/structure/{structure.pk}/").content.decode()
    assert "3 places" in sheet
    assert search_ids(anonymous, TODAY) == {structure.pk: "2027-02-04"}
    assert AuditEntry.objects.filter(action="structure_availability_set").count() == 1

    # Full again: gone from the search with places.
    agent.post(editor_url(structure), week_post(FIRST_WEEK))
    assert search_ids(anonymous, TODAY) == {}


def test_all_mornings_of_the_week_and_a_whole_day(agent, structure):
    agent.post(
        editor_url(structure),
        week_post(
            FIRST_WEEK,
            action="apply",
            apply_target="matin",
            apply_status="disponible",
            apply_places="2",
        ),
    )
    cells = stored(structure)
    assert [cells[(d, "matin")] for d in FIRST_WEEK] == [("disponible", 2)] * 5
    assert [cells[(d, "apres_midi")] for d in FIRST_WEEK] == [("non_travaille", 0)] * 5

    agent.post(
        editor_url(structure),
        week_post(
            FIRST_WEEK,
            action="apply",
            apply_target="2027-02-06",
            apply_status="non_disponible",
            apply_places="",
        ),
    )
    cells = stored(structure)
    assert cells[(D(2027, 2, 6), "matin")] == ("non_disponible", 0)
    assert cells[(D(2027, 2, 6), "apres_midi")] == ("non_disponible", 0)
    # The other days as submitted (this post sent them « Non travaillé »).
    assert cells[(D(2027, 2, 5), "matin")] == ("non_travaille", 0)


def test_duplicate_the_shown_week_over_a_period(agent, structure):
    # The full week of Monday 8 February: Monday and Thursday mornings available.
    cells = {
        (D(2027, 2, 8), "matin"): ("disponible", "4"),
        (D(2027, 2, 11), "matin"): ("disponible", "1"),
        (D(2027, 2, 11), "apres_midi"): ("non_disponible", ""),
    }
    data = week_post(
        SECOND_WEEK,
        cells,
        semaine="2027-02-08",
        action="duplicate",
        duplicate_from="2027-02-15",
        duplicate_to="2027-02-25",
    )
    response = agent.post(editor_url(structure, "2027-02-08"), data)

    assert response.status_code == 302
    table = stored(structure)
    assert table[(D(2027, 2, 15), "matin")] == ("disponible", 4)  # Monday
    assert table[(D(2027, 2, 22), "matin")] == ("disponible", 4)  # Monday
    assert table[(D(2027, 2, 18), "matin")] == ("disponible", 1)  # Thursday
    assert table[(D(2027, 2, 18), "apres_midi")] == ("non_disponible", 0)
    assert table[(D(2027, 2, 25), "matin")] == ("disponible", 1)  # Thursday, last day
    assert table[(D(2027, 2, 16), "matin")] == ("non_travaille", 0)
    # Beyond the period: nothing written.
    assert (D(2027, 2, 26), "matin") not in table
    # The shown week itself is published too.
    assert table[(D(2027, 2, 8), "matin")] == ("disponible", 4)


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"duplicate_from": "2027-02-20", "duplicate_to": "2027-02-15"}, "duplicate_to",
         "La date de fin doit suivre la date de début."),
        ({"duplicate_from": "2027-03-06", "duplicate_to": "2027-03-07"}, "duplicate_from",
         "Choisissez une date entre le 3\u00a0février 2027 et le 5\u00a0mars 2027."),
        ({"duplicate_from": "", "duplicate_to": "2027-02-20"}, "duplicate_from",
         "Indiquez une date."),
    ],
)  # fmt: skip
def test_a_bad_period_is_refused_on_its_field(agent, structure, extra, field, message):
    data = week_post(FIRST_WEEK, action="duplicate", **extra)
    response = agent.post(editor_url(structure), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert stored(structure) == {}


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (("disponible", ""), "Indiquez le nombre de places disponibles."),
        (("disponible", "31"), "Au plus 30 places\u00a0: c'est la capacité d'accueil de la structure."),
        (("disponible", "-1"), "Assurez-vous que cette valeur est supérieure ou égale à 0."),
    ],
)  # fmt: skip
def test_a_bad_cell_is_refused_on_its_field_and_nothing_typed_is_lost(
    agent, structure, cell, message
):
    cells = {(D(2027, 2, 5), "apres_midi"): cell, (D(2027, 2, 4), "matin"): ("disponible", "2")}
    response = agent.post(editor_url(structure), week_post(FIRST_WEEK, cells))

    assert response.status_code == 200
    assert response.context["form"].errors["2027-02-05-apres_midi-places"] == [message]
    page = response.content.decode()
    assert "Rien n'a été publié" in page
    assert 'value="2"' in page  # the other cell typed is kept
    assert stored(structure) == {}


def test_htmx_swaps_the_editor_only(agent, structure):
    cells = {(D(2027, 2, 4), "matin"): ("disponible", "3")}
    response = agent.post(
        editor_url(structure), week_post(FIRST_WEEK, cells), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="availability-editor"')
    assert "<html" not in page
    assert "Disponibilités publiées." in page
    assert stored(structure)[(D(2027, 2, 4), "matin")] == ("disponible", 3)
    week = agent.get(editor_url(structure, "2027-02-08"), HTTP_HX_REQUEST="true")
    assert "lundi 8\u00a0février" in week.content.decode()
    assert "<html" not in week.content.decode()


def test_weeks_navigate_within_the_window(agent, structure):
    last = agent.get(editor_url(structure, "2027-03-01")).content.decode()
    assert "vendredi 5\u00a0mars" in last
    assert "samedi 6\u00a0mars" not in last
    assert "Semaine suivante" not in last
    # Unknown or out-of-window weeks open the first one.
    for week in ("2027-03-08", "x", "2027-02-02"):
        assert "mercredi 3\u00a0février" in agent.get(editor_url(structure, week)).content.decode()


def test_other_caf_and_kinds_without_a_table_are_404(client, structure):
    log_in(client, staff_user("caf_agent", "CAF131"))
    assert client.get(editor_url(structure)).status_code == 404
    log_in(client, staff_user("caf_agent", "CAF751"))
    rpe = StructureFactory(commune=commune("75056"), kind="rpe", eaje_type="")
    assert client.get(editor_url(rpe)).status_code == 404


def test_the_manager_space_mount_checks_the_habilitation(client, structure):
    person = UserFactory(habilitated_person=True)
    HabilitationFactory(person=person, structure=structure)
    other = StructureFactory(commune=commune("75056"))
    url = reverse("structure_availability:edit", args=[structure.pk])
    log_in(client, person)

    assert client.get(url).status_code == 200
    response = client.post(
        url, week_post(FIRST_WEEK, {(D(2027, 2, 4), "matin"): ("disponible", "5")})
    )
    assert response.status_code == 302
    assert stored(structure)[(D(2027, 2, 4), "matin")] == ("disponible", 5)
    assert client.get(reverse("structure_availability:edit", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("structure_availability:edit", args=[other.pk]), {}).status_code == 404
    )
