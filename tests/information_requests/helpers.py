import re
from datetime import timedelta

from django.utils import timezone

from tests.factories import HabilitationFactory, StructureFactory, UserFactory, commune


def information_point(*, serves=("16015",), at="16015", persons=1, **kwargs):
    """A published LINF with its online switch on, serving `serves`, with habilitated
    persons (returned with it)."""
    fields = {"kind": "linf", "eaje_type": "", "psu": False, "capacity": None, "online_desk": True}
    fields.update(kwargs)
    point = StructureFactory(
        commune=commune(at), communes_served=[commune(code) for code in serves], **fields
    )
    people = [
        HabilitationFactory(structure=point, person=UserFactory(habilitated_person=True)).person
        for _ in range(persons)
    ]
    return point, people


def form_started(client, url):
    page = client.get(url).content.decode()
    return re.search(r'name="form_started" value="([^"]+)"', page)[1]


def valid_request(to, *, started, commune_code="16015", **changes):
    today = timezone.localdate()
    data = {
        "commune": commune_code,
        "point": str(to.pk),
        "last_name": "Durand",
        "first_name": "Camille",
        "address": "3 rue des Lilas",
        "postal_code": "16000",
        "city": "Angoulême",
        "phone": "06 12 34 56 78",
        "email": "camille.durand@example.org",
        "call_time": "matin",
        "child_situation": "ne",
        "child_first_name": "Léo",
        "child_birth_date": (today - timedelta(days=400)).isoformat(),
        "care_kinds": ["creche", "assistant_maternel"],
        "care_start_date": (today + timedelta(days=60)).isoformat(),
        "care_days": ["lun", "mar"],
        "care_hours": "de 8 h 30 à 17 h 30",
        "care_frequency": "regulier",
        "message": "Nous cherchons une place pour la rentrée.",
        "terms_accepted": "on",
        "website": "",
        "form_started": started,
    }
    data.update(changes)
    return data


def send_request(client, to, commune_code="16015", **changes):
    url = f"/demande-information/?commune={commune_code}"
    started = form_started(client, url)
    return client.post(
        "/demande-information/",
        valid_request(to, started=started, commune_code=commune_code, **changes),
    )


def stored_request(point, *, commune_code="16015", **fields):
    """A request stored directly (no form, no e-mail), for the pages that read one."""
    from monenfant.information_requests.models import InformationRequest

    today = timezone.localdate()
    values = {
        "last_name": "Durand",
        "first_name": "Camille",
        "address": "3 rue des Lilas",
        "postal_code": "16000",
        "city": "Angoulême",
        "phone": "06 12 34 56 78",
        "email": "camille.durand@example.org",
        "call_time": "matin",
        "child_situation": "ne",
        "child_birth_date": today - timedelta(days=400),
        "care_kinds": ["creche"],
        "care_start_date": today + timedelta(days=60),
        "care_frequency": "regulier",
        "terms_accepted_at": timezone.now(),
    }
    values.update(fields)
    return InformationRequest.objects.create(
        linf=point, commune=commune(commune_code), caf=point.caf, **values
    )
