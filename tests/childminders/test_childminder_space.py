"""The childminder's space (/compte/assistant-maternel/): profile, display preferences,
availability table, confirmation; what parents see changes at once."""

import datetime
import html as htmllib
import re

import pytest

from monenfant.childminders.models import Availability, Childminder
from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in
from tests.clock import paris_noon
from tests.factories import DEFAULT_PASSWORD, AvailabilityFactory, ChildminderFactory, UserFactory

pytestmark = pytest.mark.django_db

SPACE = "/compte/assistant-maternel/"
PROFILE = SPACE + "profil/"
AVAILABILITY = SPACE + "disponibilites/"
CONFIRM = SPACE + "disponibilites/confirmer/"
NB = "\xa0"


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def childminder_with_account(**kwargs):
    user = UserFactory(childminder_account=True)
    return ChildminderFactory(user=user, **kwargs)


@pytest.fixture
def childminder(client):
    childminder = childminder_with_account(
        display_name="Marie Curie",
        capacity=3,
        phone="05 45 00 00 00",
        working_hours={"1": [["07:30", "18:30"]], "3": [["08:00", "12:00"]]},
    )
    log_in(client, childminder.user)
    return childminder


def profile_data(**changes):
    data = {
        "display_name": "Marie Curie",
        "phone": "05 45 00 00 00",
        "other_phone": "",
        "contact_modes": ["telephone"],
        "presentation": "Accueil au calme.",
        "hourly_rate": "4.50",
        "show_address": "0",
        "wh_1_1_start": "07:30",
        "wh_1_1_end": "18:30",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def table(**ranges):
    """{"1_1": ("07:30", "12:00", 2)} → the availability form's fields."""
    data = {}
    for key, (start, end, places) in ranges.items():
        data |= {f"av_{key}_start": start, f"av_{key}_end": end, f"av_{key}_places": places}
    return data


def field_error(html, field):
    """The first error message shown under a field (DSFR: <div id="id_<field>-desc-error">)."""
    match = re.search(rf'<div id="id_{field}-desc-error">.*?<li[^>]*>\s*(.*?)\s*</li>', html, re.S)
    return match[1] if match else None


# --- Landing and access ---------------------------------------------------------------------


def test_a_childminder_lands_in_the_space_after_login(client):
    childminder = childminder_with_account(display_name="Marie Curie")
    response = client.post(
        "/compte/connexion/",
        {"username": childminder.user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.url == SPACE
    html = text(client.get(SPACE))
    assert "Mon espace assistant maternel" in html and "Marie Curie" in html
    # The account settings are linked, not duplicated.
    assert 'href="/compte/adresse/"' in html and 'href="/compte/mot-de-passe/changer/"' in html


def test_a_pending_registration_sees_only_the_waiting_page(client):
    childminder = childminder_with_account(pending=True)
    log_in(client, childminder.user)
    assert "Votre demande d'inscription est en cours de traitement" in text(client.get(SPACE))
    assert client.get(AVAILABILITY).url == SPACE
    client.post(CONFIRM)
    assert (
        Childminder.objects.get(pk=childminder.pk).availability_confirmed_on
        == childminder.availability_confirmed_on
    )


def test_an_account_without_childminder_is_refused(client):
    log_in(client, UserFactory())
    assert client.get(SPACE).status_code == 403


def test_each_childminder_reaches_only_their_own_data(client, childminder):
    other = childminder_with_account(display_name="Jeanne Autre", capacity=4)
    AvailabilityFactory(childminder=other, weekday=2, places=1)
    html = text(client.get(SPACE))
    assert "Marie Curie" in html and "Jeanne Autre" not in html
    # A forged identifier in the form changes nothing but the logged-in childminder's data.
    client.post(AVAILABILITY, {**table(**{"5_1": ("08:00", "12:00", 3)}), "childminder": other.pk})
    assert list(other.availabilities.values_list("weekday", "places")) == [(2, 1)]
    assert list(childminder.availabilities.values_list("weekday", "places")) == [(5, 3)]


# --- Profile and display preferences --------------------------------------------------------


def test_the_profile_is_saved_and_published(client, childminder):
    response = client.post(
        PROFILE,
        profile_data(
            display_name="Marie C.",
            other_phone="06 12 34 56 78",
            contact_modes=["sms", "courriel"],
            show_address="1",
            hide_phone="on",
            wh_1_1_end="12:00",
            wh_1_2_start="13:30",
            wh_1_2_end="18:00",
            wh_4_1_start="09:00",
            wh_4_1_end="17:00",
        ),
    )
    assert response.status_code == 302
    saved = Childminder.objects.get(pk=childminder.pk)
    assert saved.display_name == "Marie C."
    assert saved.contact_modes == ["sms", "courriel"]
    assert saved.working_hours == {
        "1": [["07:30", "12:00"], ["13:30", "18:00"]],
        "4": [["09:00", "17:00"]],
    }
    assert str(saved.hourly_rate) == "4.50"
    sheet = text(client.get(f"/assistant-maternel/{childminder.pk}/"))
    assert "Marie C." in sheet and saved.address in sheet
    assert "05 45 00 00 00" not in sheet  # the phone is hidden
    assert client.get(f"/api/v1/childminders/{childminder.pk}").json()["address"] == saved.address


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"hide_phone": "on", "hide_email": "on"},
            "hide_email",
            "Vous ne pouvez pas masquer à la fois votre téléphone et votre adresse électronique.",
        ),
        (
            {"phone": "", "hide_email": "on"},
            "hide_email",
            f"Sans téléphone, votre adresse électronique est votre seul contact{NB}: elle reste affichée.",
        ),
        (
            {"phone": "12"},
            "phone",
            "Saisissez un numéro de téléphone à 10 chiffres, par exemple 06 12 34 56 78.",
        ),
        (
            {"wh_1_1_end": "07:00"},
            "wh_1_1_end",
            "L'heure de fin doit être après l'heure de début.",
        ),
        ({"wh_1_1_end": ""}, "wh_1_1_end", "Complétez cette plage ou videz-la entièrement."),
    ],
)
def test_profile_errors_are_on_the_field_and_nothing_is_lost(
    client, childminder, changes, field, message
):
    response = client.post(PROFILE, profile_data(presentation="Texte à garder", **changes))
    assert response.status_code == 200
    html = text(response)
    assert field_error(html, field) == message
    assert "Texte à garder" in html
    assert Childminder.objects.get(pk=childminder.pk).presentation == ""


# --- Availability table ---------------------------------------------------------------------


def test_the_table_is_prefilled_from_the_working_hours(client, childminder):
    html = text(client.get(AVAILABILITY))
    assert re.search(r'name="av_1_1_start"[^>]*value="07:30"', html)
    assert re.search(r'name="av_3_1_end"[^>]*value="12:00"', html)
    assert not re.search(r'name="av_2_1_start"[^>]*value=', html)


def test_saving_the_table_publishes_it_with_the_date_at_once(client, childminder, time_machine):
    time_machine.move_to(paris_noon(2026, 12, 14))
    log_in(client, childminder.user)  # the session of the fixture has expired meanwhile
    client.post(
        AVAILABILITY,
        table(
            **{
                "1_1": ("07:30", "12:00", 2),
                "1_2": ("13:30", "18:00", 1),
                "4_1": ("08:00", "17:00", 3),
            }
        ),
    )
    assert list(childminder.availabilities.values_list("weekday", "starts_at", "places")) == [
        (1, datetime.time(7, 30), 2),
        (1, datetime.time(13, 30), 1),
        (4, datetime.time(8, 0), 3),
    ]
    sheet = text(client.get(f"/assistant-maternel/{childminder.pk}/"))
    assert "3 places disponibles" in sheet
    assert f"confirmée le 14{NB}décembre 2026" in sheet
    api = client.get(f"/api/v1/childminders/{childminder.pk}").json()
    assert api["available_places"] == 3 and api["availability_confirmed_on"] == "2026-12-14"
    # The search finds her on Thursday and not on Friday (the index follows at once).
    found = client.get("/api/v1/search", {"commune": "16015", "days": "thu"}).json()
    assert [r["id"] for r in found["results"]] == [childminder.pk]
    assert client.get("/api/v1/search", {"commune": "16015", "days": "fri"}).json()["results"] == []


def test_no_availability_for_the_period(client, childminder, time_machine):
    time_machine.move_to(paris_noon(2026, 12, 14))
    log_in(client, childminder.user)  # the session of the fixture has expired meanwhile
    AvailabilityFactory(childminder=childminder, weekday=2, places=2)
    client.post(AVAILABILITY, {**table(**{"2_1": ("07:30", "18:30", 2)}), "no_availability": "on"})
    assert not childminder.availabilities.exists()
    sheet = text(client.get(f"/assistant-maternel/{childminder.pk}/"))
    assert "Pas de place disponible" in sheet and f"confirmée le 14{NB}décembre 2026" in sheet
    assert (
        client.get("/api/v1/search", {"commune": "16015", "available": "true"}).json()["results"]
        == []
    )


@pytest.mark.parametrize(
    ("ranges", "field", "message"),
    [
        (
            {"1_1": ("07:30", "12:00", 4)},
            "av_1_1_places",
            "4 places dépassent la capacité de votre agrément (3).",
        ),
        (
            {"1_1": ("07:30", "12:00", 1), "1_2": ("11:00", "18:00", 1)},
            "av_1_2_start",
            "Cette plage chevauche l'autre plage du même jour.",
        ),
        (
            {"1_1": ("12:00", "07:30", 1)},
            "av_1_1_end",
            "L'heure de fin doit être après l'heure de début.",
        ),
        ({"1_1": ("07:30", "", 1)}, "av_1_1_end", "Complétez cette plage ou videz-la entièrement."),
    ],
)
def test_table_errors_are_on_the_field_and_nothing_is_lost(
    client, childminder, ranges, field, message
):
    data = table(**ranges, **{"5_1": ("08:00", "16:00", 2)})
    response = client.post(AVAILABILITY, data)
    html = text(response)
    assert response.status_code == 200
    assert field_error(html, field) == message
    assert re.search(r'name="av_5_1_end"[^>]*value="16:00"', html)
    assert not Availability.objects.exists()


def test_a_third_range_on_a_day_is_refused_by_the_service(childminder):
    from django.core.exceptions import ValidationError

    from monenfant.childminders.space_services import availability_table_save

    ranges = [
        (1, datetime.time(7), datetime.time(9), 1),
        (1, datetime.time(10), datetime.time(12), 1),
        (1, datetime.time(13), datetime.time(15), 1),
    ]
    with pytest.raises(ValidationError) as refused:
        availability_table_save(childminder=childminder, actor=childminder.user, ranges=ranges)
    assert refused.value.messages == ["Deux plages horaires au plus par jour."]
    assert not Availability.objects.exists()


def test_copy_one_day_to_others_without_javascript(client, childminder):
    data = {
        **table(**{"1_1": ("07:30", "12:00", 2), "1_2": ("13:30", "18:00", 1)}),
        "copy_from": "1",
        "copy_to": ["2", "5"],
        "copy": "1",
    }
    html = text(client.post(AVAILABILITY, data))
    for day in ("2", "5"):
        assert re.search(rf'name="av_{day}_2_start"[^>]*value="13:30"', html)
    assert not re.search(r'name="av_3_1_start"[^>]*value=', html)
    assert not Availability.objects.exists()  # checked, then saved by « Enregistrer »


def test_a_suspension_of_activity_hides_the_places_until_it_ends(client, childminder, time_machine):
    time_machine.move_to(paris_noon(2026, 12, 14))
    log_in(client, childminder.user)  # the session of the fixture has expired meanwhile
    client.post(
        AVAILABILITY,
        {
            **table(**{"1_1": ("07:30", "12:00", 2)}),
            "suspended_from": "2026-12-10",
            "suspended_until": "2027-01-15",
        },
    )
    sheet = text(client.get(f"/assistant-maternel/{childminder.pk}/"))
    assert f"2 places disponibles à partir du 16{NB}janvier 2027" in sheet
    assert f"Activité suspendue jusqu'au 15{NB}janvier 2027 inclus." in sheet
    assert (
        client.get("/api/v1/search", {"commune": "16015", "available": "true"}).json()["results"]
        == []
    )
    assert (
        client.get(f"/api/v1/childminders/{childminder.pk}").json()["available_from"]
        == "2027-01-16"
    )


def test_suspension_dates_errors(client, childminder, time_machine):
    time_machine.move_to(paris_noon(2026, 12, 14))
    log_in(client, childminder.user)  # the session of the fixture has expired meanwhile
    html = text(client.post(AVAILABILITY, {"suspended_from": "2026-12-20"}))
    assert (
        field_error(html, "suspended_until")
        == "Indiquez les deux dates de la suspension, ou aucune."
    )
    html = text(
        client.post(AVAILABILITY, {"suspended_from": "2026-12-20", "suspended_until": "2026-12-19"})
    )
    assert field_error(html, "suspended_until") == "La fin de la suspension doit suivre son début."


def test_confirming_moves_the_date_parents_see(client, childminder, time_machine):
    AvailabilityFactory(childminder=childminder, weekday=2, places=2)
    time_machine.move_to(paris_noon(2027, 3, 3))
    log_in(client, childminder.user)  # the session of the fixture has expired meanwhile
    response = client.post(CONFIRM)
    assert response.url == SPACE
    assert "Disponibilités mises à jour le 3" in text(client.get(SPACE))
    sheet = text(client.get(f"/assistant-maternel/{childminder.pk}/"))
    assert f"confirmée le 3{NB}mars 2027" in sheet
    assert list(childminder.availabilities.values_list("weekday", "places")) == [(2, 2)]
    results = client.get("/api/v1/search", {"commune": "16015"}).json()["results"]
    assert [r["availability_confirmed_on"] for r in results] == ["2027-03-03"]


# --- Suspended by the CAF: read-only -------------------------------------------------------


def test_a_suspended_childminder_can_read_but_change_nothing(client):
    childminder = childminder_with_account(
        suspended=True,
        display_name="Marie Curie",
        capacity=3,
        availability_confirmed_on=datetime.date(2026, 1, 5),
    )
    AvailabilityFactory(childminder=childminder, weekday=2, places=2)
    before = childminder.availability_confirmed_on
    log_in(client, childminder.user)
    html = text(client.get(SPACE))
    assert "Compte suspendu par la Caf" in html
    assert "Mes disponibilités sont toujours exactes" not in html
    assert re.search(r'name="display_name"[^>]*disabled', text(client.get(PROFILE)))
    assert re.search(r'name="av_2_1_places"[^>]*disabled', text(client.get(AVAILABILITY)))
    client.post(PROFILE, profile_data(display_name="Autre nom"))
    client.post(AVAILABILITY, table(**{"5_1": ("08:00", "12:00", 1)}))
    client.post(CONFIRM)
    saved = Childminder.objects.get(pk=childminder.pk)
    assert saved.display_name == "Marie Curie" and saved.availability_confirmed_on == before
    assert list(saved.availabilities.values_list("weekday", flat=True)) == [2]


def test_the_space_pages_read_a_bounded_number_of_queries(
    client, childminder, django_assert_max_num_queries
):
    for weekday in range(1, 8):
        AvailabilityFactory(childminder=childminder, weekday=weekday, places=1)
    # Session, user, roles, second factor, childminder, its availability rows (one query
    # whatever their number), and the session's save (savepoint, update, release).
    for url in (SPACE, AVAILABILITY, PROFILE):
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200


def test_the_contact_email_follows_the_account_email_change(client, childminder):
    from monenfant.accounts import services

    services.email_change_request(user=childminder.user, new_email="nouvelle@example.org")
    token = re.search(
        r"/compte/adresse/confirmer/([^/\s]+)/", OutboxEmail.objects.latest("pk").body_text
    )[1]
    client.post(f"/compte/adresse/confirmer/{token}/")
    assert Childminder.objects.get(pk=childminder.pk).email == "nouvelle@example.org"
    assert "nouvelle@example.org" in text(client.get(f"/assistant-maternel/{childminder.pk}/"))
