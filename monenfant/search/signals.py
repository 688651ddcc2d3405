"""Any save or delete of a childminder or a structure refreshes its search row (see
services.py for the writes that bypass signals)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from monenfant.childminders.models import Childminder
from monenfant.structures.models import Structure

from .services import refresh_search_entries


@receiver([post_save, post_delete], sender=Childminder, dispatch_uid="search_childminder")
def childminder_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_entries(childminder_ids=[instance.pk])


@receiver([post_save, post_delete], sender=Structure, dispatch_uid="search_structure")
def structure_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_entries(structure_ids=[instance.pk])
