import pytest

from monenfant.referential.selectors import CommuneQueryError, search_communes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["angouleme", "ANGOULÊME", "Angoulême", "16000", " angoulême "])
def test_angouleme_is_found_first_by_name_or_postal_code(text):
    assert search_communes(text)[0].insee_code == "16015"


def test_insee_code_resolves_ajaccio():
    assert search_communes("2A004")[0].name == "Ajaccio"


@pytest.mark.parametrize("text", ["", " ", "a", "é"])
def test_too_short_query_is_refused_with_a_french_message(text):
    with pytest.raises(CommuneQueryError, match="au moins 2 caractères"):
        search_communes(text)


def test_name_prefix_ignores_hyphens_and_accents():
    names = [c.name for c in search_communes("saint etienne")]
    assert names[0] == "Saint-Étienne"


def test_exact_name_comes_before_longer_names_then_by_population():
    assert search_communes("paris")[0].insee_code == "75056"


def test_a_postal_code_prefix_lists_the_most_populated_first():
    communes = search_communes("160", limit=5)
    assert communes[0].insee_code == "16015"
    assert all(any(code.startswith("160") for code in c.postal_codes) for c in communes)


def test_too_long_query_is_refused():
    with pytest.raises(CommuneQueryError, match="au plus 100 caractères"):
        search_communes("a" * 101)


def test_name_look_up_uses_an_index_not_a_scan():
    from django.db import connection

    from monenfant.referential.models import Commune
    from monenfant.referential.selectors import _prefix_filter

    queryset = Commune.objects.filter(**_prefix_filter("search_name", "angouleme"))
    plan = queryset.explain().lower()
    if connection.vendor == "sqlite":
        assert "using index" in plan or "using covering index" in plan
        assert "scan referential_commune" not in plan.replace("using index", "")
    else:
        # On a table this size PostgreSQL may still prefer a scan without fresh statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE referential_commune")
        plan = queryset.explain().lower()
        assert "index" in plan and "seq scan" not in plan


def test_control_characters_are_ignored_rather_than_sent_to_the_database():
    assert search_communes("angou\x00leme")[0].insee_code == "16015"


@pytest.mark.parametrize("text", ["le havre", "Havre", "LE HAVRE"])
def test_a_name_with_an_article_is_found_with_or_without_it(text):
    le_havre = search_communes(text)[0]
    assert (le_havre.insee_code, le_havre.name) == ("76351", "Le Havre")
