import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

LIMITS = {"/api/": 3, "/recherche/": 2}


@override_settings(PUBLIC_RATE_LIMITS=LIMITS)
def test_the_api_refuses_an_address_beyond_its_limit_in_french_json(client):
    for _ in range(3):
        assert client.get("/api/v1/communes", {"q": "angou"}).status_code == 200
    response = client.get("/api/v1/search", {"commune": "16015"})
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Trop de requêtes depuis votre adresse. Réessayez dans une minute."
    }
    assert 1 <= int(response["Retry-After"]) <= 60
    other_address = client.get("/api/v1/communes", {"q": "angou"}, REMOTE_ADDR="10.9.9.9")
    assert other_address.status_code == 200


@override_settings(PUBLIC_RATE_LIMITS=LIMITS)
def test_the_search_page_says_so_in_a_french_page(client):
    for _ in range(2):
        assert client.get("/recherche/", {"commune": "16015"}).status_code == 200
    response = client.get("/recherche/", {"commune": "16015"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de requêtes" in html
    assert "Réessayez dans une minute" in html
    # Each prefix has its own counter; pages without a limit are never refused.
    assert client.get("/api/v1/communes", {"q": "angou"}).status_code == 200
    for _ in range(5):
        assert client.get("/").status_code == 200


@override_settings(PUBLIC_RATE_LIMITS=LIMITS, CLIENT_IP_HEADER="X-Real-IP")
def test_behind_the_proxy_the_client_address_counts_not_the_proxys(client):
    for _ in range(3):
        client.get("/api/v1/communes", {"q": "angou"}, HTTP_X_REAL_IP="192.0.2.1")
    assert (
        client.get("/api/v1/communes", {"q": "angou"}, HTTP_X_REAL_IP="192.0.2.1").status_code
        == 429
    )
    assert (
        client.get("/api/v1/communes", {"q": "angou"}, HTTP_X_REAL_IP="192.0.2.2").status_code
        == 200
    )


@override_settings(PUBLIC_RATE_LIMITS=LIMITS, CLIENT_IP_HEADER="")
def test_without_a_proxy_a_forged_address_header_changes_nothing(client):
    for forged in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        client.get("/api/v1/communes", {"q": "angou"}, HTTP_X_REAL_IP=forged)
    assert (
        client.get("/api/v1/communes", {"q": "angou"}, HTTP_X_REAL_IP="192.0.2.4").status_code
        == 429
    )


def test_production_limits_cover_the_pages_holding_personal_data():
    from django.conf import settings

    from config.settings import base

    assert settings.PUBLIC_RATE_LIMITS == {}  # test settings: see config/settings/test.py
    assert {"/api/", "/recherche/", "/assistant-maternel/", "/structure/"} <= set(
        base.PUBLIC_RATE_LIMITS
    )
