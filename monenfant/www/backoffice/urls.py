"""Back-office URLs. Each view declares its permission here, in one place; the authorization
matrix test walks these patterns and fails on a view without a declaration."""

from django.urls import path

from monenfant.backoffice_access.perms import AUTHENTICATED, PUBLIC, TECHNICAL_STAFF

from . import structure_views, views
from .decorators import backoffice_view as declare

app_name = "backoffice"

urlpatterns = [
    # CAF staff get their home; the technical team (no CAF role) is sent on to its own.
    path("", declare(("access_backoffice", TECHNICAL_STAFF))(views.home), name="home"),
    # Authentication
    path("connexion/", declare(PUBLIC)(views.LoginView.as_view()), name="login"),
    path(
        "deconnexion/",
        declare(AUTHENTICATED, account_step=True, while_impersonating=True)(
            views.LogoutView.as_view()
        ),
        name="logout",
    ),
    path(
        "mot-de-passe/oublie/",
        declare(PUBLIC)(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        declare(PUBLIC)(views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/reinitialiser/<uidb64>/<token>/",
        declare(PUBLIC)(views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/reinitialise/",
        declare(PUBLIC)(views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/changer/",
        declare(AUTHENTICATED, account_step=True)(views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    # Account security (second factor)
    path(
        "securite/", declare("access_backoffice")(views.account_security), name="account_security"
    ),
    path(
        "securite/double-authentification/activer/",
        declare(AUTHENTICATED, account_step=True)(views.otp_setup),
        name="otp_setup",
    ),
    path(
        "securite/double-authentification/verifier/",
        declare(AUTHENTICATED, account_step=True)(views.otp_verify),
        name="otp_verify",
    ),
    path(
        "securite/double-authentification/desactiver/",
        declare("access_backoffice")(views.otp_disable),
        name="otp_disable",
    ),
    # Site switcher (boussole)
    path("boussole/", declare("switch_site")(views.site_switch), name="site_switch"),
    # CAF user management
    path("utilisateurs/", declare("manage_users")(views.staff_users), name="staff_users"),
    path(
        "utilisateurs/nouveau/",
        declare("manage_users")(views.staff_user_create),
        name="staff_user_create",
    ),
    path(
        "utilisateurs/<int:pk>/",
        declare("manage_users")(views.staff_user_edit),
        name="staff_user_edit",
    ),
    path(
        "utilisateurs/<int:pk>/desactiver/",
        declare("manage_users")(views.staff_user_deactivate),
        name="staff_user_deactivate",
    ),
    path(
        "utilisateurs/<int:pk>/reactiver/",
        declare("manage_users")(views.staff_user_reactivate),
        name="staff_user_reactivate",
    ),
    path(
        "utilisateurs/<int:pk>/debloquer/",
        declare("manage_users")(views.staff_user_unlock),
        name="staff_user_unlock",
    ),
    path(
        "utilisateurs/<int:pk>/double-authentification/",
        declare("manage_users")(views.staff_user_reset_second_factor),
        name="staff_user_reset_second_factor",
    ),
    path(
        "utilisateurs/<int:pk>/supprimer/",
        declare("manage_users")(views.staff_user_delete),
        name="staff_user_delete",
    ),
    # Impersonation ("Accéder au compte")
    path(
        "acces-compte/<int:pk>/",
        declare("impersonate")(views.impersonation_start),
        name="impersonation_start",
    ),
    path(
        "acces-compte/quitter/",
        declare(AUTHENTICATED, account_step=True, while_impersonating=True)(
            views.impersonation_stop
        ),
        name="impersonation_stop",
    ),
    # Structures: state, history and workflow actions (scoped to the active CAF)
    path(
        "structures/",
        declare("manage_structures")(structure_views.structure_list),
        name="structures",
    ),
    path(
        "structures/creer/",
        declare("manage_structures")(structure_views.structure_create),
        name="structure_create",
    ),
    path(
        "structures/<int:pk>/modifier/",
        declare("manage_structures")(structure_views.structure_edit),
        name="structure_edit",
    ),
    path(
        "structures/<int:pk>/dupliquer/",
        declare("manage_structures")(structure_views.structure_duplicate),
        name="structure_duplicate",
    ),
    path(
        "structures/<int:pk>/supprimer/",
        declare("manage_structures")(structure_views.structure_delete),
        name="structure_delete",
    ),
    path(
        "structures/<int:pk>/",
        declare("manage_structures")(structure_views.structure_detail),
        name="structure_detail",
    ),
    path(
        "structures/<int:pk>/validation/",
        declare("manage_structures")(structure_views.structure_validation),
        name="structure_validation",
    ),
    path(
        "structures/<int:pk>/action/<slug:name>/",
        declare("manage_structures")(structure_views.structure_transition),
        name="structure_transition",
    ),
    # Technical tools
    path("exploitation/", declare(TECHNICAL_STAFF)(views.technical_home), name="technical_home"),
    path("courriels/", declare(TECHNICAL_STAFF)(views.outbox), name="outbox"),
    path("courriels/<int:pk>/", declare(TECHNICAL_STAFF)(views.outbox_email), name="outbox_email"),
    path(
        "courriels/<int:pk>/renvoyer/",
        declare(TECHNICAL_STAFF)(views.outbox_email_resend),
        name="outbox_email_resend",
    ),
]
