from django.db import models


class JobRun(models.Model):
    job_name = models.CharField("tâche", max_length=100, db_index=True)
    started_at = models.DateTimeField("début")
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    succeeded = models.BooleanField("réussie", default=False)
    output = models.TextField("sortie", blank=True)

    class Meta:
        verbose_name = "exécution de tâche planifiée"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.job_name} {self.started_at:%Y-%m-%d %H:%M}"
