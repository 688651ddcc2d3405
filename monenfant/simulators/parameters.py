"""Versioned parameters of the cost simulators, read from ``parameters/*.yaml``.

Each parameter is a list of entries ``{start, value, source, confidence, note}``;
the entry in force at a date is the last one whose ``start`` is on or before it.
Numbers are written as strings in the YAML files and read as ``Decimal`` so that
no binary floating point ever enters a computation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import SimulationError

PARAMETERS_DIR = Path(__file__).with_name("parameters")
CONFIDENCE_LEVELS = ("official", "derived", "unverified")
FIRST_SUPPORTED_DATE = dt.date(2018, 1, 1)


@dataclass(frozen=True)
class ParameterValue:
    """One dated value of a parameter, with where it comes from."""

    name: str
    label_fr: str
    value: Any
    start: dt.date
    source: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    label_fr: str
    unit: str
    entries: tuple[ParameterValue, ...]
    filename: str = ""

    def at(self, date: dt.date) -> ParameterValue:
        """Return the entry in force at ``date``."""
        if date < FIRST_SUPPORTED_DATE or date < self.entries[0].start:
            raise SimulationError(
                "date",
                "Aucun barème n’est disponible avant le "
                f"{format_date_fr(max(FIRST_SUPPORTED_DATE, self.entries[0].start))}.",
            )
        current = self.entries[0]
        for entry in self.entries[1:]:
            if entry.start > date:
                break
            current = entry
        return current


def french_spacing(text: str) -> str:
    """No-break spaces before « ; : » and inside « », as French typography wants."""
    for before, after in (
        (" ;", "\u00a0;"),
        (" :", "\u00a0:"),
        ("« ", "«\u00a0"),
        (" »", "\u00a0»"),
    ):
        text = text.replace(before, after)
    return text


def _to_decimal(raw: Any) -> Any:
    """Convert every number (or numeric string) of a YAML value to ``Decimal``."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return Decimal(str(raw))
    if isinstance(raw, str):
        try:
            return Decimal(raw)
        except ArithmeticError:
            return raw
    if isinstance(raw, list):
        return [_to_decimal(item) for item in raw]
    if isinstance(raw, dict):
        return {key: _to_decimal(item) for key, item in raw.items()}
    return raw


def _parse_parameter(name: str, spec: dict[str, Any], filename: str) -> Parameter:
    entries = []
    for raw in spec["entries"]:
        start = raw["start"]
        if not isinstance(start, dt.date):
            raise ValueError(f"{filename}:{name}: start must be a YYYY-MM-DD date")
        confidence = raw.get("confidence", "")
        if confidence not in CONFIDENCE_LEVELS:
            raise ValueError(f"{filename}:{name}: bad confidence {confidence!r}")
        if not raw.get("source"):
            raise ValueError(f"{filename}:{name}: every entry needs a source")
        entries.append(
            ParameterValue(
                name=name,
                label_fr=spec["label_fr"],
                value=_to_decimal(raw["value"]),
                start=start,
                source=french_spacing(" ".join(raw["source"].split())),
                confidence=confidence,
                note=(raw.get("note") or "").strip(),
            )
        )
    entries.sort(key=lambda entry: entry.start)
    if len({entry.start for entry in entries}) != len(entries):
        raise ValueError(f"{filename}:{name}: two entries share a start date")
    return Parameter(name, spec["label_fr"], spec.get("unit", ""), tuple(entries), filename)


@cache
def all_parameters() -> dict[str, Parameter]:
    """Load every parameter file once (the files ship with the package)."""
    parameters: dict[str, Parameter] = {}
    for path in sorted(PARAMETERS_DIR.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, spec in content.items():
            if name in parameters:
                raise ValueError(f"{path.name}: parameter {name} defined twice")
            parameters[name] = _parse_parameter(name, spec, path.name)
    return parameters


def get(name: str, date: dt.date) -> ParameterValue:
    """The value of parameter ``name`` in force at ``date``."""
    return all_parameters()[name].at(date)


def bracket_rate(brackets: list[list[Decimal]], count: int) -> Decimal:
    """Pick in ``[[min_count, rate], ...]`` the rate of the last bracket reached by ``count``."""
    chosen = brackets[0][1]
    for minimum, rate in brackets:
        if count >= minimum:
            chosen = rate
    return chosen


MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def format_date_fr(date: dt.date) -> str:
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTHS_FR[date.month - 1]} {date.year}"


def _markdown_value(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return " / ".join(f"{int(minimum)}+ enf.: {rate} %" for minimum, rate in value)
    if isinstance(value, list):
        return " / ".join(f"{rate} %" for rate in value)
    if isinstance(value, dict) and not any(isinstance(item, dict) for item in value.values()):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    if isinstance(value, dict):
        return "; ".join(
            f"{key}: " + ", ".join(f"{count} → {amount}" for count, amount in table.items())
            for key, table in value.items()
        )
    return str(value)


def markdown_tables() -> str:
    """Tables of every parameter and dated value, embedded in docs/simulators.md."""
    lines: list[str] = []
    current_file = None
    for name, parameter in all_parameters().items():
        if parameter.filename != current_file:
            current_file = parameter.filename
            lines += [f"### `parameters/{current_file}`", ""]
        lines += [
            f"#### `{name}` — {parameter.label_fr} ({parameter.unit})",
            "",
            "| From | Value | Confidence | Source | Note |",
            "| --- | --- | --- | --- | --- |",
        ]
        for entry in parameter.entries:
            confidence = (
                entry.confidence if entry.confidence == "official" else f"**{entry.confidence}**"
            )
            cells = [
                entry.start.isoformat(),
                _markdown_value(entry.value),
                confidence,
                entry.source,
                entry.note,
            ]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
