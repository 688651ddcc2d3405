"""Back-office URLs of the information requests (/administration/demandes-information/)."""

from django.urls import path

from monenfant.www.backoffice.decorators import backoffice_view as declare

from . import caf_views as views

app_name = "caf_requests"

urlpatterns = [
    path("", declare("view_information_requests")(views.caf_requests), name="list"),
    path("<int:pk>/pdf/", declare("view_information_requests")(views.caf_request_pdf), name="pdf"),
    path("delai/", declare("configure_information_requests")(views.caf_deadline), name="deadline"),
]
