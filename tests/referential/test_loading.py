import pytest
from django.core.management import call_command

from monenfant.referential.loading import load_referential
from monenfant.referential.models import Caf, Commune, CommunePostalCode, Departement, Region

pytestmark = pytest.mark.django_db


def counts():
    return (
        Region.objects.count(),
        Departement.objects.count(),
        Commune.objects.count(),
        CommunePostalCode.objects.count(),
        Caf.objects.count(),
    )


def test_the_whole_of_france_is_loaded_overseas_included():
    regions, departements, communes, _, cafs = counts()
    assert regions == 18
    assert departements == 101
    assert 34_800 <= communes <= 35_000
    assert cafs == 101
    assert Commune.objects.get(insee_code="97411").name == "Saint-Denis"  # La Réunion
    assert Commune.objects.get(insee_code="97611").name == "Mamoudzou"  # Mayotte


def test_a_commune_has_its_town_hall_point_postal_codes_population_and_departement():
    angouleme = Commune.objects.get(insee_code="16015")
    assert angouleme.name == "Angoulême"
    assert angouleme.postal_codes == ["16000"]
    assert angouleme.population > 40_000
    assert angouleme.departement.code == "16"
    assert angouleme.located_at_town_hall
    assert (round(angouleme.latitude, 2), round(angouleme.longitude, 2)) == (45.65, 0.16)


def test_paris_gets_the_postal_codes_of_its_arrondissements():
    paris = Commune.objects.get(insee_code="75056")
    assert "75001" in paris.postal_codes and "75020" in paris.postal_codes
    assert 48.8 < paris.latitude < 48.9


def test_one_caf_per_departement_with_its_usual_name_and_mailboxes():
    assert Caf.objects.get(code="CAF751").name == "Caf de Paris"
    assert Caf.objects.get(code="CAF161").name == "Caf de la Charente"
    assert Caf.objects.get(code="CAF591").name == "Caf du Nord"
    assert Caf.objects.get(code="CAF011").name == "Caf de l'Ain"
    assert Caf.objects.get(code="CAF974").departement.code == "974"
    assert Caf.objects.get(code="CAF751").mailbox_monenfant


def test_reloading_is_idempotent_and_skipped_when_nothing_changed():
    before = counts()
    assert load_referential().skipped
    report = load_referential(force=True)
    assert not report.skipped
    assert counts() == before


def test_reloading_repairs_a_commune_and_keeps_the_cafs_edited_by_staff():
    Commune.objects.filter(insee_code="16015").update(name="Angouleme", population=1)
    Caf.objects.filter(code="CAF751").update(mailbox_monenfant="balf.paris@caf.fr")
    call_command("load_referential", "--force", verbosity=0)
    angouleme = Commune.objects.get(insee_code="16015")
    assert (angouleme.name, angouleme.search_name) == ("Angoulême", "angouleme")
    assert angouleme.population > 40_000
    assert Caf.objects.get(code="CAF751").mailbox_monenfant == "balf.paris@caf.fr"


def test_names_carry_their_article_as_in_the_official_code():
    assert Commune.objects.get(insee_code="76351").name == "Le Havre"
    assert Commune.objects.get(insee_code="01001").name == "L'Abergement-Clémenciat"
    assert Commune.objects.get(insee_code="16015").name == "Angoulême"
