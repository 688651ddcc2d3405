from django.db import models

from .context import current_audit_context
from .models import AuditEntry

_UNSET = object()


def audit(
    action: str,
    *,
    target: models.Model | None = None,
    actor=_UNSET,
    acting_as=_UNSET,
    ip_address=_UNSET,
    caf_code: str = "",
    **data,
) -> AuditEntry:
    """Record one action. Who, as whom and from where default to the request being served."""
    context = current_audit_context.get()
    actor = context.actor if actor is _UNSET else actor
    acting_as = context.acting_as if acting_as is _UNSET else acting_as
    ip_address = context.ip_address if ip_address is _UNSET else ip_address
    return AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_repr=getattr(actor, "email", "") or ("système" if actor is None else str(actor)),
        acting_as=acting_as if getattr(acting_as, "pk", None) else None,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        caf_code=caf_code,
        ip_address=ip_address,
        data=data,
    )
