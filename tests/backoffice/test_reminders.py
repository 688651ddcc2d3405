"""« Relance des ASM en attente de nouveaux éléments » (issue 12 point 7, seed 000 AM-F2):
default criteria (more than 30 days waiting, never reminded, not migrated), selection, the
confirmation dialog, the nightly job that sends once only, even run twice or interrupted."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.childminders import reminders
from monenfant.childminders.models import ModerationRequest, Reminder
from monenfant.mailing.models import OutboxEmail
from tests.backoffice.helpers import log_in
from tests.factories import ChildminderFactory, UserFactory, commune, staff_user

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS)
LIST = "/administration/relances/"
SEND = "/administration/relances/envoyer/"


def waiting(name, days, *, migrated=False, insee="75056", kind="inscription"):
    """A childminder whose request has waited `days` days for new elements at NOW."""
    account = UserFactory(kind="childminder")
    childminder = ChildminderFactory(
        display_name=name, status="attente_elements", commune=commune(insee), user=account
    )
    return ModerationRequest.objects.create(
        kind=kind,
        status="attente_elements",
        user=account,
        email=account.email,
        childminder=childminder,
        caf=childminder.caf,
        migrated=migrated,
        reasons=["document_illisible", "adresse"],
        reason_text="La page 2 manque.",
        status_changed_at=NOW - datetime.timedelta(days=days),
    )


@pytest.fixture
def agent(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    user = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, user)
    return user


def test_the_default_list_follows_the_seed_criteria(client, agent):
    waiting("Ancienne Demande", 31)
    waiting("Trop Récente", 29)
    waiting("Reprise Ancien Site", 90, migrated=True)
    waiting("Autre Caf", 60, insee="13055")
    already = waiting("Déjà Relancée", 60)
    Reminder.objects.create(childminder=already.childminder, caf=already.caf)
    html = unescape(client.get(LIST).content.decode())
    assert "Ancienne Demande" in html
    for hidden in ("Trop Récente", "Reprise Ancien Site", "Autre Caf", "Déjà Relancée"):
        assert hidden not in html


def test_select_all_and_none_work_without_javascript(client, agent):
    waiting("Alice Un", 40)
    waiting("Bruno Deux", 50)
    assert client.get(LIST, {"tout": "1"}).content.decode().count("checked") == 2
    assert client.get(LIST, {"tout": "0"}).content.decode().count("checked") == 0
    html = unescape(client.get(LIST, {"tri": "nom"}).content.decode())
    assert html.index("Alice Un") < html.index("Bruno Deux")
    html = unescape(client.get(LIST, {"tri": "-nom"}).content.decode())
    assert html.index("Bruno Deux") < html.index("Alice Un")
    html = unescape(client.get(LIST, {"nom": "bruno"}).content.decode())
    assert "Bruno Deux" in html and "Alice Un" not in html


def test_send_dialog_then_nightly_job_sends_once_with_reasons_and_comment(
    client, agent, django_capture_on_commit_callbacks
):
    first = waiting("Alice Un", 40)
    second = waiting("Bruno Deux", 50)
    waiting("Chloé Trois", 60)
    other_caf = waiting("Autre Caf", 60, insee="13055")
    ids = [first.pk, second.pk, other_caf.pk]
    html = unescape(client.post(SEND, {"demande": ids}).content.decode())
    assert "2 demandes sélectionnées." in html  # another CAF's request does not count
    assert not Reminder.objects.exists()
    response = client.post(
        SEND,
        {"demande": ids, "commentaire": "Merci de répondre vite.", "confirmer": "1"},
        follow=True,
    )
    assert "2 relance(s) enregistrée(s)" in unescape(response.content.decode())
    assert set(Reminder.objects.values_list("childminder_id", flat=True)) == {
        first.childminder_id,
        second.childminder_id,
    }
    assert AuditEntry.objects.get(action="reminders_requested").data == {"count": 2}
    assert OutboxEmail.objects.count() == 0  # sent at night, not now
    # Gone from the list; confirming again changes nothing.
    assert "Alice Un" not in unescape(client.get(LIST).content.decode())
    client.post(SEND, {"demande": ids, "confirmer": "1"})
    assert Reminder.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    mails = list(OutboxEmail.objects.order_by("to"))
    assert [m.to for m in mails] == sorted([[first.email], [second.email]])
    body = mails[0].body_text
    assert "Le document d'agrément est incomplet ou illisible" in body
    assert "L'adresse diffère de celle de l'agrément" in body
    assert "La page 2 manque." in body
    assert "Merci de répondre vite." in body
    # Run twice: nothing more.
    call_command("send_reminders")
    assert OutboxEmail.objects.count() == 2


def test_an_interrupted_run_resumes_without_duplicates(agent, monkeypatch):
    requests = [waiting(f"ASM {n}", 40) for n in range(3)]
    for request in requests:
        Reminder.objects.create(
            childminder=request.childminder, moderation_request=request, caf=request.caf
        )
    real_send_one = reminders._send_one
    calls = []

    def crash_on_second(pk, now):
        calls.append(pk)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return real_send_one(pk, now)

    monkeypatch.setattr(reminders, "_send_one", crash_on_second)
    with pytest.raises(RuntimeError):
        reminders.send_pending_reminders()
    assert OutboxEmail.objects.count() == 1
    monkeypatch.setattr(reminders, "_send_one", real_send_one)
    assert reminders.send_pending_reminders() == 2
    assert OutboxEmail.objects.count() == 3
    assert sorted(e.to[0] for e in OutboxEmail.objects.all()) == sorted(r.email for r in requests)
    assert reminders.send_pending_reminders() == 0


def test_the_30_day_boundary_with_the_clock_moved(client, agent, time_machine):
    waiting("Pile Trente", 30)
    assert "Pile Trente" not in unescape(client.get(LIST).content.decode())
    time_machine.move_to(NOW + datetime.timedelta(minutes=1), tick=False)
    log_in(client, agent)
    assert "Pile Trente" in unescape(client.get(LIST).content.decode())


def test_the_list_costs_the_same_queries_for_2_or_40_rows(
    client, agent, django_assert_max_num_queries
):
    for n in range(2):
        waiting(f"ASM {n}", 40)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for n in range(2, 40):
        waiting(f"ASM {n}", 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)
