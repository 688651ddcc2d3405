"""The public JSON API, versioned under /api/v1/ and described by OpenAPI."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from monenfant.audit.services import audit

from .errors import ApiInputError, error_response
from .renderers import JSONRenderer

api = NinjaAPI(
    title="API monenfant.fr",
    version="1",
    description=(
        "Référentiel des communes, recherche des modes d'accueil et simulateurs de coût. "
        "Les erreurs de saisie renvoient un statut 4xx et un corps "
        '`{"detail": [{"loc": ["query", "champ"], "msg": "…"}]}` qui nomme le champ.'
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=JSONRenderer(),
)


@api.exception_handler(ApiInputError)
def on_input_error(request: HttpRequest, exc: ApiInputError):
    return error_response(api, request, exc.location, exc.field, exc.message, exc.status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError):
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError):
    """A missing, unknown or revoked token (the data exchange's only authenticated route):
    logged, as every call of the data exchange is."""
    audit(
        "availability_api_refused",
        status=401,
        field="Authorization",
        path=request.path[:200],
    )
    return error_response(
        api,
        request,
        "header",
        "Authorization",
        _("Jeton absent, inconnu ou révoqué : « Authorization: Bearer <jeton> »."),
        401,
    )


from .communes import router as communes_router  # noqa: E402

api.add_router("/communes", communes_router)

from .simulations import router as simulations_router  # noqa: E402

api.add_router("/simulations", simulations_router)

# Before the search router, whose /structures/{id} would otherwise take "types" for an id.
from .structure_types import router as structure_types_router  # noqa: E402

api.add_router("/structures", structure_types_router)

from .structures import router as structures_router  # noqa: E402

api.add_router("/structures", structures_router)

from .search import router as search_router  # noqa: E402

api.add_router("", search_router)
