from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionLog(models.Model):
    """One row per applied transition of any workflow: on which object, which transition, from
    and to which state, who (and for whom, when impersonating), why, and its data."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target_object = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("action"), max_length=50)
    from_state = models.CharField(_("état de départ"), max_length=30)
    to_state = models.CharField(_("état d'arrivée"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acting_as = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pour le compte de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("historique des changements d'état")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="transition_obj_idx"
            )
        ]

    def __str__(self):
        return f"{self.transition}: {self.from_state} → {self.to_state}"
