import pytest
from django.core.management import CommandError, call_command

from monenfant.childminders.models import Childminder
from monenfant.devtools.generation import NATIONAL_CHILDMINDERS, generate, national_population, wipe
from monenfant.referential.models import Commune
from monenfant.structures.models import Structure

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(
            Childminder.objects.order_by("pk").values_list(
                "display_name", "commune__insee_code", "latitude"
            )[:50]
        ),
        list(Structure.objects.order_by("pk").values_list("kind", "name", "longitude")[:50]),
    )


def test_a_departement_is_generated_in_proportion_and_reproducibly():
    # Lozère: the smallest population, so the fastest test.
    report = generate("departement", seed=7, code="48")
    lozere = sum(
        Commune.objects.filter(departement__code="48").values_list("population", flat=True)
    )
    expected = NATIONAL_CHILDMINDERS * lozere / national_population()
    assert report.childminders == pytest.approx(expected, abs=1)
    assert set(Childminder.objects.values_list("commune__departement__code", flat=True)) == {"48"}
    assert set(Childminder.objects.values_list("caf__departement__code", flat=True)) == {"48"}
    assert report.structures["eaje"] >= 1
    assert Structure.objects.filter(kind="rpe").first().communes_served.exists()
    first = snapshot()
    wipe()
    generate("departement", seed=7, code="48")
    assert snapshot() == first
    wipe()
    generate("departement", seed=8, code="48")
    assert snapshot() != first


def test_generated_childminders_respect_privacy_rules():
    generate("departement", seed=1, code="48")
    assert not Childminder.objects.filter(hide_phone=True, hide_email=True).exists()
    for childminder in Childminder.objects.filter(show_address=False).select_related("commune")[
        :50
    ]:
        assert (childminder.public_latitude, childminder.public_longitude) == (
            childminder.commune.latitude,
            childminder.commune.longitude,
        )


def test_generate_data_refuses_to_add_to_existing_data_without_replace():
    call_command("generate_data", scale="departement", code="48", seed=1, stdout=None)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_data", scale="departement", code="48", seed=1)
    count = Childminder.objects.count()
    call_command("setup_demo")  # data exist: nothing generated
    # Only the demo accounts' own childminders (registration requests) are added.
    assert Childminder.objects.filter(user__isnull=True).count() == count


def test_a_region_covers_its_departements():
    generate("region", seed=2, code="94")  # Corse
    assert set(Childminder.objects.values_list("commune__departement__code", flat=True)) == {
        "2A",
        "2B",
    }
    assert set(Structure.objects.values_list("caf__departement__code", flat=True)) == {"2A", "2B"}
