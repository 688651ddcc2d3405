from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from monenfant.backoffice_access.scopes import ScopeLookups
from monenfant.utils.text import normalize_search_text

from .enums import HabilitationRequestKind, HabilitationRequestStatus, ManagerStatus
from .workflow import HABILITATION_REQUEST_WORKFLOW


class ManagerIdentity(models.Model):
    """The manager's identity and contact, as typed in a request and kept on the manager."""

    name = models.CharField(_("nom du gestionnaire"), max_length=200)
    siret = models.CharField(_("numéro SIRET"), max_length=14, blank=True)
    address = models.CharField(_("adresse"), max_length=255)
    postal_code = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("commune"), max_length=120)
    contact_first_name = models.CharField(_("prénom du représentant"), max_length=150)
    contact_last_name = models.CharField(_("nom du représentant"), max_length=150)
    contact_function = models.CharField(_("fonction du représentant"), max_length=150)
    contact_email = models.EmailField(_("adresse électronique du représentant"))
    contact_phone = models.CharField(_("téléphone du représentant"), max_length=20)
    # The keyword filter's column: name, representative and e-mail in lower-case ASCII, so
    # that the search ignores case and accents alike on SQLite and PostgreSQL (seed 000
    # St-F3 « Mot clé »).
    search_text = models.CharField(max_length=800, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = normalize_search_text(
            " ".join(
                [
                    self.name,
                    self.contact_first_name,
                    self.contact_last_name,
                    self.contact_email,
                    self.city,
                ]
            )
        )[:800]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class Manager(ManagerIdentity):
    """A gestionnaire under convention with a CAF: the structures it administers and the
    persons it habilitated. The Habilitation rows (person × structure) are derived from both
    by services.manager_habilitations_sync()."""

    caf = models.ForeignKey(
        "referential.Caf", on_delete=models.PROTECT, related_name="managers", verbose_name="Caf"
    )
    status = models.CharField(
        _("état gestionnaire"),
        max_length=20,
        choices=ManagerStatus,
        default=ManagerStatus.HABILITATED,
    )
    structures = models.ManyToManyField(
        "structures.Structure",
        blank=True,
        related_name="managers",
        verbose_name=_("structures administrées"),
    )
    caf_comment = models.TextField(_("commentaire Caf"), blank=True)
    created_at = models.DateTimeField(_("date de création"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    scope_lookups = ScopeLookups(caf="caf")

    class Meta:
        verbose_name = _("gestionnaire")
        verbose_name_plural = _("gestionnaires")

    def __str__(self):
        return self.name


class ManagerPerson(models.Model):
    """A person habilitated by a manager (an account of kind habilitated_person)."""

    manager = models.ForeignKey(Manager, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="manager_memberships"
    )
    function = models.CharField(_("fonction"), max_length=150, blank=True)

    scope_lookups = ScopeLookups(caf="manager__caf")

    class Meta:
        verbose_name = _("personne habilitée")
        verbose_name_plural = _("personnes habilitées")
        constraints = [
            models.UniqueConstraint(fields=["manager", "person"], name="manager_person_unique")
        ]

    def __str__(self):
        return f"{self.person} — {self.manager}"


class Habilitation(models.Model):
    """A person habilitated by a CAF to act for one structure (update its sheet; for an
    information point, process the requests of the communes it serves). This row is what
    grants access; it is kept in step with the manager's persons and structures."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne habilitée"),
        on_delete=models.CASCADE,
        related_name="habilitations",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="habilitations",
    )
    # The manager whose convention grants it (null for rows made before managers existed).
    manager = models.ForeignKey(
        Manager,
        verbose_name=_("gestionnaire"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="habilitations",
    )
    created_at = models.DateTimeField(_("date d'habilitation"), auto_now_add=True)

    scope_lookups = ScopeLookups(caf="structure__caf", structure="structure")

    class Meta:
        verbose_name = _("habilitation")
        verbose_name_plural = _("habilitations")
        constraints = [
            models.UniqueConstraint(fields=["person", "structure"], name="habilitation_unique")
        ]

    def __str__(self):
        return f"{self.person} — {self.structure}"


class HabilitationRequest(ManagerIdentity):
    """A manager's public request (seed 000 Proc « Habilitation », St-F2). Never modified
    online by the manager; the CAF moves it through its workflow."""

    caf = models.ForeignKey(
        "referential.Caf",
        on_delete=models.PROTECT,
        related_name="habilitation_requests",
        verbose_name="Caf",
    )
    kind = models.CharField(
        _("type de demande"),
        max_length=20,
        choices=HabilitationRequestKind,
        default=HabilitationRequestKind.HABILITATION,
    )
    status = models.CharField(
        _("état de la demande"),
        max_length=20,
        choices=HabilitationRequestStatus,
        default=HabilitationRequestStatus.NEW,
    )
    structures = models.ManyToManyField(
        "structures.Structure",
        related_name="habilitation_requests",
        verbose_name=_("structures à administrer"),
    )
    # Online-desk requests: the communes whose families' requests the point will receive.
    communes = models.ManyToManyField(
        "referential.Commune",
        blank=True,
        related_name="+",
        verbose_name=_("communes concernées"),
    )
    # Set at validation: the manager created or completed from this request.
    manager = models.ForeignKey(
        Manager,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name=_("gestionnaire"),
    )
    created_at = models.DateTimeField(_("date de la demande"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    scope_lookups = ScopeLookups(caf="caf")
    workflow = HABILITATION_REQUEST_WORKFLOW

    class Meta:
        verbose_name = _("demande d'habilitation")
        verbose_name_plural = _("demandes d'habilitation")
        indexes = [models.Index(fields=["caf", "status", "-created_at"], name="habreq_caf_idx")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"


class HabilitationRequestPerson(models.Model):
    """A person the manager asks to habilitate."""

    request = models.ForeignKey(
        HabilitationRequest, on_delete=models.CASCADE, related_name="persons"
    )
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse électronique"))
    function = models.CharField(_("fonction"), max_length=150)

    class Meta:
        verbose_name = _("personne à habiliter")
        verbose_name_plural = _("personnes à habiliter")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"
