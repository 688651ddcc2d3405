"""GET /search, /childminders/{id}, /structures/{id}: the public search and sheets."""

from datetime import date, time
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field, WithJsonSchema

from monenfant.childminders.models import Childminder
from monenfant.childminders.selectors import public_childminder
from monenfant.referential.timezones import time_zone_of
from monenfant.search.selectors import PageOutOfRange, map_points, search
from monenfant.structures.models import Structure
from monenfant.structures.selectors import availability_table, public_structure
from monenfant.www.public.forms import SearchForm
from monenfant.www.public.links import result_url

from .errors import COMMON_ERRORS, NOT_FOUND, ApiInputError

router = Router(tags=["Recherche"])


class SearchParams(Schema):
    """Documented here, validated by SearchForm (the search page's form) so that the API and
    the page accept the same input and answer with the same French messages."""

    commune: str | None = Field(
        None,
        description="Code INSEE (lu d'abord comme tel), code postal ou nom de commune",
        examples=["16015"],
    )
    lat: str | None = Field(None, description="Latitude, au lieu de `commune`")
    lon: str | None = Field(None, description="Longitude, au lieu de `commune`")
    radius_km: str | None = Field(None, description="Rayon en km, de 1 à 50 (5 par défaut)")
    kinds: str | None = Field(
        None,
        description="Types séparés par des virgules : asm, eaje, mam, rpe, linf, laep, alsh, smf, er, home_care, clas",
    )
    available: str | None = Field(
        None, description="`true` : avec des places disponibles aujourd'hui"
    )
    available_from: str | None = Field(
        None, description="Places disponibles à partir de cette date (AAAA-MM-JJ)"
    )
    age_months: str | None = Field(None, description="Âge de l'enfant en mois")
    days: str | None = Field(
        None, description="Jours souhaités : mon, tue, wed, thu, fri, sat, sun"
    )
    start_time: str | None = Field(None, description="Heure de début souhaitée (HH:MM)")
    end_time: str | None = Field(None, description="Heure de fin souhaitée (HH:MM)")
    page: str | None = Field(None, description="Numéro de page, à partir de 1")


class CommuneRef(Schema):
    insee_code: str
    name: str


class SearchResultOut(Schema):
    kind: str
    id: int
    name: str
    commune: CommuneRef
    distance_km: float
    lat: float
    lon: float
    available_places: int | None
    available_on: date | None
    availability_confirmed_on: date | None
    serves_commune: bool
    url: str


class SearchPageOut(Schema):
    count: int
    count_capped: bool = Field(
        False, description="`true` : plus de `count` résultats (le compte s'arrête à 1 000)"
    )
    page: int
    page_size: int
    results: list[SearchResultOut]


@router.get(
    "/search",
    response={200: SearchPageOut, **COMMON_ERRORS},
    summary="Rechercher un mode d'accueil",
)
def search_endpoint(request: HttpRequest, params: Query[SearchParams]):
    form = SearchForm(request.GET, insee_code_first=True)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise ApiInputError(field, errors[0])
    page_number = form.cleaned_data["page"] or 1
    try:
        page = search(form.search_query(), page=page_number)
    except PageOutOfRange as error:
        raise ApiInputError(
            "page", _("Cette page n'existe pas : il y a moins de résultats.")
        ) from error
    return {
        "count": page.count,
        "count_capped": page.count_capped,
        "page": page.page,
        "page_size": page.page_size,
        "results": [
            {
                "kind": r.kind,
                "id": r.id,
                "name": r.name,
                "commune": r.commune,
                "distance_km": r.distance_km,
                "lat": r.latitude,
                "lon": r.longitude,
                "available_places": r.available_places,
                "available_on": r.available_on,
                "availability_confirmed_on": r.availability_confirmed_on,
                "serves_commune": r.serves_commune,
                "url": result_url(r.kind, r.id),
            }
            for r in page.results
        ],
    }


def _fixed_array(length: int, item_types: list[str]) -> WithJsonSchema:
    """A fixed-length array. Described without `prefixItems`: schemathesis rewrites tuple
    schemas into the pre-2020 `items` list, which OpenAPI 3.1 refuses; the field's
    description names each position."""
    return WithJsonSchema(
        {
            "type": "array",
            "items": {"type": item_types},
            "minItems": length,
            "maxItems": length,
        }
    )


MapPoint = Annotated[tuple[str, int, float, float], _fixed_array(4, ["string", "number"])]
MapCluster = Annotated[tuple[float, float, int], _fixed_array(3, ["number"])]


class SearchMapOut(Schema):
    count: int = Field(description="Nombre de résultats dans le cercle (tous)")
    points: list[MapPoint] = Field(
        description="Chaque résultat : [type, id, lat, lon], point public (la mairie quand "
        "l'adresse n'est pas communiquée) ; vide au-delà de 3 000 résultats"
    )
    clusters: list[MapCluster] = Field(
        description="Au-delà de 3 000 résultats : [lat, lon, nombre] par case d'une grille"
    )


@router.get(
    "/search/map",
    response={200: SearchMapOut, **COMMON_ERRORS},
    summary="Tous les résultats d'une recherche, pour la carte",
    url_name="search_map",
)
def search_map_endpoint(request: HttpRequest, params: Query[SearchParams]):
    """Same parameters as /search (page ignored); every result of the circle, light."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise ApiInputError(field, errors[0])
    points = map_points(form.search_query())
    return {"count": points.count, "points": points.points, "clusters": points.clusters}


# Opening hours are wall-clock times of the place, without a date: no fixed UTC offset fits
# them (summer time), so the sheet names its time zone (`time_zone`) instead. Described as a
# plain pattern: OpenAPI's `format: time` (RFC 3339) would require an offset.
LocalTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
            "description": "Heure locale du lieu (HH:MM:SS), dans le fuseau « time_zone » "
            "de la fiche",
        }
    ),
]
TIME_ZONE_FIELD = Field(
    description="Fuseau horaire (nom IANA) des heures de la fiche : Europe/Paris, ou celui "
    "du département d'outre-mer (Indian/Reunion, America/Cayenne…)",
    examples=["Europe/Paris"],
)


class TimeRangeOut(Schema):
    weekday: int
    starts_at: LocalTime
    ends_at: LocalTime


class ChildminderAvailabilityOut(TimeRangeOut):
    places: int


class ChildminderOut(Schema):
    """Hidden items (address, phone or e-mail) are left out of the document, not nulled."""

    id: int
    display_name: str
    commune: CommuneRef
    postal_code: str
    address: str | None = None
    lat: float
    lon: float
    phone: str | None = None
    email: str | None = None
    capacity: int
    agrement_ends_on: date
    age_min_months: int
    age_max_months: int
    available_places: int
    available_from: date | None = None
    availability_confirmed_on: date | None = None
    availabilities: list[ChildminderAvailabilityOut]
    time_zone: str = TIME_ZONE_FIELD
    working_hours: dict[str, list[list[str]]]
    hourly_rate: Decimal | None = None
    presentation: str
    place_description: str
    languages: list[str]
    activities: list[str]
    updated_at: date
    url: str


@router.get(
    "/childminders/{childminder_id}",
    response={200: ChildminderOut, **NOT_FOUND},
    exclude_none=True,
    summary="Fiche d'un assistant maternel",
)
def childminder_endpoint(request: HttpRequest, childminder_id: int):
    try:
        childminder = public_childminder(childminder_id)
    except Childminder.DoesNotExist as error:
        raise ApiInputError(
            "childminder_id", _("Assistant maternel introuvable."), status=404, location="path"
        ) from error
    lat, lon = childminder.public_location()
    return {
        "id": childminder.pk,
        "display_name": childminder.display_name,
        "commune": childminder.commune,
        "postal_code": childminder.postal_code,
        "address": childminder.public_address,
        "lat": lat,
        "lon": lon,
        "phone": childminder.public_phone,
        "email": childminder.public_email,
        "capacity": childminder.capacity,
        "agrement_ends_on": childminder.agrement_ends_on,
        "age_min_months": childminder.age_min_months,
        "age_max_months": childminder.age_max_months,
        "available_places": childminder.available_places,
        "available_from": childminder.available_from,
        "availability_confirmed_on": childminder.availability_confirmed_on,
        "availabilities": list(childminder.availabilities.all()),
        "time_zone": time_zone_of(childminder.commune.departement.code),
        "working_hours": childminder.working_hours,
        "hourly_rate": childminder.hourly_rate,
        "presentation": childminder.presentation,
        "place_description": childminder.place_description,
        "languages": childminder.languages,
        "activities": childminder.activities,
        "updated_at": childminder.updated_at.date(),
        "url": result_url("asm", childminder.pk),
    }


class OpeningPeriodOut(Schema):
    weekday: int
    opens_at: LocalTime
    closes_at: LocalTime


class HalfDayOut(Schema):
    date: date
    half_day: str
    status: str
    places: int


class StructureOut(Schema):
    id: int
    kind: str
    kind_label: str
    eaje_type: str | None = None
    psu: bool
    name: str
    address: str
    postal_code: str
    commune: CommuneRef
    lat: float
    lon: float
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    manager_name: str | None = None
    director_name: str | None = None
    capacity: int | None = None
    age_min_months: int
    age_max_months: int
    presentation: str | None = None
    fees: str | None = None
    educational_project: str | None = None
    team: str | None = None
    admission_conditions: str | None = None
    registration: str | None = None
    disabled_children_welcome: str | None = None
    closure_periods: str | None = None
    opening_hours: list[OpeningPeriodOut]
    time_zone: str = TIME_ZONE_FIELD
    communes_served: list[CommuneRef]
    online_desk: bool
    availability: list[HalfDayOut] | None = None
    availability_confirmed_on: date | None = None
    updated_at: date
    url: str


@router.get(
    "/structures/{structure_id}",
    response={200: StructureOut, **NOT_FOUND},
    exclude_none=True,
    summary="Fiche d'une structure",
)
def structure_endpoint(request: HttpRequest, structure_id: int):
    try:
        structure = public_structure(structure_id)
    except Structure.DoesNotExist as error:
        raise ApiInputError(
            "structure_id", _("Structure introuvable."), status=404, location="path"
        ) from error
    return structure_document(structure)


def structure_document(structure: Structure) -> dict:
    """A structure's public sheet as the API gives it (one structure or the open data list)."""
    text_fields = [
        "eaje_type", "phone", "email", "website", "manager_name", "director_name", "presentation",
        "fees", "educational_project", "team", "admission_conditions", "registration",
        "disabled_children_welcome", "closure_periods",
    ]  # fmt: skip
    slots = [
        cell
        for day in availability_table(structure)
        for cell in (day["morning"], day["afternoon"])
        if cell is not None
    ]
    return {
        **{name: getattr(structure, name) or None for name in text_fields},
        "id": structure.pk,
        "kind": structure.kind,
        "kind_label": structure.get_kind_display(),
        "psu": structure.psu,
        "name": structure.name,
        "address": structure.address,
        "postal_code": structure.postal_code,
        "commune": structure.commune,
        "lat": structure.latitude,
        "lon": structure.longitude,
        "capacity": structure.capacity,
        "age_min_months": structure.age_min_months,
        "age_max_months": structure.age_max_months,
        "opening_hours": list(structure.opening_periods.all()),
        "time_zone": time_zone_of(structure.commune.departement.code),
        "communes_served": structure.served_communes,
        "online_desk": structure.online_desk,
        "availability": slots or None,
        "availability_confirmed_on": structure.availability_confirmed_on,
        "updated_at": structure.updated_at.date(),
        "url": result_url(structure.kind, structure.pk),
    }
