import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def private_storage():
    return storages["private"]


def upload_path(instance, filename):
    # Never the user's name on disk or in the bucket: a random key per file.
    return f"{instance.created_at:%Y/%m}/{instance.pk}"


class PrivateFile(models.Model):
    """An uploaded file, reachable by no URL of its own: the download view streams it after a
    permission check. It belongs to an owner (any model) and is deleted with it (owners
    declare `GenericRelation(PrivateFile, ...)`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(storage=private_storage, upload_to=upload_path, max_length=200)
    name = models.CharField(_("nom du fichier"), max_length=150)
    file_type = models.CharField(_("type"), max_length=10)
    content_type_header = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(max_length=64)
    purpose = models.CharField(_("usage"), max_length=50)
    owner_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("fichier privé")
        verbose_name_plural = _("fichiers privés")
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="private_file_owner_idx")]

    def __str__(self):
        return self.name
