"""Forms of the childminder registration (seed 002 « parcours d'inscription »), of the pending
request and of the licence renewal."""

import re
from decimal import Decimal

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.childminders.enums import (
    Civility,
    ContactMode,
    InformationReason,
    ModerationKind,
    ModerationStatus,
    RejectionReason,
)
from monenfant.childminders.moderation_services import identity_check, radiated_email_message
from monenfant.childminders.selectors import email_blocked_by_radiation
from monenfant.files.content import FileType
from monenfant.files.forms import PrivateFileField
from monenfant.referential.models import Caf, Departement
from monenfant.utils.antispam import AntiRobotFormMixin
from monenfant.utils.weekdays import Weekday
from monenfant.www.fields import CommuneField

DOCUMENT_TYPES = (FileType.PDF, FileType.JPEG, FileType.PNG)
# Legal maximum of an agrément: four children at once, six by derogation (CASF L421-4).
MAX_CAPACITY = 6
_PHONE = re.compile(r"^(?:\+33|0)[1-9](?:[ .-]?\d{2}){4}$")
_POSTAL_CODE = re.compile(r"^\d{5}$")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _document_field(label, *, required=True):
    return PrivateFileField(accepted=DOCUMENT_TYPES, label=label, required=required)


class StartForm(AntiRobotFormMixin, DsfrBaseForm):
    """Initial step: the account (e-mail and password under the policy, decision D5)."""

    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Elle servira d'identifiant. Format attendu\u00a0: nom@domaine.fr"),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email_blocked_by_radiation(email):
            raise forms.ValidationError(radiated_email_message(), code="radiated")
        return email

    def clean(self):
        cleaned_data = super().clean()
        password1, password2 = cleaned_data.get("password1"), cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            try:
                password_validation.validate_password(password1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


class IdentityForm(DsfrBaseForm):
    civility = forms.ChoiceField(
        label=_("Civilité"), choices=Civility.choices, widget=forms.RadioSelect
    )
    birth_name = forms.CharField(label=_("Nom de naissance"), max_length=150)
    usage_name = forms.CharField(
        label=_("Nom d'usage"),
        max_length=150,
        required=False,
        help_text=_("Si vous en avez un (nom d'épouse ou d'époux, par exemple)."),
    )
    first_names = forms.CharField(
        label=_("Prénoms"), max_length=150, help_text=_("Dans l'ordre de l'état civil.")
    )
    birth_date = forms.DateField(label=_("Date de naissance"), widget=_date_input())

    def clean(self):
        cleaned_data = super().clean()
        if all(cleaned_data.get(f) for f in ("birth_name", "first_names", "birth_date")):
            for field, message in identity_check(cleaned_data).errors.items():
                self.add_error(field, message)
        return cleaned_data


class ContactForm(DsfrBaseForm):
    phone = forms.CharField(
        label=_("Téléphone"), max_length=20, help_text=_("Format attendu\u00a0: 06 12 34 56 78")
    )
    other_phone = forms.CharField(label=_("Autre téléphone"), max_length=20, required=False)
    address = forms.CharField(
        label=_("Adresse du lieu d'accueil"),
        max_length=255,
        help_text=_("Numéro et voie, comme sur votre agrément."),
    )
    postal_code = forms.CharField(label=_("Code postal"), max_length=5)
    commune = CommuneField(label=_("Commune"))
    contact_modes = forms.MultipleChoiceField(
        label=_("Modes de contact préférés"),
        choices=ContactMode.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def _clean_phone(self, name):
        value = self.cleaned_data.get(name, "").strip()
        if value and not _PHONE.match(value):
            raise forms.ValidationError(
                _(
                    "Saisissez un numéro de téléphone français à 10 chiffres, par exemple 06 12 34 56 78."
                )
            )
        return value

    def clean_phone(self):
        return self._clean_phone("phone")

    def clean_other_phone(self):
        return self._clean_phone("other_phone")

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if not _POSTAL_CODE.match(value):
            raise forms.ValidationError(_("Le code postal compte 5 chiffres."))
        return value

    def clean(self):
        cleaned_data = super().clean()
        commune, postal_code = cleaned_data.get("commune"), cleaned_data.get("postal_code")
        if commune and postal_code and postal_code not in commune.postal_codes:
            self.add_error(
                "postal_code",
                _("Ce code postal n'est pas celui de %(commune)s.") % {"commune": commune.name},
            )
        if commune and not Caf.objects.filter(departement_id=commune.departement_id).exists():
            self.add_error("commune", _("Aucune Caf ne couvre encore cette commune."))
        return cleaned_data


class LicenceFieldsForm(DsfrBaseForm):
    """The agrément data checked by the moderators (seed 000 AM-F1)."""

    departement = forms.ModelChoiceField(
        label=_("Département de délivrance de l'agrément"),
        queryset=Departement.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("Choisissez un département"),
    )
    starts_on = forms.DateField(label=_("Date de début de l'agrément"), widget=_date_input())
    ends_on = forms.DateField(label=_("Date de fin de l'agrément"), widget=_date_input())
    capacity = forms.IntegerField(
        label=_("Capacité maximum d'accueil"),
        help_text=_(
            "Le nombre d'enfants que votre agrément vous permet d'accueillir en même temps."
        ),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )

    def clean(self):
        cleaned_data = super().clean()
        starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("La fin de l'agrément doit suivre son début."))
        elif ends_on and ends_on < timezone.localdate():
            self.add_error(
                "ends_on", _("Cet agrément est expiré\u00a0: indiquez un agrément en cours.")
            )
        if starts_on and starts_on > timezone.localdate():
            self.add_error("starts_on", _("L'agrément doit avoir commencé."))
        return cleaned_data


class LicenceForm(LicenceFieldsForm):
    """Registration step « agrément »: a document already stored need not be sent again."""

    first_licence = forms.BooleanField(
        label=_("C'est mon premier agrément"),
        required=False,
        help_text=_("Joignez alors aussi votre attestation de formation."),
    )
    licence_document = _document_field(_("Document d'agrément"))
    training_certificate = _document_field(_("Attestation de formation"), required=False)

    def __init__(self, *args, has_licence_document=False, has_training_certificate=False, **kw):
        super().__init__(*args, **kw)
        self.has_training_certificate = has_training_certificate
        if has_licence_document:
            self.fields["licence_document"].required = False
            self.fields["licence_document"].help_text = _(
                "Déjà joint. Vous pouvez en envoyer une version plus lisible."
            )

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("first_licence")
            and not cleaned_data.get("training_certificate")
            and not self.has_training_certificate
            and "training_certificate" not in self.errors
        ):
            self.add_error(
                "training_certificate",
                _("Pour un premier agrément, joignez l'attestation de formation."),
            )
        return cleaned_data


class ProfileForm(DsfrBaseForm):
    presentation = forms.CharField(
        label=_("Présentation générale"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    place_description = forms.CharField(
        label=_("Description du lieu d'accueil"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    activities = forms.CharField(
        label=_("Activités proposées"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Une activité par ligne."),
    )
    working_days = forms.TypedMultipleChoiceField(
        label=_("Jours travaillés"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    works_from = forms.TimeField(label=_("Horaires de travail\u00a0: de"), widget=_time_input())
    works_until = forms.TimeField(label=_("à"), widget=_time_input())
    places = forms.IntegerField(
        label=_("Places disponibles"),
        help_text=_("Le nombre d'enfants que vous pouvez encore accueillir."),
        validators=[MinValueValidator(0)],
    )
    hourly_rate = forms.DecimalField(
        label=_("Tarif horaire (€)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        # « 4,10 » as French people type it.
        localize=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
        help_text=_("Salaire horaire brut, par exemple 4,10"),
    )

    def __init__(self, *args, capacity, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity

    def clean_activities(self):
        return [
            line.strip() for line in self.cleaned_data["activities"].splitlines() if line.strip()
        ]

    def clean(self):
        cleaned_data = super().clean()
        starts, ends = cleaned_data.get("works_from"), cleaned_data.get("works_until")
        if starts and ends and ends <= starts:
            self.add_error("works_until", _("L'heure de fin doit suivre l'heure de début."))
        places = cleaned_data.get("places")
        if places is not None and self.capacity is not None and places > self.capacity:
            self.add_error(
                "places",
                _("Votre agrément permet d'accueillir %(capacity)s enfants au plus.")
                % {"capacity": self.capacity},
            )
        return cleaned_data


class SubmitForm(AntiRobotFormMixin, DsfrBaseForm):
    certify = forms.BooleanField(
        label=_("Je certifie l'exactitude des informations saisies."),
        error_messages={"required": _("Cochez cette case pour envoyer votre demande.")},
    )


class CompletionForm(LicenceFieldsForm):
    """A request « En attente de nouveaux éléments »: corrected agrément data, new documents."""

    licence_document = _document_field(_("Nouveau document d'agrément"), required=False)
    training_certificate = _document_field(_("Attestation de formation"), required=False)


class RenewalForm(LicenceFieldsForm):
    """Seed 000 « Renouvellement d'agrément »: the new agrément and the place of care."""

    address = forms.CharField(label=_("Adresse du lieu d'accueil"), max_length=255)
    postal_code = forms.CharField(label=_("Code postal"), max_length=5)
    commune = CommuneField(label=_("Commune"))
    licence_document = _document_field(_("Nouveau document d'agrément"))

    clean_postal_code = ContactForm.clean_postal_code

    def clean(self):
        cleaned_data = super().clean()
        commune, postal_code = cleaned_data.get("commune"), cleaned_data.get("postal_code")
        if commune and postal_code and postal_code not in commune.postal_codes:
            self.add_error(
                "postal_code",
                _("Ce code postal n'est pas celui de %(commune)s.") % {"commune": commune.name},
            )
        return cleaned_data


# Back office


AGE_CHOICES = [
    ("", _("Toutes")),
    ("moins_24h", _("Moins de 24 heures")),
    ("24_72h", _("De 24 à 72 heures")),
    ("plus_72h", _("Plus de 72 heures")),
]


class QueueFilterForm(DsfrBaseForm):
    kind = forms.ChoiceField(
        label=_("Type de demande"),
        required=False,
        choices=[("", _("Toutes")), *ModerationKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[
            ("", _("Tous")),
            *[(v, label) for v, label in ModerationStatus.choices if v != ModerationStatus.DRAFT],
        ],
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        required=False,
        queryset=Departement.objects.filter(caf__isnull=False).order_by("code"),
        to_field_name="code",
        empty_label=_("Tous"),
    )
    caf = forms.ModelChoiceField(
        label=_("Caf"),
        required=False,
        queryset=Caf.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("Toutes"),
    )
    age = forms.ChoiceField(label=_("Ancienneté"), required=False, choices=AGE_CHOICES)


class AskInformationForm(DsfrBaseForm):
    reasons = forms.MultipleChoiceField(
        label=_("Motifs"),
        choices=InformationReason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un motif.")},
    )
    text = forms.CharField(
        label=_("Précisions pour l'assistant maternel"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(DsfrBaseForm):
    reasons = forms.MultipleChoiceField(
        label=_("Motifs du rejet"),
        choices=RejectionReason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un motif.")},
    )
    text = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme le rejet\u00a0: il est définitif."),
        error_messages={"required": _("Cochez cette case pour confirmer le rejet.")},
    )


class ValidateForm(DsfrBaseForm):
    confirm = forms.BooleanField(
        label=_("J'ai vérifié les informations au regard du document d'agrément."),
        error_messages={"required": _("Cochez cette case pour confirmer la validation.")},
    )
