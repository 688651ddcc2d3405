"""Public URLs of the information requests and the contact form, in the `public` namespace
(included by monenfant.www.public.urls)."""

from django.urls import path

from . import public_views as views

urlpatterns = [
    path("demande-information/", views.information_request_form, name="information_request"),
    path(
        "demande-information/<int:pk>/envoyee/",
        views.information_request_sent,
        name="information_request_sent",
    ),
    path(
        "demande-information/<int:pk>/recapitulatif.pdf",
        views.information_request_pdf,
        name="information_request_pdf",
    ),
    path(
        "demande-information/suivi/<str:token>/",
        views.information_request_follow,
        name="information_request_follow",
    ),
    path("contact/", views.contact, name="contact"),
    path("contact/envoye/", views.contact_sent, name="contact_sent"),
]
