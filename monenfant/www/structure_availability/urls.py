"""The manager space's availability pages (/espace-gestionnaire/structures/<pk>/…): a person
sees them only for a structure they are habilitated for (404 otherwise, whatever exists)."""

from django.urls import path

from monenfant.www.account.views import account_view

from .views import data_exchange_view, editor_view, habilitated_structure

app_name = "structure_availability"

BASE_TEMPLATE = "layout/base.html"

urlpatterns = [
    path(
        "structures/<int:pk>/disponibilites/",
        account_view()(editor_view(habilitated_structure, base_template=BASE_TEMPLATE)),
        name="edit",
    ),
    path(
        "structures/<int:pk>/echange-de-donnees/",
        account_view()(data_exchange_view(habilitated_structure, base_template=BASE_TEMPLATE)),
        name="data_exchange",
    ),
]
