from django.urls import path

from monenfant.www.account.views import account_view

from . import views

app_name = "childminder_space"

urlpatterns = [
    path("", views.space_view(views.home), name="home"),
    path("profil/", views.space_view(views.profile), name="profile"),
    path("disponibilites/", views.space_view(views.availability), name="availability"),
    path("disponibilites/confirmer/", views.space_view(views.confirm), name="confirm"),
    path(
        "disponibilites/confirmer/<str:token>/",
        account_view(public=True)(views.confirm_by_link),
        name="confirm_by_link",
    ),
]
