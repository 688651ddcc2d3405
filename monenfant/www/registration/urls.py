"""Childminder registration (public), pending request and renewal (account area)."""

from django.urls import path

from monenfant.www.account.views import account_view

from . import views

app_name = "registration"

REGISTRATION = "professionnels/assistant-maternel/inscription/"
SPACE = "compte/assistant-maternel/"

urlpatterns = [
    path(REGISTRATION, account_view(public=True)(views.start), name="start"),
    path(f"{REGISTRATION}recapitulatif/", account_view()(views.summary), name="summary"),
    path(f"{REGISTRATION}envoyee/", account_view()(views.done), name="done"),
    path(f"{REGISTRATION}<slug:slug>/", account_view()(views.step), name="step"),
    path(f"{SPACE}demande/", account_view()(views.pending), name="pending"),
    path(f"{SPACE}renouvellement/", account_view()(views.renewal), name="renewal"),
]
