"""Robustness: every URL of the project, discovered from the URL configuration, receives
hostile input (garbage query strings, form data and JSON bodies, path parameters that cannot
exist) from an anonymous visitor and from back-office users, and never answers with a server
error.

The test client re-raises the exception of a view (``raise_request_exception``, on by
default): an exception here is a 500 in production. A new view is covered automatically.
"""

import json
import re
import time
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monenfant.backoffice_access.enums import Role
from monenfant.utils import antispam
from tests.backoffice.helpers import log_in
from tests.factories import (
    ChildminderFactory,
    StructureFactory,
    UserFactory,
    staff_user,
)
from tests.url_patterns import project_routes

# Django's admin is the technical team's tool, with its own checks; static files are served by
# WhiteNoise, outside the URL configuration.
EXCLUDED_PREFIXES = ("administration/technique/", "static/")
# Would end the session of the logged-in clients for the next requests; the logout itself is
# covered by tests/backoffice/test_authorization_matrix.py.
SESSION_ENDING = ("administration/deconnexion/", "compte/deconnexion/")

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HUGE = "99999999999999999999"  # beyond 64 bits: overflows SQLite and PostgreSQL integers


def routes() -> list[str]:
    return [
        route for route, _pattern in project_routes() if not route.startswith(EXCLUDED_PREFIXES)
    ]


def path_values(converter: str | None, real_ids: list[int]) -> list[str]:
    ints = ["0", "999999", HUGE, *(str(pk) for pk in real_ids)]
    if converter == "int":
        return ints
    # str converter: the view parses it (API ids, password reset uid and token).
    return [*ints, "-1", "x", "1e3", "%C3%A9%00", "MQ", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "a" * 300]


def concrete_urls(real_ids: list[int]) -> list[str]:
    """Each route with each hostile value in its path parameters (one parameter varied at a
    time, the others given a made-up value)."""
    urls = []
    for route in routes():
        parameters = list(PARAMETER.finditer(route))
        if not parameters:
            urls.append("/" + route)
            continue
        for varied in parameters:
            for value in path_values(varied["converter"], real_ids):

                def fill(match, varied=varied, value=value):
                    return value if match.start() == varied.start() else "999999"

                urls.append("/" + PARAMETER.sub(fill, route))
    return list(dict.fromkeys(urls))


# --- hostile values -----------------------------------------------------------------------

# The names the views and forms really read (search, simulator, back office, API schemas).
SEARCH_FIELDS = [
    "commune", "lat", "lon", "radius_km", "kinds", "available", "available_from",
    "age_months", "days", "start_time", "end_time", "page",
]  # fmt: skip
SIMULATOR_FIELDS = [
    "date", "days_per_week", "hours_per_week", "weeks_per_year", "annual_resources",
    "children", "aeeh_children", "single_parent", "child_age", "creche_kinds", "micro_creche",
    "micro_creche_hourly_price", "childminder", "childminder_hourly_net_pay",
    "childminder_daily_allowances", "home_carer", "home_carer_hourly_net_pay",
]  # fmt: skip
SIMULATION_API_FIELDS = [
    *SIMULATOR_FIELDS,
    "kind", "mode", "monthly_hours", "hourly_price", "monthly_allowances",
    "alternating_residence",
]  # fmt: skip
OTHER_FIELDS = [
    # communes API and suggestions
    "q", "limit",
    # back office
    "username", "password", "email", "next", "token", "caf", "active", "roles", "login",
    "first_name", "last_name", "job_title", "password1", "password2", "old_password",
    "new_password1", "new_password2", "website", "form_started",
    # habilitations
    "status", "sort", "kinds", "structures", "structure_query", "person_count", "action",
    "person-0-email", "communes", "mailbox_approvers", "caf_comment", "confirm",
]  # fmt: skip
FIELD_NAMES = [*SEARCH_FIELDS, *SIMULATION_API_FIELDS, *OTHER_FIELDS]

SPECIAL_VALUES = [
    "", " ", "\x00", "abc\x00def", "0", "-0", "-1", "1", "2", HUGE, "-" + HUGE, "9" * 400,
    "1e309", "-1e309", "inf", "-inf", "nan", "NaN", "1e-400", "0x10", "1_000", "4,50",
    "48 000", "12.345", "0000-00-00", "2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01",
    "10000-01-01", "-2026-01-01", "31/12/9999", "30/02/2026", "25:00", "24:00", "23:59:60",
    "-01:00", "true", "false", "on", "null", "None", "[]", "{}", "asm", "eaje,asm,zzz",
    "mon,sun,xyz", "collective", "cmg_direct:assistant_maternel", "16015", "75056",
    "Angoulême (16000)", "2A004", "Paris", "é" * 101, "a" * 5000, "'; DROP TABLE x; --",
    "<script>alert(1)</script>", "../../etc/passwd", "%00", "\ud7ff\ufffd\U0010ffff",
    "https://evil.example/", "//evil.example", "caf_admin", "national_admin",
]  # fmt: skip

# Text that can travel in a URL (no lone surrogates).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
VALUES = st.one_of(
    st.sampled_from(SPECIAL_VALUES),
    TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.text("0123456789-/:", max_size=12),
)
NAMES = st.one_of(st.sampled_from(FIELD_NAMES), TEXT)
PARAMS = st.lists(st.tuples(NAMES, VALUES), max_size=12)


def encode(pairs) -> str:
    return urlencode(pairs, doseq=False, encoding="utf-8", errors="surrogatepass")


# JSON documents for the simulation API: the real fields with any JSON value, or anything.
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(SPECIAL_VALUES),
    TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=8,
)
JSON_BODIES = st.one_of(
    st.dictionaries(st.sampled_from(FIELD_NAMES), JSON_VALUES, max_size=12).map(json.dumps),
    JSON_VALUES.map(json.dumps),
    st.sampled_from(
        ["", "{", "null", "[]", '"x"', "NaN", '{"date": Infinity}', "\x00", "{}" * 1000]
    ),
    TEXT,
)
BODY_CONTENT_TYPES = st.sampled_from(
    ["application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml"]
)

# Deterministic payloads sent to every URL: each known name with one kind of bad value,
# and every name repeated.
FIXED_PAYLOADS = [
    [(name, "abc\x00" + "é" * 120) for name in FIELD_NAMES],
    [(name, "16\x00") for name in FIELD_NAMES],
    [(name, HUGE) for name in FIELD_NAMES],
    [(name, value) for name in FIELD_NAMES for value in ("-1", "2026-02-30")],
    [(name, "0000-00-00") for name in FIELD_NAMES] + [("page", "1e309"), ("lat", "nan")],
]

ROLES = ["anonymous", "caf_admin", "national_admin", "technical_staff"]
SIMULATION_URLS = [
    "/api/v1/simulations/creche",
    "/api/v1/simulations/cmg",
    "/api/v1/simulations/compare",
]


@pytest.fixture
def world(db):
    """Published objects and accounts, so that real ids are tried too."""
    childminder = ChildminderFactory()
    structure = StructureFactory()
    colleague = staff_user(Role.CAF_AGENT, "CAF751")
    return [childminder.pk, structure.pk, colleague.pk]


def make_user(kind):
    if kind == "anonymous":
        return None
    if kind == "technical_staff":
        return UserFactory(technical_staff=True)
    if kind == "national_admin":
        return staff_user(Role.NATIONAL_ADMIN, None)
    return staff_user(Role.CAF_ADMIN, "CAF751")


def new_client(user) -> Client:
    client = Client(raise_request_exception=True)
    if user is not None:
        log_in(client, user)
    return client


def send(client, method, url, pairs=(), body=None, content_type=None):
    """One request; an exception raised by the view fails with the request that caused it."""
    try:
        if method == "GET":
            query = encode(pairs)
            response = client.get(f"{url}?{query}" if query else url)
        elif body is not None:
            response = client.generic(method, url, body, content_type=content_type)
        else:
            response = client.generic(
                method, url, encode(pairs), content_type="application/x-www-form-urlencoded"
            )
    except Exception as error:
        raise AssertionError(f"{method} {url} {list(pairs)!r} {body!r}: {error!r}") from error
    assert response.status_code < 500, (method, url, list(pairs), body, response.status_code)
    return response


def test_every_url_is_discovered():
    found = routes()
    assert len(found) > 40
    assert "recherche/" in found and "api/v1/simulations/cmg" in found
    assert not any(route.startswith("administration/technique/") for route in found)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ROLES)
def test_every_url_survives_fixed_hostile_input(world, kind):
    user = make_user(kind)
    client = new_client(user)
    for url in concrete_urls(world):
        if url.startswith(SESSION_ENDING):
            continue
        send(client, "GET", url)
        for pairs in FIXED_PAYLOADS:
            send(client, "GET", url, pairs)
            send(client, "POST", url, pairs)
        if url in SIMULATION_URLS:
            for body in ("", "{", "null", '{"date": "0000-00-00"}', json.dumps({"x": HUGE})):
                send(client, "POST", url, body=body, content_type="application/json")
        if user is not None and "_auth_user_id" not in client.session:
            client = new_client(user)  # an action ended the session: log in again


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ROLES[:3])
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_every_url_survives_random_input(world, kind, data):
    user = make_user(kind)
    client = new_client(user)
    urls = [url for url in concrete_urls(world) if not url.startswith(SESSION_ENDING)]
    url = data.draw(st.sampled_from(urls), label="url")
    method = data.draw(st.sampled_from(["GET", "POST"]), label="method")
    pairs = data.draw(PARAMS, label="params")
    send(client, method, url, pairs)


@pytest.mark.django_db
@FUZZ
@given(
    url=st.sampled_from(SIMULATION_URLS),
    body=JSON_BODIES,
    content_type=BODY_CONTENT_TYPES,
    pairs=PARAMS,
)
def test_simulation_api_survives_random_bodies(client, url, body, content_type, pairs):
    query = encode(pairs)
    response = send(
        client, "POST", f"{url}?{query}" if query else url, body=body, content_type=content_type
    )
    if response.status_code >= 400:
        assert "detail" in response.json()


@pytest.mark.django_db
@FUZZ
@given(
    page=st.sampled_from(["/recherche/", "/api/v1/search", "/simulateur/", "/api/v1/communes"]),
    pairs=st.lists(st.tuples(st.sampled_from(FIELD_NAMES), VALUES), min_size=1, max_size=16),
)
def test_public_forms_survive_random_known_fields(client, page, pairs):
    """The pages that read the most parameters, with only names they read (hypothesis finds
    more combinations there than with random names)."""
    send(client, "GET", page, [("commune", "16015"), *pairs])


# Valid requests, so that hostile values in some fields reach the computation behind the
# validation of the others.
VALID_BODIES = {
    "/api/v1/simulations/creche": {
        "date": "2026-01-15", "annual_resources": 48000, "children": 1, "monthly_hours": 154,
    },
    "/api/v1/simulations/cmg": {
        "date": "2026-01-15", "annual_resources": 48000, "children": 1, "monthly_hours": 154,
        "mode": "cmg_direct:assistant_maternel", "hourly_price": "4.50", "child_age": 1,
    },
    "/api/v1/simulations/compare": {
        "date": "2026-01-15", "annual_resources": 48000, "children": 1, "hours_per_week": 40,
        "days_per_week": 5, "weeks_per_year": 46, "child_age": 1,
        "creche_kinds": ["collective"], "micro_creche_hourly_price": "9.50",
        "childminder_hourly_net_pay": "4.50", "childminder_daily_allowances": "7.00",
        "home_carer_hourly_net_pay": "12.00",
    },
}  # fmt: skip
VALID_QUERIES = {
    "/simulateur/": {
        "date": "2026-01-15", "annual_resources": "48000", "creche_kinds": "collective",
        "micro_creche": "on", "micro_creche_hourly_price": "9,50", "childminder": "on",
        "childminder_hourly_net_pay": "4,50", "home_carer": "on",
        "home_carer_hourly_net_pay": "12",
    },
    "/recherche/": {"commune": "16015", "radius_km": "50", "available": "on", "page": "1"},
    # By coordinates ("autour de moi"), Angoulême's town hall.
    "/api/v1/search": {"lat": "45.65", "lon": "0.16", "radius_km": "50", "available": "true"},
}  # fmt: skip
EXTREME_JSON = st.one_of(
    JSON_SCALARS,
    st.sampled_from([0, -1, 10**20, 1e308, "0", "1e309", "0.001", "99999999.99", "9999-12-31"]),
    st.dates().map(lambda d: d.isoformat()),
)


@pytest.mark.django_db
@FUZZ
@given(data=st.data(), url=st.sampled_from(list(VALID_BODIES)))
def test_simulation_api_survives_one_hostile_field(client, data, url):
    valid = VALID_BODIES[url]
    changes = data.draw(
        st.dictionaries(st.sampled_from([*valid, *FIELD_NAMES]), EXTREME_JSON, max_size=3)
    )
    response = send(
        client, "POST", url, body=json.dumps({**valid, **changes}), content_type="application/json"
    )
    if response.status_code >= 400:
        assert response.json()["detail"][0]["loc"]


@pytest.mark.django_db
@FUZZ
@given(data=st.data(), page=st.sampled_from(list(VALID_QUERIES)))
def test_public_forms_survive_one_hostile_field(world, client, data, page):
    valid = VALID_QUERIES[page]
    changes = data.draw(
        st.dictionaries(st.sampled_from([*valid, *FIELD_NAMES]), VALUES, max_size=3)
    )
    send(client, "GET", page, list({**valid, **changes}.items()))


EDGE_VALUES = [
    "", "\x00", "abc", "0", "-1", HUGE, "-" + HUGE, "1e309", "nan", "0.001", "99999999.99",
    "0000-00-00", "0001-01-01", "1900-01-01", "2026-02-30", "2100-01-01", "9999-12-31",
    "31/12/9999", "00:00", "23:59", "24:00", "asm,zzz",
]  # fmt: skip
EDGE_JSON = [
    None, True, [], {}, 0, -1, 10**20, -(10**20), 1e308, "x", "\x00", "nan", "1e309",
    "0.001", "99999999.99", "0001-01-01", "1900-01-01", "2100-01-01", "9999-12-31",
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(VALID_QUERIES))
def test_public_forms_survive_each_edge_value_in_each_field(world, client, page):
    """Every field of a valid search or simulation, one at a time, with each edge value: the
    dates at the ends of the calendar, the numbers beyond every bound."""
    valid = VALID_QUERIES[page]
    for name in SIMULATOR_FIELDS if page == "/simulateur/" else SEARCH_FIELDS:
        for value in EDGE_VALUES:
            send(client, "GET", page, list({**valid, name: value}.items()))


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(VALID_BODIES))
def test_simulation_api_survives_each_edge_value_in_each_field(client, url):
    valid = VALID_BODIES[url]
    for name in dict.fromkeys([*valid, *SIMULATION_API_FIELDS]):
        for value in EDGE_JSON:
            body = json.dumps({**valid, name: value})
            response = send(client, "POST", url, body=body, content_type="application/json")
            if response.status_code >= 400:
                assert response.json()["detail"][0]["loc"], (name, value)


# A form displayed a minute ago, for the anti-robot check of public forms.
STARTED = signing.dumps(time.time() - 60, salt=antispam._SALT)
BACKOFFICE_FORMS = {
    "/administration/connexion/": {"username": "agent@caf.fr", "password": "Monenfant2025!"},
    "/administration/mot-de-passe/oublie/": {"email": "agent@caf.fr", "form_started": STARTED},
    "/administration/mot-de-passe/changer/": {
        "old_password": "Monenfant2025!",
        "new_password1": "Un-nouveau-mot-de-passe-2026",
        "new_password2": "Un-nouveau-mot-de-passe-2026",
    },
    "/administration/securite/double-authentification/verifier/": {"token": "123456"},
    "/administration/securite/double-authentification/activer/": {"token": "123456"},
    # The public habilitation request (a structure of CAF751 is looked up by name).
    "/professionnels/gestionnaire/demande-habilitation/": {
        "form_started": STARTED,
        "kind": "habilitation",
        "caf": "1",
        "name": "Association",
        "address": "1 rue de Rivoli",
        "postal_code": "75004",
        "city": "Paris",
        "contact_first_name": "Camille",
        "contact_last_name": "Leroy",
        "contact_function": "Présidente",
        "contact_email": "camille@example.org",
        "contact_phone": "01 23 45 67 89",
        "structure_query": "Crèche",
        "structures": "1",
        "communes": "75056",
        "person_count": "1",
        "person-0-first_name": "Léa",
        "person-0-last_name": "Durand",
        "person-0-email": "lea@example.org",
        "person-0-function": "Directrice",
        "action": "send",
    },
    "/administration/utilisateurs/nouveau/": {
        "login": "jeanne.martin",
        "email": "jeanne.martin@caf.fr",
        "first_name": "Jeanne",
        "last_name": "Martin",
        "job_title": "AGENT CAF",
        "roles": "caf_agent",
        "password1": "Un-mot-de-passe-provisoire-2026",
        "password2": "Un-mot-de-passe-provisoire-2026",
    },
}
BACKOFFICE_EDGE_VALUES = [
    "", "\x00", "a\x00b@caf.fr", "é" * 300, "a" * 5000, HUGE, "-1", "caf_admin",
    "national_admin", "jean.dupont", "x@y", "<b>", "https://evil.example/", "//evil.example",
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(BACKOFFICE_FORMS))
def test_backoffice_forms_survive_each_edge_value_in_each_field(world, url):
    """Each field of a valid back-office form, one at a time, with each edge value; the
    rest of the form valid so that the value reaches the checks behind the field's own."""
    user = staff_user(Role.CAF_ADMIN, "CAF751")
    valid = BACKOFFICE_FORMS[url]
    edited = f"/administration/utilisateurs/{world[2]}/"
    anonymous = url.endswith(("connexion/", "oublie/"))
    client = new_client(None if anonymous else user)
    for target in (url, edited) if url.endswith("nouveau/") else (url,):
        for name in [*valid, "next"]:
            send(client, "GET", target, [(name, value) for value in BACKOFFICE_EDGE_VALUES])
            for value in BACKOFFICE_EDGE_VALUES:
                if anonymous or "_auth_user_id" not in client.session:
                    # A successful login would turn the next posts into redirects.
                    client = new_client(None if anonymous else user)
                send(client, "POST", target, list({**valid, name: value}.items()))
