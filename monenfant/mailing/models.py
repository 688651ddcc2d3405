from django.db import models


class OutboxEmail(models.Model):
    """Every e-mail the portal sends, kept with its delivery state (the outbox)."""

    class Status(models.TextChoices):
        PENDING = "en_attente", "En attente d'envoi"
        SENT = "envoye", "Envoyé"
        FAILED = "echec", "Échec définitif"

    created_at = models.DateTimeField("créé le", auto_now_add=True, db_index=True)
    template = models.CharField("modèle", max_length=100)
    from_email = models.CharField("expéditeur", max_length=254)
    to = models.JSONField("destinataires", default=list)
    reply_to = models.JSONField("répondre à", default=list, blank=True)
    subject = models.CharField("objet", max_length=255)
    body_text = models.TextField("texte")
    body_html = models.TextField("HTML")
    status = models.CharField(
        "état", max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.TextField("dernière erreur", blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "courriel"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
