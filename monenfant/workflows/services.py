from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from monenfant.audit.services import audit

from .models import TransitionLog
from .transitions import HABILITATED, OWNER, Transition, TransitionError


def _allowed(user, transition: Transition, obj) -> bool:
    from monenfant.backoffice_access import perms

    caf = getattr(obj, "caf", None)
    for permission in transition.permission:
        if permission == HABILITATED:
            from monenfant.habilitations.selectors import is_habilitated_for

            structure = obj if obj._meta.model_name == "structure" else obj.structure
            if is_habilitated_for(user, structure):
                return True
        elif permission == OWNER:
            if (
                user is not None
                and user.pk is not None
                and getattr(obj, "user_id", None) == user.pk
            ):
                return True
        elif perms.has_permission(user, permission, caf):
            return True
    return False


@transaction.atomic
def transition_apply(*, obj, name: str, actor, acting_as=None, reason: str = "", data=None):
    """Apply the transition `name` of `obj`'s workflow, or raise TransitionError (nothing
    written). The row is locked, so two agents clicking at once cannot both apply it from the
    same state. Returns the TransitionLog row."""
    workflow = type(obj).workflow
    transition = workflow.get(name)
    if transition is None:
        raise TransitionError(_("Cette action n'existe pas."))
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    source = getattr(locked, workflow.state_field)
    if source not in transition.sources:
        raise TransitionError(
            _("« %(action)s » est impossible : l'état est « %(state)s ».")
            % {"action": transition.label, "state": workflow.state_label(source)}
        )
    # Impersonating, the account acted upon is the one whose rights count.
    if not _allowed(acting_as or actor, transition, locked):
        raise TransitionError(
            _("Vous n'avez pas le droit de faire « %(action)s ».") % {"action": transition.label}
        )
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise TransitionError(_("Indiquez le motif."))
    setattr(locked, workflow.state_field, transition.target)
    update_fields = [workflow.state_field]
    if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
        update_fields.append("updated_at")
    locked.save(update_fields=update_fields)
    log = TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(locked),
        object_id=locked.pk,
        transition=transition.name,
        from_state=source,
        to_state=transition.target,
        actor=actor,
        acting_as=acting_as,
        reason=reason,
        data=data or {},
    )
    caf = getattr(locked, "caf", None)
    audit(
        f"{locked._meta.model_name}_{transition.name}",
        target=locked,
        actor=actor,
        acting_as=acting_as,
        caf_code=getattr(caf, "code", ""),
        from_state=source,
        to_state=transition.target,
        reason=reason,
    )
    setattr(obj, workflow.state_field, transition.target)
    if transition.notify is not None:
        notify = transition.notify
        transaction.on_commit(lambda: notify(locked, log))
    return log
