"""« Gestion des structures »: a CAF agent references every kind of structure with the one
form built from the kind's schema, from draft to publication, then deletes it (seed 000
St-F1, St-F4, St-F6, St-F8)."""

import html

import pytest

from monenfant.audit.models import AuditEntry
from monenfant.structures.models import Structure
from monenfant.workflows.models import TransitionLog
from tests.backoffice.helpers import log_in
from tests.factories import OpeningPeriodFactory, StructureFactory, commune, staff_user

pytestmark = pytest.mark.django_db

KINDS = ["eaje", "mam", "rpe", "linf", "laep", "alsh", "smf", "er", "home_care", "clas"]
# A section title each kind's public sheet shows once its text is filled in.
SHEET_SECTION = {
    "eaje": "Projet éducatif",
    "mam": "Projet éducatif",
    "rpe": "Périodes de fermeture",
    "linf": "Communes desservies",
    "laep": "Tarifs",
    "alsh": "Conditions d'accès",
    "smf": "Tarifs",
    "er": "Tarifs",
    "home_care": "Conditions d'accès",
    "clas": "Comment s'inscrire",
}
ANGOULEME = "16015"
FULL = {
    "address": "1 place de l'Hôtel de Ville",
    "postal_code": "16000",
    "phone": "05 45 00 00 00",
    "email": "contact@example.fr",
    "website": "https://example.fr",
    "presentation": "Une structure accueillante.",
    "capacity": "20",
    "age_min_months": "0",
    "age_max_months": "48",
    "fees": "Selon le quotient familial.",
    "educational_project": "Jouer dehors.",
    "registration": "Sur rendez-vous.",
    "closure_periods": "Trois semaines en août.",
    "residence_condition": "Habiter Angoulême.",
    "eaje_type": "collectif",
    "online_desk": "False",
    "hours-day1": "on",
    "hours-day1_0_opens": "08:00",
    "hours-day1_0_closes": "12:00",
}


@pytest.fixture
def agent(client):
    user = staff_user("caf_agent", "CAF161")
    log_in(client, user)
    return user


def served_ids():
    return [str(commune(ANGOULEME).pk)]


@pytest.mark.parametrize("kind", KINDS)
def test_reference_each_kind_from_draft_to_deletion(client, agent, kind):
    # Draft: a name and a commune are enough.
    response = client.post(
        f"/administration/structures/creer/?type={kind}",
        {"name": "Les Petits Pas", "commune": "Angoulême (16000)", "save_draft": ""},
        follow=True,
    )
    assert "Le brouillon « Les Petits Pas » est enregistré." in response.content.decode()
    structure = Structure.objects.get(name="Les Petits Pas")
    assert (structure.kind, structure.status) == (kind, "brouillon")
    assert (
        "Les Petits Pas" not in client.get("/recherche/", {"commune": ANGOULEME}).content.decode()
    )

    # Resumed from the list, completed and saved: online at once.
    assert "Reprendre le brouillon" in response.content.decode()
    page = client.get(f"/administration/structures/{structure.pk}/modifier/")
    assert page.status_code == 200
    assert "Les Petits Pas" in page.content.decode()
    data = {
        **FULL,
        "name": "Les Petits Pas",
        "commune": "Angoulême (16000)",
        "served-ids": served_ids(),
        "save": "",
    }
    response = client.post(
        f"/administration/structures/{structure.pk}/modifier/", data, follow=True
    )
    assert "est enregistrée et en ligne" in response.content.decode(), response.content.decode()
    structure.refresh_from_db()
    assert structure.status == "valide"
    assert [(p.weekday, str(p.opens_at)) for p in structure.opening_periods.all()] == (
        [] if kind == "home_care" else [(1, "08:00:00")]
    )
    assert TransitionLog.objects.filter(object_id=structure.pk, to_state="valide").exists()

    search = client.get("/recherche/", {"commune": ANGOULEME, "radius_km": "5"}).content.decode()
    assert "Les Petits Pas" in search
    sheet = html.unescape(client.get(f"/structure/{structure.pk}/").content.decode())
    assert SHEET_SECTION[kind] in sheet
    api = client.get(f"/api/v1/structures/{structure.pk}")
    assert api.status_code == 200
    assert api.json()["kind"] == kind

    # Deleted after confirmation: gone everywhere.
    assert (
        "définitive"
        in client.get(f"/administration/structures/{structure.pk}/supprimer/").content.decode()
    )
    response = client.post(f"/administration/structures/{structure.pk}/supprimer/", follow=True)
    assert "« Les Petits Pas » est supprimée" in response.content.decode()
    assert not Structure.objects.filter(pk=structure.pk).exists()
    assert (
        "Les Petits Pas"
        not in client.get("/recherche/", {"commune": ANGOULEME, "radius_km": "5"}).content.decode()
    )
    assert client.get(f"/structure/{structure.pk}/").status_code == 404
    assert client.get(f"/api/v1/structures/{structure.pk}").status_code == 404
    assert AuditEntry.objects.filter(
        action="structure_deleted", target_id=str(structure.pk)
    ).exists()


def form_data(**overrides):
    return {
        **FULL,
        "name": "Les Petits Pas",
        "commune": "Angoulême (16000)",
        "served-ids": served_ids(),
        "save": "",
        **overrides,
    }


def post_create(client, kind, data):
    return client.post(f"/administration/structures/creer/?type={kind}", data)


@pytest.mark.parametrize(
    ("kind", "overrides", "field_id", "message"),
    [
        ("eaje", {"name": ""}, "id_name", "Ce champ est obligatoire."),
        ("eaje", {"phone": "12345"}, "id_phone", "Numéro de téléphone invalide"),
        (
            "eaje",
            {"hours-day1_0_opens": "12:00", "hours-day1_0_closes": "08:00"},
            "id_hours-day1_0_closes",
            "L'heure de fermeture doit être après l'heure d'ouverture.",
        ),
        (
            "eaje",
            {
                "hours-day1_ranges": "2",
                "hours-day1_1_opens": "11:00",
                "hours-day1_1_closes": "14:00",
            },
            "id_hours-day1_1_opens",
            "Cette plage chevauche une autre plage du même jour.",
        ),
        (
            "linf",
            {
                "online_desk": "True",
                "served-ids": [],
                "linf_contract_signed_on": "2026-01-15",
                "linf_convention_signed_on": "2026-03-01",
            },
            "id_served-commune_to_add",
            "indiquez les communes desservies",
        ),
        (
            "linf",
            {"online_desk": "True", "linf_contract_signed_on": "2026-01-15"},
            "id_online_desk",
            "ne peut être activée qu'une fois",
        ),
    ],
)
def test_errors_are_on_their_field_and_nothing_typed_is_lost(
    client, agent, kind, overrides, field_id, message
):
    response = post_create(client, kind, form_data(**overrides))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    # In the summary at the top, linking to the field, and under the field.
    assert f'href="#{field_id}"' in page
    assert page.count(message) >= 2, page
    assert "Une structure accueillante." in page
    assert "Angoulême (16000)" in page
    assert not Structure.objects.exists()


def test_a_fourth_alsh_range_is_refused(client, agent):
    data = form_data(**{"hours-day1_ranges": "3", "add_range": "1"})
    page = html.unescape(post_create(client, "alsh", data).content.decode())
    assert "3 plages horaires au plus par jour." in page
    assert 'name="hours-day1_2_opens"' in page
    assert 'name="hours-day1_3_opens"' not in page


def test_hours_buttons_work_without_javascript(client, agent):
    # « + » shows a second range; nothing is saved, nothing reported missing.
    page = post_create(client, "eaje", form_data(name="", add_range="2")).content.decode()
    assert 'name="hours-day2_1_opens"' in page
    assert "Ce champ est obligatoire" not in page
    # The model day copied onto Tuesday and Thursday, editable, then saved.
    data = form_data(
        **{
            "hours-model_0_opens": "07:30",
            "hours-model_0_closes": "12:00",
            "hours-model_1_opens": "13:30",
            "hours-model_1_closes": "18:30",
            "hours-model_days": ["2", "4"],
            "apply_model": "",
        }
    )
    page = post_create(client, "eaje", data).content.decode()
    assert 'name="hours-day4_1_closes" value="18:30"' in page
    assert not Structure.objects.exists()
    data = form_data(
        **{
            "hours-day2": "on",
            "hours-day2_ranges": "2",
            "hours-day2_0_opens": "07:30",
            "hours-day2_0_closes": "12:00",
            "hours-day2_1_opens": "13:30",
            "hours-day2_1_closes": "18:00",
        }
    )
    assert post_create(client, "eaje", data).status_code == 302
    structure = Structure.objects.get()
    assert [
        (p.weekday, f"{p.opens_at:%H:%M}", f"{p.closes_at:%H:%M}")
        for p in structure.opening_periods.all()
    ] == [
        (1, "08:00", "12:00"),
        (2, "07:30", "12:00"),
        (2, "13:30", "18:00"),
    ]


def test_communes_served_are_added_moved_removed_and_shown_in_order(client, agent):
    angouleme, cognac, ruelle = commune("16015"), commune("16102"), commune("16286")
    data = form_data(
        **{"served-ids": [angouleme.pk], "served-commune_to_add": "16100", "add_commune": ""}
    )
    page = post_create(client, "rpe", data).content.decode()
    assert f'name="served-ids" value="{cognac.pk}"' in page
    data = form_data(
        **{"served-ids": [angouleme.pk, cognac.pk, ruelle.pk], "commune_up": ruelle.pk}
    )
    page = post_create(client, "rpe", data).content.decode()
    assert page.index(f'value="{ruelle.pk}"') < page.index(f'value="{cognac.pk}"')
    data = form_data(
        **{"served-ids": [angouleme.pk, ruelle.pk, cognac.pk], "remove_commune": angouleme.pk}
    )
    page = post_create(client, "rpe", data).content.decode()
    assert f'value="{angouleme.pk}"' not in page
    assert (
        post_create(client, "rpe", form_data(**{"served-ids": [ruelle.pk, cognac.pk]})).status_code
        == 302
    )
    sheet = client.get(f"/structure/{Structure.objects.get().pk}/").content.decode()
    assert f"{ruelle.name}, {cognac.name}" in " ".join(sheet.split()), (ruelle, cognac)


def test_name_filter_ignores_accents_and_case(client, agent):
    StructureFactory(name="Crèche Élodie")
    StructureFactory(name="Les Lutins")
    for text in ("elodie", "ÉLO", "creche elo"):
        page = client.get("/administration/structures/", {"nom": text}).content.decode()
        assert "Crèche Élodie" in page, text
        assert "Les Lutins" not in page, text


def test_list_filters_by_kind_and_state_and_sorts(client, agent):
    StructureFactory(name="Bravo", kind="alsh", eaje_type="")
    StructureFactory(name="Alpha", draft=True)
    StructureFactory(name="Charlie")
    page = client.get("/administration/structures/", {"etat": "brouillon"}).content.decode()
    assert "Alpha" in page and "Bravo" not in page and "Charlie" not in page
    page = client.get("/administration/structures/", {"type": "alsh"}).content.decode()
    assert "Bravo" in page and "Alpha" not in page
    page = client.get("/administration/structures/", {"tri": "-nom"}).content.decode()
    assert page.index("Charlie") < page.index("Bravo") < page.index("Alpha")
    # Row actions per state: only a validated ALSH can be duplicated.
    assert page.count(">Dupliquer<") == 1
    assert page.count(">Supprimer<") == 3


def test_list_queries_do_not_grow_with_rows(client, agent, django_assert_max_num_queries):
    for _ in range(12):
        StructureFactory()
    with django_assert_max_num_queries(12):
        client.get("/administration/structures/")


def test_duplicate_a_validated_alsh(client, agent):
    source = StructureFactory(name="Centre de loisirs du Parc", kind="alsh", eaje_type="")
    OpeningPeriodFactory(structure=source)
    page = client.get(f"/administration/structures/{source.pk}/dupliquer/").content.decode()
    assert "Créer un ALSH" in page
    assert "Centre de loisirs du Parc" in page
    same = form_data(name="Centre de loisirs du Parc", postal_code=source.postal_code)
    page = html.unescape(
        client.post(f"/administration/structures/{source.pk}/dupliquer/", same).content.decode()
    )
    assert "Donnez un autre nom" in page
    assert "Indiquez un autre code postal" in page
    other = form_data(
        name="Centre de loisirs de Cognac", commune="Cognac (16100)", postal_code="16100"
    )
    assert (
        client.post(f"/administration/structures/{source.pk}/dupliquer/", other).status_code == 302
    )
    copy = Structure.objects.get(name="Centre de loisirs de Cognac")
    assert (copy.kind, copy.status, copy.commune.insee_code) == ("alsh", "valide", "16102")
    # Only a validated ALSH.
    draft = StructureFactory(kind="alsh", eaje_type="", draft=True)
    eaje = StructureFactory()
    assert client.get(f"/administration/structures/{draft.pk}/dupliquer/").status_code == 404
    assert client.get(f"/administration/structures/{eaje.pk}/dupliquer/").status_code == 404


def test_rpe_identified_as_linf_creates_two_linked_structures(client, agent):
    data = form_data(name="RPE des Remparts", linf_requested="on", online_desk="True")
    assert post_create(client, "rpe", data).status_code == 302
    rpe = Structure.objects.get(kind="rpe")
    linf = Structure.objects.get(kind="linf")
    assert linf.linked_rpe == rpe
    assert (linf.name, linf.status, linf.online_desk) == ("RPE des Remparts", "valide", False)
    assert linf.served_communes == [commune(ANGOULEME)]
    assert client.get(f"/structure/{linf.pk}/").status_code == 200
    # Saved again: still one LINF.
    response = client.post(f"/administration/structures/{rpe.pk}/modifier/", data)
    assert response.status_code == 302
    assert Structure.objects.filter(kind="linf").count() == 1


def test_rpe_without_online_requests_stays_alone(client, agent):
    data = form_data(name="RPE des Remparts", linf_requested="on", online_desk="False")
    assert post_create(client, "rpe", data).status_code == 302
    assert list(Structure.objects.values_list("kind", flat=True)) == ["rpe"]


def test_linf_online_desk_once_contract_and_convention_are_dated(client, agent):
    assert post_create(client, "linf", form_data()).status_code == 302
    linf = Structure.objects.get()
    assert linf.online_desk is False
    data = form_data(
        online_desk="True",
        linf_contract_signed_on="2026-01-15",
        linf_convention_signed_on="2026-03-01",
    )
    assert client.post(f"/administration/structures/{linf.pk}/modifier/", data).status_code == 302
    linf.refresh_from_db()
    assert linf.online_desk is True


def test_agent_edit_is_online_at_once_logged_and_sends_no_email(client, agent):
    from monenfant.mailing.models import OutboxEmail

    structure = StructureFactory(name="Les Lilas", phone="05 45 11 11 11")
    search = {"commune": ANGOULEME, "radius_km": "5"}
    assert "Les Lilas" in client.get("/recherche/", search).content.decode()
    data = form_data(name="Les Lilas", phone="05 45 22 22 22", age_max_months="48")
    response = client.post(
        f"/administration/structures/{structure.pk}/modifier/", data, follow=True
    )
    assert "est enregistrée et en ligne" in response.content.decode()
    structure.refresh_from_db()
    assert (structure.status, structure.phone) == ("valide", "05 45 22 22 22")
    entry = AuditEntry.objects.get(action="structure_updated", target_id=str(structure.pk))
    assert entry.actor_id == agent.pk
    assert "phone" in entry.data["fields"]
    assert "name" not in entry.data["fields"]
    assert not OutboxEmail.objects.exists()
    # Renamed: the search follows at once.
    data["name"] = "Les Glycines"
    response = client.post(
        f"/administration/structures/{structure.pk}/modifier/", data, follow=True
    )
    assert "est enregistrée et en ligne" in response.content.decode()
    results = client.get("/recherche/", search).content.decode()
    assert "Les Glycines" in results
    assert "Les Lilas" not in results


def test_another_cafs_agent_gets_404_everywhere(client):
    structure = StructureFactory(kind="alsh", eaje_type="")
    log_in(client, staff_user("caf_agent", "CAF751"))
    base = f"/administration/structures/{structure.pk}"
    for url in (f"{base}/modifier/", f"{base}/dupliquer/", f"{base}/supprimer/", f"{base}/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, form_data()).status_code == 404, url
    assert "Crèche" not in client.get("/administration/structures/").content.decode()
    assert Structure.objects.filter(pk=structure.pk, status="valide").exists()


def test_a_commune_outside_the_caf_is_refused(client, agent):
    page = html.unescape(
        post_create(
            client, "eaje", form_data(commune="Paris (75001)", postal_code="75001")
        ).content.decode()
    )
    assert "Cette commune n'est pas dans le département de votre Caf." in page


def test_deleting_a_structure_removes_its_habilitations(client, agent):
    from monenfant.habilitations.models import Habilitation
    from tests.factories import HabilitationFactory

    habilitation = HabilitationFactory(structure=StructureFactory(name="Les Lilas"))
    kept = HabilitationFactory(person=habilitation.person)
    url = f"/administration/structures/{habilitation.structure_id}/supprimer/"
    assert client.post(url).status_code == 302
    assert list(Habilitation.objects.values_list("pk", flat=True)) == [kept.pk]
