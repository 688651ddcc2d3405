import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.information_requests.enums import (
    CallTime,
    CareFrequency,
    CareKind,
    ChildSituation,
    Weekday,
)
from monenfant.information_requests.models import (
    DEADLINE_MAX_DAYS,
    DEADLINE_MIN_DAYS,
    MESSAGE_MAX_LENGTH,
)
from monenfant.referential.models import Caf
from monenfant.referential.selectors import communes_with_postal_code
from monenfant.utils.antispam import AntiRobotFormMixin
from monenfant.www.fields import CommuneField

# Characters XML 1.0 cannot carry (the export) and nobody types on purpose.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
POSTAL_CODE = RegexValidator(r"^[0-9]{5}$", _("Saisissez un code postal de 5 chiffres."))
PHONE = RegexValidator(
    r"^(\+33 ?|0)[1-9]( ?[0-9]{2}){4}$",
    _("Saisissez un numéro de téléphone français, par exemple 06 12 34 56 78."),
)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Children under 6 (seed 003): a birth date at most 6 years ago, a birth expected within
# 10 months, care starting within 3 years.
MAX_CHILD_AGE = relativedelta(years=6)
MAX_PREGNANCY = timedelta(days=300)
MAX_CARE_START = relativedelta(years=3)


class CleanTextMixin:
    """Control characters are dropped from every text typed (they would break the XML)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and name not in ("form_started",):
                cleaned[name] = _CONTROL_CHARACTERS.sub("", value).strip()
        return cleaned


def text(label, max_length, *, required=True, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


class CommuneChoiceForm(DsfrBaseForm):
    """Step 1: where care is wanted."""

    commune = CommuneField(
        label=_("Commune où vous cherchez un mode d'accueil"),
        help_text=_("Exemple : Angoulême ou 16000"),
        error_messages={"required": _("Indiquez la commune ou son code postal.")},
    )


class InformationRequestForm(CleanTextMixin, AntiRobotFormMixin, DsfrBaseForm):
    """Step 2: the whole request (seed 003 « FORMULAIRE DE DEMANDE »), for the commune of
    step 1, to one of the points proposed for it."""

    point = forms.TypedChoiceField(
        label=_("Point d'information qui recevra votre demande"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le point d'information.")},
    )
    last_name = text(_("Nom"), 100, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    first_name = text(
        _("Prénom"), 100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    address = text(
        _("Adresse"), 200, widget=forms.TextInput(attrs={"autocomplete": "street-address"})
    )
    postal_code = text(
        _("Code postal"),
        5,
        validators=[POSTAL_CODE],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = text(
        _("Commune de résidence"),
        100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    phone = text(
        _("Téléphone"),
        20,
        validators=[PHONE],
        help_text=_("Le point d'information vous rappellera à ce numéro."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=200,
        help_text=_("Format attendu : nom@domaine.fr"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    call_time = forms.ChoiceField(
        label=_("Moment préféré pour être appelé"), choices=CallTime, widget=forms.RadioSelect
    )
    child_situation = forms.ChoiceField(
        label=_("Votre enfant"), choices=ChildSituation, widget=forms.RadioSelect
    )
    child_first_name = text(_("Prénom de l'enfant (facultatif)"), 100, required=False)
    child_birth_date = forms.DateField(
        label=_("Date de naissance de l'enfant"),
        required=False,
        help_text=_("Si votre enfant est né."),
        widget=DATE_WIDGET,
    )
    expected_birth_date = forms.DateField(
        label=_("Date de naissance prévue"),
        required=False,
        help_text=_("Si vous attendez un enfant."),
        widget=DATE_WIDGET,
    )
    care_kinds = forms.MultipleChoiceField(
        label=_("Modes d'accueil souhaités"),
        choices=CareKind,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un mode d'accueil.")},
    )
    care_start_date = forms.DateField(label=_("Date de début souhaitée"), widget=DATE_WIDGET)
    care_days = forms.MultipleChoiceField(
        label=_("Jours souhaités (facultatif)"),
        choices=Weekday,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    care_hours = text(
        _("Horaires souhaités (facultatif)"),
        200,
        required=False,
        help_text=_("Exemple : de 8 h 30 à 17 h 30"),
    )
    care_frequency = forms.ChoiceField(
        label=_("Accueil"), choices=CareFrequency, widget=forms.RadioSelect
    )
    message = text(
        _("Votre message (facultatif)"),
        MESSAGE_MAX_LENGTH,
        required=False,
        help_text=_("%(count)s caractères au plus.") % {"count": MESSAGE_MAX_LENGTH},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    terms_accepted = forms.BooleanField(
        label=_("J'ai lu et j'accepte les conditions d'utilisation du service"),
        error_messages={
            "required": _("Acceptez les conditions d'utilisation pour envoyer votre demande.")
        },
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [
            (point.pk, f"{point.name} — {point.address}, {point.postal_code}") for point in points
        ]
        if len(points) == 1:
            self.fields["point"].initial = points[0].pk

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        situation = cleaned.get("child_situation")
        born, expected = cleaned.get("child_birth_date"), cleaned.get("expected_birth_date")
        if situation == ChildSituation.BORN:
            cleaned["expected_birth_date"] = None
            if born is None and not self.has_error("child_birth_date"):
                self.add_error("child_birth_date", _("Indiquez la date de naissance de l'enfant."))
            elif born and born > today:
                self.add_error(
                    "child_birth_date", _("La date de naissance ne peut pas être dans le futur.")
                )
            elif born and born <= today - MAX_CHILD_AGE:
                self.add_error(
                    "child_birth_date",
                    _("Ce service concerne les enfants de moins de 6 ans."),
                )
        elif situation == ChildSituation.EXPECTED:
            cleaned["child_birth_date"] = None
            if expected is None and not self.has_error("expected_birth_date"):
                self.add_error("expected_birth_date", _("Indiquez la date de naissance prévue."))
            elif expected and not today <= expected <= today + MAX_PREGNANCY:
                self.add_error(
                    "expected_birth_date",
                    _("La date de naissance prévue doit être dans les 10 prochains mois."),
                )
        start = cleaned.get("care_start_date")
        if start and not today <= start <= today + MAX_CARE_START:
            self.add_error(
                "care_start_date",
                _(
                    "La date de début doit être comprise entre aujourd'hui et les 3 prochaines années."
                ),
            )
        return cleaned


class ContactForm(CleanTextMixin, AntiRobotFormMixin, DsfrBaseForm):
    """« Formulaire de contact » (S0 Cx-F2): the message goes to the CAF of the postal code."""

    name = text(_("Nom et prénom"), 150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=200,
        help_text=_("Format attendu : nom@domaine.fr"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postal_code = text(
        _("Code postal"),
        5,
        validators=[POSTAL_CODE],
        help_text=_("Votre message est transmis à la Caf de ce code postal."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    subject = text(_("Objet"), 150)
    message = text(
        _("Message"),
        MESSAGE_MAX_LENGTH,
        help_text=_("%(count)s caractères au plus.") % {"count": MESSAGE_MAX_LENGTH},
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"]
        communes = communes_with_postal_code(code)
        caf = (
            Caf.objects.filter(departement_id=communes[0].departement_id).first()
            if communes
            else None
        )
        if caf is None:
            raise forms.ValidationError(
                _("Ce code postal est inconnu. Vérifiez-le : 5 chiffres, par exemple 16000."),
                code="unknown",
            )
        self.caf = caf
        return code


class DeadlineForm(DsfrBaseForm):
    deadline_days = forms.IntegerField(
        label=_(
            "Délai de traitement des demandes par les points d'information (jours calendaires)"
        ),
        min_value=DEADLINE_MIN_DAYS,
        max_value=DEADLINE_MAX_DAYS,
        help_text=_("Entre %(min)s et %(max)s jours, comptés depuis le courriel de notification.")
        % {"min": DEADLINE_MIN_DAYS, "max": DEADLINE_MAX_DAYS},
    )


class CafFilterForm(DsfrBaseForm):
    """S0 St-F9 « Etat de la demande »; opens on « Non traitées »."""

    state = forms.ChoiceField(
        label=_("État de la demande"),
        required=False,
        choices=[("recue", _("Non traitées")), ("traitee", _("Traitées")), ("toutes", _("Toutes"))],
    )
