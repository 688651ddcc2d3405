"""Rules of the cost simulators: PSU crèches, CMG « emploi direct », CMG « structure ».

Every public function takes keyword-only arguments, validates them (raising
:class:`SimulationError` for an out-of-range input), picks the parameters in force
at ``date`` and returns a frozen :class:`SimulationResult` whose ``steps`` explain
the computation to parents, in French. All amounts are ``Decimal`` rounded half up
to the cent, except the PSU hourly price (4 decimals, as monenfant.fr does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from enum import StrEnum

from .errors import SimulationError
from .explanation import (
    NBSP,
    Step,
    floor_cents,
    format_eur,
    format_hours,
    format_number,
    format_percent,
    round_half_up,
    step,
)
from .parameters import (
    FIRST_SUPPORTED_DATE,
    ParameterValue,
    all_parameters,
    bracket_rate,
    format_date_fr,
    get,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TWELVE = Decimal(12)
MAX_HOURS_PER_WEEK = Decimal(60)
MAX_MONTHLY_HOURS = Decimal(260)  # 60 h a week, 52 weeks a year, ÷ 12
MAX_CHILDREN = 20
MAX_CHILD_AGE = 17
MAX_HOURLY_AMOUNT = Decimal(100)
MAX_ANNUAL_RESOURCES = Decimal(10_000_000)
SEMI = f"{NBSP};"  # argument separator of the French formulas: min(a ; b)


class CrecheKind(StrEnum):
    """Crèches applying the PSU barème."""

    COLLECTIVE = "collective"
    MICRO_CRECHE_PSU = "micro_creche_psu"
    FAMILIAL = "familiale"
    PARENTAL = "parentale"


class Employee(StrEnum):
    """Person employed directly by the parents (CMG « emploi direct »)."""

    CHILDMINDER = "assistant_maternel"
    HOME_CARER = "garde_a_domicile"


class Structure(StrEnum):
    """Provider billing the parents under the CMG « structure »."""

    MICRO_CRECHE = "micro_creche"
    CHILDMINDER = "assistant_maternel"
    HOME_CARER = "garde_a_domicile"


CRECHE_LABELS_FR = {
    CrecheKind.COLLECTIVE: "Crèche collective (barème PSU)",
    CrecheKind.MICRO_CRECHE_PSU: "Micro-crèche PSU",
    CrecheKind.FAMILIAL: "Crèche familiale (barème PSU)",
    CrecheKind.PARENTAL: "Crèche parentale (barème PSU)",
}
EMPLOYEE_LABELS_FR = {
    Employee.CHILDMINDER: "Assistant maternel (emploi direct)",
    Employee.HOME_CARER: "Garde à domicile (emploi direct)",
}
STRUCTURE_LABELS_FR = {
    Structure.MICRO_CRECHE: "Micro-crèche PAJE",
    Structure.CHILDMINDER: "Assistant maternel employé par une structure",
    Structure.HOME_CARER: "Garde à domicile par une structure",
}


@dataclass(frozen=True)
class SimulationResult:
    """Monthly cost of one childcare mode for one household at one date.

    ``monthly_cost`` is what the provider bills or the employee is paid for the
    month (net pay plus allowances for a childminder), ``aid`` the CMG paid to the
    family (zero for PSU crèches, financed directly by the Caf) and
    ``remaining_cost`` what is left to the family. ``hourly_price`` is the price of
    one hour before aid. ``eligible`` is false when a condition of the aid is not
    met: ``notes_fr`` then says why.
    """

    mode: str
    label_fr: str
    date: dt.date
    eligible: bool
    monthly_hours: Decimal
    hourly_price: Decimal
    monthly_cost: Decimal
    aid: Decimal
    remaining_cost: Decimal
    steps: tuple[Step, ...]
    notes_fr: tuple[str, ...] = ()
    tax_credit: Decimal = ZERO
    tax_credit_label_fr: str = ""

    @property
    def remaining_hourly_cost(self) -> Decimal:
        """What one hour costs the family after aid."""
        return round_half_up(self.remaining_cost / self.monthly_hours)

    @property
    def after_tax_credit(self) -> Decimal:
        """Monthly cost once the tax credit opened by the mode is deducted."""
        return self.remaining_cost - self.tax_credit

    @property
    def scales(self) -> tuple[ParameterUse, ...]:
        """Every parameter used, with the date its value took effect (« barème du … »)."""
        return _parameter_uses(self.steps)


@dataclass(frozen=True)
class ParameterUse:
    """A parameter value used by a result, named for parents, with its source."""

    label_fr: str
    start: dt.date
    source: str
    confidence: str
    revalued: bool = True  # a series with several dated values, not a fixed rate

    @property
    def start_fr(self) -> str:
        return format_date_fr(self.start)


def _parameter_uses(steps: Sequence[Step]) -> tuple[ParameterUse, ...]:
    seen: dict[tuple[str, dt.date], ParameterUse] = {}
    for item in steps:
        if item.parameter_label_fr and item.parameter_start:
            key = (item.parameter_label_fr, item.parameter_start)
            seen.setdefault(
                key,
                ParameterUse(
                    label_fr=item.parameter_label_fr,
                    start=item.parameter_start,
                    source=item.parameter_source or "",
                    confidence=item.parameter_confidence or "",
                    revalued=len(all_parameters()[item.parameter_name or ""].entries) > 1,
                ),
            )
    return tuple(seen.values())


# --------------------------------------------------------------------------- inputs


def _decimal(field: str, value: object) -> Decimal:
    if isinstance(value, bool):
        raise SimulationError(field, "Ce champ doit être un nombre.")
    try:
        number = Decimal(str(value) if isinstance(value, float) else value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise SimulationError(field, "Ce champ doit être un nombre.") from None
    if not number.is_finite():
        raise SimulationError(field, "Ce champ doit être un nombre.")
    return number


def _integer(field: str, value: object, minimum: int, maximum: int, message_fr: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SimulationError(field, "Ce champ doit être un nombre entier.")
    if not minimum <= value <= maximum:
        raise SimulationError(field, message_fr)
    return value


def _check_date(date: object) -> dt.date:
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        raise SimulationError("date", "La date doit être une date du calendrier.")
    if date < FIRST_SUPPORTED_DATE:
        raise SimulationError(
            "date",
            f"Aucun barème n’est disponible avant le {format_date_fr(FIRST_SUPPORTED_DATE)}.",
        )
    return date


def _check_resources(annual_resources: object) -> Decimal:
    resources = _decimal("annual_resources", annual_resources)
    if resources < 0:
        raise SimulationError("annual_resources", "Les ressources ne peuvent pas être négatives.")
    if resources > MAX_ANNUAL_RESOURCES:
        raise SimulationError(
            "annual_resources", "Les ressources annuelles dépassent la limite du simulateur."
        )
    return resources


def _check_children(children: object, aeeh_children: object) -> tuple[int, int]:
    count = _integer(
        "children",
        children,
        1,
        MAX_CHILDREN,
        f"Le foyer doit compter entre 1 et {MAX_CHILDREN} enfants à charge.",
    )
    aeeh = _integer(
        "aeeh_children",
        aeeh_children,
        0,
        count,
        "Le nombre d’enfants bénéficiaires de l’AEEH ne peut pas dépasser le nombre "
        "d’enfants à charge.",
    )
    return count, aeeh


def _check_monthly_hours(monthly_hours: object) -> Decimal:
    hours = _decimal("monthly_hours", monthly_hours)
    if not ZERO < hours <= MAX_MONTHLY_HOURS:
        raise SimulationError(
            "monthly_hours",
            "Le nombre d’heures par mois doit être supérieur à 0 et au plus égal à "
            f"{format_hours(MAX_MONTHLY_HOURS)} (60{NBSP}h par semaine).",
        )
    return hours


def _check_hourly_amount(field: str, value: object, label_fr: str) -> Decimal:
    amount = _decimal(field, value)
    if not ZERO < amount <= MAX_HOURLY_AMOUNT:
        raise SimulationError(
            field,
            f"{label_fr} doit être strictement positif et au plus égal à "
            f"{format_eur(MAX_HOURLY_AMOUNT)}.",
        )
    return amount


def _check_child_age(child_age: object) -> int:
    return _integer(
        "child_age",
        child_age,
        0,
        MAX_CHILD_AGE,
        f"L’âge de l’enfant doit être compris entre 0 et {MAX_CHILD_AGE} ans.",
    )


# --------------------------------------------------------------------------- shared steps


def _percent(ratio: Decimal) -> Decimal:
    """0.005 → 0.5 (a ratio shown in percent, without trailing zeros)."""
    return (ratio * HUNDRED).normalize()


def _children_fr(count: int) -> str:
    return f"{count} enfant{'s' if count > 1 else ''}"


def _monthly_resources(
    date: dt.date, annual: Decimal, floor_name: str, ceiling_name: str, decimals: int = 2
) -> tuple[Decimal, list[Step]]:
    """Monthly resources (annual N-2 ÷ 12) bounded by a plancher and a plafond.

    The PSU barème keeps the cents; the CMG of CSS D531-18 rounds to the euro
    (``decimals=0``).
    """
    floor = get(floor_name, date)
    ceiling = get(ceiling_name, date)
    monthly = round_half_up(annual / TWELVE, decimals)
    retained = min(max(monthly, floor.value), ceiling.value)
    if monthly < floor.value:
        bound = f"plancher {format_eur(floor.value)}"
    elif monthly > ceiling.value:
        bound = f"plafond {format_eur(ceiling.value)}"
    else:
        bound = (
            f"entre le plancher {format_eur(floor.value)} et le plafond {format_eur(ceiling.value)}"
        )
    steps = [
        step(
            "Ressources mensuelles (ressources annuelles de l’année N-2 ÷ 12"
            + (", arrondies à l’euro)" if decimals == 0 else ")"),
            f"{format_eur(annual)} ÷ 12",
            monthly,
        ),
        step(
            "Plancher de ressources",
            f"{floor.label_fr} en vigueur au {format_date_fr(floor.start)}",
            floor.value,
            parameter=floor,
        ),
        step(
            "Plafond de ressources",
            f"{ceiling.label_fr} en vigueur au {format_date_fr(ceiling.start)}",
            ceiling.value,
            parameter=ceiling,
        ),
        step(
            f"Ressources mensuelles retenues ({bound})",
            f"min(max({format_eur(monthly)}{SEMI} {format_eur(floor.value)}){SEMI} "
            f"{format_eur(ceiling.value)})",
            retained,
        ),
    ]
    return retained, steps


def _effort_rate(
    date: dt.date, parameter_name: str, children: int, aeeh_children: int
) -> tuple[Decimal, Step]:
    """Hourly effort rate (in percent); each AEEH child moves to the rate of one more child."""
    parameter = get(parameter_name, date)
    rated_children = children + aeeh_children
    rate = bracket_rate(parameter.value, rated_children)
    label = f"Taux d’effort horaire ({_children_fr(children)} à charge"
    if aeeh_children:
        beneficiaries = "bénéficiaire" if aeeh_children == 1 else "bénéficiaires"
        label += (
            f", dont {aeeh_children} {beneficiaries} de l’AEEH{NBSP}: "
            f"barème de {_children_fr(rated_children)}"
        )
    label += ")"
    formula = f"{parameter.label_fr}, barème de {_children_fr(rated_children)}"
    return rate, step(label, formula, rate, "%", parameter)


def _cost_steps(
    hours: Decimal, hourly: Decimal, allowances: Decimal, label_fr: str
) -> tuple[Decimal, list[Step]]:
    pay = round_half_up(hourly * hours)
    steps = [
        step("Heures de garde par mois", "heures mensualisées", hours, "h"),
        step(label_fr, f"{format_eur(hourly)} × {format_hours(hours)}", pay),
    ]
    cost = pay + allowances
    if allowances:
        steps.append(
            step("Indemnités d’entretien et de repas du mois", "saisies", allowances),
        )
        steps.append(
            step(
                "Coût mensuel de la garde",
                f"{format_eur(pay)} + {format_eur(allowances)}",
                cost,
            )
        )
    return cost, steps


def _age_limit(date: dt.date, age: int, parameter_name: str, steps: list[Step]) -> str | None:
    """Adds the age-limit step; returns why the CMG is not due when the child is too old."""
    parameter = get(parameter_name, date)
    limit = int(parameter.value)
    steps.append(
        step(
            "Âge limite de l’enfant gardé",
            f"moins de {limit} ans",
            Decimal(limit),
            "ans",
            parameter,
        )
    )
    if age >= limit:
        return (
            f"Le CMG n’est pas dû pour un enfant de {age} ans (limite{NBSP}: moins de {limit} ans)."
        )
    return None


def _check_creche_age(date: dt.date, age: int) -> None:
    """Crèches (EAJE) take children under 6 (CSP R2324-17)."""
    limit = int(get("eaje_age_limit", date).value)
    if age >= limit:
        raise SimulationError(
            "child_age",
            f"Les crèches et micro-crèches accueillent les enfants de moins de {limit}{NBSP}ans"
            f"{NBSP}: elles ne sont pas proposées pour un enfant de {age}{NBSP}ans.",
        )


def _tax_credit_steps(
    *,
    date: dt.date,
    label_fr: str,
    monthly_base: Decimal,
    yearly_ceiling: Decimal,
    ceiling_label_fr: str,
    rate_name: str,
    ceiling_parameter: ParameterValue,
) -> tuple[Decimal, list[Step]]:
    """Monthly share of a yearly 50 % tax credit on the expense left to the family."""
    rate = get(rate_name, date)
    base = max(monthly_base, ZERO)
    retained = min(base * TWELVE, yearly_ceiling)
    credit = round_half_up(retained * rate.value / TWELVE)
    steps = [
        step(
            f"Plafond annuel des dépenses ({ceiling_label_fr})",
            "par année de dépense",
            yearly_ceiling,
            parameter=ceiling_parameter,
        ),
        step(
            "Dépense retenue pour l’année (reste à charge × 12, dans la limite du plafond)",
            f"min({format_eur(base)} × 12{SEMI} {format_eur(yearly_ceiling)})",
            retained,
        ),
        step(
            f"{label_fr}, par mois",
            f"{format_eur(retained)} × {format_percent(_percent(rate.value))} ÷ 12",
            credit,
            parameter=rate,
        ),
        step(
            "Coût mensuel après crédit d’impôt",
            f"{format_eur(monthly_base)} − {format_eur(credit)}",
            monthly_base - credit,
        ),
    ]
    return credit, steps


def _childcare_tax_credit(
    date: dt.date, remaining: Decimal, child_age: int
) -> tuple[Decimal, list[Step], str]:
    """Crédit d’impôt pour frais de garde des enfants de moins de 6 ans (CGI 200 quater B)."""
    if child_age >= 6:
        return ZERO, [], ""
    label = "Crédit d’impôt pour frais de garde des enfants de moins de 6 ans"
    ceiling = get("tax_credit_childcare_ceiling", date)
    credit, steps = _tax_credit_steps(
        date=date,
        label_fr=label,
        monthly_base=remaining,
        yearly_ceiling=ceiling.value,
        ceiling_label_fr="par enfant",
        rate_name="tax_credit_childcare_rate",
        ceiling_parameter=ceiling,
    )
    return credit, steps, label


def _home_employment_tax_credit(
    date: dt.date, remaining: Decimal, children: int
) -> tuple[Decimal, list[Step], str]:
    """Crédit d’impôt pour l’emploi d’un salarié à domicile (CGI 199 sexdecies)."""
    label = "Crédit d’impôt pour l’emploi d’un salarié à domicile"
    parameter = get("tax_credit_home_employment_ceiling", date)
    table = parameter.value
    ceiling = min(table["base"] + table["per_child"] * children, table["maximum"])
    credit, steps = _tax_credit_steps(
        date=date,
        label_fr=label,
        monthly_base=remaining,
        yearly_ceiling=ceiling,
        ceiling_label_fr=f"foyer avec {_children_fr(children)} à charge",
        rate_name="tax_credit_home_employment_rate",
        ceiling_parameter=parameter,
    )
    return credit, steps, label


def _tax_credit(
    kind: str, date: dt.date, remaining: Decimal, child_age: int, children: int
) -> tuple[Decimal, list[Step], str]:
    if kind == "childcare":
        return _childcare_tax_credit(date, remaining, child_age)
    if kind == "home":
        return _home_employment_tax_credit(date, remaining, children)
    return ZERO, [], ""


def _with_aid(
    *,
    mode: str,
    label_fr: str,
    date: dt.date,
    hours: Decimal,
    hourly_price: Decimal,
    cost: Decimal,
    aid: Decimal,
    steps: list[Step],
    notes: Sequence[str] = (),
    credit: tuple[str, int, int] = ("", 0, 1),
) -> SimulationResult:
    """``credit`` is (kind of tax credit, age of the child, number of children)."""
    remaining = cost - aid
    steps = [
        *steps,
        step("Reste à charge mensuel", f"{format_eur(cost)} − {format_eur(aid)}", remaining),
    ]
    tax_credit, credit_steps, credit_label = _tax_credit(credit[0], date, remaining, *credit[1:])
    return SimulationResult(
        mode=mode,
        label_fr=label_fr,
        date=date,
        eligible=True,
        monthly_hours=hours,
        hourly_price=hourly_price,
        monthly_cost=cost,
        aid=aid,
        remaining_cost=remaining,
        steps=(*steps, *credit_steps),
        notes_fr=tuple(notes),
        tax_credit=tax_credit,
        tax_credit_label_fr=credit_label,
    )


def _ineligible(
    *,
    mode: str,
    label_fr: str,
    date: dt.date,
    hours: Decimal,
    hourly_price: Decimal,
    cost: Decimal,
    steps: list[Step],
    reason_fr: str,
    notes: Sequence[str] = (),
    credit: tuple[str, int, int] = ("", 0, 1),
) -> SimulationResult:
    steps = [*steps, step("Aide (condition non remplie)", reason_fr, ZERO)]
    tax_credit, credit_steps, credit_label = _tax_credit(credit[0], date, cost, *credit[1:])
    return SimulationResult(
        mode=mode,
        label_fr=label_fr,
        date=date,
        eligible=False,
        monthly_hours=hours,
        hourly_price=hourly_price,
        monthly_cost=cost,
        aid=ZERO,
        remaining_cost=cost,
        steps=(*steps, *credit_steps),
        notes_fr=(reason_fr, *notes),
        tax_credit=tax_credit,
        tax_credit_label_fr=credit_label,
    )


# --------------------------------------------------------------------------- PSU crèches


def creche_psu(
    *,
    date: dt.date,
    annual_resources: Decimal | int | str,
    children: int,
    monthly_hours: Decimal | int | str,
    kind: CrecheKind = CrecheKind.COLLECTIVE,
    aeeh_children: int = 0,
    child_age: int | None = None,
) -> SimulationResult:
    """Family participation in a crèche applying the Cnaf PSU barème.

    hourly price = monthly resources (bounded) × effort rate, kept to 4 decimals;
    monthly cost = hourly price × monthly hours, to the cent. A crèche takes children
    under 6: an older ``child_age`` is an error on that field.
    """
    date = _check_date(date)
    annual = _check_resources(annual_resources)
    children, aeeh_children = _check_children(children, aeeh_children)
    hours = _check_monthly_hours(monthly_hours)
    kind = CrecheKind(kind)
    if child_age is not None:
        _check_creche_age(date, _check_child_age(child_age))

    resources, steps = _monthly_resources(
        date, annual, "psu_resources_floor", "psu_resources_ceiling"
    )
    column = "collective" if kind is CrecheKind.COLLECTIVE else "familial"
    column_parameter = None
    if kind is CrecheKind.MICRO_CRECHE_PSU:
        column_parameter = get("psu_micro_creche_rate_column", date)
        column = column_parameter.value
    rates_name = f"psu_effort_rates_{column}"
    rate, rate_step = _effort_rate(date, rates_name, children, aeeh_children)
    if column_parameter is not None:
        steps.append(
            step(
                "Barème appliqué aux micro-crèches",
                "celui de l’accueil collectif"
                if column == "collective"
                else "celui de l’accueil familial et parental",
                Decimal(0),
                "choice",
                column_parameter,
            )
        )
    steps.append(rate_step)

    decimals_parameter = get("psu_hourly_price_decimals", date)
    decimals = int(decimals_parameter.value)
    hourly = round_half_up(resources * rate / HUNDRED, decimals)
    steps.append(
        step(
            f"Tarif horaire (arrondi à {decimals} décimales)",
            f"{format_eur(resources)} × {format_percent(rate)}",
            hourly,
            "€/h",
            decimals_parameter,
        )
    )
    steps.append(step("Heures de garde par mois", "heures mensualisées", hours, "h"))
    cost = round_half_up(hourly * hours)
    steps.append(
        step(
            "Participation mensuelle de la famille",
            f"{format_number(hourly)}{NBSP}€/h × {format_hours(hours)}",
            cost,
        )
    )
    credit, credit_steps, credit_label = _childcare_tax_credit(
        date, cost, child_age if child_age is not None else 0
    )
    steps += credit_steps
    return SimulationResult(
        mode=f"creche_psu:{kind.value}",
        label_fr=CRECHE_LABELS_FR[kind],
        date=date,
        eligible=True,
        monthly_hours=hours,
        hourly_price=hourly,
        monthly_cost=cost,
        aid=ZERO,
        remaining_cost=cost,
        steps=tuple(steps),
        notes_fr=(
            "La Caf finance directement la crèche (prestation de service unique)"
            f"{NBSP}: la participation calculée est le montant facturé à la famille.",
        ),
        tax_credit=credit,
        tax_credit_label_fr=credit_label,
    )


# --------------------------------------------------------------------------- CMG « PAJE » brackets


def _paje_ceiling(table: dict[str, Decimal], children: int) -> Decimal:
    """Ceiling for one or two children, plus a fixed amount for each child beyond two."""
    if children <= 2:
        return table[str(children)]
    return table["2"] + table["extra"] * (children - 2)


def _paje_bracket(
    date: dt.date, annual: Decimal, children: int, single_parent: bool
) -> tuple[int, list[Step]]:
    """Resource bracket 1, 2 or 3 of the CMG « PAJE » barème (annual resources N-2)."""
    ceilings = get("cmg_paje_resource_ceilings", date)
    first = _paje_ceiling(ceilings.value["first"], children)
    second = _paje_ceiling(ceilings.value["second"], children)
    suffix = _children_fr(children)
    steps = []
    if single_parent:
        increase = get("cmg_paje_single_parent_ceiling_increase", date)
        factor = 1 + increase.value
        first = round_half_up(first * factor, 0)
        second = round_half_up(second * factor, 0)
        increase_fr = format_percent(_percent(increase.value))
        suffix += f", personne seule{NBSP}: plafonds majorés de {increase_fr}"
        steps.append(
            step(
                "Majoration des plafonds pour une personne seule",
                "plafonds × (1 + majoration)",
                _percent(increase.value),
                "%",
                increase,
            )
        )
    steps.append(
        step(
            f"Plafond annuel de la tranche 1 ({suffix})",
            "ressources N-2",
            first,
            parameter=ceilings,
        )
    )
    steps.append(
        step(
            f"Plafond annuel de la tranche 2 ({suffix})",
            "ressources N-2",
            second,
            parameter=ceilings,
        )
    )
    if annual <= first:
        bracket = 1
    elif annual <= second:
        bracket = 2
    else:
        bracket = 3
    steps.append(
        step(
            "Tranche de revenus retenue",
            f"ressources annuelles {format_eur(annual)} comparées aux plafonds",
            Decimal(bracket),
            "",
        )
    )
    return bracket, steps


def _paje_maximum(
    date: dt.date,
    rates_name: str,
    bracket: int,
    child_age: int,
    single_parent: bool,
) -> tuple[Decimal, list[Step]]:
    """Monthly maximum: BMAF × rate (× 1.3 single parent, ÷ 2 from 3 years), net of CRDS.

    The gross amount is rounded half up to the cent (then halved and rounded again
    from 3 years) and the CRDS is rounded down to the cent: this reproduces the
    maxima published by the Cnaf (see docs/simulators.md).
    """
    bmaf = get("bmaf", date)
    rates = get(rates_name, date)
    rate = rates.value[bracket - 1]
    steps = [
        step(
            "Base mensuelle des allocations familiales (BMAF)",
            f"en vigueur au {format_date_fr(bmaf.start)}",
            bmaf.value,
            parameter=bmaf,
        ),
        step(f"Taux du barème, tranche {bracket}", "en % de la BMAF", rate, "%", rates),
    ]
    gross = bmaf.value * rate / HUNDRED
    formula = f"{format_eur(bmaf.value)} × {format_percent(rate)}"
    if single_parent:
        increase = get("cmg_paje_single_parent_amount_increase", date)
        if increase.value:
            gross *= 1 + increase.value
            formula += f" × {format_number(1 + increase.value)}"
            steps.append(
                step(
                    "Majoration du montant maximal pour une famille monoparentale",
                    "montant × (1 + majoration)",
                    _percent(increase.value),
                    "%",
                    increase,
                )
            )
    gross = round_half_up(gross)
    reduced_age = get("cmg_paje_reduced_rate_age", date)
    if child_age >= int(reduced_age.value):
        steps.append(step("Montant maximal pour un enfant de moins de 3 ans", formula, gross))
        formula = f"{format_eur(gross)} ÷ 2"
        gross = round_half_up(gross / 2)
        steps.append(
            step(
                "Âge à partir duquel le montant maximal est divisé par deux",
                f"enfant de {child_age} ans{NBSP}: montant ÷ 2",
                Decimal(int(reduced_age.value)),
                "ans",
                reduced_age,
            )
        )
    steps.append(step("Montant maximal avant CRDS", formula, gross))
    crds = get("crds_rate", date)
    crds_amount = floor_cents(gross * crds.value)
    steps.append(
        step(
            "CRDS (arrondie au centime inférieur)",
            f"{format_eur(gross)} × {format_percent(_percent(crds.value))}",
            crds_amount,
            parameter=crds,
        )
    )
    maximum = gross - crds_amount
    steps.append(
        step(
            "Montant maximal mensuel du CMG",
            f"{format_eur(gross)} − {format_eur(crds_amount)}",
            maximum,
        )
    )
    return maximum, steps


def _paje_aid(
    date: dt.date,
    cost: Decimal,
    maximum: Decimal,
) -> tuple[Decimal, list[Step]]:
    coverage = get("cmg_paje_max_coverage", date)
    cap = floor_cents(cost * coverage.value)  # rounded down: never more than 85 %
    aid = min(maximum, cap)
    steps = [
        step(
            f"Prise en charge maximale ({format_percent(_percent(coverage.value))} de la dépense)",
            f"{format_eur(cost)} × {format_percent(_percent(coverage.value))}",
            cap,
            parameter=coverage,
        ),
        step(
            "CMG versé",
            f"min({format_eur(maximum)}{SEMI} {format_eur(cap)})",
            aid,
        ),
    ]
    return aid, steps


def _paje_minimum_hours(date: dt.date, hours: Decimal) -> str | None:
    minimum = get("cmg_paje_minimum_monthly_hours", date)
    if hours < minimum.value:
        return (
            f"Le CMG n’est dû que pour au moins {format_hours(minimum.value)} de garde par mois "
            f"({format_hours(hours)} demandées)."
        )
    return None


# --------------------------------------------------------------------------- CMG emploi direct


def cmg_direct(
    *,
    date: dt.date,
    annual_resources: Decimal | int | str,
    children: int,
    monthly_hours: Decimal | int | str,
    hourly_net_pay: Decimal | int | str,
    child_age: int,
    employee: Employee = Employee.CHILDMINDER,
    monthly_allowances: Decimal | int | str = 0,
    single_parent: bool = False,
    aeeh_children: int = 0,
    alternating_residence: bool = False,
) -> SimulationResult:
    """CMG « emploi direct » for a childminder (per child) or a home carer (per household).

    From 1 September 2025: CMG = cost × (1 − monthly resources × effort rate ÷
    reference hourly cost), the cost being capped per hour, never below 0. Before:
    monthly maximum of the resource bracket, at most 85 % of the cost. ``child_age``
    is the age of the child cared for (for a home carer, of the youngest one).
    """
    date = _check_date(date)
    annual = _check_resources(annual_resources)
    children, aeeh_children = _check_children(children, aeeh_children)
    hours = _check_monthly_hours(monthly_hours)
    employee = Employee(employee)
    hourly = _check_hourly_amount("hourly_net_pay", hourly_net_pay, "Le salaire horaire net")
    allowances = round_half_up(_decimal("monthly_allowances", monthly_allowances))
    if allowances < 0:
        raise SimulationError("monthly_allowances", "Les indemnités ne peuvent pas être négatives.")
    if allowances and employee is Employee.HOME_CARER:
        raise SimulationError(
            "monthly_allowances",
            "Les indemnités d’entretien et de repas ne concernent que l’assistant maternel.",
        )
    age = _check_child_age(child_age)

    mode = f"cmg_direct:{employee.value}"
    label = EMPLOYEE_LABELS_FR[employee]
    cost, steps = _cost_steps(hours, hourly, allowances, "Salaire net du mois")
    hourly_price = round_half_up(cost / hours)
    common = {
        "mode": mode,
        "label_fr": label,
        "date": date,
        "hours": hours,
        "hourly_price": hourly_price,
        "cost": cost,
        "credit": (
            ("childcare", age, children)
            if employee is Employee.CHILDMINDER
            else ("home", age, children)
        ),
    }
    notes = [
        "Les cotisations sociales d’un assistant maternel sont prises en charge en totalité "
        f"par le CMG{NBSP}: elles ne s’ajoutent pas au coût."
        if employee is Employee.CHILDMINDER
        else "Les cotisations sociales de l’employeur ne sont pas comptées ici"
        f"{NBSP}: le CMG en prend la moitié en charge, dans une limite mensuelle, et le "
        "reste s’ajoute au coût.",
    ]

    too_old = _age_limit(
        date, age, "cmg_age_limit_single_parent" if single_parent else "cmg_age_limit", steps
    )
    if too_old:
        return _ineligible(**common, steps=steps, reason_fr=too_old)
    if alternating_residence:
        shared = get("cmg_alternating_residence_shared", date)
        if not shared.value:
            return _ineligible(
                **common,
                steps=steps,
                reason_fr="Avant le 1er décembre 2025, le CMG n’est pas partagé en cas de "
                "résidence alternée\u00a0: seul le parent allocataire peut le percevoir.",
            )
        notes.append(
            "Résidence alternée\u00a0: chaque parent peut percevoir le CMG pour les heures de garde "
            "qu’il emploie."
        )

    regime = get("cmg_direct_regime", date)
    if regime.value == "paje_brackets":
        problem = _paje_minimum_hours(date, hours)
        if problem:
            return _ineligible(**common, steps=steps, reason_fr=problem)
        if aeeh_children:
            notes.append("Dans ce barème, l’AEEH ne change pas le montant du CMG.")
        bracket, bracket_steps = _paje_bracket(date, annual, children, single_parent)
        maximum, maximum_steps = _paje_maximum(
            date, "cmg_paje_rates_direct", bracket, age, single_parent
        )
        aid, aid_steps = _paje_aid(date, cost, maximum)
        steps += bracket_steps + maximum_steps + aid_steps
    else:
        aid, reform_steps = _cmg_effort_rate_aid(
            date, annual, children, aeeh_children, employee, hours, cost
        )
        steps += reform_steps

    return _with_aid(**common, aid=aid, steps=steps, notes=notes)


def _cmg_effort_rate_aid(
    date: dt.date,
    annual: Decimal,
    children: int,
    aeeh_children: int,
    employee: Employee,
    hours: Decimal,
    cost: Decimal,
) -> tuple[Decimal, list[Step]]:
    """CMG since 1 September 2025 (CSS D531-18)."""
    suffix = "childminder" if employee is Employee.CHILDMINDER else "home_carer"
    cap = get(f"cmg_hourly_cap_{suffix}", date)
    capped = min(cost, round_half_up(cap.value * hours))
    steps = [
        step(
            "Coût pris en compte (plafond horaire)",
            f"min({format_eur(cost)}{SEMI} {format_eur(cap.value)}/h × {format_hours(hours)})",
            capped,
            parameter=cap,
        )
    ]
    resources, resource_steps = _monthly_resources(
        date, annual, "cmg_resources_floor", "cmg_resources_ceiling", decimals=0
    )
    steps += resource_steps
    rate, rate_step = _effort_rate(date, f"cmg_effort_rates_{suffix}", children, aeeh_children)
    steps.append(rate_step)
    reference = get(f"cmg_reference_hourly_cost_{suffix}", date)
    steps.append(
        step(
            "Coût horaire de référence",
            f"en vigueur au {format_date_fr(reference.start)}",
            reference.value,
            "€/h",
            reference,
        )
    )
    family_hourly = resources * rate / HUNDRED
    share = 1 - family_hourly / reference.value
    steps.append(
        step(
            "Part du coût prise en charge par le CMG",
            f"1 − {format_eur(resources)} × {format_percent(rate)} ÷ {format_eur(reference.value)}",
            round_half_up(share * HUNDRED, 2),
            "%",
        )
    )
    if share <= 0:
        steps.append(
            step(
                "CMG versé (jamais négatif)",
                "la participation horaire de la famille dépasse le coût horaire de référence",
                ZERO,
            )
        )
        return ZERO, steps
    aid = round_half_up(capped * share)
    steps.append(
        step(
            "CMG versé",
            f"{format_eur(capped)} × (1 − {format_eur(resources)} × {format_percent(rate)} ÷ "
            f"{format_eur(reference.value)})",
            aid,
        )
    )
    return aid, steps


# --------------------------------------------------------------------------- CMG structure


def cmg_structure(
    *,
    date: dt.date,
    annual_resources: Decimal | int | str,
    children: int,
    monthly_hours: Decimal | int | str,
    hourly_price: Decimal | int | str,
    child_age: int,
    structure: Structure = Structure.MICRO_CRECHE,
    single_parent: bool = False,
) -> SimulationResult:
    """CMG « structure » (PAJE micro-crèche, association or company): bracket barème.

    aid = min(monthly maximum of the bracket, 85 % of the bill); a micro-crèche must
    not charge more than 10 € an hour.
    """
    date = _check_date(date)
    annual = _check_resources(annual_resources)
    children, _ = _check_children(children, 0)
    hours = _check_monthly_hours(monthly_hours)
    price = _check_hourly_amount("hourly_price", hourly_price, "Le tarif horaire")
    age = _check_child_age(child_age)
    structure = Structure(structure)

    mode = f"cmg_structure:{structure.value}"
    label = STRUCTURE_LABELS_FR[structure]
    cost = round_half_up(price * hours)
    steps = [
        step("Heures de garde par mois", "heures mensualisées", hours, "h"),
        step("Facture mensuelle", f"{format_eur(price)} × {format_hours(hours)}", cost),
    ]
    common = {
        "mode": mode,
        "label_fr": label,
        "date": date,
        "hours": hours,
        "hourly_price": price,
        "cost": cost,
        "credit": (
            ("home", age, children)
            if structure is Structure.HOME_CARER
            else ("childcare", age, children)
        ),
    }

    too_old = _age_limit(date, age, "cmg_age_limit", steps)
    if too_old:
        return _ineligible(**common, steps=steps, reason_fr=too_old)
    if structure is Structure.MICRO_CRECHE:
        maximum_price = get("cmg_paje_micro_creche_max_hourly_price", date)
        steps.append(
            step(
                "Tarif horaire maximal d’une micro-crèche PAJE",
                "condition du CMG",
                maximum_price.value,
                "€/h",
                maximum_price,
            )
        )
        if price > maximum_price.value:
            return _ineligible(
                **common,
                steps=steps,
                reason_fr=f"Le tarif horaire ({format_eur(price)}) dépasse "
                f"{format_eur(maximum_price.value)}{NBSP}: la micro-crèche n’ouvre pas "
                "droit au CMG.",
            )
    problem = _paje_minimum_hours(date, hours)
    if problem:
        return _ineligible(**common, steps=steps, reason_fr=problem)

    rates_name = (
        "cmg_paje_rates_structure_childminder"
        if structure is Structure.CHILDMINDER
        else "cmg_paje_rates_structure_home_or_micro"
    )
    bracket, bracket_steps = _paje_bracket(date, annual, children, single_parent)
    maximum, maximum_steps = _paje_maximum(date, rates_name, bracket, age, single_parent)
    aid, aid_steps = _paje_aid(date, cost, maximum)
    steps += bracket_steps + maximum_steps + aid_steps
    return _with_aid(**common, aid=aid, steps=steps)


# --------------------------------------------------------------------------- comparison


def monthly_hours_from_weekly(
    *, hours_per_week: Decimal | int | str, weeks_per_year: int
) -> tuple[Decimal, Step]:
    """« Mensualisation »: hours a week × weeks a year ÷ 12, rounded up to the whole hour.

    Contracts declare whole hours (Pajemploi, crèche contracts); rounding up never
    underestimates what the family pays.
    """
    weekly = _decimal("hours_per_week", hours_per_week)
    if not ZERO < weekly <= MAX_HOURS_PER_WEEK:
        raise SimulationError(
            "hours_per_week",
            "Le nombre d’heures par semaine doit être supérieur à 0 et au plus égal à "
            f"{format_hours(MAX_HOURS_PER_WEEK)}.",
        )
    weeks = _integer(
        "weeks_per_year",
        weeks_per_year,
        1,
        52,
        "Le nombre de semaines par an doit être compris entre 1 et 52.",
    )
    hours = (weekly * weeks / TWELVE).quantize(Decimal(1), rounding=ROUND_CEILING)
    return hours, step(
        "Heures mensualisées (arrondies à l’heure supérieure)",
        f"{format_hours(weekly)} × {weeks} semaines ÷ 12",
        hours,
        "h",
    )


@dataclass(frozen=True)
class Comparison:
    """Results of several childcare modes for the same weekly need."""

    date: dt.date
    monthly_hours: Decimal
    hours_step: Step
    results: tuple[SimulationResult, ...]
    excluded_fr: tuple[str, ...] = ()

    @property
    def cheapest(self) -> SimulationResult:
        """The mode with the lowest remaining cost (first requested on a tie)."""
        return min(self.results, key=lambda result: result.remaining_cost)


def compare(
    *,
    date: dt.date,
    annual_resources: Decimal | int | str,
    children: int,
    hours_per_week: Decimal | int | str,
    days_per_week: int,
    weeks_per_year: int,
    child_age: int,
    single_parent: bool = False,
    aeeh_children: int = 0,
    creche_kinds: Sequence[CrecheKind] = (),
    micro_creche_hourly_price: Decimal | int | str | None = None,
    childminder_hourly_net_pay: Decimal | int | str | None = None,
    childminder_daily_allowances: Decimal | int | str = 0,
    home_carer_hourly_net_pay: Decimal | int | str | None = None,
) -> Comparison:
    """Compute each requested mode for one weekly need of one child.

    ``creche_kinds`` lists the PSU crèches to show; a PAJE micro-crèche, a
    childminder and a home carer are included when their hourly price is given.
    The childminder's daily maintenance and meal allowances are paid for each day of
    care: monthly allowances = daily × days a week × weeks a year ÷ 12, to the cent.
    """
    date = _check_date(date)
    hours, hours_step = monthly_hours_from_weekly(
        hours_per_week=hours_per_week, weeks_per_year=weeks_per_year
    )
    days = _integer(
        "days_per_week",
        days_per_week,
        1,
        7,
        "Le nombre de jours de garde par semaine doit être compris entre 1 et 7.",
    )
    if _decimal("hours_per_week", hours_per_week) > 24 * days:
        raise SimulationError(
            "hours_per_week", "Le nombre d’heures par semaine dépasse 24 h par jour de garde."
        )
    household = {
        "date": date,
        "annual_resources": annual_resources,
        "children": children,
        "monthly_hours": hours,
    }
    age = _check_child_age(child_age)
    excluded: list[str] = []
    if age >= int(get("eaje_age_limit", date).value) and (
        creche_kinds or micro_creche_hourly_price is not None
    ):
        # Crèches take children under 6: they are left out rather than priced.
        try:
            _check_creche_age(date, age)
        except SimulationError as error:
            excluded.append(error.message_fr)
        creche_kinds, micro_creche_hourly_price = (), None
    results: list[SimulationResult] = [
        creche_psu(**household, kind=kind, aeeh_children=aeeh_children, child_age=age)
        for kind in creche_kinds
    ]
    if micro_creche_hourly_price is not None:
        results.append(
            cmg_structure(
                **household,
                hourly_price=micro_creche_hourly_price,
                child_age=child_age,
                structure=Structure.MICRO_CRECHE,
                single_parent=single_parent,
            )
        )
    if childminder_hourly_net_pay is not None:
        daily = _decimal("childminder_daily_allowances", childminder_daily_allowances)
        if daily < 0:
            raise SimulationError(
                "childminder_daily_allowances", "Les indemnités ne peuvent pas être négatives."
            )
        results.append(
            cmg_direct(
                **household,
                hourly_net_pay=childminder_hourly_net_pay,
                child_age=child_age,
                employee=Employee.CHILDMINDER,
                monthly_allowances=round_half_up(daily * days * weeks_per_year / TWELVE),
                single_parent=single_parent,
                aeeh_children=aeeh_children,
            )
        )
    if home_carer_hourly_net_pay is not None:
        results.append(
            cmg_direct(
                **household,
                hourly_net_pay=home_carer_hourly_net_pay,
                child_age=child_age,
                employee=Employee.HOME_CARER,
                single_parent=single_parent,
                aeeh_children=aeeh_children,
            )
        )
    if not results and excluded:
        raise SimulationError("child_age", excluded[0])
    if not results:
        raise SimulationError("modes", "Choisissez au moins un mode de garde à comparer.")
    return Comparison(
        date=date,
        monthly_hours=hours,
        hours_step=hours_step,
        results=tuple(results),
        excluded_fr=tuple(excluded),
    )


__all__ = [
    "Comparison",
    "CrecheKind",
    "Employee",
    "ParameterUse",
    "SimulationResult",
    "Structure",
    "cmg_direct",
    "cmg_structure",
    "compare",
    "creche_psu",
    "monthly_hours_from_weekly",
]
