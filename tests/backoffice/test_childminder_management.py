"""« Gestion des assistants maternels » (issue 12, seed 000 AM-F3 to AM-F7): each action where
it is offered and refused, its e-mail, its log entry, its effect on the public search, sheet,
API and login, and the 30-day rule with the clock moved."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.childminders.models import Childminder, ModerationRequest
from monenfant.files.models import PrivateFile
from monenfant.mailing.models import OutboxEmail
from monenfant.workflows.models import TransitionLog
from tests.backoffice.helpers import log_in
from tests.factories import ChildminderFactory, UserFactory, commune, staff_user

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
LIST = "/administration/assistants-maternels/"


def childminder(**kwargs):
    """A childminder of CAF751 (Paris) with an account."""
    account = UserFactory(email=kwargs.pop("login", "nadia@example.org"), kind="childminder")
    account.set_password("Secret-Passw0rd!")
    account.save()
    return ChildminderFactory(
        user=account,
        display_name=kwargs.pop("display_name", "Nadia Benali"),
        commune=commune("75056"),
        postal_code="75011",
        **kwargs,
    )


def action_url(cm, action):
    return f"/administration/assistants-maternels/{cm.pk}/{action}/"


@pytest.fixture
def agent(client):
    user = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, user)
    return user


def public_presence(client, cm) -> dict:
    """What a parent can reach: the search (page and API), the sheet, the API sheet."""
    api = client.get("/api/v1/search", {"commune": "75056", "radius_km": "5"}).json()
    return {
        "search_api": any(r["id"] == cm.pk for r in api["results"]),
        "sheet": client.get(f"/assistant-maternel/{cm.pk}/").status_code,
        "api_sheet": client.get(f"/api/v1/childminders/{cm.pk}").status_code,
    }


VISIBLE = {"search_api": True, "sheet": 200, "api_sheet": 200}
HIDDEN = {"search_api": False, "sheet": 404, "api_sheet": 404}


def login_message(email, password="Secret-Passw0rd!"):
    from django.test import Client

    response = Client().post("/compte/connexion/", {"username": email, "password": password})
    return response.status_code, unescape(response.content.decode())


# --- The list: actions per state -----------------------------------------------------------

# Seed 000: per state, exactly these actions at the end of the row.
ACTIONS_BY_STATE = [
    ("valide", ["Modifier", "Radier", "Suspendre", "Supprimer", "Accéder au compte"]),
    ("attente_elements", ["Supprimer", "Accéder au compte"]),
    ("suspendu", ["Lever la suspension"]),
]


def row_buttons(html, cm):
    import re

    row = html[html.index(cm.display_name) :]
    row = row[: row.index("</tr>")]
    return [
        unescape(label)
        for label in re.findall(r'class="fr-btn fr-btn--sm[^"]*"[^>]*>([^<]+)</', row)
    ]


@pytest.mark.parametrize(("status", "expected"), ACTIONS_BY_STATE)
def test_each_state_offers_exactly_its_actions(client, agent, status, expected):
    cm = childminder(status=status)
    html = client.get(LIST, {"etat": status}).content.decode()
    assert row_buttons(html, cm) == expected


def test_a_radiated_childminder_offers_lifting_for_30_days_then_only_allow_registration(
    client, agent, time_machine
):
    radiated_on = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=PARIS)
    time_machine.move_to(radiated_on, tick=False)
    cm = childminder()
    client.post(action_url(cm, "radier"))
    time_machine.move_to(radiated_on + datetime.timedelta(days=30), tick=False)
    log_in(client, agent)  # the session expired meanwhile
    html = client.get(LIST, {"etat": "radie"}).content.decode()
    assert row_buttons(html, cm) == ["Lever la radiation"]
    time_machine.move_to(radiated_on + datetime.timedelta(days=30, minutes=1), tick=False)
    log_in(client, agent)  # the session expired meanwhile
    html = client.get(LIST, {"etat": "radie"}).content.decode()
    assert row_buttons(html, cm) == ["Autoriser l'inscription"]
    # Lifting is refused at the service too, with the reason.
    response = client.post(action_url(cm, "lever-radiation"), follow=True)
    assert "plus de 30 jours" in unescape(response.content.decode())
    cm.refresh_from_db()
    assert cm.status == "radie"


def test_the_list_filters_sorts_paginates_and_stays_in_its_caf(client, agent):
    childminder(
        display_name="Zoé Martin", login="z@example.org", agrement_ends_on=datetime.date(2027, 1, 1)
    )
    childminder(
        display_name="Anne Petit", login="a@example.org", agrement_ends_on=datetime.date(2030, 1, 1)
    )
    childminder(display_name="Lucie Suspendue", login="s@example.org", status="suspendu")
    ChildminderFactory(display_name="Ailleurs Charente")  # CAF161
    html = client.get(LIST).content.decode()
    assert "2 assistants maternels «\u00a0Validé\u00a0»" in html
    assert html.index("Anne Petit") < html.index("Zoé Martin")
    assert "Lucie Suspendue" not in html and "Ailleurs Charente" not in html
    html = client.get(LIST, {"tri": "-agrement"}).content.decode()
    assert html.index("Anne Petit") < html.index("Zoé Martin")
    html = client.get(LIST, {"tri": "agrement"}).content.decode()
    assert html.index("Zoé Martin") < html.index("Anne Petit")
    html = client.get(LIST, {"nom": "zoé"}).content.decode()
    assert "Zoé Martin" in html and "Anne Petit" not in html
    html = client.get(LIST, {"commune": "paris"}).content.decode()
    assert "Zoé Martin" in html
    html = client.get(LIST, {"commune": "angouleme"}).content.decode()
    assert "Zoé Martin" not in html
    html = client.get(LIST, {"etat": "suspendu"}).content.decode()
    assert "Lucie Suspendue" in html and "Zoé Martin" not in html
    # A forged filter falls back to the validated ones, never a 500.
    assert client.get(LIST, {"etat": "rejete", "tri": "password"}).status_code == 200


def test_the_list_costs_the_same_queries_for_5_or_60_rows(
    client, agent, django_assert_max_num_queries
):
    for n in range(5):
        childminder(display_name=f"ASM {n:02}", login=f"asm{n}@example.org")
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for n in range(5, 60):
        childminder(display_name=f"ASM {n:02}", login=f"asm{n}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert unescape(response.content.decode()).count("Accéder au compte") == 50


def test_the_menu_links_to_the_list(client, agent):
    html = client.get("/administration/").content.decode()
    assert f'href="{LIST}"' in html


# --- Radier / Lever la radiation / Autoriser l'inscription ---------------------------------


def test_radiation_hides_emails_logs_and_closes_the_account(
    client, agent, django_capture_on_commit_callbacks
):
    cm = childminder()
    assert public_presence(client, cm) == VISIBLE
    page = client.get(action_url(cm, "radier")).content.decode()
    assert "Nadia Benali" in page and "Valider" in page
    cm.refresh_from_db()
    assert cm.status == "valide"  # the confirmation page changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(cm, "radier"), follow=True)
    assert "Nadia Benali a été radié(e)." in unescape(response.content.decode())
    assert "fr-alert--success" in unescape(response.content.decode()) or "success" in unescape(
        response.content.decode()
    )
    cm.refresh_from_db()
    assert cm.status == "radie" and cm.radiated_at is not None
    assert public_presence(client, cm) == HIDDEN
    mail = OutboxEmail.objects.get()
    assert (mail.to, mail.template) == (["nadia@example.org"], "childminder_radiated")
    assert "radié" in mail.subject
    log = TransitionLog.objects.get()
    assert (log.transition, log.actor, log.from_state, log.to_state) == (
        "radiate",
        agent,
        "valide",
        "radie",
    )
    assert AuditEntry.objects.filter(action="childminder_radiate", actor=agent).count() == 1
    status, html = login_message("nadia@example.org")
    assert "Votre compte a été supprimé suite au retrait de votre agrément." in html
    assert status == 200
    # A wrong password gets the usual answer: the status is not told to whoever guesses.
    _status, html = login_message("nadia@example.org", "wrong")
    assert "retrait de votre agrément" not in html


def test_an_open_session_of_the_radiated_childminder_ends(client, agent):
    from django.test import Client

    cm = childminder()
    own = Client()
    own.force_login(cm.user, backend="django.contrib.auth.backends.ModelBackend")
    assert own.get("/compte/").status_code == 200
    client.post(action_url(cm, "radier"))
    assert own.get("/compte/").status_code == 302


def test_lifting_the_radiation_within_30_days_restores_everything(
    client, agent, time_machine, django_capture_on_commit_callbacks
):
    radiated_on = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=PARIS)
    time_machine.move_to(radiated_on, tick=False)
    cm = childminder()
    client.post(action_url(cm, "radier"))
    time_machine.move_to(radiated_on + datetime.timedelta(days=29), tick=False)
    log_in(client, agent)  # the session expired meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(cm, "lever-radiation"), follow=True)
    assert "La radiation de Nadia Benali a été levée." in unescape(response.content.decode())
    cm.refresh_from_db()
    assert (cm.status, cm.radiated_at, cm.user.is_active) == ("valide", None, True)
    assert public_presence(client, cm) == VISIBLE
    assert OutboxEmail.objects.order_by("pk").last().template == "childminder_radiation_lifted"
    status, _html = login_message("nadia@example.org")
    assert status == 302


def test_allow_registration_after_30_days_erases_the_radiated_record(
    client, agent, time_machine, django_capture_on_commit_callbacks
):
    radiated_on = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=PARIS)
    time_machine.move_to(radiated_on, tick=False)
    cm = childminder()
    client.post(action_url(cm, "radier"))
    # Within 30 days « Autoriser l'inscription » is refused.
    client.post(action_url(cm, "autoriser-inscription"))
    assert Childminder.objects.filter(pk=cm.pk).exists()
    time_machine.move_to(radiated_on + datetime.timedelta(days=31), tick=False)
    log_in(client, agent)  # the session expired meanwhile
    mails_before = OutboxEmail.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(cm, "autoriser-inscription"), follow=True)
    assert "Nadia Benali peut de nouveau s'inscrire." in unescape(response.content.decode())
    assert not Childminder.objects.filter(pk=cm.pk).exists()
    # The address is free: no account, no radiated childminder holds it.
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="nadia@example.org").exists()
    assert OutboxEmail.objects.count() == mails_before  # no e-mail named by the seed
    entry = AuditEntry.objects.get(action="childminder_registration_allowed")
    assert entry.data["childminder_id"] == cm.pk and entry.actor == agent
    assert not AuditEntry.objects.filter(target_repr__icontains="Benali").exists()


# --- Suspendre / Lever la suspension -------------------------------------------------------


def test_suspension_and_its_lifting(client, agent, django_capture_on_commit_callbacks):
    cm = childminder()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(cm, "suspendre"), follow=True)
    assert "Nadia Benali a été suspendu(e)." in unescape(response.content.decode())
    assert public_presence(client, cm) == HIDDEN
    assert OutboxEmail.objects.get().template == "childminder_suspended"
    # The suspended childminder can still log in.
    status, _html = login_message("nadia@example.org")
    assert status == 302
    # Refused from the wrong state: nothing changes, a French message.
    response = client.post(action_url(cm, "radier"), follow=True)
    assert "«\u00a0Radier\u00a0» est impossible" in unescape(response.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(cm, "lever-suspension"))
    cm.refresh_from_db()
    assert cm.status == "valide"
    assert public_presence(client, cm) == VISIBLE
    assert [m.template for m in OutboxEmail.objects.order_by("pk")] == [
        "childminder_suspended",
        "childminder_suspension_lifted",
    ]
    assert [log.transition for log in TransitionLog.objects.order_by("pk")] == [
        "suspend",
        "lift_suspension",
    ]


# --- Supprimer ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["valide", "attente_elements"])
def test_deletion_erases_data_documents_and_account_and_keeps_an_anonymous_entry(
    client, agent, status, tmp_path, settings, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monenfant.files.content import FileType
    from monenfant.files.forms import PrivateFileField
    from monenfant.files.services import private_file_store
    from monenfant.files.storage import PrivateFileSystemStorage
    from tests.files.test_private_files import PDF

    cm = childminder(status=status)
    ModerationRequest.objects.create(
        kind="inscription",
        status="valide",
        user=cm.user,
        email=cm.user.email,
        childminder=cm,
        caf=cm.caf,
        data={"identity": {"birth_name": "Benali"}},
    )
    field = PrivateFile._meta.get_field("file")
    original = field.storage
    field.storage = PrivateFileSystemStorage(location=tmp_path)
    try:
        upload = PrivateFileField(accepted=(FileType.PDF,)).clean(
            SimpleUploadedFile("agrement.pdf", PDF, content_type="application/pdf")
        )
        with django_capture_on_commit_callbacks(execute=True):
            private_file_store(upload=upload, owner=cm, purpose="agrement", actor=cm.user)
        page = client.get(action_url(cm, "supprimer")).content.decode()
        assert "Nadia Benali" in page
        assert "Accéder au compte" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(action_url(cm, "supprimer"), follow=True)
        assert not list(tmp_path.rglob("*.pdf"))
    finally:
        field.storage = original
    assert "Nadia Benali a été supprimé(e)." in unescape(response.content.decode())
    assert not Childminder.objects.filter(pk=cm.pk).exists()
    assert not PrivateFile.objects.exists()
    assert not ModerationRequest.objects.exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="nadia@example.org").exists()
    entry = AuditEntry.objects.get(action="childminder_deleted")
    assert (entry.actor, entry.caf_code, entry.data["from_state"]) == (agent, "CAF751", status)
    assert "Benali" not in str(entry.data) and "nadia" not in str(entry.data)
    assert not AuditEntry.objects.filter(target_repr__icontains="Benali").exists()
    assert not AuditEntry.objects.filter(target_repr__icontains="nadia@").exists()
    assert OutboxEmail.objects.count() == 0


@pytest.mark.parametrize("status", ["suspendu", "radie"])
def test_deletion_is_refused_from_other_states(client, agent, status):
    cm = childminder(status=status)
    response = client.post(action_url(cm, "supprimer"), follow=True)
    assert "impossible" in unescape(response.content.decode())
    assert Childminder.objects.filter(pk=cm.pk).exists()


# --- Modifier -------------------------------------------------------------------------------


def edit_data(**overrides):
    return {
        "first_names": "Nadia",
        "usage_name": "Benali",
        "birth_name": "Haddad",
        "address": "12 rue Oberkampf",
        "postal_code": "75011",
        "commune_name": "Paris",
        **overrides,
    }


def test_an_agent_edits_first_and_usage_names_but_not_birth_names(client, agent):
    cm = childminder(
        first_names="Nadia", usage_name="Benali", birth_name="Haddad", address="12 rue Oberkampf"
    )
    page = client.get(f"{LIST}{cm.pk}/modifier/").content.decode()
    assert "nadia@example.org" in page
    assert "75056" in page  # INSEE code shown, never typed
    client.post(
        f"{LIST}{cm.pk}/modifier/",
        edit_data(first_names="Nadïa", usage_name="Benali-Roy", birth_name="Forged"),
    )
    cm.refresh_from_db()
    assert (cm.first_names, cm.usage_name, cm.birth_name) == ("Nadïa", "Benali-Roy", "Haddad")
    assert OutboxEmail.objects.count() == 0
    entry = AuditEntry.objects.get(action="childminder_updated")
    assert entry.data["fields"] == ["first_names", "usage_name"]


def test_an_administrator_also_edits_birth_names(client):
    admin = staff_user(Role.CAF_ADMIN, "CAF751")
    log_in(client, admin)
    cm = childminder(birth_name="Haddad")
    response = client.post(
        f"{LIST}{cm.pk}/modifier/", edit_data(birth_name="Haddad-Ali"), follow=True
    )
    assert "Les informations de Nadia Benali ont été enregistrées." in unescape(
        response.content.decode()
    )
    cm.refresh_from_db()
    assert cm.birth_name == "Haddad-Ali"


def test_a_new_commune_moves_the_childminder_in_the_search_at_once(client, agent):
    cm = childminder()
    client.post(
        f"{LIST}{cm.pk}/modifier/",
        edit_data(
            postal_code="16000", commune_name="angoulême", address="1 place de l'Hôtel de Ville"
        ),
    )
    cm.refresh_from_db()
    assert cm.commune.insee_code == "16015"
    angouleme = client.get("/api/v1/search", {"commune": "16015", "radius_km": "2"}).json()
    assert [r["id"] for r in angouleme["results"]] == [cm.pk]
    paris = client.get("/api/v1/search", {"commune": "75056", "radius_km": "5"}).json()
    assert cm.pk not in [r["id"] for r in paris["results"]]


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"postal_code": "7501"}, "Saisissez un code postal de 5\u00a0chiffres."),
        ({"postal_code": "00000"}, "Aucune commune n'a ce code postal."),
        (
            {"postal_code": "16000", "commune_name": "Paris"},
            "Cette commune n'a pas le code postal 16000.",
        ),
    ],
)
def test_a_wrong_address_gets_a_message_and_keeps_what_was_typed(
    client, agent, overrides, field_message
):
    cm = childminder()
    response = client.post(f"{LIST}{cm.pk}/modifier/", edit_data(usage_name="Gardé", **overrides))
    html = unescape(response.content.decode()).replace("&#x27;", "'")
    assert response.status_code == 200
    assert field_message.replace("\u00a0", " ") in html.replace("\u00a0", " ")
    assert 'value="Gardé"' in html
    cm.refresh_from_db()
    assert cm.usage_name == ""


def test_modifier_is_refused_outside_validated(client, agent):
    cm = childminder(status="suspendu")
    response = client.get(f"{LIST}{cm.pk}/modifier/", follow=True)
    assert "«\u00a0Modifier\u00a0» est impossible" in unescape(response.content.decode())


# --- Accéder au compte ----------------------------------------------------------------------


def test_account_access_logs_both_identities(client, agent):
    cm = childminder()
    response = client.post(f"{LIST}{cm.pk}/acceder-au-compte/")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="impersonation_started")
    assert (entry.actor, entry.acting_as) == (agent, cm.user)
    # Now acting as the childminder: the back office is closed, the account area open.
    assert client.get(LIST).status_code == 403
    assert client.get("/compte/").status_code == 200


def test_staff_user_screens_refuse_childminder_and_partner_accounts(client):
    admin = staff_user(Role.CAF_ADMIN, "CAF751")
    log_in(client, admin)
    cm = childminder()
    partner = UserFactory(kind="habilitated_person")
    for account in (cm.user, partner):
        assert client.get(f"/administration/utilisateurs/{account.pk}/").status_code == 404
        for action in ("desactiver", "supprimer", "double-authentification"):
            assert (
                client.post(f"/administration/utilisateurs/{account.pk}/{action}/").status_code
                == 404
            )
    assert (
        client.get("/administration/utilisateurs/", {"q": "nadia"})
        .content.decode()
        .count("nadia@example.org")
        == 0
    )


# --- Another CAF ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "modifier/"),
        ("POST", "modifier/"),
        ("POST", "acceder-au-compte/"),
        *[
            (method, f"{action}/")
            for action in (
                "radier",
                "suspendre",
                "supprimer",
                "lever-suspension",
                "lever-radiation",
                "autoriser-inscription",
            )
            for method in ("GET", "POST")
        ],
    ],
)
def test_every_action_on_another_cafs_childminder_is_a_404(client, agent, method, path):
    other = ChildminderFactory(user=UserFactory(kind="childminder"))  # CAF161
    url = f"{LIST}{other.pk}/{path}"
    response = client.post(url, edit_data()) if method == "POST" else client.get(url)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "valide"
    assert not AuditEntry.objects.filter(target_type="childminders.childminder").exists()
