from datetime import timedelta

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from monenfant.backoffice_access.scopes import ScopeLookups
from monenfant.referential.models import Caf, Commune
from monenfant.utils.public_holidays import public_holidays_between
from monenfant.utils.text import normalize_search_text
from monenfant.utils.weekdays import Weekday, days_mask

from .enums import (
    DEFAULT_MAX_OPENING_RANGES,
    MAX_OPENING_RANGES,
    EajeType,
    HalfDay,
    SlotStatus,
    StructureKind,
    StructureStatus,
)
from .workflow import STRUCTURE_WORKFLOW


class StructureQuerySet(models.QuerySet):
    def visible_to_public(self):
        """Validated structures, and those whose manager's changes wait for the CAF: their
        published version stays online (seed 000 St-F5). Drafts never show, nor a first
        version waiting for validation (no open revision)."""
        return self.filter(
            Q(status=StructureStatus.VALIDATED)
            | Q(
                status=StructureStatus.PENDING,
                pk__in=StructureRevision.objects.filter(closed_at__isnull=True).values(
                    "structure_id"
                ),
            )
        )


class Structure(models.Model):
    """Any referenced service: EAJE, MAM, RPE, LINF, LAEP, ALSH, SMF, ER, home care, CLAS."""

    kind = models.CharField(_("type"), max_length=20, choices=StructureKind)
    eaje_type = models.CharField(_("type d'EAJE"), max_length=20, choices=EajeType, blank=True)
    psu = models.BooleanField(_("financé par la PSU"), default=False)
    name = models.CharField(_("nom"), max_length=200)
    # The name lower case without accents (utils.text.normalize_search_text), kept by save():
    # the back-office name filter, the same on SQLite and PostgreSQL.
    search_name = models.CharField(max_length=200, editable=False, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=StructureStatus, default=StructureStatus.DRAFT
    )

    address = models.CharField(_("adresse"), max_length=255)
    postal_code = models.CharField(_("code postal"), max_length=5)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    caf = models.ForeignKey(Caf, on_delete=models.PROTECT, related_name="structures")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    website = models.URLField(_("site internet"), blank=True)
    manager_name = models.CharField(_("gestionnaire"), max_length=200, blank=True)
    director_name = models.CharField(_("responsable"), max_length=150, blank=True)

    capacity = models.PositiveSmallIntegerField(_("capacité d'accueil"), null=True, blank=True)
    age_min_months = models.PositiveSmallIntegerField(_("âge minimum (mois)"), default=0)
    age_max_months = models.PositiveSmallIntegerField(_("âge maximum (mois)"), default=72)

    presentation = models.TextField(_("présentation"), blank=True)
    fees = models.TextField(_("tarifs"), blank=True)
    educational_project = models.TextField(_("projet éducatif"), blank=True)
    team = models.TextField(_("équipe"), blank=True)
    admission_conditions = models.TextField(_("conditions d'admission"), blank=True)
    registration = models.TextField(_("modalités d'inscription"), blank=True)
    disabled_children_welcome = models.TextField(
        _("accueil des enfants en situation de handicap"), blank=True
    )
    closure_periods = models.TextField(_("périodes de fermeture"), blank=True)
    # Seed 000 St-F1: "Condition liée au domicile" / "Condition liée au lieu de travail".
    residence_condition = models.TextField(_("condition liée au domicile"), blank=True)
    workplace_condition = models.TextField(_("condition liée au lieu de travail"), blank=True)

    communes_served = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="served_by",
        verbose_name=_("communes desservies"),
        through="ServedCommune",
    )
    # LINF (and RPE identified as LINF) switch to receive online information requests.
    online_desk = models.BooleanField(
        _("Réception des demandes d'information en ligne"), default=False
    )
    # RPE: « Je souhaite que mon RPE soit également identifié en tant que Linf » (seed 000
    # St-F1); with online requests, a LINF linked to the RPE is created (linked_rpe).
    linf_requested = models.BooleanField(
        _("Je souhaite que mon RPE soit également identifié en tant que Linf sur Monenfant.fr"),
        default=False,
    )
    linked_rpe = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_linf",
        verbose_name=_("RPE lié"),
        editable=False,
    )
    # LINF: the two facts the CAF records before the online desk can be switched on (seed
    # 000 « Guichet en ligne »).
    linf_contract_signed_on = models.DateField(
        _("Date de signature du contrat Cnaf–Caf sur les lieux d'information du département"),
        null=True,
        blank=True,
    )
    linf_convention_signed_on = models.DateField(
        _("Date de signature de la convention « guichet en ligne » du lieu d'information"),
        null=True,
        blank=True,
    )
    availability_confirmed_on = models.DateField(
        _("disponibilités mises à jour le"), null=True, blank=True
    )
    # Opening weekdays as a bit mask (utils.weekdays.days_mask), kept by
    # refresh_opening_days(): the search's prefilter before probing the opening periods.
    opening_days = models.PositiveSmallIntegerField(_("jours d'ouverture"), default=0)
    # First and last dates with a free half-day, kept by refresh_free_dates(): the search's
    # prefilter for "places available" before probing the availability table.
    first_free_on = models.DateField(null=True, blank=True, editable=False)
    last_free_on = models.DateField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    # Private files (agrément, documents…), deleted with the row.
    documents = GenericRelation(
        "files.PrivateFile", content_type_field="owner_type", object_id_field="owner_id"
    )

    objects = StructureQuerySet.as_manager()
    # Data scopes (monenfant.backoffice_access.scopes): how a scope reaches this row.
    scope_lookups = ScopeLookups(caf="caf", structure="pk", commune="commune")
    # States and transitions (monenfant.workflows): applied by transition_apply() only.
    workflow = STRUCTURE_WORKFLOW

    class Meta:
        verbose_name = _("structure")
        indexes = [
            # The search's bounding-box prefilter, covering the filtered columns (see
            # Childminder.Meta).
            models.Index(
                fields=[
                    "status",
                    "latitude",
                    "longitude",
                    "kind",
                    "age_min_months",
                    "age_max_months",
                    "opening_days",
                    "first_free_on",
                    "last_free_on",
                    "id",  # see Childminder.Meta
                ],
                name="structure_search_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = normalize_search_text(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        if self.caf_id is None:
            # Back-office scoping: the CAF of the commune's département.
            self.caf = self.commune.caf
        super().save(*args, **kwargs)

    def closed_days(self, start, end) -> dict:
        """{date: reason} of the days between start and end when the structure takes no
        child: the public holidays of its département and the closures it declared."""
        closed = dict(public_holidays_between(start, end, self.commune.departement.code))
        for closure in self.closures.all():
            day = max(closure.starts_on, start)
            while day <= min(closure.ends_on, end):
                closed.setdefault(day, closure.label or _("Fermeture"))
                day += timedelta(days=1)
        return closed

    def can_read_private_files(self, user) -> bool:
        """Its documents: the CAF staff managing structures, and its habilitated persons."""
        from monenfant.backoffice_access import perms
        from monenfant.habilitations.selectors import is_habilitated_for

        return perms.has_permission(user, "manage_structures", self.caf) or is_habilitated_for(
            user, self
        )

    def refresh_free_dates(self, *, also_save=()):
        """Recompute first/last_free_on after the availability table or the closures changed.
        A half-day on a public holiday or in a declared closure is closed whatever was
        entered for it, so that neither the sheet nor the search offers a place then.
        `also_save`: other changed fields, saved in the same statement (one search refresh)."""
        dates = self.half_day_availabilities.aggregate(
            first=models.Min("date"), last=models.Max("date")
        )
        if dates["first"] is not None:
            closed = self.closed_days(dates["first"], dates["last"])
            if closed:
                self.half_day_availabilities.filter(date__in=list(closed)).exclude(
                    status=SlotStatus.NOT_WORKED
                ).update(status=SlotStatus.NOT_WORKED, places=0)
        dates = self.half_day_availabilities.filter(
            status=SlotStatus.AVAILABLE, places__gt=0
        ).aggregate(first=models.Min("date"), last=models.Max("date"))
        self.first_free_on, self.last_free_on = dates["first"], dates["last"]
        self.save(update_fields=["first_free_on", "last_free_on", *also_save])

    @property
    def served_communes(self) -> list[Commune]:
        """The communes served, in the order the CAF or the manager set (prefetch
        "served_links" to avoid a query per sheet)."""
        return [link.commune for link in self.served_links.all()]

    def refresh_opening_days(self):
        """Recompute opening_days after the opening periods changed."""
        self.opening_days = days_mask({p.weekday for p in self.opening_periods.all()})
        self.save(update_fields=["opening_days"])


class ServedCommune(models.Model):
    """A commune served by a structure, at its position in the list parents see. The table
    is the one the plain many-to-many had (the search joins it)."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="served_links")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "structures_structure_communes_served"
        ordering = ["position", "id"]
        verbose_name = _("commune desservie")

    def __str__(self):
        return f"{self.structure_id} → {self.commune_id}"


class OpeningPeriod(models.Model):
    """One opening range on a weekday (2 a day at most, 3 for an ALSH)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="opening_periods"
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday)
    opens_at = models.TimeField(_("ouverture"))
    closes_at = models.TimeField(_("fermeture"))

    class Meta:
        verbose_name = _("horaire d'ouverture")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="opening_period_order"
            )
        ]
        # Covering, as the childminders' availability index: the hours filter of the search.
        indexes = [
            models.Index(
                fields=["structure", "weekday", "opens_at", "closes_at"], name="opening_cover_idx"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self):
        limit = MAX_OPENING_RANGES.get(self.structure.kind, DEFAULT_MAX_OPENING_RANGES)
        same_day = self.structure.opening_periods.filter(weekday=self.weekday).exclude(pk=self.pk)
        if same_day.count() >= limit:
            raise ValidationError(
                format_lazy(_("{limit} plages horaires au plus par jour."), limit=limit)
            )


class HalfDayAvailability(models.Model):
    """One cell of the J..J+30 availability table of an EAJE (occasional care) or a MAM."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="half_day_availabilities"
    )
    date = models.DateField(_("date"))
    half_day = models.CharField(_("demi-journée"), max_length=10, choices=HalfDay)
    status = models.CharField(_("état"), max_length=20, choices=SlotStatus)
    places = models.PositiveSmallIntegerField(_("places disponibles"), default=0)

    class Meta:
        verbose_name = _("disponibilité par demi-journée")
        ordering = ["date", "-half_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "date", "half_day"], name="unique_half_day_slot"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.get_half_day_display()} : {self.get_status_display()}"


class ClosurePeriod(models.Model):
    """Days a structure declared closed (Christmas, three weeks in August): no place is offered
    on them, whatever its availability table says."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    label = models.CharField(_("motif"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("période de fermeture")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="closure_period_order"
            )
        ]

    def __str__(self):
        return f"{self.structure} ({self.starts_on} – {self.ends_on})"


class AvailabilityTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class AvailabilityToken(models.Model):
    """The secret with which a manager's software sends a structure's availability table
    (PUT /api/v1/structures/{id}/availability). Only its SHA-256 is stored: the token itself
    is shown once, when created. One active token per structure; a new one revokes the old."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="availability_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, to tell tokens apart on the page (not enough to guess one).
    prefix = models.CharField(_("début du jeton"), max_length=12, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = AvailabilityTokenQuerySet.as_manager()
    scope_lookups = ScopeLookups(caf="structure__caf", structure="structure")

    class Meta:
        verbose_name = _("jeton d'échange de données")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.structure} ({self.prefix}…)"


class RevisionOutcome(models.TextChoices):
    VALIDATED = "validee", _("Validées")
    REJECTED = "refusee", _("Refusées")


class StructureRevision(models.Model):
    """A habilitated person's changes to a published sheet, waiting for the CAF (seed 000
    St-F5). The Structure row keeps the published version until « Valider les modifications »
    applies `proposed`; the diff the CAF reads is computed (selectors.revision_diff), never
    stored. At most one open revision per structure."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposées le"), auto_now_add=True)
    # The schema's field names (monenfant.structures.schemas) to proposed values; to-many
    # values as lists of ids.
    proposed = models.JSONField(_("valeurs proposées"), default=dict)
    closed_at = models.DateTimeField(_("décidées le"), null=True, blank=True)
    outcome = models.CharField(_("décision"), max_length=10, choices=RevisionOutcome, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("décidées par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("motif du refus"), blank=True)

    scope_lookups = ScopeLookups(caf="structure__caf", structure="structure")

    class Meta:
        verbose_name = _("modification de fiche")
        verbose_name_plural = _("modifications de fiches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(closed_at__isnull=True),
                name="one_open_revision_per_structure",
            )
        ]

    def __str__(self):
        return f"{self.structure} ({self.created_at:%Y-%m-%d})"
