"""The manager space (/espace-gestionnaire/): the structures of the person's habilitations.
Every view reads through the person's scope: a structure outside their habilitations is a
404."""

from django.urls import path

from monenfant.www.account.views import account_view

from . import views

app_name = "manager"

urlpatterns = [
    path("", account_view()(views.home), name="home"),
    path("structures/<int:pk>/", account_view()(views.structure), name="structure"),
    path(
        "structures/<int:pk>/modifier/",
        account_view()(views.structure_edit),
        name="structure_edit",
    ),
]
