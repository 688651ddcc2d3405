"""Account services called directly, without a request: second-factor enrolment, the end of
a password reset."""

import pytest
from axes.models import AccessAttempt
from django_otp.plugins.otp_totp.models import TOTPDevice

from monenfant.accounts import services
from monenfant.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_pending_device_is_created_once_and_kept_until_confirmed():
    user, other = UserFactory(), UserFactory()
    first = services.second_factor_pending_device(user=user)
    # A second visit of the enrolment page shows the same secret (QR code already scanned).
    again = services.second_factor_pending_device(user=user)
    assert again.pk == first.pk
    assert (first.user_id, first.confirmed) == (user.pk, False)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert services.second_factor_pending_device(user=other).pk != first.pk
    # Nothing protects the account yet: no audit entry until a code confirms the device.
    assert not AuditEntry.objects.exists()
    services.second_factor_enrol(user=user, device=first)
    assert list(AuditEntry.objects.values_list("action", "target_id")) == [
        ("otp_enrolled", str(user.pk))
    ]
    assert TOTPDevice.objects.get(pk=first.pk).confirmed


def test_a_password_set_by_link_clears_the_lock_out_of_that_address_only():
    user, other = UserFactory(), UserFactory()
    for username, ip in (
        (user.email, "10.0.0.1"),
        (user.email, "10.0.0.2"),
        (other.email, "10.0.0.1"),
    ):
        AccessAttempt.objects.create(
            username=username,
            ip_address=ip,
            user_agent="test",
            http_accept="*/*",
            path_info="/compte/connexion/",
            get_data="",
            post_data="",
            failures_since_start=5,
        )
    assert services.password_reset_done(user=user) == 2
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [other.email]
    assert list(AuditEntry.objects.values_list("action", "actor_id", "target_id")) == [
        ("password_reset_done", user.pk, str(user.pk))
    ]
