"""Automatic identity check of a registering childminder (seed 002: « Validation automatique
de l'identité », done against the national register SNGI before the agrément is entered).

The national register is not reachable from this code base, so the verifier is chosen by the
setting CHILDMINDER_IDENTITY_VERIFIER (dotted path to a class implementing IdentityVerifier).
The default, LocalIdentityVerifier, applies the consistency rules the register would apply
first. A national verifier is a class whose `verify()` calls the register with the same
identity and maps its answer to an IdentityCheck; nothing else changes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

# Letters (accented too), spaces, hyphens and apostrophes: the characters of civil-status names.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")
MIN_AGE = 18  # an agrément is given to adults only (Code de l'action sociale, L421-3)
MAX_AGE = 100


@dataclass(frozen=True)
class Identity:
    birth_name: str
    first_names: str
    birth_date: date
    usage_name: str = ""


@dataclass(frozen=True)
class IdentityCheck:
    ok: bool
    verifier: str
    # {field name: French message} for the form to show on each field.
    errors: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class IdentityVerifier(Protocol):
    name: str

    def verify(self, identity: Identity, *, today: date) -> IdentityCheck: ...


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class LocalIdentityVerifier:
    """Rules checked without the register: names made of name characters, an adult's date of
    birth that is not absurd."""

    name = "local"

    def verify(self, identity: Identity, *, today: date) -> IdentityCheck:
        errors = {}
        for field_name in ("birth_name", "usage_name", "first_names"):
            value = getattr(identity, field_name).strip()
            if value and not _NAME.match(value):
                errors[field_name] = _(
                    "Saisissez le nom tel qu'il figure à l'état civil\u00a0: lettres, espaces, "
                    "traits d'union et apostrophes seulement."
                )
        age = _age(identity.birth_date, today)
        if identity.birth_date > today:
            errors["birth_date"] = _("La date de naissance ne peut pas être dans le futur.")
        elif age < MIN_AGE:
            errors["birth_date"] = _(
                "Un agrément d'assistant maternel n'est délivré qu'à une personne majeure."
            )
        elif age > MAX_AGE:
            errors["birth_date"] = _("Vérifiez l'année de naissance.")
        return IdentityCheck(ok=not errors, verifier=self.name, errors=errors)


def identity_verifier() -> IdentityVerifier:
    return import_string(settings.CHILDMINDER_IDENTITY_VERIFIER)()
