from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, when, from where, and on behalf of whom.

    `actor` is the person really at the keyboard; `acting_as` is the account whose space they
    used when impersonating ("Accéder au compte"), empty otherwise. Entries are never updated.
    """

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("auteur (texte)"), max_length=254, blank=True)
    acting_as = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pour le compte de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_type = models.CharField(_("type d'objet"), max_length=100, blank=True, db_index=True)
    target_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    target_repr = models.CharField(_("objet"), max_length=255, blank=True)
    caf_code = models.CharField(_("Caf"), max_length=10, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self):
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.target_repr}"
        )
