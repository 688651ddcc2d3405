from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from monenfant.audit.middleware import client_ip
from monenfant.audit.services import audit


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit("login", target=user, actor=user, ip_address=client_ip(request) if request else None)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit("logout", target=user, actor=user)


@receiver(user_login_failed)
def audit_login_failure(sender, credentials, request=None, **kwargs):
    # The password is never stored; the login typed is kept to spot attacks on an account.
    audit(
        "login_failed",
        actor=None,
        ip_address=client_ip(request) if request else None,
        login=str(credentials.get("username", ""))[:254],
    )
