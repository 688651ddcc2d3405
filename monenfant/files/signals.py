from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import PrivateFile


@receiver(post_delete, sender=PrivateFile)
def delete_stored_bytes(sender, instance, **kwargs):
    # After commit: a rolled-back deletion keeps its file.
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
