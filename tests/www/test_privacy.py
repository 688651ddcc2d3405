"""A childminder's display preferences hold in every public output (decree of 30 August 2021)."""

import pytest

from tests.factories import ChildminderFactory, commune
from tests.search.helpers import north_of

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "12 impasse des Secrets"


def public_outputs(client, childminder):
    search = {"commune": "16015", "radius_km": "10"}
    return {
        "sheet": client.get(f"/assistant-maternel/{childminder.pk}/").content.decode(),
        "search page": client.get("/recherche/", search).content.decode(),
        "api sheet": client.get(f"/api/v1/childminders/{childminder.pk}").content.decode(),
        "api search": client.get("/api/v1/search", search).content.decode(),
        "api map": client.get("/api/v1/search/map", search).content.decode(),
    }


def test_hidden_address_and_exact_point_never_appear(client):
    angouleme = commune("16015")
    point = north_of(angouleme, 3.3333)
    childminder = ChildminderFactory(address=SECRET_ADDRESS, **point)
    for name, output in public_outputs(client, childminder).items():
        assert SECRET_ADDRESS not in output, name
        assert str(point["latitude"])[:8] not in output, name
    api = client.get(f"/api/v1/childminders/{childminder.pk}").json()
    assert "address" not in api
    assert (api["lat"], api["lon"]) == (angouleme.latitude, angouleme.longitude)


def test_shown_address_appears(client):
    childminder = ChildminderFactory(address=SECRET_ADDRESS, shows_address=True)
    outputs = public_outputs(client, childminder)
    assert SECRET_ADDRESS in outputs["sheet"]
    assert SECRET_ADDRESS in outputs["api sheet"]


@pytest.mark.parametrize(
    ("trait", "secret", "key"),
    [("hides_phone", "06 12 34 56 78", "phone"), ("hides_email", "cache@example.org", "email")],
)
def test_hidden_contact_never_appears(client, trait, secret, key):
    childminder = ChildminderFactory(**{trait: True})
    for name, output in public_outputs(client, childminder).items():
        assert secret not in output, name
        assert secret.replace(" ", "") not in output, name
    assert key not in client.get(f"/api/v1/childminders/{childminder.pk}").json()


def test_phone_and_email_cannot_both_be_hidden():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ChildminderFactory(hide_phone=True, hide_email=True)
