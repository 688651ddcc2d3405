from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    """Every e-mail the portal sends, kept with its delivery state (the outbox)."""

    class Status(models.TextChoices):
        PENDING = "en_attente", _("En attente d'envoi")
        SENT = "envoye", _("Envoyé")
        FAILED = "echec", _("Échec définitif")

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    template = models.CharField(_("modèle"), max_length=100)
    from_email = models.CharField(_("expéditeur"), max_length=254)
    to = models.JSONField(_("destinataires"), default=list)
    reply_to = models.JSONField(_("répondre à"), default=list, blank=True)
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"))
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # The delivery in progress: the task result that claimed the message and until when the
    # claim holds. Only its holder may send, so that two tasks never send the same message.
    claimed_by = models.CharField(_("envoi en cours par"), max_length=64, blank=True)
    claimed_until = models.DateTimeField(_("envoi réservé jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("courriel")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    # What staff may read: the stored bodies with the token of secret links masked (the
    # delivery uses body_text and body_html themselves).
    @property
    def masked_body_text(self) -> str:
        from .masking import mask_secret_links

        return mask_secret_links(self.body_text)

    @property
    def masked_body_html(self) -> str:
        from .masking import mask_secret_links

        return mask_secret_links(self.body_html)

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt: the idempotency key a receiving server or mail
        client uses to drop a duplicate, should a delivery be repeated after a crash."""
        domain = urlsplit(settings.SITE_URL).hostname or "monenfant.fr"
        return f"<outbox.{self.pk}.{self.created_at:%Y%m%d%H%M%S%f}@{domain}>"
