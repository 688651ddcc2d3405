"""Data scopes: what part of the data a request may read or change.

A `Scope` is built once per request (by the back-office view declaration, or by a space for
its own people) and applied by `selectors.scoped(queryset, scope)`. Four territories exist:

- national: every row (moderators, national administrators);
- a CAF: the rows whose CAF is that CAF (agents, CAF administrators, per active CAF);
- structures: the rows of the structures a person is habilitated for (managers);
- communes: the rows located in the communes a LINF serves (information points).

Each model declares how it reaches each territory with a `ScopeLookups` class attribute
`scope_lookups`; a territory a model does not declare yields no row (fails closed).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ScopeKind(enum.StrEnum):
    NATIONAL = "national"
    CAF = "caf"
    STRUCTURES = "structures"
    COMMUNES = "communes"
    NOTHING = "nothing"


@dataclass(frozen=True)
class ScopeLookups:
    """How a model reaches each territory: ORM lookups to a Caf, a Structure, a Commune."""

    caf: str | None = None
    structure: str | None = None
    commune: str | None = None


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    caf: object | None = None
    structure_ids: frozenset[int] = field(default_factory=frozenset)
    commune_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def national(cls) -> Scope:
        return cls(ScopeKind.NATIONAL)

    @classmethod
    def of_caf(cls, caf) -> Scope:
        return cls(ScopeKind.CAF, caf=caf) if caf is not None else cls.nothing()

    @classmethod
    def of_structures(cls, ids) -> Scope:
        return cls(ScopeKind.STRUCTURES, structure_ids=frozenset(ids))

    @classmethod
    def of_communes(cls, ids) -> Scope:
        return cls(ScopeKind.COMMUNES, commune_ids=frozenset(ids))

    @classmethod
    def nothing(cls) -> Scope:
        return cls(ScopeKind.NOTHING)

    @property
    def is_national(self) -> bool:
        return self.kind == ScopeKind.NATIONAL


# What a back-office view declares next to its permission (see www.backoffice.decorators).
NATIONAL = "national"  # national for holders of a national role granting the permission
CAF = "caf"  # the active CAF
SCOPE_LEVELS = (NATIONAL, CAF)


def backoffice_scope(user, *, permission: str, level: str, caf) -> Scope:
    """The scope of a back-office request. `level` NATIONAL opens every row to a user who holds
    the permission through a national role counting everywhere (a moderator of the national
    pool, whose membership names no CAF; a national administrator); anyone else works in the
    active CAF (an agent reading their CAF's registration requests, or an agent of a CAF who
    also moderates that CAF's requests, decision D1)."""
    from . import perms
    from .enums import NATIONAL_ROLES, Role

    if level == NATIONAL and permission in perms.PERMISSIONS:
        granted_by = perms.PERMISSIONS[permission]
        for membership in perms.memberships_of(user):
            role = Role(membership.role)
            counts_everywhere = membership.caf_id is None or role == Role.NATIONAL_ADMIN
            if role in NATIONAL_ROLES and role in granted_by and counts_everywhere:
                return Scope.national()
    return Scope.of_caf(caf)


def person_scope(user) -> Scope:
    """A manager's scope: the structures of the person's habilitations."""
    from monenfant.habilitations.selectors import habilitated_structure_ids

    return Scope.of_structures(habilitated_structure_ids(user))


def information_point_scope(user) -> Scope:
    """A LINF desk's scope: the communes served by the information points the person is
    habilitated for."""
    from monenfant.habilitations.selectors import served_commune_ids

    return Scope.of_communes(served_commune_ids(user))
