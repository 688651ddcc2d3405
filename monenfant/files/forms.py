import os
import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from .content import EXTENSIONS, LABELS, TEXT_SAMPLE, FileType, sniff

DEFAULT_MAX_SIZE = 10 * 1024 * 1024  # 10 Mo


def sanitised_name(name: str, file_type: FileType) -> str:
    """A name safe on every disk and in a Content-Disposition header: the last path part,
    ASCII letters, digits, dots, hyphens and underscores, with the extension of the type
    really found."""
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:100] or "fichier"
    extension = sorted(EXTENSIONS[file_type])[0] if file_type != FileType.JPEG else "jpg"
    return f"{stem}.{extension}"


def _size_label(size: int) -> str:
    return f"{size / (1024 * 1024):g}\u00a0Mo"


class PrivateFileField(forms.FileField):
    """An upload accepted only when its bytes are of an `accepted` type, it is not empty and
    not larger than `max_size`. cleaned_data holds the upload with `file_type` and
    `safe_name` set. Browsers never send a file back: the rest of the form is kept, the file is
    chosen again."""

    default_error_messages = {
        "empty": _("Le fichier est vide."),
        "invalid": _("Aucun fichier n'a été envoyé. Vérifiez le type d'encodage du formulaire."),
        "missing": _("Aucun fichier n'a été envoyé."),
    }

    def __init__(self, *, accepted=(FileType.PDF,), max_size=DEFAULT_MAX_SIZE, **kwargs):
        self.accepted = tuple(accepted)
        self.max_size = max_size
        kwargs.setdefault(
            "help_text",
            _("Formats acceptés%(nbsp)s: %(types)s. Taille maximale%(nbsp)s: %(size)s.")
            % {
                "nbsp": "\u00a0",
                "types": ", ".join(LABELS[t] for t in self.accepted),
                "size": _size_label(max_size),
            },
        )
        super().__init__(**kwargs)
        extensions = sorted({f".{e}" for t in self.accepted for e in EXTENSIONS[t]})
        self.widget.attrs.setdefault("accept", ",".join(extensions))

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size == 0:
            raise forms.ValidationError(_("Le fichier est vide."), code="empty")
        if upload.size > self.max_size:
            raise forms.ValidationError(
                _("Le fichier dépasse la taille maximale de %(size)s.")
                % {"size": _size_label(self.max_size)},
                code="too_big",
            )
        upload.seek(0)
        head = upload.read(TEXT_SAMPLE)
        upload.seek(0)
        extension = os.path.splitext(upload.name or "")[1].lstrip(".").lower()
        file_type = sniff(head, extension)
        if file_type not in self.accepted:
            raise forms.ValidationError(
                _(
                    "Le contenu de ce fichier n'est pas un format accepté (%(types)s), "
                    "quel que soit son nom."
                )
                % {"types": ", ".join(LABELS[t] for t in self.accepted)},
                code="type",
            )
        upload.file_type = file_type
        upload.safe_name = sanitised_name(upload.name or "", file_type)
        return upload
