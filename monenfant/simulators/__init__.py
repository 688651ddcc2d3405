"""Cost simulators of childcare modes (PSU crèches, CMG): pure Python, no Django.

Public API: :func:`creche_psu`, :func:`cmg_direct`, :func:`cmg_structure`,
:func:`compare`, :func:`paje`, their :class:`SimulationResult` with explanation :class:`Step`s,
and :class:`SimulationError` for out-of-range inputs. See docs/simulators.md.
"""

from .errors import SimulationError
from .explanation import Step, format_eur
from .paje import PajeResult, paje
from .parameters import ParameterValue, all_parameters, get
from .rules import (
    Comparison,
    CrecheKind,
    Employee,
    SimulationResult,
    Structure,
    cmg_direct,
    cmg_structure,
    compare,
    creche_psu,
    monthly_hours_from_weekly,
)

__all__ = [
    "Comparison",
    "CrecheKind",
    "Employee",
    "PajeResult",
    "ParameterValue",
    "SimulationError",
    "SimulationResult",
    "Step",
    "Structure",
    "all_parameters",
    "cmg_direct",
    "cmg_structure",
    "compare",
    "creche_psu",
    "format_eur",
    "get",
    "monthly_hours_from_weekly",
    "paje",
]
