from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from monenfant.backoffice_access import perms

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def log_in(client, user):
    """Log in without the login form; a user who needs TOTP gets a verified device too."""
    client.force_login(user, backend=MODEL_BACKEND)
    perms.forget_memberships(user)
    if perms.needs_second_factor(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, defaults={"name": "test", "confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
