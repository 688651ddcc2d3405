"""The daily job of the availability obligation (decree of 30 August 2021): reminders before
1 June and 1 December, the one-click confirmation link, breaches, the licence-end notice."""

import datetime
import html as htmllib
import re
from unittest import mock

import pytest
from django.core.management import call_command

from monenfant.childminders.models import Breach, Childminder
from monenfant.childminders.selectors import breaches_for
from monenfant.mailing.models import OutboxEmail
from monenfant.scheduler.schedule import JOBS
from monenfant.scheduler.services import run_job
from tests.clock import paris_noon
from tests.factories import ChildminderFactory, UserFactory, commune

pytestmark = pytest.mark.django_db

REMINDER = "childminder_availability_reminder"
LICENCE = "childminder_licence_ending"


def childminder(confirmed_on, **kwargs):
    return ChildminderFactory(
        user=UserFactory(childminder_account=True),
        availability_confirmed_on=confirmed_on,
        **kwargs,
    )


def run_daily_job():
    run = run_job(next(job for job in JOBS if job.name == "childminder_reminders"))
    assert run is not None and run.succeeded, run and run.output


def sent(template=REMINDER):
    return sorted((tuple(e.to), e.subject) for e in OutboxEmail.objects.filter(template=template))


def link_of(email: OutboxEmail) -> str:
    return re.search(
        r"http://[^/]+(/compte/assistant-maternel/disponibilites/confirmer/\S+/)", email.body_text
    )[1]


@pytest.fixture
def born_before(time_machine):
    """Childminders registered in December 2026, after the deadline of 1 December 2026,
    before those the tests move to."""
    time_machine.move_to(paris_noon(2026, 12, 2))
    return time_machine


def test_reminders_30_then_7_days_before_1_june_each_sent_once(born_before):
    late = childminder(datetime.date(2026, 11, 20))  # before the 1 December 2026 deadline
    never = childminder(None)
    childminder(datetime.date(2026, 12, 3))  # confirmed since 1 December: nothing to do
    childminder(None, legal_entity_only=True)  # exempt
    childminder(None, suspended=True)  # hidden by the CAF
    born_before.move_to(paris_noon(2027, 5, 1))  # 31 days before: too early
    call_command("send_childminder_reminders")
    assert sent() == []
    born_before.move_to(paris_noon(2027, 5, 2))  # J-30
    run_daily_job()
    call_command("send_childminder_reminders")  # run again the same day: nothing new
    born_before.move_to(paris_noon(2027, 5, 3))
    run_daily_job()  # the next day: still nothing new
    subject = "monenfant.fr\xa0: mettez à jour vos disponibilités avant le 1er\xa0juin 2027"
    assert sent() == sorted([((late.user.email,), subject), ((never.user.email,), subject)])
    born_before.move_to(paris_noon(2027, 5, 25))  # J-7: the second reminder
    run_daily_job()
    call_command("send_childminder_reminders")
    assert len(sent()) == 4
    assert OutboxEmail.objects.filter(to=[late.user.email]).count() == 2


def test_an_interrupted_run_resumes_without_sending_twice(born_before):
    first, second, third = (childminder(None) for _ in range(3))
    born_before.move_to(paris_noon(2027, 5, 2))
    from monenfant.mailing import services as mailing

    real = mailing.send_templated_email
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 2:
            raise ConnectionError("disk full")
        return real(**kwargs)

    with (
        mock.patch(
            "monenfant.childminders.deadline_reminders.send_templated_email", fail_on_second
        ),
        pytest.raises(ConnectionError),
    ):
        call_command("send_childminder_reminders")
    assert sent() and [to for to, _subject in sent()] == [(first.user.email,)]
    call_command("send_childminder_reminders")
    assert sorted(to for to, _subject in sent()) == sorted(
        (c.user.email,) for c in (first, second, third)
    )


def test_the_one_click_link_confirms_once_and_updates_the_date(client, born_before):
    mine = childminder(None)
    born_before.move_to(paris_noon(2027, 5, 2))
    call_command("send_childminder_reminders")
    link = link_of(OutboxEmail.objects.get(to=[mine.user.email]))
    page = htmllib.unescape(client.get(link).content.decode())
    assert "Mes disponibilités sont toujours exactes" in page
    # Opening the link (a mail scanner does) confirms nothing.
    assert Childminder.objects.get(pk=mine.pk).availability_confirmed_on is None
    born_before.move_to(paris_noon(2027, 5, 10))
    response = client.post(link)
    assert response.status_code == 200
    assert "vos disponibilités sont confirmées" in response.content.decode()
    assert Childminder.objects.get(pk=mine.pk).availability_confirmed_on == datetime.date(
        2027, 5, 10
    )
    sheet = client.get(f"/assistant-maternel/{mine.pk}/").content.decode()
    assert "confirmée le 10\xa0mai 2027" in sheet
    # Single use for the deadline: a second click is refused, the date stays.
    born_before.move_to(paris_noon(2027, 5, 12))
    again = client.post(link)
    assert again.status_code == 400
    assert "Ce lien a déjà servi" in htmllib.unescape(again.content.decode())
    assert Childminder.objects.get(pk=mine.pk).availability_confirmed_on == datetime.date(
        2027, 5, 10
    )
    # Confirmed for the deadline: no J-7 reminder, no breach.
    born_before.move_to(paris_noon(2027, 5, 25))
    call_command("send_childminder_reminders")
    born_before.move_to(paris_noon(2027, 6, 1))
    call_command("send_childminder_reminders")
    assert OutboxEmail.objects.filter(to=[mine.user.email]).count() == 1
    assert not Breach.objects.exists()


def test_an_expired_or_altered_link_is_refused_with_a_french_page(client, born_before):
    mine = childminder(None)
    born_before.move_to(paris_noon(2027, 5, 2))
    call_command("send_childminder_reminders")
    link = link_of(OutboxEmail.objects.get(to=[mine.user.email]))
    altered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = client.post(altered)
    assert response.status_code == 400
    assert "Ce lien n'est pas valide." in htmllib.unescape(response.content.decode())
    born_before.move_to(paris_noon(2027, 6, 2))  # 31 days later
    response = client.post(link)
    assert response.status_code == 400
    assert "Ce lien a expiré\xa0: il n'était valable que 30 jours." in htmllib.unescape(
        response.content.decode()
    )
    assert Childminder.objects.get(pk=mine.pk).availability_confirmed_on is None


def test_a_missed_deadline_is_a_breach_the_first_one_a_warning(born_before):
    late = childminder(None)
    childminder(None, legal_entity_only=True)
    on_time = childminder(datetime.date(2026, 12, 20))
    born_before.move_to(paris_noon(2027, 5, 31))
    call_command("send_childminder_reminders")
    assert not Breach.objects.exists()
    born_before.move_to(paris_noon(2027, 6, 1))
    call_command("send_childminder_reminders")
    call_command("send_childminder_reminders")
    assert list(Breach.objects.values_list("childminder_id", "deadline", "is_warning")) == [
        (late.pk, datetime.date(2027, 6, 1), True)
    ]
    born_before.move_to(paris_noon(2027, 12, 1))
    run_daily_job()
    # Nobody confirmed since 1 June: a second breach for one, a first (warning) for the other.
    assert set(
        breaches_for(Childminder.objects.all()).values_list(
            "childminder_id", "deadline", "is_warning"
        )
    ) == {
        (late.pk, datetime.date(2027, 12, 1), False),
        (late.pk, datetime.date(2027, 6, 1), True),
        (on_time.pk, datetime.date(2027, 12, 1), True),
    }


def test_breaches_for_keeps_the_scope_of_the_queryset(born_before):
    angouleme = childminder(None)
    childminder(None, commune=commune("75056"))
    born_before.move_to(paris_noon(2027, 6, 1))
    call_command("send_childminder_reminders")
    assert Breach.objects.count() == 2
    scoped = Childminder.objects.filter(caf=angouleme.caf)
    assert [b.childminder for b in breaches_for(scoped)] == [angouleme]


def test_the_licence_end_is_announced_once_60_days_before(born_before):
    ending = childminder(datetime.date(2026, 12, 2), agrement_ends_on=datetime.date(2027, 3, 1))
    childminder(datetime.date(2026, 12, 2), agrement_ends_on=datetime.date(2027, 3, 2))
    born_before.move_to(paris_noon(2026, 12, 30))  # 61 days before 1 March 2027
    call_command("send_childminder_reminders")
    assert sent(LICENCE) == []
    born_before.move_to(paris_noon(2026, 12, 31))
    run_daily_job()
    call_command("send_childminder_reminders")
    born_before.move_to(paris_noon(2027, 1, 15))
    call_command("send_childminder_reminders")
    assert sent(LICENCE)[0] == (
        (ending.user.email,),
        "monenfant.fr\xa0: votre agrément prend fin le 1er\xa0mars 2027",
    )
    assert len(sent(LICENCE)) == 2  # the other one's turn came on 1 January


def test_a_suspension_declared_in_advance_starts_on_its_day(client, born_before):
    from monenfant.childminders.space_services import availability_table_save

    mine = childminder(None, capacity=3)
    availability_table_save(
        childminder=mine,
        actor=mine.user,
        ranges=[(1, datetime.time(8), datetime.time(12), 2)],
        suspended_from=datetime.date(2026, 12, 10),
        suspended_until=datetime.date(2026, 12, 20),
    )
    assert client.get(f"/api/v1/childminders/{mine.pk}").json().get("available_from") is None
    born_before.move_to(paris_noon(2026, 12, 10))
    call_command("send_childminder_reminders")
    assert client.get(f"/api/v1/childminders/{mine.pk}").json()["available_from"] == "2026-12-21"


@pytest.mark.parametrize(("day", "recorded"), [(1, 1), (2, 0)])
def test_breaches_are_caught_up_within_30_days_only(born_before, day, recorded):
    childminder(None)
    born_before.move_to(paris_noon(2027, 7, day))  # the scheduler was down since 1 June
    call_command("send_childminder_reminders")
    assert Breach.objects.count() == recorded
