from django.contrib.contenttypes.models import ContentType

from .models import TransitionLog


def history_of(obj):
    """The transitions applied to `obj`, latest first, with their actors."""
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor", "acting_as")
