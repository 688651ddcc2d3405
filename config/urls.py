from django.contrib import admin
from django.urls import include, path

from monenfant.www.api.api import api
from monenfant.www.urls import public

admin.site.site_header = "monenfant.fr — administration technique"

api_urls, api_app_name, api_namespace = api.urls

urlpatterns = [
    path("", include("monenfant.www.public.urls")),
    path("compte/assistant-maternel/", include("monenfant.www.childminder_space.urls")),
    path("compte/", include("monenfant.www.account.urls")),
    path("fichiers/", include("monenfant.www.files.urls")),
    path("administration/technique/", admin.site.urls),
    path("administration/", include("monenfant.www.backoffice.urls")),
    path("api/v1/", include((public(api_urls), api_app_name), namespace=api_namespace)),
]

# A database outage is answered 503 with Retry-After (any other error: the 500 page with the
# site constants, monenfant.www.errors).
handler500 = "monenfant.www.outage.server_error"
