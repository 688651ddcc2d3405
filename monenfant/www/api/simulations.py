"""Cost simulators over JSON: PSU crèche, CMG, comparison of modes (issue 4).

Bounds checked by pydantic are those of the rules (``monenfant.simulators.rules``), so
the OpenAPI document shows them; whatever only the rules can check (a date before 2018,
more AEEH children than children, more than 24 h per day of care…) is raised as a
:class:`SimulationError` and answered with a 422 shaped like pydantic's: the last item
of ``loc`` names the field in both cases.

The simulations read nothing and write nothing: no rate limiting is needed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import ValidationError
from pydantic import Field, PlainSerializer

from monenfant.simulators import (
    Comparison,
    CrecheKind,
    Employee,
    SimulationError,
    SimulationResult,
    Step,
    Structure,
    cmg_direct,
    cmg_structure,
    compare,
    creche_psu,
    paje,
)
from monenfant.simulators.paje import MAX_CHILDREN as PAJE_MAX_CHILDREN
from monenfant.simulators.paje import PajeResult
from monenfant.simulators.rules import (
    MAX_ANNUAL_RESOURCES,
    MAX_CHILD_AGE,
    MAX_CHILDREN,
    MAX_HOURLY_AMOUNT,
    MAX_HOURS_PER_WEEK,
    MAX_MONTHLY_HOURS,
    ParameterUse,
)

from .errors import BODY_ERRORS

router = Router(tags=["Simulateurs de coût"])

# Amounts travel as decimal strings ("381.30"): exact to the cent, no binary float.
Amount = Annotated[Decimal, PlainSerializer(lambda value: str(value), return_type=str)]

# ----------------------------------------------------------------------------- inputs

DateField = Annotated[
    dt.date | None,
    Field(
        None,
        description="Date simulée (AAAA-MM-JJ), au plus tôt le 2018-01-01 : les barèmes en "
        "vigueur à cette date s'appliquent. Par défaut, la date du jour.",
    ),
]
AnnualResources = Annotated[
    Decimal,
    Field(
        ge=0,
        le=MAX_ANNUAL_RESOURCES,
        decimal_places=2,
        description="Ressources annuelles du foyer de l'année N-2 (revenus nets catégoriels "
        "connus de la Caf), en euros.",
    ),
]
Children = Annotated[
    int,
    Field(ge=1, le=MAX_CHILDREN, description="Nombre d'enfants à charge du foyer."),
]
AeehChildren = Annotated[
    int,
    Field(
        0,
        ge=0,
        le=MAX_CHILDREN,
        description="Nombre d'enfants à charge bénéficiaires de l'AEEH (au plus le nombre "
        "d'enfants à charge).",
    ),
]
MonthlyHours = Annotated[
    Decimal,
    Field(
        gt=0,
        le=MAX_MONTHLY_HOURS,
        decimal_places=2,
        description="Heures de garde dans le mois (au plus 260, soit 60 h par semaine).",
    ),
]
ChildAge = Annotated[
    int,
    Field(
        ge=0,
        le=MAX_CHILD_AGE,
        description="Âge de l'enfant gardé, en années révolues à la date simulée (pour une "
        "garde à domicile, le plus jeune des enfants gardés).",
    ),
]
SingleParent = Annotated[
    bool,
    Field(False, description="Vrai si le parent élève seul ses enfants (famille monoparentale)."),
]


def _hourly_amount(description: str, default=...):
    return Field(default, gt=0, le=MAX_HOURLY_AMOUNT, decimal_places=2, description=description)


class CrecheIn(Schema):
    date: DateField
    annual_resources: AnnualResources
    children: Children
    aeeh_children: AeehChildren
    monthly_hours: MonthlyHours
    kind: CrecheKind = Field(
        CrecheKind.COLLECTIVE,
        description="Type de crèche appliquant le barème PSU : collective, micro-crèche PSU, "
        "familiale ou parentale.",
    )
    child_age: int | None = Field(
        None,
        ge=0,
        le=MAX_CHILD_AGE,
        description="Âge de l'enfant en années révolues (facultatif) : une crèche accueille "
        "les enfants de moins de 6 ans, et le crédit d'impôt pour frais de garde concerne les "
        "enfants de moins de 6 ans.",
    )


CmgMode = Literal[
    "cmg_direct:assistant_maternel",
    "cmg_direct:garde_a_domicile",
    "cmg_structure:micro_creche",
    "cmg_structure:assistant_maternel",
    "cmg_structure:garde_a_domicile",
]


class CmgIn(Schema):
    mode: CmgMode = Field(
        description="Mode de garde : emploi direct d'un assistant maternel ou d'une garde à "
        "domicile (« cmg_direct:… »), ou structure facturant la famille : micro-crèche PAJE, "
        "association ou entreprise (« cmg_structure:… »).",
    )
    date: DateField
    annual_resources: AnnualResources
    children: Children
    aeeh_children: AeehChildren
    monthly_hours: MonthlyHours
    hourly_price: Decimal = _hourly_amount(
        "Salaire horaire net versé (emploi direct) ou tarif horaire facturé par la structure, "
        "en euros."
    )
    child_age: ChildAge
    single_parent: SingleParent
    monthly_allowances: Decimal = Field(
        Decimal(0),
        ge=0,
        le=Decimal(10_000),
        decimal_places=2,
        description="Indemnités d'entretien et de repas du mois, en euros (emploi direct d'un "
        "assistant maternel seulement).",
    )
    alternating_residence: bool = Field(
        False,
        description="Vrai si l'enfant est en résidence alternée (emploi direct seulement).",
    )


class CompareIn(Schema):
    date: DateField
    annual_resources: AnnualResources
    children: Children
    aeeh_children: AeehChildren
    single_parent: SingleParent
    child_age: ChildAge
    hours_per_week: Decimal = Field(
        gt=0,
        le=MAX_HOURS_PER_WEEK,
        decimal_places=2,
        description="Heures de garde par semaine (au plus 60).",
    )
    days_per_week: int = Field(ge=1, le=7, description="Jours de garde par semaine.")
    weeks_per_year: int = Field(ge=1, le=52, description="Semaines de garde par an.")
    creche_kinds: list[CrecheKind] = Field(
        default_factory=list,
        max_length=len(CrecheKind),
        description="Crèches appliquant le barème PSU à comparer.",
    )
    micro_creche_hourly_price: Decimal | None = _hourly_amount(
        "Tarif horaire d'une micro-crèche PAJE, en euros : la micro-crèche est comparée si ce "
        "tarif est donné.",
        None,
    )
    childminder_hourly_net_pay: Decimal | None = _hourly_amount(
        "Salaire horaire net d'un assistant maternel employé directement, en euros : "
        "l'assistant maternel est comparé si ce salaire est donné.",
        None,
    )
    childminder_daily_allowances: Decimal = Field(
        Decimal(0),
        ge=0,
        le=MAX_HOURLY_AMOUNT,
        decimal_places=2,
        description="Indemnités d'entretien et de repas de l'assistant maternel par jour de "
        "garde, en euros.",
    )
    home_carer_hourly_net_pay: Decimal | None = _hourly_amount(
        "Salaire horaire net d'une garde à domicile employée directement, en euros : la garde "
        "à domicile est comparée si ce salaire est donné.",
        None,
    )


# ----------------------------------------------------------------------------- outputs


class ParameterOut(Schema):
    name: str = Field(description="Nom du paramètre (voir docs/simulators.md).")
    source: str = Field(description="Texte officiel ou publication d'où vient la valeur.")
    confidence: str = Field(
        description="« official » (lu dans la source), « derived » (calculé à partir d'autres "
        "paramètres) ou « unverified »."
    )


class StepOut(Schema):
    label: str = Field(description="Étape du calcul, en français.")
    formula: str = Field(description="Opération avec les nombres utilisés.")
    value: Amount = Field(description="Résultat exact de l'étape, dans l'unité « unit ».")
    unit: str = Field(description="« € », « €/h », « % », « h », « ans » ou vide.")
    text: str = Field(description="« Étape : valeur » avec la typographie française.")
    parameter: ParameterOut | None = Field(description="Paramètre utilisé par l'étape.")


class ScaleOut(Schema):
    label: str = Field(description="Nom du barème ou du paramètre, en français.")
    since: dt.date = Field(description="Date d'effet de la valeur utilisée.")
    source: str = Field(description="Texte officiel ou publication d'où vient la valeur.")
    confidence: str = Field(description="« official », « derived » ou « unverified ».")


class ResultOut(Schema):
    mode: str = Field(description="Mode de garde, par exemple « creche_psu:collective ».")
    label: str = Field(description="Nom du mode de garde, en français.")
    date: dt.date
    eligible: bool = Field(description="Faux si une condition de l'aide n'est pas remplie.")
    monthly_hours: Amount = Field(description="Heures de garde dans le mois.")
    hourly_price: Amount = Field(description="Prix d'une heure avant aide, en euros.")
    monthly_cost: Amount = Field(description="Coût mensuel avant aide, en euros.")
    aid: Amount = Field(description="Aide (CMG) versée à la famille, en euros.")
    remaining_cost: Amount = Field(description="Reste à charge mensuel, en euros.")
    remaining_hourly_cost: Amount = Field(description="Reste à charge par heure, en euros.")
    tax_credit: Amount = Field(
        description="Part mensuelle du crédit d'impôt ouvert par le mode (frais de garde des "
        "enfants de moins de 6 ans, ou emploi d'un salarié à domicile), en euros."
    )
    tax_credit_label: str = Field(description="Nom du crédit d'impôt, vide s'il n'y en a pas.")
    after_tax_credit: Amount = Field(
        description="Reste à charge mensuel après crédit d'impôt, en euros."
    )
    notes: list[str] = Field(description="Raison d'une inéligibilité d'abord, puis limites.")
    scales: list[ScaleOut] = Field(description="Barèmes utilisés, avec leur date d'effet.")
    steps: list[StepOut] = Field(description="Explication du calcul, étape par étape.")


class CompareOut(Schema):
    date: dt.date
    monthly_hours: Amount = Field(description="Heures mensualisées, communes à tous les modes.")
    hours_step: StepOut
    results: list[ResultOut]
    cheapest_mode: str = Field(description="Mode au plus faible reste à charge.")
    excluded: list[str] = Field(
        description="Modes demandés mais non proposés (crèches pour un enfant de 6 ans ou "
        "plus), avec la raison."
    )


class PajeIn(Schema):
    date: dt.date | None = Field(
        None,
        description="Date de la naissance ou de l'adoption (AAAA-MM-JJ), au plus tôt le "
        "2018-04-01. Par défaut, la date du jour.",
    )
    annual_resources: AnnualResources
    children: int = Field(
        ge=1,
        le=PAJE_MAX_CHILDREN,
        description="Enfants à charge, y compris l'enfant attendu ou adopté.",
    )
    two_incomes: bool = Field(
        False, description="Vrai pour un couple dont chaque membre a un revenu professionnel."
    )
    single_parent: bool = Field(False, description="Vrai si le parent vit seul.")
    adoption: bool = Field(False, description="Vrai pour une adoption (prime à l'adoption).")


class PajeOut(Schema):
    date: dt.date
    grant_label: str = Field(description="« Prime à la naissance » ou « Prime à l'adoption ».")
    grant: Amount = Field(description="Montant de la prime pour un enfant, en euros.")
    allowance_rate: str = Field(
        description="« full » (taux plein), « partial » (taux partiel) ou vide (aucun droit)."
    )
    allowance: Amount = Field(description="Allocation de base mensuelle, en euros.")
    partial_ceiling: Amount = Field(
        description="Plafond de ressources de la prime et du taux partiel, en euros."
    )
    full_ceiling: Amount = Field(description="Plafond de ressources du taux plein, en euros.")
    notes: list[str]
    scales: list[ScaleOut]
    steps: list[StepOut]


def _step_out(step: Step) -> dict:
    parameter = None
    if step.parameter_name:
        parameter = {
            "name": step.parameter_name,
            "source": step.parameter_source or "",
            "confidence": step.parameter_confidence or "",
        }
    return {
        "label": step.label_fr,
        "formula": step.formula,
        "value": step.value,
        "unit": step.unit,
        "text": step.text_fr,
        "parameter": parameter,
    }


def _scales_out(scales: tuple[ParameterUse, ...]) -> list[dict]:
    return [
        {
            "label": use.label_fr,
            "since": use.start,
            "source": use.source,
            "confidence": use.confidence,
        }
        for use in scales
    ]


def _result_out(result: SimulationResult) -> dict:
    return {
        "mode": result.mode,
        "label": result.label_fr,
        "date": result.date,
        "eligible": result.eligible,
        "monthly_hours": result.monthly_hours,
        "hourly_price": result.hourly_price,
        "monthly_cost": result.monthly_cost,
        "aid": result.aid,
        "remaining_cost": result.remaining_cost,
        "remaining_hourly_cost": result.remaining_hourly_cost,
        "tax_credit": result.tax_credit,
        "tax_credit_label": result.tax_credit_label_fr,
        "after_tax_credit": result.after_tax_credit,
        "notes": list(result.notes_fr),
        "scales": _scales_out(result.scales),
        "steps": [_step_out(step) for step in result.steps],
    }


def _comparison_out(comparison: Comparison) -> dict:
    return {
        "date": comparison.date,
        "monthly_hours": comparison.monthly_hours,
        "hours_step": _step_out(comparison.hours_step),
        "results": [_result_out(result) for result in comparison.results],
        "cheapest_mode": comparison.cheapest.mode,
        "excluded": list(comparison.excluded_fr),
    }


def _paje_out(result: PajeResult) -> dict:
    return {
        "date": result.date,
        "grant_label": result.grant_label_fr,
        "grant": result.grant,
        "allowance_rate": result.allowance_rate,
        "allowance": result.allowance,
        "partial_ceiling": result.partial_ceiling,
        "full_ceiling": result.full_ceiling,
        "notes": list(result.notes_fr),
        "scales": _scales_out(result.scales),
        "steps": [_step_out(step) for step in result.steps],
    }


def _input_error(field: str, message: str) -> ValidationError:
    """A 422 shaped like pydantic's own errors: ``loc`` is ``["body", "payload", field]``."""
    return ValidationError(
        [{"type": "value_error", "loc": ["body", "payload", field], "msg": str(message)}]
    )


def _simulate(function, renamed=None, **arguments):
    """Call a rule; a SimulationError becomes a 422 naming the API field."""
    try:
        return function(**arguments)
    except SimulationError as error:
        field = (renamed or {}).get(error.field, error.field)
        raise _input_error(field, error.message_fr) from error


def _date(value: dt.date | None) -> dt.date:
    return value or timezone.localdate()


# ----------------------------------------------------------------------------- endpoints


@router.post(
    "/creche",
    response={200: ResultOut, **BODY_ERRORS},
    summary="Participation de la famille dans une crèche au barème PSU",
    description="Tarif horaire et participation mensuelle selon le barème national de la "
    "Cnaf (prestation de service unique), avec le détail du calcul.",
)
def simulate_creche(request, payload: CrecheIn):
    result = _simulate(
        creche_psu,
        date=_date(payload.date),
        annual_resources=payload.annual_resources,
        children=payload.children,
        aeeh_children=payload.aeeh_children,
        monthly_hours=payload.monthly_hours,
        kind=payload.kind,
        child_age=payload.child_age,
    )
    return _result_out(result)


@router.post(
    "/cmg",
    response={200: ResultOut, **BODY_ERRORS},
    summary="Complément de libre choix du mode de garde (CMG)",
    description="CMG « emploi direct » (assistant maternel, garde à domicile) ou CMG "
    "« structure » (micro-crèche PAJE, association ou entreprise), et reste à charge, avec "
    "le détail du calcul.",
)
def simulate_cmg(request, payload: CmgIn):
    kind, _separator, who = payload.mode.partition(":")
    common = {
        "date": _date(payload.date),
        "annual_resources": payload.annual_resources,
        "children": payload.children,
        "monthly_hours": payload.monthly_hours,
        "child_age": payload.child_age,
        "single_parent": payload.single_parent,
    }
    if kind == "cmg_direct":
        result = _simulate(
            cmg_direct,
            renamed={"hourly_net_pay": "hourly_price"},
            **common,
            employee=Employee(who),
            hourly_net_pay=payload.hourly_price,
            monthly_allowances=payload.monthly_allowances,
            aeeh_children=payload.aeeh_children,
            alternating_residence=payload.alternating_residence,
        )
        return _result_out(result)
    if payload.monthly_allowances:
        raise _input_error(
            "monthly_allowances",
            _(
                "Les indemnités d’entretien et de repas ne concernent que l’emploi direct d’un "
                "assistant maternel."
            ),
        )
    if payload.alternating_residence:
        raise _input_error(
            "alternating_residence",
            _("La résidence alternée n’est simulée que pour le CMG « emploi direct »."),
        )
    if payload.aeeh_children > payload.children:
        raise _input_error(
            "aeeh_children",
            _(
                "Le nombre d’enfants bénéficiaires de l’AEEH ne peut pas dépasser le nombre "
                "d’enfants à charge."
            ),
        )
    result = _simulate(
        cmg_structure, **common, structure=Structure(who), hourly_price=payload.hourly_price
    )
    return _result_out(result)


@router.post(
    "/compare",
    response={200: CompareOut, **BODY_ERRORS},
    summary="Comparer les modes de garde pour un même besoin",
    description="Pour un besoin hebdomadaire (heures, jours, semaines par an), coût mensuel, "
    "aide et reste à charge de chaque mode demandé : crèches PSU, micro-crèche PAJE, "
    "assistant maternel, garde à domicile. Au moins un mode est requis (champ « modes »).",
)
def simulate_compare(request, payload: CompareIn):
    comparison = _simulate(
        compare,
        date=_date(payload.date),
        annual_resources=payload.annual_resources,
        children=payload.children,
        aeeh_children=payload.aeeh_children,
        single_parent=payload.single_parent,
        child_age=payload.child_age,
        hours_per_week=payload.hours_per_week,
        days_per_week=payload.days_per_week,
        weeks_per_year=payload.weeks_per_year,
        creche_kinds=list(dict.fromkeys(payload.creche_kinds)),
        micro_creche_hourly_price=payload.micro_creche_hourly_price,
        childminder_hourly_net_pay=payload.childminder_hourly_net_pay,
        childminder_daily_allowances=payload.childminder_daily_allowances,
        home_carer_hourly_net_pay=payload.home_carer_hourly_net_pay,
    )
    return _comparison_out(comparison)


@router.post(
    "/paje",
    response={200: PajeOut, **BODY_ERRORS},
    summary="Estimation de la Paje (prime à la naissance et allocation de base)",
    description="Prime à la naissance (ou à l'adoption) et allocation de base (taux plein ou "
    "partiel) selon les ressources de l'année N-2, le nombre d'enfants et la situation du "
    "foyer, pour un enfant né ou adopté à partir du 1er avril 2018, avec le détail du calcul.",
)
def simulate_paje(request, payload: PajeIn):
    result = _simulate(
        paje,
        date=_date(payload.date),
        annual_resources=payload.annual_resources,
        children=payload.children,
        two_incomes=payload.two_incomes,
        single_parent=payload.single_parent,
        adoption=payload.adoption,
    )
    return _paje_out(result)
