"""Project-wide checks that catch drift: migrations, system checks, purges dry by default."""

import io

import pytest
from django.core.management import call_command

from monenfant.mailing.models import OutboxEmail


@pytest.mark.django_db
def test_migrations_are_up_to_date():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_system_checks_pass():
    call_command("check", stdout=io.StringIO())


@pytest.mark.django_db
def test_destructive_jobs_only_report_without_wet_run():
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.localtime() - timedelta(days=91), tick=False):
        email = OutboxEmail.objects.create(
            template="t",
            from_email="a@b.fr",
            to=["c@d.fr"],
            subject="s",
            body_text="t",
            body_html="h",
        )
    out = io.StringIO()
    call_command("purge_outbox", stdout=out)
    assert "Would delete 1" in out.getvalue()
    assert OutboxEmail.objects.filter(pk=email.pk).exists()
    call_command("purge_outbox", "--wet-run", stdout=out)
    assert not OutboxEmail.objects.filter(pk=email.pk).exists()
