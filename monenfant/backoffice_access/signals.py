from axes.signals import user_locked_out
from django.dispatch import receiver

from monenfant.audit.services import audit


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    audit("login_locked_out", actor=None, ip_address=ip_address, login=str(username or "")[:254])
