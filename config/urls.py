from django.contrib import admin
from django.urls import include, path

from monenfant.www.api.api import api
from monenfant.www.urls import public

admin.site.site_header = "monenfant.fr — administration technique"

api_urls, api_app_name, api_namespace = api.urls

urlpatterns = [
    path("", include("monenfant.www.public.urls")),
    path(
        "professionnels/gestionnaire/",
        include("monenfant.www.habilitation_request.urls"),
    ),
    path("compte/assistant-maternel/", include("monenfant.www.childminder_space.urls")),
    path("compte/", include("monenfant.www.account.urls")),
    # /professionnels/assistant-maternel/inscription/… and /compte/assistant-maternel/demande/…
    path("", include("monenfant.www.registration.urls")),
    path("espace-gestionnaire/", include("monenfant.www.manager.urls")),
    path("fichiers/", include("monenfant.www.files.urls")),
    path("administration/technique/", admin.site.urls),
    path(
        "administration/demandes-information/",
        include("monenfant.www.information_requests.caf_urls"),
    ),
    path("administration/", include("monenfant.www.backoffice.urls")),
    # The manager space's availability pages (the rest of the space has its own module).
    path("espace-gestionnaire/", include("monenfant.www.structure_availability.urls")),
    path(
        "espace-gestionnaire/demandes-information/",
        include("monenfant.www.information_requests.desk_urls"),
    ),
    path("api/v1/", include((public(api_urls), api_app_name), namespace=api_namespace)),
]

# A database outage is answered 503 with Retry-After (any other error: the 500 page with the
# site constants, monenfant.www.errors).
handler500 = "monenfant.www.outage.server_error"
