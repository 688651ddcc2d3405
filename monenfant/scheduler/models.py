from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    job_name = models.CharField(_("tâche"), max_length=100, db_index=True)
    started_at = models.DateTimeField(_("début"))
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    succeeded = models.BooleanField(_("réussie"), default=False)
    output = models.TextField(_("sortie"), blank=True)
    # The due moment this run answers for: one run per job and period (the constraint), taken
    # over by the next scheduler pass if its runner died before finishing.
    period = models.DateTimeField(_("échéance"), null=True, blank=True)
    runner = models.CharField(_("exécutant"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=1)

    class Meta:
        verbose_name = _("exécution de tâche planifiée")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job_name", "period"], name="one_run_per_job_period")
        ]

    def __str__(self):
        return f"{self.job_name} {self.started_at:%Y-%m-%d %H:%M}"
