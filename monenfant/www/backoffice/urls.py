"""Back-office URLs. Each view declares its permission here, in one place; the authorization
matrix test walks these patterns and fails on a view without a declaration."""

from django.urls import path

from monenfant.backoffice_access.perms import AUTHENTICATED, PUBLIC, TECHNICAL_STAFF
from monenfant.backoffice_access.scopes import NATIONAL
from monenfant.www.structure_availability.views import (
    backoffice_structure,
    editor_view,
)

from . import childminder_views, habilitation_views, moderation_views, structure_views, views
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
    # « Gestion des assistants maternels » (scoped to the active CAF)
    path(
        "assistants-maternels/",
        declare("manage_childminders")(childminder_views.childminders),
        name="childminders",
    ),
    path(
        "relances/",
        declare("send_reminders")(childminder_views.reminder_list),
        name="reminders",
    ),
    path(
        "relances/envoyer/",
        declare("send_reminders")(childminder_views.reminder_confirm),
        name="reminder_confirm",
    ),
    path(
        "assistants-maternels/fichiers/",
        declare("manage_childminders")(childminder_views.departement_files),
        name="childminder_files",
    ),
    path(
        "assistants-maternels/fichiers/<int:pk>/",
        declare("manage_childminders")(childminder_views.departement_file),
        name="childminder_file",
    ),
    path(
        "assistants-maternels/<int:pk>/modifier/",
        declare("manage_childminders")(childminder_views.childminder_edit),
        name="childminder_edit",
    ),
    path(
        "assistants-maternels/<int:pk>/acceder-au-compte/",
        declare("manage_childminders")(childminder_views.childminder_impersonate),
        name="childminder_impersonate",
    ),
    # One URL per action (confirmation page on GET, the action on POST).
    *[
        path(
            f"assistants-maternels/<int:pk>/{slug}/",
            declare("manage_childminders")(childminder_views.childminder_action),
            {"action": slug},
            name=f"childminder_{name}",
        )
        for slug, name in childminder_views.ACTION_URL_NAMES.items()
    ],
    # Moderation of childminder registrations and renewals: moderators see every CAF's
    # requests, CAF staff their CAF's (decision D1); processing is checked by the services.
    path(
        "moderation/",
        declare("view_registration_requests", scope=NATIONAL)(moderation_views.queue),
        name="moderation_queue",
    ),
    path(
        "moderation/<int:pk>/",
        declare("view_registration_requests", scope=NATIONAL)(moderation_views.detail),
        name="moderation_detail",
    ),
    path(
        "moderation/<int:pk>/action/<slug:name>/",
        declare("view_registration_requests", scope=NATIONAL)(moderation_views.action),
        name="moderation_action",
    ),
    path(
        "structures/<int:pk>/disponibilites/",
        declare("manage_structures")(
            editor_view(backoffice_structure, base_template="backoffice/base.html")
        ),
        name="structure_availability",
    ),
    # Habilitation requests (seed 000 St-F2)
    path(
        "demandes-habilitation/",
        declare("manage_habilitation_requests")(habilitation_views.habilitation_requests),
        name="habilitation_requests",
    ),
    path(
        "demandes-habilitation/<int:pk>/",
        declare("manage_habilitation_requests")(habilitation_views.habilitation_request_detail),
        name="habilitation_request_detail",
    ),
    path(
        "demandes-habilitation/<int:pk>/action/<slug:name>/",
        declare("manage_habilitation_requests")(habilitation_views.habilitation_request_transition),
        name="habilitation_request_transition",
    ),
    # Managers' habilitations (St-F3, F7)
    path(
        "gestionnaires/",
        declare("manage_habilitations")(habilitation_views.managers),
        name="managers",
    ),
    path(
        "gestionnaires/<int:pk>/",
        declare("manage_habilitations")(habilitation_views.manager_edit),
        name="manager_edit",
    ),
    path(
        "gestionnaires/<int:pk>/revoquer/",
        declare("manage_habilitations")(habilitation_views.manager_revoke),
        name="manager_revoke",
    ),
    # The CAFs' approvers mailboxes, set by the national administrator
    path(
        "caf/balf-approbateurs/",
        declare("manage_national_content")(habilitation_views.caf_mailboxes),
        name="caf_mailboxes",
    ),
    path(
        "caf/<int:pk>/balf-approbateurs/",
        declare("manage_national_content")(habilitation_views.caf_mailbox_edit),
        name="caf_mailbox_edit",
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
