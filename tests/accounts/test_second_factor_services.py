"""Enrolment of an authenticator app through the services, without a request."""

import pytest
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
