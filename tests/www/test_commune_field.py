import pytest
from dsfr.forms import DsfrBaseForm

from monenfant.www.fields import CommuneField

pytestmark = pytest.mark.django_db


class WhereForm(DsfrBaseForm):
    commune = CommuneField()


def resolve(text):
    form = WhereForm({"commune": text})
    return form, form.is_valid()


@pytest.mark.parametrize("text", ["Angoulême", "angouleme", "16000", "Angoulême (16000)", "16015"])
def test_a_name_a_postal_code_or_a_suggestion_label_resolves_to_the_commune(text):
    form, valid = resolve(text)
    assert valid, form.errors
    assert form.cleaned_data["commune"].insee_code == "16015"


def test_an_exact_name_wins_over_longer_names():
    form, valid = resolve("Paris")
    assert valid
    assert form.cleaned_data["commune"].insee_code == "75056"


def test_a_label_picks_the_right_homonym():
    form, valid = resolve("Celles (15170)")
    assert valid
    assert form.cleaned_data["commune"].insee_code == "15031"


def test_homonyms_ask_to_be_more_precise_and_keep_what_was_typed():
    form, valid = resolve("Celles")
    assert not valid
    assert "Plusieurs communes correspondent" in form.errors["commune"][0]
    html = str(form["commune"])
    assert 'value="Celles"' in html


def test_an_unknown_commune_gets_a_clear_message():
    form, valid = resolve("Xyzzyville")
    assert not valid
    assert form.errors["commune"] == [
        "Aucune commune ne correspond à « Xyzzyville ». Vérifiez l'orthographe ou saisissez le code postal."
    ]


def test_a_one_letter_entry_is_refused_without_searching():
    form, valid = resolve("a")
    assert not valid
    assert "au moins 2 caractères" in form.errors["commune"][0]


def test_the_input_offers_suggestions_as_the_user_types(client):
    html = str(WhereForm()["commune"])
    assert 'hx-get="/communes/suggestions/"' in html
    assert "<datalist" in html
    options = client.get("/communes/suggestions/", {"commune": "angoul"}).content.decode()
    assert '<option value="Angoulême (16000)">' in options


def test_suggestions_answer_nothing_rather_than_an_error_for_short_text(client):
    response = client.get("/communes/suggestions/", {"commune": "a"})
    assert response.status_code == 200
    assert "<option" not in response.content.decode()


def test_the_field_is_limited_in_size():
    assert 'maxlength="100"' in str(WhereForm()["commune"])
    form, valid = resolve("a" * 101)
    assert not valid
    assert "au plus 100 caractères" in form.errors["commune"][0]


def test_suggestions_query_count_does_not_grow_with_the_suggestions(
    client, django_assert_num_queries
):
    # One query for the communes and their départements (shown in the options).
    with django_assert_num_queries(1):
        one = client.get("/communes/suggestions/", {"commune": "angouleme"}).content.decode()
    with django_assert_num_queries(1):
        eight = client.get("/communes/suggestions/", {"commune": "saint"}).content.decode()
    assert (one.count("<option"), eight.count("<option")) == (1, 8)
