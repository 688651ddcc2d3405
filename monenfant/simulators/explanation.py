"""Explanation steps and French formatting of amounts.

Typography: a narrow no-break space (U+202F) groups thousands, a comma separates
decimals and a no-break space (U+00A0) comes before « € », « % », « h » and « : ».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .parameters import ParameterValue

NBSP = "\u00a0"
NNBSP = "\u202f"
CENT = Decimal("0.01")


def round_half_up(amount: Decimal, decimals: int = 2) -> Decimal:
    """Round half up (away from zero on a tie), the rounding of the Cnaf barèmes."""
    return amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def floor_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_FLOOR)


def _group(digits: str) -> str:
    """Group the integer digits by three with narrow no-break spaces."""
    head, _, tail = digits.partition(".")
    groups = []
    while len(head) > 3:
        groups.insert(0, head[-3:])
        head = head[:-3]
    groups.insert(0, head)
    grouped = NNBSP.join(groups)
    return f"{grouped},{tail}" if tail else grouped


def format_number(value: Decimal, decimals: int | None = None) -> str:
    """``Decimal('2500.5')`` → ``'2 500,5'`` (``decimals`` forces the number of decimals)."""
    if decimals is not None:
        value = round_half_up(value, decimals)
    sign = "-" if value < 0 else ""
    return sign + _group(f"{abs(value):f}")


def format_eur(amount: Decimal, decimals: int = 2) -> str:
    """``Decimal('2500')`` → ``'2 500,00 €'``."""
    return f"{format_number(amount, decimals)}{NBSP}€"


def format_percent(rate_percent: Decimal) -> str:
    """A rate already in percent: ``Decimal('0.0619')`` → ``'0,0619 %'``."""
    return f"{format_number(rate_percent)}{NBSP}%"


def format_hours(hours: Decimal) -> str:
    return f"{format_number(hours.normalize() if hours == hours.to_integral() else hours)}{NBSP}h"


def format_value(value: Decimal, unit: str) -> str:
    if unit == "€":
        return format_eur(value)
    if unit == "€/h":
        decimals = (
            max(2, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 2
        )
        return f"{format_eur(value, decimals)}/h"
    if unit == "%":
        return format_percent(value)
    if unit == "h":
        return format_hours(value)
    if unit == "ans":
        return f"{format_number(value)}{NBSP}ans"
    return format_number(value)


@dataclass(frozen=True)
class Step:
    """One step of a computation, shown to parents.

    ``label_fr`` describes the step in French, ``formula`` shows the operation with
    the actual numbers, ``value`` is the exact result of the step in ``unit``
    (« € », « €/h », « % », « h », « ans » or empty), and the ``parameter_*`` fields name the
    parameter used by the step, its source and its confidence flag.
    """

    label_fr: str
    formula: str
    value: Decimal
    unit: str = "€"
    parameter_name: str | None = None
    parameter_source: str | None = None
    parameter_confidence: str | None = None
    parameter_label_fr: str | None = None
    parameter_start: dt.date | None = None

    @property
    def value_fr(self) -> str:
        # A choice (which barème applies) is told in words, held by ``formula``.
        return self.formula if self.unit == "choice" else format_value(self.value, self.unit)

    @property
    def text_fr(self) -> str:
        """« Label : valeur », e.g. « Ressources mensuelles retenues : 2 500,00 € »."""
        return f"{self.label_fr}{NBSP}: {self.value_fr}"


def step(
    label_fr: str,
    formula: str,
    value: Decimal,
    unit: str = "€",
    parameter: ParameterValue | None = None,
) -> Step:
    return Step(
        label_fr=label_fr,
        formula=formula,
        value=value,
        unit=unit,
        parameter_name=parameter.name if parameter else None,
        parameter_source=parameter.source if parameter else None,
        parameter_confidence=parameter.confidence if parameter else None,
        parameter_label_fr=parameter.label_fr if parameter else None,
        parameter_start=parameter.start if parameter else None,
    )
