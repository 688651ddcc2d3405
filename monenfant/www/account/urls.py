from django.urls import path

from monenfant.www.backoffice.views import LogoutView

from . import views
from .views import account_view

app_name = "account"

urlpatterns = [
    path("", account_view()(views.home), name="home"),
    path("connexion/", account_view(public=True)(views.LoginView.as_view()), name="login"),
    path(
        "deconnexion/",
        account_view(account_step=True)(LogoutView.as_view()),
        name="logout",
    ),
    path(
        "mot-de-passe/oublie/",
        account_view(public=True)(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        account_view(public=True)(views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/reinitialiser/<uidb64>/<token>/",
        account_view(public=True)(views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/creer/<uidb64>/<token>/",
        account_view(public=True)(views.PasswordCreateView.as_view()),
        name="password_create",
    ),
    path(
        "mot-de-passe/enregistre/",
        account_view(public=True)(views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/changer/",
        account_view(account_step=True)(views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path("adresse/", account_view()(views.email_change), name="email_change"),
    path(
        "adresse/confirmer/<str:token>/",
        account_view(public=True)(views.email_change_confirm),
        name="email_change_confirm",
    ),
    path("securite/", account_view()(views.security), name="security"),
    path(
        "securite/activer/",
        account_view(account_step=True)(views.otp_setup),
        name="otp_setup",
    ),
    path(
        "securite/verifier/",
        account_view(account_step=True)(views.otp_verify),
        name="otp_verify",
    ),
    path("securite/desactiver/", account_view()(views.otp_disable), name="otp_disable"),
]
