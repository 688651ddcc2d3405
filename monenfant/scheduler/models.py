from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    job_name = models.CharField(_("tâche"), max_length=100, db_index=True)
    started_at = models.DateTimeField(_("début"))
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    succeeded = models.BooleanField(_("réussie"), default=False)
    output = models.TextField(_("sortie"), blank=True)

    class Meta:
        verbose_name = _("exécution de tâche planifiée")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.job_name} {self.started_at:%Y-%m-%d %H:%M}"
