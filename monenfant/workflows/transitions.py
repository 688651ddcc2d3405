"""Declarative state machines: a table of transitions next to each model.

    STRUCTURE_WORKFLOW = Workflow(
        states=StructureStatus,
        initial=StructureStatus.DRAFT,
        transitions=[
            Transition("submit", _("Soumettre à la validation"), sources={DRAFT},
                       target=PENDING, permission=(HABILITATED, "manage_structures")),
            ...
        ],
    )

and the model points to it with `workflow = STRUCTURE_WORKFLOW`. The one service applying a
transition is monenfant.workflows.services.transition_apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

# A permission that is no back-office role: the actor holds a habilitation for the object's
# structure (monenfant.habilitations).
HABILITATED = "habilitated"
# A permission that is no back-office role: the actor is the object's own account (`obj.user`),
# e.g. a childminder submitting their registration request.
OWNER = "owner"


class TransitionError(Exception):
    """A refused transition. `message` is French and shown as is to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    # Permission names (perms.PERMISSIONS keys checked in the object's CAF, or HABILITATED):
    # any one of them allows the transition.
    permission: tuple[str, ...]
    reason_required: bool = False
    # Called after commit with (obj, log): e-mails and tasks, never inside the transaction.
    notify: Callable | None = None

    def __init__(
        self,
        name,
        label,
        *,
        sources: Iterable,
        target,
        permission,
        reason_required=False,
        notify=None,
    ):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", str(target))
        permission = (permission,) if isinstance(permission, str) else tuple(permission)
        object.__setattr__(self, "permission", permission)
        object.__setattr__(self, "reason_required", reason_required)
        object.__setattr__(self, "notify", notify)


@dataclass(frozen=True)
class Workflow:
    states: type[models.TextChoices]
    initial: str
    transitions: tuple[Transition, ...]
    state_field: str = "status"
    # States another workflow writes (the childminder's moderation states are mirrored from
    # its ModerationRequest): reachable without a transition of this table.
    set_elsewhere: frozenset = frozenset()
    by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "transitions", tuple(self.transitions))
        object.__setattr__(self, "by_name", {t.name: t for t in self.transitions})
        if len(self.by_name) != len(self.transitions):
            raise ValueError("Two transitions share a name")

    def get(self, name: str) -> Transition | None:
        return self.by_name.get(name)

    def available_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if str(state) in t.sources]

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return str(state)
