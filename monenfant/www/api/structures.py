"""GET /structures (open data: every validated structure) and PUT
/structures/{id}/availability (a manager's software sends the half-day availability table,
arrêté of 31 August 2021)."""

import datetime

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja import Query, Router, Schema
from ninja.security import HttpBearer
from pydantic import Field

from monenfant.audit.services import audit
from monenfant.referential.models import Departement
from monenfant.structures.availability import Cell, cell_errors
from monenfant.structures.enums import KINDS_WITH_AVAILABILITY, StructureKind
from monenfant.structures.models import AvailabilityToken
from monenfant.structures.selectors import availability_window, public_structures
from monenfant.structures.services import hash_token, structure_availability_set
from monenfant.utils.antispam import rate_limit_exceeded

from .errors import BODY_ERRORS, COMMON_ERRORS, ApiInputError, InputErrorOut, MessageOut
from .search import StructureOut, structure_document

router = Router(tags=["Structures (données ouvertes et échange de données)"])

MAX_PAGE_SIZE = 100
# Sends per structure and minute: a manager's software sends once a day or a week; this
# only stops a runaway loop.
AVAILABILITY_SENDS_PER_MINUTE = 10


class OpenDataForm(forms.Form):
    """The list's parameters, checked with French messages naming the field."""

    kind = forms.ChoiceField(choices=StructureKind.choices, required=False)
    departement = forms.CharField(max_length=3, required=False)
    modified_since = forms.DateTimeField(required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)

    def clean_departement(self):
        code = self.cleaned_data["departement"].upper()
        if code and not Departement.objects.filter(code=code).exists():
            raise forms.ValidationError(_lazy("Département inconnu."))
        return code


class OpenDataParams(Schema):
    """Documented here, checked by OpenDataForm."""

    kind: str | None = Field(
        None,
        description="Type : eaje, mam, rpe, linf, laep, alsh, smf, er, home_care, clas",
        examples=["eaje"],
    )
    departement: str | None = Field(
        None, description="Code du département (16, 2A, 971…)", examples=["16"]
    )
    modified_since: str | None = Field(
        None,
        description="Seulement les structures modifiées depuis cette date "
        "(AAAA-MM-JJ ou AAAA-MM-JJTHH:MM, heure de Paris)",
        examples=["2026-11-01"],
    )
    page: str | None = Field(None, description="Numéro de page, à partir de 1", examples=["1"])
    page_size: str | None = Field(
        None, description=f"Structures par page, de 1 à {MAX_PAGE_SIZE} (50 par défaut)"
    )


class StructureListItemOut(StructureOut):
    departement: str


class StructurePageOut(Schema):
    count: int = Field(description="Nombre de structures répondant aux filtres")
    page: int
    page_size: int
    results: list[StructureListItemOut]


@router.get(
    "",
    response={200: StructurePageOut, **COMMON_ERRORS},
    exclude_none=True,
    summary="Données ouvertes : les structures référencées",
    openapi_extra={
        "responses": {
            200: {
                "description": "Une page de structures validées, par identifiant croissant",
                "content": {
                    "application/json": {
                        "example": {
                            "count": 1,
                            "page": 1,
                            "page_size": 50,
                            "results": [
                                {
                                    "id": 42,
                                    "kind": "eaje",
                                    "kind_label": "Établissement d'accueil du jeune enfant "
                                    "(crèche)",
                                    "psu": True,
                                    "name": "Crèche des Remparts",
                                    "address": "1 place de l'Hôtel de Ville",
                                    "postal_code": "16000",
                                    "commune": {"insee_code": "16015", "name": "Angoulême"},
                                    "departement": "16",
                                    "lat": 45.65,
                                    "lon": 0.16,
                                    "age_min_months": 2,
                                    "age_max_months": 36,
                                    "opening_hours": [],
                                    "time_zone": "Europe/Paris",
                                    "communes_served": [],
                                    "online_desk": False,
                                    "updated_at": "2026-11-30",
                                    "url": "https://monenfant.fr/structure/42/",
                                }
                            ],
                        }
                    }
                },
            }
        }
    },
)
def list_structures(request: HttpRequest, params: Query[OpenDataParams]):
    """Every validated structure with the fields of its public sheet, for reusers (the
    national data-inclusion service…). Childminders are never listed: their data is personal.
    Use `modified_since` to fetch only what changed since the last run."""
    form = OpenDataForm(request.GET)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise ApiInputError(field, errors[0])
    data = form.cleaned_data
    structures = public_structures().order_by("pk")
    if data["kind"]:
        structures = structures.filter(kind=data["kind"])
    if data["departement"]:
        structures = structures.filter(commune__departement__code=data["departement"])
    if data["modified_since"]:
        structures = structures.filter(updated_at__gte=data["modified_since"])
    page, page_size = data["page"] or 1, data["page_size"] or 50
    offset = (page - 1) * page_size
    return {
        "count": structures.count(),
        "page": page,
        "page_size": page_size,
        "results": [
            {**structure_document(s), "departement": s.commune.departement.code}
            for s in structures[offset : offset + page_size]
        ],
    }


# --- Availability by data exchange ---------------------------------------------------------


class StructureToken(HttpBearer):
    """`Authorization: Bearer <jeton>`: the structure's token, created in the manager space
    (« Échange de données »)."""

    openapi_description = "Jeton de la structure, créé dans l'espace gestionnaire"

    def authenticate(self, request, token):
        # None: ninja raises AuthenticationError, answered (and logged) by api.py.
        return (
            AvailabilityToken.objects.active()
            .select_related("structure")
            .filter(token_hash=hash_token(token))
            .first()
        )


class HalfDayIn(Schema):
    date: datetime.date = Field(description="Une date de J à J+30 (AAAA-MM-JJ)")
    half_day: str = Field(description="« matin » ou « apres_midi »", examples=["matin"])
    status: str = Field(
        description="« disponible », « non_disponible » ou « non_travaille »",
        examples=["disponible"],
    )
    places: int = Field(
        0,
        description="Places libres, pour une demi-journée « disponible » (de 1 à la capacité "
        "d'accueil)",
        examples=[3],
    )


class AvailabilityIn(Schema):
    half_days: list[HalfDayIn] = Field(
        max_length=200,
        description="Les demi-journées de J à J+30 ; une demi-journée absente est "
        "« non_travaille ».",
    )


class AvailabilityOut(Schema):
    structure_id: int
    availability_confirmed_on: datetime.date
    window_start: datetime.date
    window_end: datetime.date
    available_half_days: int


def _example_body() -> dict:
    return {
        "half_days": [
            {"date": "2026-12-07", "half_day": "matin", "status": "disponible", "places": 3},
            {"date": "2026-12-07", "half_day": "apres_midi", "status": "non_disponible"},
            {"date": "2026-12-08", "half_day": "matin", "status": "non_travaille"},
        ]
    }


@router.put(
    "/{structure_id}/availability",
    auth=StructureToken(),
    response={
        200: AvailabilityOut,
        401: InputErrorOut,
        403: InputErrorOut,
        **BODY_ERRORS,
        429: MessageOut,
    },
    summary="Envoyer les disponibilités d'une crèche ou d'une MAM (échange de données)",
    openapi_extra={"requestBody": {"content": {"application/json": {"example": _example_body()}}}},
)
def put_availability(request: HttpRequest, structure_id: int, payload: AvailabilityIn):
    """Replaces the whole table from today (J) to J+30, half-day by half-day, and publishes
    it at once (arrêté du 31 août 2021 : au moins 3 jours avant la date, mis à jour au moins
    chaque semaine). Sending the same body twice leaves the same table. Every call, accepted
    or refused, is logged."""
    token = request.auth
    structure = token.structure
    if structure.pk != structure_id or structure.kind not in KINDS_WITH_AVAILABILITY:
        raise _refused(
            structure,
            "path",
            "structure_id",
            _("Ce jeton ne permet pas d'envoyer les disponibilités de cette structure."),
            403,
        )
    if rate_limit_exceeded(
        f"availability-api:{structure.pk}",
        limit=AVAILABILITY_SENDS_PER_MINUTE,
        window_seconds=60,
    ):
        audit("availability_api_refused", target=structure, status=429, field="")
        return 429, {"detail": _("Trop d'envois pour cette structure. Réessayez dans une minute.")}
    window = availability_window()
    seen = set()
    cells = []
    for index, item in enumerate(payload.half_days):
        errors = cell_errors(
            structure,
            date=item.date,
            half_day=item.half_day,
            status=item.status,
            places=item.places,
            window=window,
        )
        if (item.date, item.half_day) in seen:
            errors["half_day"] = _("Cette demi-journée est déjà dans l'envoi.")
        if errors:
            field, message = next(iter(errors.items()))
            raise _refused(structure, "body", f"half_days.{index}.{field}", message, 422)
        seen.add((item.date, item.half_day))
        cells.append(Cell(item.date, item.half_day, item.status, item.places))
    days = [window[0] + datetime.timedelta(days=n) for n in range((window[1] - window[0]).days + 1)]
    structure_availability_set(
        structure=structure, dates=days, cells=cells, source="api", token_id=token.pk
    )
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    return 200, {
        "structure_id": structure.pk,
        "availability_confirmed_on": structure.availability_confirmed_on,
        "window_start": window[0],
        "window_end": window[1],
        "available_half_days": sum(1 for c in cells if c.status == "disponible"),
    }


def _refused(structure, location, field, message, status) -> ApiInputError:
    audit("availability_api_refused", target=structure, status=status, field=field)
    return ApiInputError(field, message, status=status, location=location)
