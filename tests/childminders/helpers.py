"""A registration typed through the public pages, as a childminder would."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.files.test_private_files import PDF

PASSWORD = "Agrement-2026!"
START = "/professionnels/assistant-maternel/inscription/"


def pdf(name="agrement.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


IDENTITY = {
    "civility": "madame",
    "birth_name": "Martin",
    "usage_name": "Durand",
    "first_names": "Claire Anne",
    "birth_date": "1985-04-12",
}
CONTACT = {
    "phone": "06 12 34 56 78",
    "other_phone": "",
    "address": "12 rue de Périgueux",
    "postal_code": "16000",
    "commune": "Angoulême",
    "contact_modes": ["telephone", "courriel"],
}
LICENCE = {
    "departement": "16",
    "starts_on": "2024-01-15",
    "ends_on": "2034-01-14",
    "capacity": "4",
}
PROFILE = {
    "presentation": "Assistante maternelle depuis dix ans, maison avec jardin.",
    "place_description": "Maison de plain-pied, salle de jeux.",
    "activities": "Éveil musical\nPromenades",
    "working_days": ["1", "2", "4", "5"],
    "works_from": "07:30",
    "works_until": "18:00",
    "places": "2",
    "hourly_rate": "4,10",
}


def register(client, email="claire.durand@example.org", *, submit=True, contact=CONTACT):
    """Walk the journey from the initial step to the summary (and submit). Returns the last
    response."""
    response = client.post(
        START,
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, **_antirobot(client)},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    for slug, data in (
        ("identite", IDENTITY),
        ("coordonnees", contact),
        ("agrement", {**LICENCE, "licence_document": pdf()}),
        ("profil", PROFILE),
    ):
        response = client.post(f"{START}{slug}/", data)
        assert response.status_code == 302, (slug, _errors(response))
    assert response["Location"] == f"{START}recapitulatif/"
    if submit:
        response = client.post(
            f"{START}recapitulatif/",
            {"certify": "on", **_antirobot(client, f"{START}recapitulatif/")},
        )
        assert response.status_code == 302, _errors(response)
        assert response["Location"] == f"{START}envoyee/"
    return response


def _antirobot(client, url=START):
    """The anti-robot fields the page carries (honeypot empty, signed display time)."""
    form = client.get(url).context["form"]
    return {"website": "", "form_started": form["form_started"].value()}


def _errors(response):
    context = getattr(response, "context", None)
    if context and "form" in context:
        return context["form"].errors
    return response.status_code
