"""Form of the cost simulator page (/simulateur/)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.simulators import Comparison, CrecheKind, PajeResult, SimulationError, compare, paje
from monenfant.simulators.paje import FIRST_PAJE_DATE
from monenfant.simulators.paje import MAX_CHILDREN as PAJE_MAX_CHILDREN
from monenfant.simulators.parameters import FIRST_SUPPORTED_DATE, format_date_fr
from monenfant.simulators.rules import (
    MAX_ANNUAL_RESOURCES,
    MAX_CHILD_AGE,
    MAX_CHILDREN,
    MAX_HOURLY_AMOUNT,
    MAX_HOURS_PER_WEEK,
)

_NUMBER = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_SPACES = re.compile(r"[\s\u00a0\u202f'’]")


class AmountField(forms.DecimalField):
    """A positive decimal typed the French way (« 4,50 », « 48 000 ») or with a dot.

    A text input (not type="number") so that a comma and spaces are accepted by every
    browser and the text typed is shown back as is when the form has errors.
    """

    def __init__(self, *, maximum: Decimal, message: str, strictly_positive=False, **kwargs):
        self.message = message
        self.strictly_positive = strictly_positive
        kwargs.setdefault("required", False)
        super().__init__(
            max_value=maximum,
            min_value=None,
            decimal_places=2,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "maxlength": "15", "autocomplete": "off"}
            ),
            error_messages={
                "invalid": _("Saisissez un nombre, par exemple 4,50."),
                "max_value": message,
                "max_decimal_places": _("Saisissez au plus deux chiffres après la virgule."),
                "max_digits": message,
                "max_whole_digits": message,
            },
            **kwargs,
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = _SPACES.sub("", str(value)).replace(",", ".").removesuffix("€")
        if text.startswith("-"):
            raise forms.ValidationError(self.message, code="min_value")
        if len(text) > 15 or not _NUMBER.match(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern above rules it out
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if self.strictly_positive and number <= 0:
            raise forms.ValidationError(self.message, code="min_value")
        return number


def _count(label, *, minimum, maximum, message, initial, help_text=""):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=minimum,
        max_value=maximum,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Ce champ est obligatoire."),
            "invalid": _("Saisissez un nombre entier."),
            "min_value": message,
            "max_value": message,
        },
    )


class SimulatorForm(DsfrBaseForm):
    """One weekly need, one household and the modes to compare (GET: results are shareable).

    Each field checks its own bounds (those of the rules) so that every mistake is shown at
    once; what only the rules can check is mapped back from ``SimulationError.field``.
    """

    # --- need
    date = forms.DateField(
        label=_("Date de début de l’accueil"),
        help_text=_("Les barèmes en vigueur à cette date s’appliquent."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date de début de l’accueil."),
            "invalid": _("Saisissez une date valide, par exemple 01/09/2026."),
        },
    )
    days_per_week = _count(
        _("Jours de garde par semaine"),
        minimum=1,
        maximum=7,
        initial=5,
        message=_("Le nombre de jours de garde par semaine doit être compris entre 1 et 7."),
    )
    hours_per_week = AmountField(
        label=_("Heures de garde par semaine"),
        help_text=_("Par exemple 40 ou 37,5."),
        maximum=MAX_HOURS_PER_WEEK,
        strictly_positive=True,
        required=True,
        initial="40",
        message=_("Le nombre d’heures par semaine doit être supérieur à 0 et au plus égal à 60 h."),
    )
    weeks_per_year = _count(
        _("Semaines de garde par an"),
        minimum=1,
        maximum=52,
        initial=46,
        help_text=_("52 semaines moins les semaines de congés de l’enfant."),
        message=_("Le nombre de semaines par an doit être compris entre 1 et 52."),
    )

    # --- household
    annual_resources = AmountField(
        label=_("Ressources annuelles du foyer de l’année N-2, en euros"),
        help_text=_(
            "Revenus nets catégoriels retenus par la Caf, par exemple 36 000. "
            "Pour une simulation en 2026, ce sont les revenus de 2024."
        ),
        maximum=MAX_ANNUAL_RESOURCES,
        required=True,
        message=_("Les ressources doivent être positives et au plus égales à 10 millions d’euros."),
    )
    children = _count(
        _("Nombre d’enfants à charge"),
        minimum=1,
        maximum=MAX_CHILDREN,
        initial=1,
        message=format_lazy(
            _("Le foyer doit compter entre 1 et {max} enfants à charge."), max=MAX_CHILDREN
        ),
    )
    aeeh_children = _count(
        _("Dont enfants bénéficiaires de l’AEEH"),
        minimum=0,
        maximum=MAX_CHILDREN,
        initial=0,
        help_text=_("Allocation d’éducation de l’enfant handicapé."),
        message=_(
            "Le nombre d’enfants bénéficiaires de l’AEEH ne peut pas dépasser le nombre "
            "d’enfants à charge."
        ),
    )
    single_parent = forms.BooleanField(
        label=_("J’élève seul ou seule mon enfant (famille monoparentale)"), required=False
    )
    child_age = _count(
        _("Âge de l’enfant gardé, en années"),
        minimum=0,
        maximum=MAX_CHILD_AGE,
        initial=0,
        help_text=_("0 pour un enfant de moins d’un an."),
        message=format_lazy(
            _("L’âge de l’enfant doit être compris entre 0 et {max} ans."), max=MAX_CHILD_AGE
        ),
    )

    # --- modes
    creche_kinds = forms.MultipleChoiceField(
        label=_("Crèches au barème de la Caf (PSU)"),
        help_text=_("Le prix dépend des ressources et du nombre d’enfants."),
        required=False,
        choices=[
            (CrecheKind.COLLECTIVE.value, _("Crèche collective (multi-accueil)")),
            (CrecheKind.FAMILIAL.value, _("Crèche familiale")),
            (CrecheKind.PARENTAL.value, _("Crèche parentale")),
            (CrecheKind.MICRO_CRECHE_PSU.value, _("Micro-crèche au barème PSU")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choisissez parmi les crèches proposées.")},
    )
    micro_creche = forms.BooleanField(
        label=_("Micro-crèche PAJE (tarif libre, avec le CMG)"), required=False
    )
    micro_creche_hourly_price = AmountField(
        label=_("Tarif horaire de la micro-crèche, en euros"),
        maximum=MAX_HOURLY_AMOUNT,
        strictly_positive=True,
        message=_("Le tarif horaire doit être supérieur à 0 et au plus égal à 100 €."),
    )
    childminder = forms.BooleanField(
        label=_("Assistant maternel employé par les parents"), required=False
    )
    childminder_hourly_net_pay = AmountField(
        label=_("Salaire horaire net de l’assistant maternel, en euros"),
        maximum=MAX_HOURLY_AMOUNT,
        strictly_positive=True,
        message=_("Le salaire horaire net doit être supérieur à 0 et au plus égal à 100 €."),
    )
    childminder_daily_allowances = AmountField(
        label=_("Indemnités d’entretien et de repas par jour, en euros"),
        help_text=_("Laissez vide si elles ne sont pas encore connues."),
        maximum=MAX_HOURLY_AMOUNT,
        message=_("Les indemnités par jour doivent être positives et au plus égales à 100 €."),
    )
    home_carer = forms.BooleanField(
        label=_("Garde à domicile employée par les parents"), required=False
    )
    home_carer_hourly_net_pay = AmountField(
        label=_("Salaire horaire net de la garde à domicile, en euros"),
        maximum=MAX_HOURLY_AMOUNT,
        strictly_positive=True,
        message=_("Le salaire horaire net doit être supérieur à 0 et au plus égal à 100 €."),
    )

    # Each mode with the price it needs.
    PRICED_MODES = {
        "micro_creche": (
            "micro_creche_hourly_price",
            _("Indiquez le tarif horaire de la micro-crèche."),
        ),
        "childminder": (
            "childminder_hourly_net_pay",
            _("Indiquez le salaire horaire net de l’assistant maternel."),
        ),
        "home_carer": (
            "home_carer_hourly_net_pay",
            _("Indiquez le salaire horaire net de la garde à domicile."),
        ),
    }
    # SimulationError.field → the form field that shows the message.
    ERROR_FIELDS = {"monthly_hours": "hours_per_week", "modes": "creche_kinds"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.comparison: Comparison | None = None

    @classmethod
    def from_query(cls, query):
        """The form bound to a query string, or unbound when there is none.

        A link may carry only some fields (« ?annual_resources=30000&creche_kinds=collective »):
        an absent field takes its default value; a field sent empty stays empty.
        """
        if not query:
            return cls()
        data = query.copy()
        for name, field in cls.base_fields.items():
            initial = timezone.localdate() if name == "date" else field.initial
            if name not in data and initial is not None:
                data[name] = initial.isoformat() if name == "date" else str(initial)
        return cls(data)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < FIRST_SUPPORTED_DATE:
            raise forms.ValidationError(
                _("Aucun barème n’est disponible avant le %(date)s.")
                % {"date": format_date_fr(FIRST_SUPPORTED_DATE)}
            )
        return date

    def clean(self):
        data = super().clean()
        for mode, (price_field, message) in self.PRICED_MODES.items():
            if data.get(mode) and price_field not in self.errors and data.get(price_field) is None:
                self.add_error(price_field, message)
        if self.errors:
            return data
        if not any(data.get(mode) for mode in self.PRICED_MODES) and not data["creche_kinds"]:
            self.add_error("creche_kinds", _("Choisissez au moins un mode de garde à comparer."))
            return data
        try:
            self.comparison = compare(
                date=data["date"],
                annual_resources=data["annual_resources"],
                children=data["children"],
                aeeh_children=data["aeeh_children"],
                single_parent=data["single_parent"],
                child_age=data["child_age"],
                hours_per_week=data["hours_per_week"],
                days_per_week=data["days_per_week"],
                weeks_per_year=data["weeks_per_year"],
                creche_kinds=[CrecheKind(kind) for kind in data["creche_kinds"]],
                micro_creche_hourly_price=self._price(data, "micro_creche"),
                childminder_hourly_net_pay=self._price(data, "childminder"),
                childminder_daily_allowances=(
                    data.get("childminder_daily_allowances") or Decimal(0)
                ),
                home_carer_hourly_net_pay=self._price(data, "home_carer"),
            )
        except SimulationError as error:
            field = self.ERROR_FIELDS.get(error.field, error.field)
            self.add_error(field if field in self.fields else None, error.message_fr)
        return data

    def _price(self, data, mode):
        return data[self.PRICED_MODES[mode][0]] if data.get(mode) else None


class PajeForm(DsfrBaseForm):
    """Household of a PAJE estimate (birth or adoption grant, basic allowance), in GET."""

    date = forms.DateField(
        label=_("Date de la naissance (prévue) ou de l’adoption"),
        help_text=_("Les plafonds et montants en vigueur à cette date s’appliquent."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date de la naissance ou de l’adoption."),
            "invalid": _("Saisissez une date valide, par exemple 01/09/2026."),
        },
    )
    annual_resources = AmountField(
        label=_("Ressources annuelles du foyer de l’année N-2, en euros"),
        help_text=_(
            "Revenus nets catégoriels retenus par la Caf, par exemple 36 000. "
            "Pour une naissance en 2026, ce sont les revenus de 2024."
        ),
        maximum=MAX_ANNUAL_RESOURCES,
        required=True,
        message=_("Les ressources doivent être positives et au plus égales à 10 millions d’euros."),
    )
    children = _count(
        _("Nombre d’enfants à charge, y compris l’enfant attendu ou adopté"),
        minimum=1,
        maximum=PAJE_MAX_CHILDREN,
        initial=1,
        message=format_lazy(
            _("Le foyer doit compter entre 1 et {max} enfants à charge."), max=PAJE_MAX_CHILDREN
        ),
    )
    two_incomes = forms.BooleanField(
        label=_("Nous sommes en couple et chacun de nous a un revenu professionnel"),
        required=False,
    )
    single_parent = forms.BooleanField(
        label=_("J’élève seul ou seule mon enfant (parent isolé)"), required=False
    )
    adoption = forms.BooleanField(label=_("Il s’agit d’une adoption"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.result: PajeResult | None = None

    @classmethod
    def from_query(cls, query):
        """Bound to the query string when there is one; absent fields take their default."""
        if not query:
            return cls()
        data = query.copy()
        if "date" not in data:
            data["date"] = timezone.localdate().isoformat()
        if "children" not in data:
            data["children"] = "1"
        return cls(data)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < FIRST_PAJE_DATE:
            raise forms.ValidationError(
                _("Cette estimation concerne les enfants nés ou adoptés à partir du %(date)s.")
                % {"date": format_date_fr(FIRST_PAJE_DATE)}
            )
        return date

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.result = paje(
                date=data["date"],
                annual_resources=data["annual_resources"],
                children=data["children"],
                two_incomes=data["two_incomes"],
                single_parent=data["single_parent"],
                adoption=data["adoption"],
            )
        except SimulationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message_fr)
        return data
