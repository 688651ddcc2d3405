"""The family's form: the commune first, the points proposed (decision D3), French errors on
the fields with nothing lost, the anti-robot check and the rate limit."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monenfant.information_requests.models import InformationRequest
from tests.factories import StructureFactory, commune

from .helpers import form_started, information_point, send_request, valid_request

pytestmark = pytest.mark.django_db


def errors_by_field(page: str) -> dict[str, str]:
    """{field name: its error text} as DSFR renders them (the message block under the field
    or its fieldset)."""
    found = {}
    for name, block in re.findall(
        r'id="id_(\w+?)(?:-desc)?-(?:error|messages)"[^>]*>(.*?)</div>', page, re.DOTALL
    ):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())
        if text:
            found[name] = text
    return found


def test_only_points_serving_the_commune_with_switch_and_habilitation_are_proposed():
    information_point(name="Point ouvert")
    information_point(name="Point fermé", online_desk=False)
    information_point(name="Point sans personne", persons=0)
    information_point(name="Point ailleurs", serves=("16102",))
    information_point(name="Point brouillon", status="brouillon")
    page = Client().get("/demande-information/", {"commune": "16015"}).content.decode()
    proposed = re.findall(r'<label[^>]*for="id_point_\d+"[^>]*>\s*([^<—]+?) —', page)
    assert proposed == ["Point ouvert"]


def test_a_point_not_proposed_for_the_commune_is_refused_on_its_field():
    point, _ = information_point(name="Point ouvert")
    elsewhere, _ = information_point(name="Point ailleurs", serves=("16102",))
    response = send_request(Client(), point, point=str(elsewhere.pk))
    assert "point" in errors_by_field(response.content.decode())
    assert not InformationRequest.objects.exists()


def test_without_a_point_the_family_sees_the_nearest_relay_and_information_point():
    # Cognac's relay is nearer to Angoulême than Paris's; Soyaux's LINF has no online desk.
    StructureFactory(
        kind="rpe", name="Relais de Cognac", commune=commune("16102"), phone="05 45 22 22 22"
    )
    StructureFactory(kind="rpe", name="Relais de Paris", commune=commune("75056"))
    StructureFactory(
        kind="linf", name="Point info de Soyaux", commune=commune("16374"), email="pif@soyaux.fr"
    )
    page = Client().get("/demande-information/", {"commune": "Angoulême"}).content.decode()
    assert (
        "Le service n&#x27;est pas disponible" in page or "Le service n'est pas disponible" in page
    )
    assert "Relais de Cognac" in page and "05 45 22 22 22" in page
    assert "Point info de Soyaux" in page and "pif@soyaux.fr" in page
    assert "Relais de Paris" not in page
    assert 'name="last_name"' not in page


def test_an_unknown_commune_is_refused_on_its_field():
    page = Client().get("/demande-information/", {"commune": "Xyzzyville"}).content.decode()
    assert "Aucune commune ne correspond à « Xyzzyville »" in html.unescape(page)
    assert 'value="Xyzzyville"' in page


# Each broken field, its French message (written here, not read from the code).
TODAY = timezone.localdate()
BROKEN = [
    ({"last_name": ""}, "last_name", "Ce champ est obligatoire."),
    ({"phone": "12"}, "phone", "Saisissez un numéro de téléphone français, par exemple 06 12 34 56 78."),
    ({"postal_code": "1600"}, "postal_code", "Saisissez un code postal de 5 chiffres."),
    ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse de courriel valide."),
    ({"child_birth_date": ""}, "child_birth_date", "Indiquez la date de naissance de l'enfant."),
    ({"child_birth_date": (TODAY - timedelta(days=6 * 366)).isoformat()}, "child_birth_date",
     "Ce service concerne les enfants de moins de 6 ans."),
    ({"child_situation": "attendu"}, "expected_birth_date", "Indiquez la date de naissance prévue."),
    ({"care_kinds": []}, "care_kinds", "Cochez au moins un mode d'accueil."),
    ({"care_start_date": "2026-02-30"}, "care_start_date", "Saisissez une date valide."),
    ({"message": "x" * 2001}, "message",
     "Assurez-vous que cette valeur comporte au plus 2000 caractères (actuellement 2001)."),
    ({"terms_accepted": ""}, "terms_accepted",
     "Acceptez les conditions d'utilisation pour envoyer votre demande."),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "field", "message"), BROKEN)
def test_each_error_is_in_french_on_its_field_and_nothing_typed_is_lost(changes, field, message):
    point, _ = information_point()
    response = send_request(Client(), point, **changes)
    page = response.content.decode()
    assert response.status_code == 200
    assert errors_by_field(page).get(field) == message, errors_by_field(page)
    assert not InformationRequest.objects.exists()
    # What was typed in the other fields is still there.
    for name, value in (("last_name", "Durand"), ("phone", "06 12 34 56 78"),
                        ("care_hours", "de 8 h 30 à 17 h 30")):  # fmt: skip
        if name not in changes:
            assert f'value="{value}"' in page
    if "message" not in changes:
        assert "Nous cherchons une place pour la rentrée." in page
    assert re.search(r'value="mar"[^>]*checked|checked[^>]*value="mar"', page)


def test_a_robot_filling_the_hidden_field_is_refused(settings):
    point, _ = information_point()
    response = send_request(Client(), point, website="http://spam.example")
    assert "Le formulaire a été envoyé trop vite." in html.unescape(response.content.decode())
    assert not InformationRequest.objects.exists()


def test_submissions_are_limited_per_address():
    point, _ = information_point()
    client = Client()
    statuses = [send_request(client, point).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert InformationRequest.objects.count() == 5


FIELDS = [
    "commune", "point", "last_name", "first_name", "address", "postal_code", "city", "phone",
    "email", "call_time", "child_situation", "child_first_name", "child_birth_date",
    "expected_birth_date", "care_kinds", "care_start_date", "care_days", "care_hours",
    "care_frequency", "message", "terms_accepted", "website",
]  # fmt: skip
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "\x00",
            "\x01",
            "0",
            "-1",
            "9" * 40,
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "<script>",
            "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
            "x" * 5000,
        ]
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    changes=st.dictionaries(
        st.sampled_from(FIELDS), st.one_of(HOSTILE, st.lists(HOSTILE, max_size=3)), max_size=6
    )
)
def test_arbitrary_input_never_yields_a_server_error(information_desk, changes):
    point, started = information_desk
    client = Client(raise_request_exception=False)
    data = valid_request(point, started=started)
    data.update(changes)
    response = client.post("/demande-information/", data)
    assert response.status_code < 500
    InformationRequest.objects.all().delete()


@pytest.fixture
def information_desk():
    point, _ = information_point()
    return point, form_started(Client(), "/demande-information/?commune=16015")
