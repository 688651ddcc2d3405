"""The habilitation request forms: the public one, and the CAF's edit of a manager, which
shows the same information (seed 000 St-F3). Both work without JavaScript: the structure
look-up and the rows of persons are buttons that post the whole form back, nothing lost."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.habilitations.enums import HabilitationRequestKind
from monenfant.referential.models import Caf
from monenfant.structures.enums import StructureKind
from monenfant.structures.models import Structure
from monenfant.utils.antispam import AntiRobotFormMixin
from monenfant.www.fields import CommuneField

MAX_PERSONS = 20
MAX_STRUCTURES = 50
MAX_COMMUNES = 100
# Structures offered by one look-up: the manager narrows with the search text.
LOOKUP_LIMIT = 30
PERSON_FIELDS = ("first_name", "last_name", "email", "function")
ONLINE_DESK_KINDS = (StructureKind.LINF, StructureKind.RPE)


class PersonForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(label=_("Adresse électronique"), max_length=254)
    function = forms.CharField(label=_("Fonction"), max_length=150)


def person_rows(data) -> list[dict]:
    """The persons typed, read from the posted fields person-<i>-<field>."""
    try:
        count = int(data.get("person_count", 1))
    except (TypeError, ValueError):
        count = 1
    count = max(0, min(count, MAX_PERSONS))
    return [
        {name: str(data.get(f"person-{i}-{name}", ""))[:300] for name in PERSON_FIELDS}
        for i in range(count)
    ]


def person_forms(rows: list[dict], *, bound: bool) -> list[PersonForm]:
    forms_ = []
    for i, row in enumerate(rows):
        prefix = f"person-{i}"
        if bound:
            data = {f"{prefix}-{name}": value for name, value in row.items()}
            forms_.append(PersonForm(data=data, prefix=prefix))
        else:
            forms_.append(PersonForm(initial=row, prefix=prefix))
    return forms_


def structure_lookup(caf, *, query: str, kinds=None, selected=()) -> list[Structure]:
    """The CAF's referenced structures a manager may pick: those already ticked, then those
    whose name or postal code matches the look-up text."""
    if caf is None:
        return []
    base = Structure.objects.visible_to_public().filter(caf=caf).select_related("commune")
    if kinds:
        base = base.filter(kind__in=kinds)
    ticked = list(base.filter(pk__in=selected).order_by("name"))
    # PostgreSQL refuses NUL characters in a query.
    query = (query or "").replace("\x00", "").strip()[:100]
    found = base.exclude(pk__in=[s.pk for s in ticked]).order_by("name", "pk")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(postal_code__startswith=query))
    return ticked + list(found[:LOOKUP_LIMIT])


def _is_id(value) -> bool:
    # More digits would overflow the databases' integers.
    return str(value).isdigit() and len(str(value)) <= 9


def _ids(values) -> list[int]:
    return [int(v) for v in values if _is_id(v)][:MAX_STRUCTURES]


class ManagerIdentityForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom du gestionnaire"), max_length=200)
    siret = forms.RegexField(
        label=_("Numéro SIRET"),
        regex=r"^\d{14}$",
        required=False,
        help_text=_("14 chiffres, sans espace"),
        error_messages={"invalid": _("Le numéro SIRET compte 14 chiffres.")},
    )
    address = forms.CharField(label=_("Adresse"), max_length=255)
    postal_code = forms.RegexField(
        label=_("Code postal"),
        regex=r"^\d[0-9AB]\d{3}$",
        error_messages={"invalid": _("Le code postal compte 5 chiffres.")},
    )
    city = forms.CharField(label=_("Commune"), max_length=120)
    contact_first_name = forms.CharField(label=_("Prénom du représentant"), max_length=150)
    contact_last_name = forms.CharField(label=_("Nom du représentant"), max_length=150)
    contact_function = forms.CharField(label=_("Fonction du représentant"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Adresse électronique du représentant"), max_length=254
    )
    contact_phone = forms.RegexField(
        label=_("Téléphone du représentant"),
        regex=r"^\+?[\d .]{10,20}$",
        help_text=_("Exemple : 01 23 45 67 89"),
        error_messages={
            "invalid": _("Saisissez un numéro de téléphone, par exemple 01 23 45 67 89.")
        },
    )
    structure_query = forms.CharField(
        label=_("Rechercher une structure"),
        help_text=_("Une partie du nom ou le code postal"),
        required=False,
        max_length=100,
    )
    structures = forms.MultipleChoiceField(
        label=_("Structures à administrer"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une structure.")},
    )

    def __init__(self, *args, caf=None, structure_kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        selected = _ids(
            source.getlist("structures")
            if hasattr(source, "getlist")
            else source.get("structures") or []
        )
        self.caf = caf if caf is not None else self._caf_from(source)
        self.lookup = structure_lookup(
            self.caf,
            query=str(source.get("structure_query") or ""),
            kinds=structure_kinds or self._structure_kinds(source),
            selected=selected,
        )
        self.fields["structures"].choices = [
            (str(s.pk), f"{s.name} — {s.get_kind_display()}, {s.postal_code} {s.commune.name}")
            for s in self.lookup
        ]

    def _caf_from(self, source):
        return None

    def _structure_kinds(self, source):
        return None

    def clean_structures(self):
        ids = _ids(self.cleaned_data["structures"])
        if len(ids) > MAX_STRUCTURES:
            raise ValidationError(
                _("Cochez au plus %(count)s structures.") % {"count": MAX_STRUCTURES}
            )
        return [s for s in self.lookup if s.pk in ids]


class HabilitationRequestForm(AntiRobotFormMixin, ManagerIdentityForm):
    kind = forms.ChoiceField(
        label=_("Objet de la demande"),
        choices=HabilitationRequestKind.choices,
        initial=HabilitationRequestKind.HABILITATION,
        widget=forms.RadioSelect,
    )
    caf = forms.ModelChoiceField(
        label=_("Caf"),
        queryset=Caf.objects.all(),
        empty_label=_("Choisissez la Caf de vos structures"),
        error_messages={"required": _("Choisissez la Caf de vos structures.")},
    )
    communes = forms.CharField(
        label=_("Communes concernées (réception des demandes en ligne)"),
        help_text=_("Une commune par ligne : son nom et son code postal, ou son code INSEE"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field_order = ["kind", "caf"]

    def _caf_from(self, source):
        value = str(source.get("caf") or "")
        return Caf.objects.filter(pk=value).first() if _is_id(value) else None

    def _structure_kinds(self, source):
        if source.get("kind") == HabilitationRequestKind.ONLINE_DESK:
            return ONLINE_DESK_KINDS
        return None

    def clean_communes(self):
        lines = [line.strip() for line in self.cleaned_data["communes"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_COMMUNES:
            raise ValidationError(
                _("Indiquez au plus %(count)s communes.") % {"count": MAX_COMMUNES}
            )
        communes, errors = [], []
        for number, line in enumerate(lines, start=1):
            try:
                communes.append(CommuneField(insee_code_first=True).clean(line))
            except ValidationError as error:
                errors.append(
                    _("Ligne %(number)s : %(message)s")
                    % {"number": number, "message": " ".join(error.messages)}
                )
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(communes))

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("kind") == HabilitationRequestKind.ONLINE_DESK
            and "communes" in cleaned_data
            and not cleaned_data["communes"]
        ):
            self.add_error(
                "communes",
                _(
                    "Indiquez les communes pour lesquelles le point d'information recevra les demandes."
                ),
            )
        return cleaned_data
