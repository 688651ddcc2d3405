from ninja import Schema
from pydantic import Field


class ApiInputError(Exception):
    """Input the API cannot serve; answered with a 4xx naming the field."""

    def __init__(self, field: str, message: str, *, status: int = 422, location: str = "query"):
        super().__init__(message)
        self.field, self.message, self.status, self.location = field, message, status, location


def error_response(api, request, location, field, message, status):
    return api.create_response(
        request, {"detail": [{"loc": [location, field], "msg": str(message)}]}, status=status
    )


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(
        description="Où est l'erreur : « query », « path » ou « body », puis le champ."
    )
    msg: str = Field(description="Le message, en français pour les règles du service.")
    type: str | None = Field(None, description="Type d'erreur de validation, s'il y en a un.")


class InputErrorOut(Schema):
    """422 (input refused) and 404 (no such record): each error names its field."""

    detail: list[FieldErrorOut]


class MessageOut(Schema):
    """429 (too many requests), 400 (body that is not JSON), 503 (service unavailable)."""

    detail: str


# The error answers every operation may give, declared in the OpenAPI description.
COMMON_ERRORS = {422: InputErrorOut, 429: MessageOut, 503: MessageOut}
BODY_ERRORS = {400: MessageOut, **COMMON_ERRORS}
NOT_FOUND = {404: InputErrorOut, **COMMON_ERRORS}
