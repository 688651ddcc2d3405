import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/recherche/", "/api/v1/communes?q=angou", "/introuvable/"])
def test_every_response_restricts_scripts_and_devices(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Permissions-Policy"].startswith("geolocation=(self)")
