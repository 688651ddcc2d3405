"""The per-kind schemas, as the public sheet, the API and the opening rules read them. Expected
sections are written here from seed 000 (St-F1, B4) and the public sheets, not read from the
schema module."""

import datetime

import pytest
from django.core.exceptions import FieldDoesNotExist, ValidationError

from monenfant.structures.models import OpeningPeriod, Structure
from monenfant.structures.schemas import SCHEMAS, SECTION_KINDS
from tests.factories import OpeningPeriodFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

CHILDCARE = {
    "Accueil", "Jours et horaires d'ouverture au public", "Tarifs", "Projet éducatif",
    "L'équipe", "Conditions d'admission", "Comment s'inscrire",
    "Accueil des enfants en situation de handicap", "Périodes de fermeture",
}  # fmt: skip
ALL_HEADINGS = CHILDCARE | {
    "Disponibilités des 30 prochains jours", "Communes desservies", "Conditions d'accès",
    "Public accueilli",
}  # fmt: skip
# kind -> headings its sheet shows when every field is filled.
EXPECTED = {
    "eaje": CHILDCARE | {"Disponibilités des 30 prochains jours"},
    "mam": CHILDCARE | {"Disponibilités des 30 prochains jours"},
    "rpe": {"Jours et horaires d'ouverture au public", "Communes desservies", "Périodes de fermeture"},
    "linf": {"Jours et horaires d'ouverture au public", "Communes desservies"},
    "laep": {
        "Public accueilli", "Jours et horaires d'ouverture au public", "Communes desservies",
        "Tarifs", "Périodes de fermeture",
    },
    "alsh": {
        "Accueil", "Jours et horaires d'ouverture au public", "Communes desservies",
        "Conditions d'accès", "Tarifs", "Projet éducatif", "Comment s'inscrire",
        "Accueil des enfants en situation de handicap", "Périodes de fermeture",
    },
    "smf": {"Jours et horaires d'ouverture au public", "Communes desservies", "Tarifs"},
    "er": {"Jours et horaires d'ouverture au public", "Communes desservies", "Tarifs"},
    "home_care": {"Public accueilli", "Communes desservies", "Conditions d'accès", "Tarifs"},
    "clas": {
        "Public accueilli", "Jours et horaires d'ouverture au public", "Communes desservies",
        "Conditions d'accès", "Comment s'inscrire",
    },
}  # fmt: skip


def full_sheet(kind):
    structure = StructureFactory(
        kind=kind,
        eaje_type="micro_creche" if kind == "eaje" else "",
        presentation="Présentation de la structure.",
        fees="Tarif unique.",
        educational_project="Projet.",
        team="Équipe.",
        admission_conditions="Conditions.",
        registration="Inscription.",
        disabled_children_welcome="Oui.",
        closure_periods="Août.",
        residence_condition="Habiter Angoulême.",
        workplace_condition="Travailler à Angoulême.",
        availability_confirmed_on=datetime.date(2026, 11, 16),
    )
    structure.communes_served.set([commune("16015")])
    OpeningPeriodFactory(structure=structure)
    return structure


def headings(html):
    import re

    return {
        h.replace("&#x27;", "'") for h in re.findall(r'<h2 class="fr-h4">([^<]+)</h2>', html)
    } & ALL_HEADINGS


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_the_public_sheet_renders_the_sections_of_its_kind(client, kind):
    structure = full_sheet(kind)
    html = client.get(f"/structure/{structure.pk}/").content.decode()
    assert headings(html) == EXPECTED[kind]
    assert "Présentation de la structure." in html
    if "Conditions d'accès" in EXPECTED[kind]:
        assert "Condition liée au domicile\u00a0: Habiter Angoulême." in html.replace(
            "&nbsp;", "\u00a0"
        )


def test_every_kind_has_a_schema_and_fields_exist():
    assert set(SCHEMAS) == set(EXPECTED)
    for schema in SCHEMAS.values():
        for section in schema.sections:
            assert section.kind in SECTION_KINDS
            for spec in section.fields:
                try:
                    Structure._meta.get_field(spec.name)
                except FieldDoesNotExist:
                    pytest.fail(f"{schema.kind}: {spec.name} is no Structure field")


@pytest.mark.parametrize(("kind", "ranges"), [("alsh", 3), ("eaje", 2), ("rpe", 2), ("clas", 2)])
def test_opening_ranges_per_day(kind, ranges):
    structure = StructureFactory(kind=kind)
    for hour in range(ranges):
        OpeningPeriodFactory(
            structure=structure,
            opens_at=datetime.time(8 + 3 * hour),
            closes_at=datetime.time(9 + 3 * hour),
        )
    extra = OpeningPeriod(
        structure=structure, weekday=1, opens_at=datetime.time(20), closes_at=datetime.time(21)
    )
    with pytest.raises(ValidationError) as refused:
        extra.clean()
    assert refused.value.messages == [f"{ranges} plages horaires au plus par jour."]


def test_the_api_describes_each_kind(client):
    response = client.get("/api/v1/structures/types")
    assert response.status_code == 200
    kinds = {item["kind"]: item for item in response.json()}
    assert set(kinds) == set(EXPECTED)
    assert {k for k, v in kinds.items() if v["half_day_availability_table"]} == {"eaje", "mam"}
    assert {
        k: v["max_opening_ranges_per_day"] for k, v in kinds.items() if k in ("alsh", "mam")
    } == {
        "alsh": 3,
        "mam": 2,
    }
    assert [t["label"] for t in kinds["eaje"]["sub_types"]] == [
        "Crèche collective", "Crèche familiale", "Crèche parentale", "Micro-crèche",
    ]  # fmt: skip
    assert not kinds["eaje"]["serves_communes"] and kinds["linf"]["serves_communes"]
    assert {k for k, v in kinds.items() if v["online_information_requests"]} == {"linf", "rpe"}
    general = kinds["mam"]["sections"][0]
    assert general["title"] == "Informations générales"
    name = general["fields"][0]
    assert (name["name"], name["label"], name["required"]) == ("name", "nom", True)
    # The sheet of a structure by id still answers next to the types.
    structure = StructureFactory()
    assert client.get(f"/api/v1/structures/{structure.pk}").status_code == 200
