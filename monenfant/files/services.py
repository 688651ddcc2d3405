import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.db import transaction

from monenfant.audit.services import audit

from .content import MIME_TYPES
from .models import PrivateFile


@transaction.atomic
def private_file_store(*, upload, owner, purpose: str, actor) -> PrivateFile:
    """Store an upload checked by PrivateFileField (file_type, safe_name) for `owner`."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    private_file = PrivateFile(
        name=upload.safe_name,
        file_type=str(upload.file_type),
        content_type_header=MIME_TYPES[upload.file_type],
        size=upload.size,
        sha256=digest.hexdigest(),
        purpose=purpose,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        uploaded_by=actor,
    )
    private_file.file.save(str(private_file.pk), File(upload), save=False)
    private_file.save()
    audit("private_file_stored", target=owner, file=str(private_file.pk), name=private_file.name)
    return private_file


def private_file_downloaded(*, private_file, actor):
    audit(
        "private_file_downloaded",
        target=private_file,
        actor=actor,
        name=private_file.name,
        purpose=private_file.purpose,
    )
