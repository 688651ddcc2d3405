from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monenfant.backoffice_access.scopes import ScopeLookups
from monenfant.referential.models import Caf, Commune

from .enums import CallTime, CareFrequency, ChildSituation, RequestState

MESSAGE_MAX_LENGTH = 2000
# Decision D2: the LINF handling deadline, per CAF, in calendar days.
DEADLINE_MIN_DAYS, DEADLINE_MAX_DAYS, DEADLINE_DEFAULT_DAYS = 5, 15, 15


class InformationRequest(models.Model):
    """A family's online information request (seed 003), addressed to one information point
    chosen by the family (decision D3). Personal data: erased 6 months after it was sent
    (see the purge_information_requests job); only InformationRequestCount remains."""

    linf = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("point d'information"),
        on_delete=models.CASCADE,
        related_name="information_requests",
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune de l'accueil"), on_delete=models.PROTECT, related_name="+"
    )
    # The LINF's CAF when the request was sent: the CAF that follows it (S0 St-F9).
    caf = models.ForeignKey(Caf, on_delete=models.PROTECT, related_name="information_requests")

    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    address = models.CharField(_("adresse"), max_length=200)
    postal_code = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("commune de résidence"), max_length=100)
    phone = models.CharField(_("téléphone"), max_length=20)
    email = models.EmailField(_("adresse électronique"), max_length=200)
    call_time = models.CharField(
        _("moment préféré pour être appelé"), max_length=20, choices=CallTime
    )

    child_situation = models.CharField(_("enfant"), max_length=10, choices=ChildSituation)
    child_first_name = models.CharField(_("prénom de l'enfant"), max_length=100, blank=True)
    child_birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    expected_birth_date = models.DateField(_("date de naissance prévue"), null=True, blank=True)

    care_kinds = models.JSONField(_("modes d'accueil souhaités"), default=list)
    care_start_date = models.DateField(_("date de début souhaitée"))
    care_days = models.JSONField(_("jours souhaités"), default=list)
    care_hours = models.CharField(_("horaires souhaités"), max_length=200, blank=True)
    care_frequency = models.CharField(_("fréquence"), max_length=15, choices=CareFrequency)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)

    terms_accepted_at = models.DateTimeField(_("conditions d'utilisation acceptées le"))
    # When the LINF was notified (e-mail #21): the start of the handling deadline (D2).
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now, db_index=True)
    state = models.CharField(
        _("état"), max_length=10, choices=RequestState, default=RequestState.RECEIVED
    )
    treated_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    treated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_lookups = ScopeLookups(caf="caf", structure="linf", commune="commune")

    class Meta:
        verbose_name = _("demande d'information")
        verbose_name_plural = _("demandes d'information")
        indexes = [models.Index(fields=["caf", "state", "sent_at"], name="inforeq_caf_state_idx")]

    def __str__(self):
        # Never the family's name: this goes into audit entries, kept longer than the request.
        return self.number

    @property
    def number(self) -> str:
        return f"DI-{self.pk:07d}" if self.pk else "DI-?"

    @property
    def is_treated(self) -> bool:
        return self.state == RequestState.TREATED

    def due_at(self, deadline_days: int):
        return self.sent_at + timedelta(days=deadline_days)


class CafRequestSettings(models.Model):
    """What a CAF administrator sets for the information requests of the CAF."""

    caf = models.OneToOneField(Caf, on_delete=models.CASCADE, related_name="request_settings")
    deadline_days = models.PositiveSmallIntegerField(
        _("délai de traitement (jours calendaires)"),
        default=DEADLINE_DEFAULT_DAYS,
        validators=[MinValueValidator(DEADLINE_MIN_DAYS), MaxValueValidator(DEADLINE_MAX_DAYS)],
    )

    scope_lookups = ScopeLookups(caf="caf")

    class Meta:
        verbose_name = _("paramètres des demandes d'information")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline_days__gte=DEADLINE_MIN_DAYS)
                & models.Q(deadline_days__lte=DEADLINE_MAX_DAYS),
                name="caf_request_deadline_range",
            )
        ]

    def __str__(self):
        return str(self.caf)


class InformationRequestCount(models.Model):
    """Anonymous statistics, kept after the requests are erased: how many requests were sent
    per commune, month and information point."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("mois"))  # the first day of the month
    linf = models.ForeignKey(
        "structures.Structure", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    caf = models.ForeignKey(Caf, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("nombre de demandes"), default=0)

    scope_lookups = ScopeLookups(caf="caf", structure="linf", commune="commune")

    class Meta:
        verbose_name = _("statistique des demandes d'information")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "month", "linf"], name="inforeq_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.commune} {self.month:%Y-%m}: {self.count}"
