from ninja import Query, Router, Schema
from pydantic import Field

from monenfant.referential.selectors import (
    MAX_QUERY_LENGTH,
    MIN_QUERY_LENGTH,
    CommuneQueryError,
    search_communes,
)

from .errors import COMMON_ERRORS, ApiInputError

router = Router(tags=["Référentiel"])


class CommuneOut(Schema):
    insee_code: str
    name: str
    postal_codes: list[str]
    departement: str = Field(validation_alias="departement.code")
    lat: float = Field(validation_alias="latitude")
    lon: float = Field(validation_alias="longitude")


class CommuneQuery(Schema):
    q: str = Field(
        max_length=MAX_QUERY_LENGTH,
        # Documented, and checked by search_communes with a French message.
        json_schema_extra={"minLength": MIN_QUERY_LENGTH},
        description="Début du nom (accents et majuscules indifférents), code postal ou code INSEE",
    )
    limit: int = Field(10, ge=1, le=50)


@router.get("", response={200: list[CommuneOut], **COMMON_ERRORS}, summary="Rechercher une commune")
def list_communes(request, filters: Query[CommuneQuery]):
    try:
        return search_communes(filters.q, limit=filters.limit)
    except CommuneQueryError as error:
        raise ApiInputError("q", str(error)) from error
