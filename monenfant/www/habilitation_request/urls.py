from django.urls import path

from . import views

app_name = "habilitation_request"

urlpatterns = [
    path("", views.manager_home, name="manager_home"),
    path("demande-habilitation/", views.habilitation_request, name="form"),
    path("demande-habilitation/envoyee/", views.habilitation_request_done, name="done"),
]
