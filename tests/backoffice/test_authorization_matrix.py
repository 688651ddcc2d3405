"""Acceptance (issue 8, point 3): the authorization matrix, written here as a literal table.

Each URL name of the URL configuration has a row: the answer every kind of user must get.
The table is NOT computed from monenfant.backoffice_access.perms: a permission given to the
wrong role there, a role counted in the wrong CAF or a scope check that always passes changes
an answer and fails this test. A URL of the URL configuration without a row fails
`test_every_url_has_a_row` (and a row whose URL is gone fails it too): add the row, with the
answer each user must get, when you add a view.

Users (columns):
- anonymous; no_role (a childminder or structure manager); technical (is_staff, second factor
  verified); moderator, rpe (Coordinateur RPE), agent, admin: that one role in CAF751;
  national (Administrateur national, working on CAF751 with the boussole);
- multi@751 and multi@131: ONE account, agent in CAF751 and administrator of CAF131, working
  on CAF751 then on CAF131. Its administrator role must never count in CAF751.

Answers: "200"; "302" (a redirect that is not to a login page); "login" (redirected to the
back-office login page); "alogin" (redirected to the account area's login page, /compte/);
"403"; "404"; "P" (public: every user gets the answer an anonymous visitor gets, which is
neither a refusal nor a login page).

Object URLs use real objects: `colleague`, an agent of CAF751 (so that an administrator of
CAF131 gets 404: scoped away), a stored e-mail, an e-mail in « échec définitif » (the one that
may be resent), a structure of CAF751 and a private file of that structure uploaded by someone
else. POST-only views are posted to, in the order of the URL configuration (deactivate, then
reactivate… the colleague).
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.middleware import ACTIVE_CAF_SESSION_KEY
from monenfant.backoffice_access.perms import (
    AUTHENTICATED,
    PERMISSIONS,
    PUBLIC,
    TECHNICAL_STAFF,
)
from monenfant.childminders.departement_files import departement_file_store
from monenfant.childminders.models import ModerationRequest
from monenfant.files.content import FileType
from monenfant.files.forms import PrivateFileField
from monenfant.files.models import PrivateFile
from monenfant.files.services import private_file_store
from monenfant.files.storage import PrivateFileSystemStorage
from monenfant.mailing.models import OutboxEmail
from monenfant.referential.models import Caf
from tests.backoffice.helpers import log_in
from tests.factories import (
    ChildminderFactory,
    HabilitationRequestFactory,
    ManagerFactory,
    StructureFactory,
    UserFactory,
    commune,
    staff_user,
)
from tests.files.test_private_files import PDF
from tests.information_requests.helpers import information_point, stored_request
from tests.url_patterns import project_routes

USERS = (
    "anonymous",
    "no_role",
    "technical",
    "moderator",
    "rpe",
    "agent",
    "admin",
    "national",
    "multi@751",
    "multi@131",
)

# fmt: off
MATRIX = {
    # name:                                  method  anon     no_role tech   moder  rpe    agent  admin  nation m@751  m@131
    # The technical team (no CAF role) is sent on to its own home.
    "backoffice:home":                        ("GET",  "login", "403", "302", "200", "200", "200", "200", "200", "200", "200"),
    "backoffice:login":                       ("GET",  "200",   "302", "302", "302", "302", "302", "302", "302", "302", "302"),
    "backoffice:logout":                      ("SKIP",),  # ends the session: test_logout below
    "backoffice:password_reset":              ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "backoffice:password_reset_done":         ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "backoffice:password_reset_confirm":      ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "backoffice:password_reset_complete":     ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "backoffice:password_change":             ("GET",  "login", "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "backoffice:account_security":            ("GET",  "login", "403", "403", "200", "200", "200", "200", "200", "200", "200"),
    # Enrolled users (technical, national) are sent to "Sécurité du compte"; the others to
    # the enrolment page from the verification page.
    "backoffice:otp_setup":                   ("GET",  "login", "200", "302", "200", "200", "200", "200", "302", "200", "200"),
    "backoffice:otp_verify":                  ("GET",  "login", "302", "200", "302", "302", "302", "302", "200", "302", "302"),
    "backoffice:otp_disable":                 ("POST", "login", "403", "403", "302", "302", "302", "302", "302", "302", "302"),
    "backoffice:site_switch":                 ("GET",  "login", "403", "403", "200", "200", "200", "200", "200", "200", "200"),
    "backoffice:staff_users":                 ("GET",  "login", "403", "403", "403", "403", "403", "200", "200", "403", "200"),
    "backoffice:staff_user_create":           ("GET",  "login", "403", "403", "403", "403", "403", "200", "200", "403", "200"),
    "backoffice:staff_user_edit":             ("GET",  "login", "403", "403", "403", "403", "403", "200", "200", "403", "404"),
    "backoffice:staff_user_deactivate":       ("POST", "login", "403", "403", "403", "403", "403", "302", "302", "403", "404"),
    "backoffice:staff_user_reactivate":       ("POST", "login", "403", "403", "403", "403", "403", "302", "302", "403", "404"),
    "backoffice:staff_user_unlock":           ("POST", "login", "403", "403", "403", "403", "403", "302", "302", "403", "404"),
    "backoffice:staff_user_reset_second_factor": ("POST", "login", "403", "403", "403", "403", "403", "302", "302", "403", "404"),
    "backoffice:staff_user_delete":           ("GET",  "login", "403", "403", "403", "403", "403", "200", "200", "403", "404"),
    # The colleague is staff: nobody may act as them (404), but only who holds the right
    # gets that far.
    "backoffice:impersonation_start":         ("POST", "login", "403", "403", "403", "403", "404", "404", "404", "404", "404"),
    "backoffice:impersonation_stop":          ("POST", "login", "302", "302", "302", "302", "302", "302", "302", "302", "302"),
    "backoffice:outbox":                      ("GET",  "login", "403", "200", "403", "403", "403", "403", "403", "403", "403"),
    "backoffice:outbox_email":                ("GET",  "login", "403", "200", "403", "403", "403", "403", "403", "403", "403"),
    "backoffice:outbox_email_resend":         ("GET",  "login", "403", "200", "403", "403", "403", "403", "403", "403", "403"),
    # Moderation (decision D1): CAF staff and moderators read; a request of CAF751 is a 404
    # for whoever works on CAF131. The action "x" does not exist: refused with a message (302).
    "backoffice:moderation_queue":            ("GET",  "login", "403", "403", "200", "403", "200", "200", "200", "200", "200"),
    "backoffice:moderation_detail":           ("GET",  "login", "403", "403", "200", "403", "200", "200", "200", "200", "404"),
    "backoffice:moderation_action":           ("POST", "login", "403", "403", "302", "403", "302", "302", "302", "302", "404"),
    "backoffice:technical_home":              ("GET",  "login", "403", "200", "403", "403", "403", "403", "403", "403", "403"),
    # A structure of CAF751: CAF staff working on CAF751 only; scoped away from CAF131. The
    # action name is unknown: refused with a message on the sheet (a redirect), nothing written.
    "backoffice:structure_detail":            ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    # « Gestion des structures »: the list of the active CAF's structures; « + Créer »
    # without a kind goes back to it; the structure URLs act on CAF751's (an ALSH for the
    # duplication): scoped away from CAF131.
    "backoffice:structures":                  ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "200"),
    "backoffice:structure_create":            ("GET",  "login", "403", "403", "403", "403", "302", "302", "302", "302", "302"),
    "backoffice:structure_edit":              ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "backoffice:structure_duplicate":         ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "backoffice:structure_delete":            ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "backoffice:structure_transition":        ("POST", "login", "403", "403", "403", "403", "302", "302", "302", "302", "404"),
    # « Gestion des assistants maternels »: CAF staff; the object is a validated childminder
    # of CAF751 (scoped away from CAF131: 404). Action pages are requested (GET: the
    # confirmation page, or back to the list with a message when the state does not offer it).
    "backoffice:childminders":                ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "200"),
    # « Relance »: CAF staff; posting no selection sends back to the list with a message.
    "backoffice:reminders":                   ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "200"),
    "backoffice:reminder_confirm":            ("POST", "login", "403", "403", "403", "403", "302", "302", "302", "302", "302"),
    # Département files: the upload page, and an import of CAF751 (its preview).
    "backoffice:childminder_files":           ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "200"),
    "backoffice:childminder_file":            ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "backoffice:childminder_edit":            ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    # POST only (it opens the childminder's account): a GET is refused once the right is checked;
    # another CAF's childminder is a 404 (tests/backoffice/test_childminder_management.py).
    "backoffice:childminder_impersonate":     ("GET",  "login", "403", "403", "403", "403", "405", "405", "405", "405", "405"),
    "backoffice:childminder_radiate":         ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "backoffice:childminder_lift_radiation":  ("GET",  "login", "403", "403", "403", "403", "302", "302", "302", "302", "404"),
    "backoffice:childminder_allow_registration": ("GET", "login", "403", "403", "403", "403", "302", "302", "302", "302", "404"),
    "backoffice:childminder_suspend":         ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "backoffice:childminder_lift_suspension": ("GET",  "login", "403", "403", "403", "403", "302", "302", "302", "302", "404"),
    "backoffice:childminder_delete":          ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    # The availability editor of an EAJE of CAF751: as the structure's sheet.
    "backoffice:structure_availability":      ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    # The manager space's availability pages: only persons habilitated for the structure
    # (nobody here, whatever their back-office roles: 404).
    "structure_availability:edit":            ("GET",  "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    "structure_availability:data_exchange":   ("POST", "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    # A habilitation request and a manager of CAF751: CAF staff working on CAF751 only;
    # scoped away from CAF131. The action name is unknown: a message on the request.
    "backoffice:habilitation_requests":       ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "200"),
    "backoffice:habilitation_request_detail": ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "backoffice:habilitation_request_transition": ("GET", "login", "403", "403", "403", "403", "302", "302", "302", "302", "404"),
    "backoffice:managers":                    ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "200"),
    "backoffice:manager_edit":                ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "backoffice:manager_revoke":              ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    # The CAFs' approvers mailboxes: the national administrator only.
    "backoffice:caf_mailboxes":               ("GET",  "login", "403", "403", "403", "403", "403", "403", "200", "403", "403"),
    "backoffice:caf_mailbox_edit":            ("GET",  "login", "403", "403", "403", "403", "403", "403", "200", "403", "403"),
    # No change waits on that structure: sent back to its sheet with a message.
    "backoffice:structure_validation":        ("GET",  "login", "403", "403", "403", "403", "302", "302", "302", "302", "404"),
    # The manager space (/espace-gestionnaire/): every logged-in person reaches the chooser
    # (empty without a habilitation); nobody here is habilitated for the CAF751 structure,
    # CAF staff included: 404.
    "manager:home":                           ("GET",  "alogin", "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "manager:structure":                      ("GET",  "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    "manager:structure_edit":                 ("POST", "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    # The account area (/compte/): every logged-in person, whatever their roles.
    "account:home":                           ("GET",  "alogin", "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "account:login":                          ("GET",  "200",   "302", "302", "302", "302", "302", "302", "302", "302", "302"),
    "account:logout":                         ("SKIP",),  # ends the session: test_logout below
    "account:password_reset":                 ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "account:password_reset_done":            ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "account:password_reset_confirm":         ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "account:password_create":                ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "account:password_reset_complete":        ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "account:password_change":                ("GET",  "alogin", "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "account:email_change":                   ("GET",  "alogin", "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    # A link from an e-mail: GET only shows the button (an unknown token changes nothing).
    "account:email_change_confirm":           ("GET",  "200",   "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    "account:security":                       ("GET",  "alogin", "200", "200", "200", "200", "200", "200", "200", "200", "200"),
    # Enrolled users (technical, national) are sent to the security page; the others to the
    # enrolment page from the verification page.
    "account:otp_setup":                      ("GET",  "alogin", "200", "302", "200", "200", "200", "200", "302", "200", "200"),
    "account:otp_verify":                     ("GET",  "alogin", "302", "200", "302", "302", "302", "302", "200", "302", "302"),
    # Refused with a message for whoever must keep it (technical, national): still a redirect.
    "account:otp_disable":                    ("POST", "alogin", "302", "302", "302", "302", "302", "302", "302", "302", "302"),
    # The childminder's space: only an account with a childminder (none of these users has
    # one: tests/childminders/test_space.py walks it as a childminder and as another one).
    "childminder_space:home":                 ("GET",  "alogin", "403", "403", "403", "403", "403", "403", "403", "403", "403"),
    "childminder_space:profile":              ("GET",  "alogin", "403", "403", "403", "403", "403", "403", "403", "403", "403"),
    "childminder_space:availability":         ("GET",  "alogin", "403", "403", "403", "403", "403", "403", "403", "403", "403"),
    "childminder_space:confirm":              ("POST", "alogin", "403", "403", "403", "403", "403", "403", "403", "403", "403"),
    # The one-click link of a reminder: no login; an unknown token gets the French error page.
    "childminder_space:confirm_by_link":      ("P",),
    # A private file of a CAF751 structure: its uploader (nobody here) and whoever manages
    # structures in CAF751 (the multi account is an agent there, whatever CAF it works on).
    # Anyone else: 404, never a hint that the file exists.
    "files:download":                         ("GET",  "404",   "404", "404", "404", "404", "200", "200", "200", "200", "200"),
    # Information requests (issue 15). The CAF follow-up reads a request of a CAF751 LINF;
    # the deadline is the CAF administrator's (decision D2).
    "caf_requests:list":                      ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "200"),
    "caf_requests:pdf":                       ("GET",  "login", "403", "403", "403", "403", "200", "200", "200", "200", "404"),
    "caf_requests:deadline":                  ("GET",  "login", "403", "403", "403", "403", "403", "200", "200", "403", "200"),
    # The LINF desk: only persons habilitated for an information point with its switch on,
    # and none of these users is (tests/information_requests test the persons who are).
    "infodesk:home":                          ("GET",  "alogin", "403", "403", "403", "403", "403", "403", "403", "403", "403"),
    "infodesk:requests":                      ("GET",  "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    "infodesk:request":                       ("GET",  "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    "infodesk:export":                        ("POST", "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    # Django's technical admin: every admin URL is covered by this row; its home is requested.
    # It sends whoever is not technical staff to its own login page.
    "admin:*":                                ("GET",  "302",   "302", "200", "302", "302", "302", "302", "302", "302", "302"),
    # Childminder registration (public start) and its account-area pages: nobody here has a
    # registration, so the steps and summary send back (302), the request pages are 404.
    "registration:start":                     ("P",),
    "registration:summary":                   ("GET",  "alogin", "302", "302", "302", "302", "302", "302", "302", "302", "302"),
    "registration:done":                      ("GET",  "alogin", "302", "302", "302", "302", "302", "302", "302", "302", "302"),
    "registration:step":                      ("GET",  "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    "registration:pending":                   ("GET",  "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    "registration:renewal":                   ("GET",  "alogin", "404", "404", "404", "404", "404", "404", "404", "404", "404"),
    "public:home":                            ("P",),
    "public:parents":                         ("P",),
    "public:professionals":                   ("P",),
    "public:simulator":                       ("P",),
    "public:commune_suggestions":             ("P",),
    "public:search":                          ("P",),
    "public:childminder":                     ("P",),
    "public:structure":                       ("P",),
    "public:page":                            ("P",),
    "public:paje_simulator":                  ("P",),
    "public:login_choice":                    ("P",),
    "public:site_map":                        ("P",),
    "public:information_points":              ("P",),
    "habilitation_request:manager_home":      ("P",),
    "habilitation_request:form":              ("P",),
    "habilitation_request:done":              ("P",),
    # The family's summary and confirmation need its session, the follow-up page a signed
    # link: 404 for everyone here (tests/information_requests/test_isolation.py).
    "public:information_request":             ("P",),
    "public:information_request_sent":        ("P",),
    "public:information_request_pdf":         ("P",),
    "public:information_request_follow":      ("P",),
    "public:contact":                         ("P",),
    "public:contact_sent":                    ("P",),
    "api-v1:openapi-json":                    ("P",),
    "api-v1:openapi-view":                    ("P",),
    "api-v1:list_communes":                   ("P",),
    "api-v1:simulate_creche":                 ("P",),
    "api-v1:simulate_cmg":                    ("P",),
    "api-v1:simulate_compare":                ("P",),
    "api-v1:search_endpoint":                 ("P",),
    "api-v1:childminder_endpoint":            ("P",),
    "api-v1:structure_endpoint":              ("P",),
    "api-v1:api-root":                        ("P",),
    "api-v1:simulate_paje":                   ("P",),
    "api-v1:structure_types":                 ("P",),
    "api-v1:search_map":                      ("P",),
    "api-v1:list_structures":                 ("P",),
    # PUT with a structure's token (tests/www/test_api_structures.py); a GET is a 405.
    "api-v1:put_availability":                ("P",),
}
# fmt: on

DEPARTEMENT_FILE = b"mouvement;numero_agrement;nom;prenom\nretrait;A1;Durand;Elodie\n"
CHILDMINDER_ROUTES = [name for name in MATRIX if name.startswith("backoffice:childminder_")]
LOGIN_PAGE = "/administration/connexion/"
ACCOUNT_LOGIN_PAGE = "/compte/connexion/"


def named_routes(patterns=None, prefix="", namespace=""):
    """(route, "namespace:name", pattern) for every view of the URL configuration."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from named_routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, namespace + (pattern.name or route), pattern


def row_key(name: str) -> str:
    return "admin:*" if name.startswith("admin:") else name


def test_every_url_has_a_row():
    keys = {row_key(name) for _route, name, _pattern in named_routes()}
    assert sorted(keys - set(MATRIX)) == [], "URLs without a row in MATRIX"
    assert sorted(set(MATRIX) - keys) == [], "Rows of MATRIX whose URL is gone"
    assert all(len(row) in (1, 1 + len(USERS)) for row in MATRIX.values())


# --- Shared with other tests --------------------------------------------------------------

BACKOFFICE_PREFIX = "administration/"
# Django's admin has its own is_staff check and is not a back-office feature.
EXCLUDED_PREFIXES = ("administration/technique/",)


def backoffice_patterns():
    return [
        (route, pattern)
        for route, pattern in project_routes()
        if route.startswith(BACKOFFICE_PREFIX) and not route.startswith(EXCLUDED_PREFIXES)
    ]


def concrete_url(route: str, pk="999999") -> str:
    return "/" + re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: str(pk) if m[1] in ("int", "uuid") else "x", route
    )


def test_every_backoffice_view_declares_its_permission():
    """Structure only: the declaration exists and is known (what it allows is the MATRIX's
    business)."""
    patterns = backoffice_patterns()
    assert len(patterns) > 10
    undeclared = [
        route
        for route, pattern in patterns
        if not hasattr(pattern.callback, "backoffice_permission")
    ]
    assert undeclared == [], f"Back-office views without a declared permission: {undeclared}"
    # A tuple opens a view to holders of any of its permissions (the home); each must be known.
    unknown = [
        (route, declared)
        for route, pattern in patterns
        for declared in (
            pattern.callback.backoffice_permission
            if isinstance(pattern.callback.backoffice_permission, tuple)
            else (pattern.callback.backoffice_permission,)
        )
        if declared not in {*PERMISSIONS, PUBLIC, AUTHENTICATED, TECHNICAL_STAFF}
    ]
    assert unknown == []
    assert all(isinstance(pattern.pattern, RoutePattern) for _, pattern in patterns)


# --- The matrix ---------------------------------------------------------------------------


def make_user(kind, client):
    """Log `client` in as `kind` (nothing for anonymous)."""
    paris = Caf.objects.get(code="CAF751")
    if kind == "anonymous":
        return None
    if kind == "no_role":
        user = UserFactory()
    elif kind == "technical":
        user = UserFactory(technical_staff=True)
    elif kind.startswith("multi@"):
        user = staff_user(Role.CAF_AGENT, "CAF751")
        user.caf_memberships.create(role=Role.CAF_ADMIN, caf=Caf.objects.get(code="CAF131"))
    else:
        role = {
            "moderator": Role.MODERATOR,
            "rpe": Role.RPE_COORDINATOR,
            "agent": Role.CAF_AGENT,
            "admin": Role.CAF_ADMIN,
            "national": Role.NATIONAL_ADMIN,
        }[kind]
        user = staff_user(role, None if role == Role.NATIONAL_ADMIN else "CAF751")
    log_in(client, user)
    if kind in ("national", "multi@751"):
        session = client.session
        session[ACTIVE_CAF_SESSION_KEY] = paris.pk
        session.save()
    return user


def answer(client, method, url):
    response = client.post(url) if method == "POST" else client.get(url)
    if response.streaming:
        # Read to the end, as a WSGI server would: the test client then closes the streamed
        # private file (response.close() itself would also close the database connection).
        b"".join(response.streaming_content)
    location = response.get("Location", "") if response.status_code == 302 else ""
    if location.startswith(LOGIN_PAGE):
        return "login"
    if location.startswith(ACCOUNT_LOGIN_PAGE):
        return "alogin"
    return str(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", USERS)
def test_authorization_matrix(client, kind, tmp_path):
    colleague = staff_user(Role.CAF_AGENT, "CAF751")
    email = OutboxEmail.objects.create(
        template="test_message", from_email="a@example.org", to=["b@example.org"], subject="S"
    )
    failed_email = OutboxEmail.objects.create(
        template="test_message",
        from_email="a@example.org",
        to=["b@example.org"],
        subject="S",
        status=OutboxEmail.Status.FAILED,
    )
    structure = StructureFactory(commune=commune("75056"))
    assert structure.caf.code == "CAF751"
    alsh = StructureFactory(commune=commune("75056"), kind="alsh", eaje_type="")
    file_field = PrivateFile._meta.get_field("file")
    original_storage = file_field.storage
    file_field.storage = PrivateFileSystemStorage(location=tmp_path)
    upload = PrivateFileField(accepted=(FileType.PDF,)).clean(
        SimpleUploadedFile("agrement.pdf", PDF, content_type="application/pdf")
    )
    private_file = private_file_store(
        upload=upload, owner=structure, purpose="rpe_document", actor=UserFactory()
    )
    moderation_request = ModerationRequest.objects.create(
        kind="inscription",
        status="en_attente",
        email="asm@example.org",
        caf=Caf.objects.get(code="CAF751"),
        submitted_at=timezone.now(),
    )
    childminder = ChildminderFactory(commune=commune("75056"), user=UserFactory(kind="childminder"))
    csv_upload = PrivateFileField(accepted=(FileType.CSV,)).clean(
        SimpleUploadedFile("mouvements.csv", DEPARTEMENT_FILE, content_type="text/csv")
    )
    departement_file = departement_file_store(
        upload=csv_upload, caf=childminder.caf, actor=UserFactory()
    )
    habilitation_request = HabilitationRequestFactory(structures=[structure])
    manager = ManagerFactory(structures=[structure])
    paris_point, _persons = information_point(serves=("75056",), at="75056")
    information_request = stored_request(paris_point, commune_code="75056")
    objects = {
        **dict.fromkeys(CHILDMINDER_ROUTES, childminder.pk),
        "backoffice:childminder_file": departement_file.pk,
        "backoffice:habilitation_request_detail": habilitation_request.pk,
        "backoffice:habilitation_request_transition": habilitation_request.pk,
        "backoffice:manager_edit": manager.pk,
        "backoffice:manager_revoke": manager.pk,
        "backoffice:caf_mailbox_edit": structure.caf.pk,
        "caf_requests:pdf": information_request.pk,
        "backoffice:outbox_email": email.pk,
        "backoffice:outbox_email_resend": failed_email.pk,
        "backoffice:structure_detail": structure.pk,
        "backoffice:structure_transition": structure.pk,
        "backoffice:structure_edit": structure.pk,
        "backoffice:structure_duplicate": alsh.pk,
        "backoffice:structure_delete": structure.pk,
        "backoffice:structure_availability": structure.pk,
        "structure_availability:edit": structure.pk,
        "structure_availability:data_exchange": structure.pk,
        "backoffice:structure_validation": structure.pk,
        "manager:structure": structure.pk,
        "manager:structure_edit": structure.pk,
        "files:download": private_file.pk,
        "backoffice:moderation_detail": moderation_request.pk,
        "backoffice:moderation_action": moderation_request.pk,
    }
    make_user(kind, client)
    anonymous = type(client)()
    column = USERS.index(kind) + 1
    mismatches, checked = [], 0
    for route, name, _pattern in named_routes():
        row = MATRIX[row_key(name)]
        if row[0] == "SKIP" or (name.startswith("admin:") and name != "admin:index"):
            continue
        url = concrete_url(route, objects.get(name, colleague.pk))
        if row[0] == "P":
            expected = answer(anonymous, "GET", url)
            got = answer(client, "GET", url)
            ok = got == expected and got not in ("401", "403", "login", "alogin")
        else:
            expected = row[column]
            got = answer(client, row[0], url)
            ok = got == expected
        checked += 1
        if not ok:
            mismatches.append((name, url, f"expected {expected}", f"got {got}"))
    file_field.storage = original_storage
    assert mismatches == []
    assert checked > 60


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["backoffice:logout", "account:logout"])
@pytest.mark.parametrize("kind", USERS)
def test_logout(client, kind, name):
    make_user(kind, client)
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
