"""The nightly jobs that remove personal data, run as the scheduler runs them."""

import io
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from monenfant.audit.models import AuditEntry
from monenfant.audit.services import audit
from monenfant.scheduler.schedule import JOBS
from monenfant.scheduler.services import run_job

pytestmark = pytest.mark.django_db


def run_scheduled(name):
    run = run_job(next(job for job in JOBS if job.name == name))
    assert run.succeeded, run.output
    return run


def days_ago(days):
    return timezone.localtime() - timedelta(days=days)


def test_expired_sessions_are_cleared(client, django_user_model):
    user = django_user_model.objects.create_user("a@b.fr", "Monenfant2025!")
    backend = "django.contrib.auth.backends.ModelBackend"
    with time_machine.travel(days_ago(1), tick=False):
        yesterday = Client()
        yesterday.force_login(user, backend=backend)
    client.force_login(user, backend=backend)
    live = client.session.session_key
    run_scheduled("clear_sessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]


def test_login_traces_are_kept_six_months():
    def trace(days):
        with time_machine.travel(days_ago(days), tick=False):
            return AccessLog.objects.create(
                ip_address="192.0.2.1", username="a@b.fr", user_agent="x"
            )

    recent = trace(150)
    trace(200)
    run_scheduled("purge_login_logs")
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]


def test_audit_entries_lose_their_ip_address_after_a_year():
    def entry(days):
        with time_machine.travel(days_ago(days), tick=False):
            return audit("login", ip_address="192.0.2.7")

    recent, old = entry(300), entry(400)
    out = io.StringIO()
    call_command("erase_audit_ip_addresses", stdout=out)
    assert "Would erase the IP address of 1 entries" in out.getvalue()
    assert AuditEntry.objects.get(pk=old.pk).ip_address == "192.0.2.7"

    run_scheduled("erase_audit_ip_addresses")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.action) == (None, "login")
    assert recent.ip_address == "192.0.2.7"
