"""The LINF desk, in the managers' space (/espace-gestionnaire/demandes-information/). Every
view needs a logged-in person (account area login); the selectors restrict what they read
to the points the person is habilitated for."""

from django.urls import path

from monenfant.www.account.views import account_view

from . import desk_views as views

app_name = "infodesk"

urlpatterns = [
    path("", account_view()(views.desk_home), name="home"),
    path("<int:linf_pk>/", account_view()(views.desk_requests), name="requests"),
    path("<int:linf_pk>/<int:pk>/", account_view()(views.desk_request), name="request"),
    path("<int:linf_pk>/export/", account_view()(views.desk_export), name="export"),
]
