"""CAF follow-up (S0 St-F9) and the handling deadline (decision D2)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from monenfant.information_requests.models import InformationRequest
from tests.backoffice.helpers import log_in
from tests.factories import staff_user

from .helpers import information_point, send_request

pytestmark = pytest.mark.django_db
LIST = "/administration/demandes-information/"


def sent_days_ago(point, days, name):
    with time_machine.travel(timezone.localtime() - timedelta(days=days), tick=False):
        send_request(Client(), point, last_name=name)
    return InformationRequest.objects.get(last_name=name)


@pytest.fixture
def requests_of_charente():
    point, _people = information_point()
    rows = {name: sent_days_ago(point, days, name) for name, days in
            (("Ancienne", 16), ("Limite", 14), ("Recente", 1), ("Vue", 20))}  # fmt: skip
    rows["Vue"].state = "traitee"
    rows["Vue"].save()
    return rows


def numbers_in(page: str) -> list[str]:
    import re

    return re.findall(r">(DI-\d+)</a>", page)


def test_it_opens_on_the_requests_not_viewed_newest_first(requests_of_charente):
    agent = log_in(Client(), staff_user("caf_agent", "CAF161"))
    r = requests_of_charente
    page = agent.get(LIST).content.decode()
    assert numbers_in(page) == [r["Recente"].number, r["Limite"].number, r["Ancienne"].number]
    treated = agent.get(LIST, {"state": "traitee"}).content.decode()
    assert numbers_in(treated) == [r["Vue"].number]
    # The number opens the PDF; reading it does not treat the request.
    pdf = agent.get(f"{LIST}{r['Recente'].pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    r["Recente"].refresh_from_db()
    assert r["Recente"].state == "recue"


def test_requests_past_the_deadline_are_flagged_and_counted_on_the_home(requests_of_charente):
    agent = log_in(Client(), staff_user("caf_agent", "CAF161"))
    page = agent.get(LIST).content.decode()
    # Default 15 days: only the one sent 16 days ago is late (the treated one does not count).
    assert page.count("Délai dépassé") == 1
    home = agent.get("/administration/").content.decode()
    assert "1 demande d&#x27;information n&#x27;a pas été traitée" in home or (
        "1 demande d'information n'a pas été traitée" in home
    )


def test_the_caf_administrator_sets_the_deadline_between_5_and_15_days(requests_of_charente):
    admin = log_in(Client(), staff_user("caf_admin", "CAF161"))
    for refused in ("4", "16", "abc"):
        response = admin.post(f"{LIST}delai/", {"deadline_days": refused})
        assert response.status_code == 200
        assert "fr-error-text" in response.content.decode()
    assert admin.post(f"{LIST}delai/", {"deadline_days": "10"}).status_code == 302
    page = admin.get(LIST).content.decode()
    # 10 days: the ones sent 14 and 16 days ago are late now.
    assert page.count("Délai dépassé") == 2
    # Another CAF keeps the default.
    other = log_in(Client(), staff_user("caf_agent", "CAF751"))
    assert "délai de 15 jours" in other.get(LIST).content.decode()


def test_an_agent_does_not_set_the_deadline():
    agent = log_in(Client(), staff_user("caf_agent", "CAF161"))
    assert agent.get(f"{LIST}delai/").status_code == 403


def test_the_list_sends_a_fixed_number_of_queries(
    requests_of_charente, django_assert_max_num_queries
):
    agent = log_in(Client(), staff_user("caf_agent", "CAF161"))
    agent.get(LIST)
    with django_assert_max_num_queries(12):
        agent.get(LIST, {"state": "toutes"})
