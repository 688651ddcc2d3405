import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.mailing.models import OutboxEmail
from monenfant.referential.models import Caf
from tests.backoffice.helpers import log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db

LOGIN_URL = "/administration/connexion/"
NEW_PASSWORD = "Nouveau-Passe2026"


def post_login(client, email, password=DEFAULT_PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password}, **extra)


# --- Login, forced password change, logout -------------------------------------------------


def test_login_goes_to_the_menu_and_is_audited(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    response = post_login(client, agent.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("backoffice:home")
    assert AuditEntry.objects.filter(action="login", actor=agent).exists()
    response = client.get(reverse("backoffice:home"))
    assert "Gestion des structures" in response.content.decode()
    assert "Utilisateurs" not in [item.label for item in response.context["menu"]]


def test_wrong_password_keeps_the_email_and_says_so_in_french(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    response = post_login(client, agent.email, "Faux-passe2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Adresse électronique ou mot de passe incorrect." in html
    assert agent.email in html
    assert AuditEntry.objects.filter(action="login_failed", data__login=agent.email).exists()


def test_temporary_password_must_be_changed_first(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751", must_change_password=True)
    post_login(client, agent.email)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response.url == reverse("backoffice:password_change")
    response = client.post(
        reverse("backoffice:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": "court", "new_password2": "court"},
    )
    assert "Le mot de passe est trop court" in response.content.decode()
    response = client.post(
        reverse("backoffice:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert not agent.must_change_password
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_logout_is_audited(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    client.post(reverse("backoffice:logout"))
    assert AuditEntry.objects.filter(action="logout", actor=agent).exists()
    assert client.get(reverse("backoffice:home")).status_code == 302


# --- Password reset -----------------------------------------------------------------------


def request_reset(client, email, **extra):
    page = client.get(reverse("backoffice:password_reset")).content.decode()
    started = re.search(r'name="form_started" value="([^"]+)"', page)[1]
    data = {"email": email, "form_started": started, **extra}
    return client.post(reverse("backoffice:password_reset"), data)


def reset_link(email) -> str:
    message = OutboxEmail.objects.filter(to=[email]).latest("pk")
    return re.search(r"http://[^\s]+/mot-de-passe/reinitialiser/[^\s]+/", message.body_text)[0]


def test_reset_answer_is_the_same_for_unknown_addresses(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    known = request_reset(client, agent.email)
    unknown = request_reset(client, "inconnu@example.org")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert OutboxEmail.objects.filter(to=[agent.email], template="password_reset").count() == 1
    assert not OutboxEmail.objects.filter(to=["inconnu@example.org"]).exists()
    done = client.get(known.url).content.decode()
    assert "Si un compte existe avec cette adresse" in done


def set_password_through(client, link, password=NEW_PASSWORD):
    response = client.get(link.removeprefix("http://127.0.0.1:8000"))
    if response.status_code != 302:
        return response
    return client.post(response.url, {"new_password1": password, "new_password2": password})


def test_reset_link_works_once(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751", must_change_password=True)
    request_reset(client, agent.email)
    link = reset_link(agent.email)
    response = set_password_through(client, link)
    assert response.status_code == 302
    assert response.url == reverse("backoffice:password_reset_complete")
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)
    assert not agent.must_change_password
    response = set_password_through(client, link, "Encore-Autre2026")
    assert response.status_code == 200
    assert "Lien expiré ou déjà utilisé" in response.content.decode()
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("age", "valid"),
    [(timedelta(hours=23, minutes=59), True), (timedelta(hours=24, seconds=1), False)],
)
def test_reset_link_expires_after_24_hours(client, time_machine, age, valid):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    request_reset(client, agent.email)
    link = reset_link(agent.email)
    time_machine.move_to(timezone.localtime() + age)
    response = set_password_through(client, link)
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD) is valid
    if not valid:
        assert "Lien expiré ou déjà utilisé" in response.content.decode()


# --- Throttling (django-axes) -------------------------------------------------------------


def fail_logins(client, email, times=5, ip="10.0.0.1"):
    for _ in range(times):
        response = post_login(client, email, "Mauvais-passe1", REMOTE_ADDR=ip)
    return response


def test_account_is_locked_out_even_with_the_right_password(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    fail_logins(client, agent.email)
    response = post_login(client, agent.email, REMOTE_ADDR="10.0.0.2")  # another IP too
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion bloquée" in html
    assert "15 minutes" in html
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", data__login=agent.email).count() >= 5
    assert AuditEntry.objects.filter(action="login_locked_out", data__login=agent.email).exists()


def test_ip_is_locked_out_across_accounts(client):
    fail_logins(client, "personne@example.org", times=3, ip="10.0.0.9")
    fail_logins(client, "autre@example.org", times=2, ip="10.0.0.9")
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    assert post_login(client, agent.email, REMOTE_ADDR="10.0.0.9").status_code == 429
    assert post_login(client, agent.email, REMOTE_ADDR="10.0.0.10").status_code == 302


def test_lock_out_ends_after_the_cool_off(client, time_machine):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    fail_logins(client, agent.email)
    assert post_login(client, agent.email).status_code == 429
    time_machine.move_to(timezone.localtime() + timedelta(minutes=16))
    assert post_login(client, agent.email).status_code == 302


def test_password_reset_unlocks_the_account(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    fail_logins(client, agent.email, ip="127.0.0.1")
    request_reset(client, agent.email)
    set_password_through(client, reset_link(agent.email))
    assert post_login(client, agent.email, NEW_PASSWORD, REMOTE_ADDR="10.1.1.1").status_code == 302


def test_caf_admin_unlocks_an_account(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    fail_logins(client, agent.email, ip="10.0.0.3")
    admin = staff_user(Role.CAF_ADMIN, "CAF751")
    log_in(client, admin)
    client.post(reverse("backoffice:staff_user_unlock", args=[agent.pk]))
    assert AuditEntry.objects.filter(action="account_unlocked", target_id=str(agent.pk)).exists()
    client.logout()
    assert post_login(client, agent.email, REMOTE_ADDR="10.0.0.4").status_code == 302


# --- Second factor (TOTP) -----------------------------------------------------------------


def current_code(device) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


def test_national_admin_must_enrol_totp(client):
    national = staff_user(Role.NATIONAL_ADMIN, None)
    post_login(client, national.email)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:otp_setup"))
    page = client.get(response.url)
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=national, confirmed=False)
    response = client.post(reverse("backoffice:otp_setup"), {"token": "000000"})
    assert "Ce code est incorrect" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes one wait after a wrong code
    response = client.post(
        reverse("backoffice:otp_setup"), {"token": current_code(device), "next": "/administration/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_staff_with_totp_is_asked_for_a_code_after_the_password(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    device = TOTPDevice.objects.create(user=agent, name="app", confirmed=True)
    post_login(client, agent.email)
    response = client.get(reverse("backoffice:home"))
    assert response.url.startswith(reverse("backoffice:otp_verify"))
    client.post(reverse("backoffice:otp_verify"), {"token": "123456"})
    assert AuditEntry.objects.filter(action="otp_failed", target_id=str(agent.pk)).exists()
    assert client.get(reverse("backoffice:home")).status_code == 302
    response = client.post(reverse("backoffice:otp_verify"), {"token": current_code(device)})
    assert "patientez" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    client.post(reverse("backoffice:otp_verify"), {"token": current_code(device)})
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_totp_is_optional_for_other_staff_and_mandatory_for_national_admins(client):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    assert client.get(reverse("backoffice:home")).status_code == 200
    national = staff_user(Role.NATIONAL_ADMIN, None)
    log_in(client, national)
    client.post(reverse("backoffice:otp_disable"))
    assert TOTPDevice.objects.filter(user=national).exists()


def test_users_without_role_are_refused(client):
    childminder = UserFactory()
    post_login(client, childminder.email)
    assert client.get(reverse("backoffice:home")).status_code == 403


def test_steps_also_guard_the_technical_admin(client):
    technical = UserFactory(technical_staff=True, must_change_password=True)
    post_login(client, technical.email)
    response = client.get("/administration/technique/")
    assert response.status_code == 302
    # The second factor first (mandatory for the technical team), then the password.
    assert response.url.startswith(reverse("backoffice:otp_setup"))
    log_in(client, technical)  # now with a verified device
    response = client.get("/administration/technique/")
    assert response.status_code == 302
    assert response.url == reverse("backoffice:password_change")


def test_account_security_query_count_does_not_grow_with_roles(client, django_assert_num_queries):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    url = reverse("backoffice:account_security")
    # The roles by CAF come from the memberships already read for the permission check.
    with django_assert_num_queries(8):
        client.get(url)
    for caf in Caf.objects.exclude(code="CAF751").order_by("code")[:10]:
        agent.caf_memberships.create(role=Role.CAF_AGENT, caf=caf)
        agent.caf_memberships.create(role=Role.CAF_ADMIN, caf=caf)
    agent.caf_memberships.create(role=Role.MODERATOR, caf=None)
    with django_assert_num_queries(8):
        html = client.get(url).content.decode()
    assert html.count("Administrateur Caf") == 10
