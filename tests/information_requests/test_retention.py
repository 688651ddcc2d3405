"""Acceptance (issue 15): with the clock moved 6 months and a day, the request and its files
are gone and the statistics count is kept."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from monenfant.information_requests.models import InformationRequest, InformationRequestCount
from monenfant.scheduler.models import JobRun
from tests.backoffice.helpers import log_in
from tests.scheduler.test_retention_jobs import run_scheduled

from .helpers import information_point, send_request

pytestmark = pytest.mark.django_db


def test_requests_are_erased_six_months_after_they_were_sent(time_machine):
    sent_at = timezone.localtime().replace(year=2026, month=3, day=10, hour=10)
    time_machine.move_to(sent_at, tick=False)
    point, (person,) = information_point()
    family = Client()
    send_request(family, point)
    sent = InformationRequest.objects.get()
    pdf_url = f"/demande-information/{sent.pk}/recapitulatif.pdf"
    desk = log_in(Client(), person)

    # 10 September, 10:00 + a minute less than the six months: still there.
    time_machine.move_to(sent_at.replace(month=9) - timedelta(minutes=1), tick=False)
    run_scheduled("purge_information_requests")
    assert InformationRequest.objects.count() == 1

    time_machine.move_to(sent_at.replace(month=9) + timedelta(days=1), tick=False)
    run_scheduled("purge_information_requests")
    assert InformationRequest.objects.count() == 0
    assert family.get(pdf_url).status_code == 404
    desk = log_in(Client(), person)
    assert (
        desk.get(f"/espace-gestionnaire/demandes-information/{point.pk}/{sent.pk}/").status_code
        == 404
    )
    export = desk.post(
        f"/espace-gestionnaire/demandes-information/{point.pk}/export/",
        {"requests": [sent.pk], "format": "pdf"},
    )
    assert export.status_code == 302  # nothing left to export

    # The anonymous count stays: one request for Angoulême, March 2026, this point.
    assert list(
        InformationRequestCount.objects.values_list("commune__insee_code", "month", "linf", "count")
    ) == [("16015", sent_at.date().replace(day=1), point.pk, 1)]

    # Idempotent (the next night), and each run logged.
    time_machine.move_to(sent_at.replace(month=9) + timedelta(days=2), tick=False)
    run_scheduled("purge_information_requests")
    assert InformationRequestCount.objects.get().count == 1
    runs = JobRun.objects.filter(job_name="purge_information_requests").order_by("pk")
    assert [run.output.strip() for run in runs] == [
        "Erased 0 information requests sent more than 6 months ago.",
        "Erased 1 information requests sent more than 6 months ago.",
        "Erased 0 information requests sent more than 6 months ago.",
    ]
