"""PAJE estimate: birth (or adoption) grant and basic allowance (CSS L531-2, L531-3).

For a child born or adopted from 1 April 2018. The household's resources of year N-2
(N = year of ``date``) are compared with the ceilings in force on ``date``:

* the birth grant (prime à la naissance) or adoption grant and the basic allowance at the
  partial rate share one ceiling (``paje_ceilings_partial_rate``);
* the basic allowance at the full rate has a lower ceiling (``paje_ceilings_full_rate``).

A ceiling is the amount for one or two children, plus a fixed amount for each child
beyond two, plus an increase when the couple has two incomes or the parent lives alone.
Amounts are a share of the BMAF rounded half up to the cent, net of the CRDS rounded
down to the cent — the chain that reproduces the published amounts (docs/simulators.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .errors import SimulationError
from .explanation import NBSP, Step, floor_cents, format_eur, format_percent, round_half_up, step
from .parameters import format_date_fr, get
from .rules import (
    HUNDRED,
    ParameterUse,
    _check_resources,
    _children_fr,
    _integer,
    _parameter_uses,
    _percent,
)

FIRST_PAJE_DATE = dt.date(2018, 4, 1)
MAX_CHILDREN = 20


@dataclass(frozen=True)
class PajeResult:
    """Estimate of the PAJE for one household at one date.

    ``grant`` is the one-off birth (or adoption) grant for one child, ``allowance`` the
    monthly basic allowance, ``allowance_rate`` ``"full"``, ``"partial"`` or ``""`` when
    the resources exceed the ceilings.
    """

    date: dt.date
    adoption: bool
    grant: Decimal
    allowance: Decimal
    allowance_rate: str
    partial_ceiling: Decimal
    full_ceiling: Decimal
    steps: tuple[Step, ...]
    notes_fr: tuple[str, ...] = ()

    @property
    def grant_label_fr(self) -> str:
        return "Prime à l’adoption" if self.adoption else "Prime à la naissance"

    @property
    def allowance_rate_fr(self) -> str:
        return {"full": "à taux plein", "partial": "à taux partiel"}.get(self.allowance_rate, "")

    @property
    def scales(self) -> tuple[ParameterUse, ...]:
        return _parameter_uses(self.steps)


def _ceiling(
    name: str, date: dt.date, children: int, increased: bool, label_fr: str
) -> tuple[Decimal, Step]:
    parameter = get(name, date)
    table = parameter.value
    amount = table[str(min(children, 2))] + table["extra"] * max(children - 2, 0)
    formula = f"barème de {_children_fr(children)}"
    if increased:
        amount += table["two_incomes_increase"]
        formula += (
            f", majoré de {format_eur(table['two_incomes_increase'])} (deux revenus ou parent seul)"
        )
    return amount, step(label_fr, formula, amount, parameter=parameter)


def _net_of_crds(
    date: dt.date, rate: Decimal, label_fr: str, rate_parameter
) -> tuple[Decimal, list[Step]]:
    bmaf = get("bmaf", date)
    crds = get("crds_rate", date)
    gross = round_half_up(bmaf.value * rate / HUNDRED)
    crds_amount = floor_cents(gross * crds.value)
    net = gross - crds_amount
    return net, [
        step(
            f"{label_fr} avant CRDS",
            f"{format_eur(bmaf.value)} (base mensuelle des allocations familiales) × "
            f"{format_percent(rate)}",
            gross,
            parameter=rate_parameter,
        ),
        step(
            "CRDS (arrondie au centime inférieur)",
            f"{format_eur(gross)} × {format_percent(_percent(crds.value))}",
            crds_amount,
            parameter=crds,
        ),
        step(label_fr, f"{format_eur(gross)} − {format_eur(crds_amount)}", net, parameter=bmaf),
    ]


def paje(
    *,
    date: dt.date,
    annual_resources: Decimal | int | str,
    children: int,
    two_incomes: bool = False,
    single_parent: bool = False,
    adoption: bool = False,
) -> PajeResult:
    """Estimate the birth (or adoption) grant and the basic allowance.

    ``children`` counts the dependent children including the child expected or adopted;
    ``two_incomes`` (a couple where each partner has a minimal professional income) and
    ``single_parent`` both raise the ceilings by the same amount.
    """
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        raise SimulationError("date", "La date doit être une date du calendrier.")
    if date < FIRST_PAJE_DATE:
        raise SimulationError(
            "date",
            "Cette estimation concerne les enfants nés ou adoptés à partir du "
            f"{format_date_fr(FIRST_PAJE_DATE)}.",
        )
    annual = _check_resources(annual_resources)
    children = _integer(
        "children",
        children,
        1,
        MAX_CHILDREN,
        f"Le foyer doit compter entre 1 et {MAX_CHILDREN} enfants à charge, "
        "y compris l’enfant attendu ou adopté.",
    )
    if two_incomes and single_parent:
        raise SimulationError(
            "two_incomes",
            f"Un parent seul n’a qu’un revenu{NBSP}: ne cochez pas « deux revenus ».",
        )
    increased = bool(two_incomes or single_parent)
    steps = [
        step(
            f"Ressources de l’année {date.year - 2} (N-2)",
            "revenus nets catégoriels connus de la Caf",
            annual,
        )
    ]
    partial_ceiling, partial_step = _ceiling(
        "paje_ceilings_partial_rate",
        date,
        children,
        increased,
        "Plafond de la prime et de l’allocation de base à taux partiel",
    )
    full_ceiling, full_step = _ceiling(
        "paje_ceilings_full_rate",
        date,
        children,
        increased,
        "Plafond de l’allocation de base à taux plein",
    )
    steps += [partial_step, full_step]
    notes = [
        "Estimation pour un enfant. En cas de naissances ou d’adoptions multiples, la prime "
        "et l’allocation de base sont versées pour chaque enfant.",
    ]

    if annual > partial_ceiling:
        steps.append(
            step(
                "Prime et allocation de base",
                f"{format_eur(annual)} dépasse le plafond de {format_eur(partial_ceiling)}",
                Decimal(0),
            )
        )
        notes.insert(
            0,
            f"Vos ressources ({format_eur(annual)}) dépassent le plafond de "
            f"{format_eur(partial_ceiling)}{NBSP}: ni prime ni allocation de base.",
        )
        return PajeResult(
            date=date,
            adoption=adoption,
            grant=Decimal(0),
            allowance=Decimal(0),
            allowance_rate="",
            partial_ceiling=partial_ceiling,
            full_ceiling=full_ceiling,
            steps=tuple(steps),
            notes_fr=tuple(notes),
        )

    grant_name = "paje_adoption_grant_rate" if adoption else "paje_birth_grant_rate"
    grant_rate = get(grant_name, date)
    grant, grant_steps = _net_of_crds(
        date,
        grant_rate.value,
        "Prime à l’adoption" if adoption else "Prime à la naissance",
        grant_rate,
    )
    steps += grant_steps

    rates = get("paje_basic_allowance_rates", date)
    allowance_rate = "full" if annual <= full_ceiling else "partial"
    label = (
        "Allocation de base à taux plein, par mois"
        if allowance_rate == "full"
        else "Allocation de base à taux partiel, par mois"
    )
    allowance, allowance_steps = _net_of_crds(date, rates.value[allowance_rate], label, rates)
    steps += allowance_steps
    return PajeResult(
        date=date,
        adoption=adoption,
        grant=grant,
        allowance=allowance,
        allowance_rate=allowance_rate,
        partial_ceiling=partial_ceiling,
        full_ceiling=full_ceiling,
        steps=tuple(steps),
        notes_fr=tuple(notes),
    )
