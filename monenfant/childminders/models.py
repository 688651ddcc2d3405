from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monenfant.backoffice_access.scopes import ScopeLookups
from monenfant.referential.models import Caf, Commune, Departement
from monenfant.utils.weekdays import Weekday, days_mask
from monenfant.workflows.transitions import OWNER, Transition, Workflow

from .enums import (
    OPEN_MODERATION_STATUSES,
    ChildminderStatus,
    Civility,
    ModerationKind,
    ModerationStatus,
    profession_label,
)
from .workflow import CHILDMINDER_WORKFLOW

MAX_RANGES_PER_DAY = 2  # seed 002: "par jour et par plage horaire (deux maximum)"


class ChildminderQuerySet(models.QuerySet):
    def visible_to_public(self):
        """Validated childminders; pending, suspended, radiated or rejected ones never show."""
        return self.filter(status=ChildminderStatus.VALIDATED)


class Childminder(models.Model):
    """An assistant(e) maternel(le): a licensed childminder working at home."""

    # The childminder's own account (the private space); none for generated or imported rows.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="childminder",
    )
    display_name = models.CharField(_("nom affiché"), max_length=150)
    # Identity as entered at registration and checked against the agrément (seed 000 AM-F3:
    # birth names are shown to CAF administrators only). Empty for generated or imported rows.
    birth_name = models.CharField(_("nom de naissance"), max_length=150, blank=True)
    usage_name = models.CharField(_("nom d'usage"), max_length=150, blank=True)
    first_names = models.CharField(_("prénoms"), max_length=150, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    # Words the sheet uses about the person: « Assistante maternelle » for Madame.
    civility = models.CharField(_("civilité"), max_length=10, choices=Civility, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ChildminderStatus, default=ChildminderStatus.PENDING
    )

    # Address of the place of care. The exact point stays private when show_address is off:
    # the public sees (and searches on) public_latitude/longitude, the town hall of the commune.
    address = models.CharField(_("adresse"), max_length=255)
    postal_code = models.CharField(_("code postal"), max_length=5)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    caf = models.ForeignKey(Caf, on_delete=models.PROTECT, related_name="childminders")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    public_latitude = models.FloatField(_("latitude publique"), editable=False)
    public_longitude = models.FloatField(_("longitude publique"), editable=False)

    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    other_phone = models.CharField(_("autre téléphone"), max_length=20, blank=True)
    # Preferred ways to be contacted (ContactMode values), in the childminder's order.
    contact_modes = models.JSONField(_("modes de contact préférés"), default=list, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    # Display preferences (decree of 30 August 2021): the exact address or only the distance;
    # the phone or the e-mail may be hidden, never both.
    show_address = models.BooleanField(_("afficher l'adresse exacte"), default=False)
    hide_phone = models.BooleanField(_("masquer le téléphone"), default=False)
    hide_email = models.BooleanField(_("masquer l'adresse électronique"), default=False)

    agrement_number = models.CharField(_("numéro d'agrément"), max_length=30, blank=True)
    agrement_departement = models.ForeignKey(
        Departement,
        verbose_name=_("département de délivrance de l'agrément"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agrement_starts_on = models.DateField(_("début de l'agrément"))
    agrement_ends_on = models.DateField(_("fin de l'agrément"))
    capacity = models.PositiveSmallIntegerField(_("capacité d'accueil (agrément)"))
    age_min_months = models.PositiveSmallIntegerField(_("âge minimum accueilli (mois)"), default=0)
    age_max_months = models.PositiveSmallIntegerField(_("âge maximum accueilli (mois)"), default=72)

    # Summary of the Availability rows, kept by refresh_availability_summary() so that search
    # filters on indexed columns before probing the rows.
    available_places = models.PositiveSmallIntegerField(_("places disponibles"), default=0)
    # Weekdays with a free place, as a bit mask (utils.weekdays.days_mask).
    available_days = models.PositiveSmallIntegerField(_("jours avec des places"), default=0)
    available_from = models.DateField(_("places disponibles à partir du"), null=True, blank=True)
    availability_confirmed_on = models.DateField(
        _("disponibilités confirmées le"), null=True, blank=True
    )

    # Temporary suspension of activity declared in the space (illness, leave…): from its first
    # day, the places show as free only from the day after it (available_from).
    activity_suspended_from = models.DateField(_("activité suspendue du"), null=True, blank=True)
    activity_suspended_until = models.DateField(_("activité suspendue au"), null=True, blank=True)
    # Employed only by legal entities (crèches familiales…): exempt from the twice-yearly
    # availability update of the decree of 30 August 2021, hence from its reminders.
    legal_entity_only = models.BooleanField(
        _("employé uniquement par des personnes morales"), default=False
    )

    # {"1": [["07:30", "18:30"]], ...}: typical working hours per ISO weekday, for display.
    working_hours = models.JSONField(_("horaires de travail"), default=dict, blank=True)
    hourly_rate = models.DecimalField(
        _("tarif horaire (€)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    presentation = models.TextField(_("présentation"), blank=True)
    place_description = models.TextField(_("description du lieu d'accueil"), blank=True)
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    activities = models.JSONField(_("activités proposées"), default=list, blank=True)

    # When the licence was withdrawn: « Lever la radiation » is offered for 30 days after it.
    radiated_at = models.DateTimeField(_("radié le"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    # Private files (agrément, documents…), deleted with the row.
    documents = GenericRelation(
        "files.PrivateFile", content_type_field="owner_type", object_id_field="owner_id"
    )

    objects = ChildminderQuerySet.as_manager()
    # Radiation and suspension (monenfant.workflows): applied through services.py only.
    workflow = CHILDMINDER_WORKFLOW
    # Data scopes (monenfant.backoffice_access.scopes): how a scope reaches this row.
    scope_lookups = ScopeLookups(caf="caf", commune="commune")

    class Meta:
        verbose_name = _("assistant maternel")
        verbose_name_plural = _("assistants maternels")
        constraints = [
            models.CheckConstraint(
                condition=~Q(hide_phone=True, hide_email=True),
                name="childminder_keeps_one_contact",
                violation_error_message=_(
                    "Le téléphone et l'adresse électronique ne peuvent pas être masqués tous les deux."
                ),
            ),
        ]
        indexes = [
            # The search's bounding-box prefilter: equality on status, range on latitude,
            # longitude checked in the index. The filtered columns follow so that counting a
            # dense circle reads the index only (SQLite has no INCLUDE). Not a partial index:
            # SQLite uses one only when the query repeats the literal, and Django binds it.
            models.Index(
                fields=[
                    "status",
                    "public_latitude",
                    "public_longitude",
                    "age_min_months",
                    "age_max_months",
                    "available_places",
                    "available_from",
                    "available_days",
                    # PostgreSQL indexes do not carry the primary key: without it every
                    # row would be fetched from the table for its id.
                    "id",
                ],
                name="childminder_search_idx",
            ),
            # « Gestion des assistants maternels »: one CAF, one state, sorted by name or by
            # licence end (a Nord-sized CAF holds ~20,000 rows).
            models.Index(fields=["caf", "status", "display_name"], name="childminder_bo_name_idx"),
            models.Index(
                fields=["caf", "status", "agrement_ends_on"], name="childminder_bo_agrement_idx"
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.caf_id is None:
            # Back-office scoping: the CAF of the commune's département.
            self.caf = self.commune.caf
        self.public_latitude, self.public_longitude = self.public_location()
        super().save(*args, **kwargs)

    @property
    def profession_label(self) -> str:
        return profession_label(self.civility)

    def can_read_private_files(self, user) -> bool:
        """Its documents (agrément, training certificate): CAF staff of its CAF and the
        moderators."""
        from monenfant.backoffice_access import perms

        return perms.has_permission(user, "manage_childminders", self.caf) or perms.has_permission(
            user, "view_registration_requests", self.caf
        )

    # What the public may see. Every public view (HTML and JSON) reads these, never the raw
    # fields, so that a hidden address or contact cannot leak through one of them.
    @property
    def public_address(self) -> str | None:
        return self.address if self.show_address else None

    @property
    def public_phone(self) -> str | None:
        return None if self.hide_phone else (self.phone or None)

    @property
    def public_email(self) -> str | None:
        return None if self.hide_email else (self.email or None)

    def public_location(self) -> tuple[float, float]:
        if self.show_address:
            return self.latitude, self.longitude
        return self.commune.latitude, self.commune.longitude

    def activity_suspended_on(self, day) -> bool:
        return bool(
            self.activity_suspended_from
            and self.activity_suspended_from <= day <= self.activity_suspended_until
        )

    def refresh_availability_summary(self, *, confirmed_on=None, today=None):
        """Recompute the summary columns after the Availability rows (or the suspension of
        activity) changed; the save refreshes the search row (search.signals)."""
        today = today or timezone.localdate()
        rows = [a for a in self.availabilities.all() if a.places]
        self.available_places = min(max((a.places for a in rows), default=0), self.capacity)
        self.available_days = days_mask({a.weekday for a in rows})
        self.available_from = (
            self.activity_suspended_until + timedelta(days=1)
            if self.activity_suspended_on(today)
            else None
        )
        if confirmed_on:
            self.availability_confirmed_on = confirmed_on
        self.save(
            update_fields=[
                "available_places",
                "available_days",
                "available_from",
                "availability_confirmed_on",
            ]
        )


class Availability(models.Model):
    """Places a childminder offers on a weekday within one time range (two ranges at most)."""

    childminder = models.ForeignKey(
        Childminder, on_delete=models.CASCADE, related_name="availabilities"
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday)
    starts_at = models.TimeField(_("de"))
    ends_at = models.TimeField(_("à"))
    places = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        verbose_name = _("disponibilité")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="availability_range_order"
            )
        ]
        # Covering: the search's hours filter reads the index only (a table lookup per range
        # cost a quarter of a filtered search near Paris, docs/performance.md).
        indexes = [
            models.Index(
                fields=["childminder", "weekday", "starts_at", "ends_at", "places"],
                name="availability_cover_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self):
        if self.places > self.childminder.capacity:
            raise ValidationError(
                {"places": _("Le nombre de places dépasse la capacité d'accueil de l'agrément.")}
            )
        same_day = self.childminder.availabilities.filter(weekday=self.weekday).exclude(pk=self.pk)
        if same_day.count() >= MAX_RANGES_PER_DAY:
            raise ValidationError(_("Deux plages horaires au plus par jour."))


def _notify(name):
    """The e-mail of a transition, looked up at call time (notifications imports models)."""

    def notify(obj, log):
        from . import notifications

        getattr(notifications, name)(obj, log)

    return notify


_S = ModerationStatus
MODERATION_WORKFLOW = Workflow(
    states=ModerationStatus,
    initial=_S.DRAFT,
    transitions=[
        Transition(
            "submit",
            _("Envoyer la demande"),
            sources={_S.DRAFT},
            target=_S.PENDING,
            permission=OWNER,
            notify=_notify("request_submitted"),
        ),
        Transition(
            "take",
            _("Prendre en charge"),
            sources={_S.PENDING},
            target=_S.IN_PROGRESS,
            permission="process_registration_requests",
        ),
        Transition(
            "release",
            _("Remettre dans la file"),
            sources={_S.IN_PROGRESS},
            target=_S.PENDING,
            permission="process_registration_requests",
        ),
        Transition(
            "ask_information",
            _("Demander de nouveaux éléments"),
            sources={_S.IN_PROGRESS},
            target=_S.AWAITING_INFORMATION,
            permission="process_registration_requests",
            reason_required=True,
            notify=_notify("request_information_asked"),
        ),
        # The childminder completed the request: back to the moderators.
        Transition(
            "resubmit",
            _("Renvoyer à la modération"),
            sources={_S.AWAITING_INFORMATION},
            target=_S.PENDING,
            permission=OWNER,
        ),
        Transition(
            "validate",
            _("Valider"),
            sources={_S.IN_PROGRESS},
            target=_S.VALIDATED,
            permission="process_registration_requests",
            notify=_notify("request_validated"),
        ),
        Transition(
            "reject",
            _("Rejeter"),
            sources={_S.IN_PROGRESS},
            target=_S.REJECTED,
            permission="process_registration_requests",
            reason_required=True,
            notify=_notify("request_rejected"),
        ),
    ],
)


class ModerationRequestQuerySet(models.QuerySet):
    def submitted(self):
        """Requests the moderators see: every one but the drafts being typed."""
        return self.exclude(status=ModerationStatus.DRAFT)

    def open(self):
        return self.filter(status__in=OPEN_MODERATION_STATUSES)


class ModerationRequest(models.Model):
    """A registration or licence renewal request checked by the moderators against the
    agrément document (seed 000 AM-F1, « Processus Inscription », « Renouvellement »).

    A registration is typed step by step as a DRAFT owned by the new account (`data` keeps each
    step); submitting it creates the Childminder (status mirrored: PENDING, AWAITING_INFORMATION,
    VALIDATED, REJECTED). A renewal belongs to a validated childminder and carries the proposed
    licence data in `data`, applied on validation only (decision D7)."""

    kind = models.CharField(_("type de demande"), max_length=20, choices=ModerationKind)
    status = models.CharField(
        _("statut"), max_length=20, choices=ModerationStatus, default=ModerationStatus.DRAFT
    )
    # Both emptied when a rejected renewal deletes the space (decision D7): the request stays
    # in the moderators' history with its data and address.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_requests",
    )
    email = models.EmailField(_("adresse électronique"))
    childminder = models.ForeignKey(
        Childminder,
        verbose_name=_("assistant maternel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_requests",
    )
    # The CAF of the place of care (set once the address is known): back-office scoping.
    caf = models.ForeignKey(
        Caf, on_delete=models.PROTECT, null=True, blank=True, related_name="moderation_requests"
    )
    # Registration: {"identity": {...}, "contact": {...}, "licence": {...}, "profile": {...}}
    # as typed; renewal: {"licence": {...}} with the proposed agrément and address.
    data = models.JSONField(_("données saisies"), default=dict, blank=True)
    # Result of the automatic identity check (IdentityVerifier): {"ok": bool, "verifier": …}.
    identity_check = models.JSONField(_("vérification d'identité"), default=dict, blank=True)
    # Registrations migrated from the old site (seed 000 AM-F2: excluded from the relance).
    migrated = models.BooleanField(_("reprise de l'ancien site"), default=False)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pris en charge par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Reasons of the last « nouveaux éléments » or rejection: InformationReason or
    # RejectionReason values, plus the moderator's free text.
    reasons = models.JSONField(_("motifs"), default=list, blank=True)
    reason_text = models.TextField(_("précisions"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("statut changé le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    documents = GenericRelation(
        "files.PrivateFile", content_type_field="owner_type", object_id_field="owner_id"
    )

    objects = ModerationRequestQuerySet.as_manager()
    workflow = MODERATION_WORKFLOW
    scope_lookups = ScopeLookups(caf="caf", commune="childminder__commune")

    class Meta:
        verbose_name = _("demande de modération")
        verbose_name_plural = _("demandes de modération")
        ordering = ["submitted_at", "pk"]
        constraints = [
            # One request at a time per account: a second tab cannot open another draft.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=[ModerationStatus.DRAFT, *OPEN_MODERATION_STATUSES]),
                name="one_open_moderation_request_per_user",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="moderation_queue_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def display_label(self) -> str:
        """Who the request is about, even once a rejected renewal deleted the childminder."""
        if self.childminder_id:
            return self.childminder.display_name
        identity = self.data.get("identity", {})
        name = " ".join(filter(None, [identity.get("first_names"), identity.get("birth_name")]))
        return name or self.email

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MODERATION_STATUSES

    def can_read_private_files(self, user) -> bool:
        """The agrément and training certificate: the moderators (and readers) of its CAF, and
        the account that uploaded them (files.perms lets the uploader in)."""
        from monenfant.backoffice_access import perms

        if self.user_id == getattr(user, "pk", None):
            return True
        return perms.has_permission(user, "view_registration_requests", self.caf)


class DepartementFile(models.Model):
    """A file of licence movements sent by a département (withdrawals, suspensions, lifted
    suspensions, cessations: seed 002), imported by a CAF agent. The CSV is a private file;
    nothing is applied before the agent confirms the preview (departement_files.py)."""

    caf = models.ForeignKey(Caf, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(_("nom du fichier"), max_length=255)
    # The same bytes imported again: the preview says when they were applied before.
    sha256 = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(_("importé le"), auto_now_add=True)
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What applying did, line by line: [{"line": 2, "outcome": "applied", "message": "…"}].
    report = models.JSONField(_("compte rendu"), default=list, blank=True)

    documents = GenericRelation(
        "files.PrivateFile", content_type_field="owner_type", object_id_field="owner_id"
    )
    scope_lookups = ScopeLookups(caf="caf")

    class Meta:
        verbose_name = _("fichier du département")
        verbose_name_plural = _("fichiers des départements")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def can_read_private_files(self, user) -> bool:
        from monenfant.backoffice_access import perms

        return perms.has_permission(user, "manage_childminders", self.caf)


class Reminder(models.Model):
    """« Relance » (seed 000 AM-F2): a CAF agent asked that a childminder whose request waits
    for new elements be reminded; the nightly job sends it (`sent_at`). One row per childminder,
    ever: the seed allows « 1 seule fois »."""

    childminder = models.OneToOneField(
        Childminder, on_delete=models.CASCADE, related_name="reminder"
    )
    moderation_request = models.ForeignKey(
        ModerationRequest, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    caf = models.ForeignKey(Caf, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("commentaire"), blank=True)
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True, db_index=True)

    scope_lookups = ScopeLookups(caf="caf")

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")

    def __str__(self):
        return f"Relance #{self.pk}"


class DeadlineReminderKind(models.TextChoices):
    # Lead times before 1 June and 1 December (docs/childminder-space.md).
    AVAILABILITY_30_DAYS = "dispo_j30", _("Disponibilités, 30 jours avant l'échéance")
    AVAILABILITY_7_DAYS = "dispo_j7", _("Disponibilités, 7 jours avant l'échéance")
    LICENCE_END = "fin_agrement", _("Fin de l'agrément dans 60 jours")


class DeadlineReminder(models.Model):
    """One reminder e-mail sent for one deadline: the unique row is what keeps the daily job
    from sending it twice, however often it runs or restarts."""

    childminder = models.ForeignKey(Childminder, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("rappel"), max_length=20, choices=DeadlineReminderKind)
    # 1 June or 1 December; the licence's end date for LICENCE_END.
    deadline = models.DateField(_("échéance"))
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    # When the one-click link of this reminder confirmed the availability.
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rappel")
        constraints = [
            models.UniqueConstraint(
                fields=["childminder", "kind", "deadline"], name="one_reminder_per_deadline"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.deadline}"


class Breach(models.Model):
    """A « manquement »: the availability was not confirmed in the six months before a
    deadline. The first one of a childminder is only a warning (decree of 30 August 2021)."""

    childminder = models.ForeignKey(Childminder, on_delete=models.CASCADE, related_name="breaches")
    deadline = models.DateField(_("échéance"))
    is_warning = models.BooleanField(_("simple avertissement"))
    recorded_at = models.DateTimeField(_("constaté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("manquement")
        ordering = ["-deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["childminder", "deadline"], name="one_breach_per_deadline"
            )
        ]

    def __str__(self):
        return f"{self.childminder} {self.deadline}"
