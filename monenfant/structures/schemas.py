"""What each kind of structure is made of, declared once (decision D9): the sections of its
sheet and their fields (required flag, help text), the opening ranges allowed per day, the
half-day availability table, the communes served, the residence and workplace conditions and
the default age range. The public sheet, the API (/api/v1/structures/types) and the search
read these schemas; the referencing forms of the structure issues will too.

The seeds give the sections only (lifecycle spec B4, B5); the fields are those of the public
sheets, extended when the CAF referencing files are available.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .enums import EajeType, StructureKind

# Section kinds: how the sheet renders them.
TEXT = "text"  # one heading and paragraph per filled field
WELCOME = "welcome"  # capacity, ages, PSU
OPENING_HOURS = "opening_hours"
AVAILABILITY = "availability"
COMMUNES_SERVED = "communes_served"
CONDITIONS = "conditions"
GENERAL = "general"  # identity and contact: the sheet's side column
SECTION_KINDS = (TEXT, WELCOME, OPENING_HOURS, AVAILABILITY, COMMUNES_SERVED, CONDITIONS, GENERAL)


@dataclass(frozen=True)
class FieldSpec:
    name: str  # a Structure field
    required: bool = False
    help_text: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: str = TEXT
    fields: tuple[FieldSpec, ...] = ()


@dataclass(frozen=True)
class KindSchema:
    kind: StructureKind
    sections: tuple[Section, ...]
    age_range: tuple[int, int]  # default months, the sheet may narrow it
    max_opening_ranges: int = 2
    sub_types: tuple = ()
    online_desk: bool = False  # may receive online information requests (LINF, RPE)

    @property
    def has_availability_table(self) -> bool:
        return any(s.kind == AVAILABILITY for s in self.sections)

    @property
    def serves_communes(self) -> bool:
        return any(s.kind == COMMUNES_SERVED for s in self.sections)

    @property
    def has_conditions(self) -> bool:
        return any(s.kind == CONDITIONS for s in self.sections)

    def fields(self) -> list[FieldSpec]:
        return [f for s in self.sections for f in s.fields]

    def required_fields(self) -> list[str]:
        return [f.name for f in self.fields() if f.required]


def _f(name, required=False, help_text=""):
    return FieldSpec(name, required, help_text)


PHONE_HELP = _("Dix chiffres, par exemple 05 45 00 00 00.")
EMAIL_HELP = _("L'adresse que les familles peuvent utiliser, par exemple contact@exemple.fr.")

GENERAL_INFORMATION = Section(
    "general",
    _("Informations générales"),
    GENERAL,
    (
        _f("name", True),
        _f("address", True),
        _f("postal_code", True, _("Cinq chiffres.")),
        _f("phone", False, PHONE_HELP),
        _f("email", False, EMAIL_HELP),
        _f("website", False, _("Adresse complète, commençant par https://.")),
        _f("manager_name"),
        _f("director_name"),
    ),
)
PRESENTATION = Section("presentation", _("Présentation"), TEXT, (_f("presentation"),))
WELCOME_SECTION = Section(
    "welcome",
    _("Accueil"),
    WELCOME,
    (
        _f("capacity", True, _("Nombre de places autorisées.")),
        _f("age_min_months", True, _("En mois.")),
        _f("age_max_months", True, _("En mois.")),
    ),
)
AGES = Section(
    "ages",
    _("Public accueilli"),
    WELCOME,
    (_f("age_min_months", True, _("En mois.")), _f("age_max_months", True, _("En mois."))),
)
HOURS = Section("opening_hours", _("Jours et horaires d'ouverture au public"), OPENING_HOURS)
AVAILABILITY_TABLE = Section(
    "availability", _("Disponibilités des 30 prochains jours"), AVAILABILITY
)
COMMUNES = Section(
    "communes_served",
    _("Communes desservies"),
    COMMUNES_SERVED,
    (_f("communes_served", False, _("Dans l'ordre où les familles les verront.")),),
)
RESIDENCE_AND_WORKPLACE = Section(
    "conditions",
    _("Conditions d'accès"),
    CONDITIONS,
    (
        _f("residence_condition", False, _("Par exemple : habiter l'une des communes desservies.")),
        _f("workplace_condition", False, _("Par exemple : travailler dans la zone d'activité.")),
    ),
)


def _text(key, title, field):
    return Section(key, title, TEXT, (_f(field),))


FEES = _text("fees", _("Tarifs"), "fees")
PROJECT = _text("educational_project", _("Projet éducatif"), "educational_project")
TEAM = _text("team", _("L'équipe"), "team")
ADMISSION = _text("admission_conditions", _("Conditions d'admission"), "admission_conditions")
REGISTRATION = _text("registration", _("Comment s'inscrire"), "registration")
DISABILITY = _text(
    "disabled_children_welcome",
    _("Accueil des enfants en situation de handicap"),
    "disabled_children_welcome",
)
CLOSURES = _text("closure_periods", _("Périodes de fermeture"), "closure_periods")

CHILDCARE_TAIL = (FEES, PROJECT, TEAM, ADMISSION, REGISTRATION, DISABILITY, CLOSURES)

K = StructureKind
SCHEMAS: dict[StructureKind, KindSchema] = {
    K.EAJE: KindSchema(
        K.EAJE,
        (
            GENERAL_INFORMATION,
            PRESENTATION,
            WELCOME_SECTION,
            HOURS,
            AVAILABILITY_TABLE,
            *CHILDCARE_TAIL,
        ),
        age_range=(2, 48),
        sub_types=tuple(EajeType),
    ),
    K.MAM: KindSchema(
        K.MAM,
        (
            GENERAL_INFORMATION,
            PRESENTATION,
            WELCOME_SECTION,
            HOURS,
            AVAILABILITY_TABLE,
            *CHILDCARE_TAIL,
        ),
        age_range=(0, 72),
    ),
    K.RPE: KindSchema(
        K.RPE,
        (GENERAL_INFORMATION, PRESENTATION, HOURS, COMMUNES, CLOSURES),
        age_range=(0, 72),
        online_desk=True,
    ),
    # S3 étape 5: Informations générales · Localisation · Présentation · Communes desservies ·
    # Jours et horaires d'ouverture au public.
    K.LINF: KindSchema(
        K.LINF,
        (GENERAL_INFORMATION, PRESENTATION, COMMUNES, HOURS),
        age_range=(0, 216),
        online_desk=True,
    ),
    K.LAEP: KindSchema(
        K.LAEP,
        (GENERAL_INFORMATION, PRESENTATION, AGES, HOURS, COMMUNES, FEES, CLOSURES),
        age_range=(0, 72),
    ),
    K.ALSH: KindSchema(
        K.ALSH,
        (
            GENERAL_INFORMATION,
            PRESENTATION,
            WELCOME_SECTION,
            HOURS,
            COMMUNES,
            RESIDENCE_AND_WORKPLACE,
            FEES,
            PROJECT,
            REGISTRATION,
            DISABILITY,
            CLOSURES,
        ),
        age_range=(36, 144),
        max_opening_ranges=3,
    ),
    K.SMF: KindSchema(
        K.SMF,
        (GENERAL_INFORMATION, PRESENTATION, HOURS, COMMUNES, FEES),
        age_range=(0, 216),
    ),
    K.ER: KindSchema(
        K.ER,
        (GENERAL_INFORMATION, PRESENTATION, HOURS, COMMUNES, FEES),
        age_range=(0, 216),
    ),
    K.HOME_CARE: KindSchema(
        K.HOME_CARE,
        (GENERAL_INFORMATION, PRESENTATION, AGES, COMMUNES, RESIDENCE_AND_WORKPLACE, FEES),
        age_range=(0, 144),
    ),
    K.CLAS: KindSchema(
        K.CLAS,
        (
            GENERAL_INFORMATION,
            PRESENTATION,
            AGES,
            HOURS,
            COMMUNES,
            RESIDENCE_AND_WORKPLACE,
            REGISTRATION,
        ),
        age_range=(72, 192),
    ),
}


def schema_for(kind) -> KindSchema:
    return SCHEMAS[StructureKind(kind)]


def sheet_sections(structure) -> list[tuple[Section, list[tuple[FieldSpec, object]]]]:
    """The sections of the public sheet, in the schema's order, with their filled fields.
    Identity and contact (GENERAL) are the side column, not listed here. A text section
    without any value is left out; the other kinds decide in the template."""
    result = []
    for section in schema_for(structure.kind).sections:
        if section.kind == GENERAL:
            continue
        values = [
            (spec, getattr(structure, spec.name))
            for spec in section.fields
            if spec.name != "communes_served"
        ]
        if section.kind in (TEXT, CONDITIONS) and not any(value for _, value in values):
            continue
        result.append((section, values))
    return result
