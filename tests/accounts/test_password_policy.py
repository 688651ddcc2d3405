import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from monenfant.accounts.password_validation import SPECIAL_CHARACTERS


def messages(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    return error.value.messages


def test_a_password_meeting_the_policy_is_accepted():
    validate_password("Monenfant2025!")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("monenfant2025!", "au moins une lettre majuscule"),
        ("MONENFANT2025!", "au moins une lettre minuscule"),
        ("Monenfant-deux!", "au moins un chiffre"),
        ("Monenfant2025x", "au moins un caractère spécial"),
        ("Mon1!", "trop court"),
        ("Monenfant2025!Monenfant25", "trop long"),
    ],
)
def test_each_rule_is_refused_with_its_french_message(password, message):
    assert any(message in text for text in messages(password))


def test_twenty_four_characters_is_the_longest_accepted():
    validate_password("Aa1!" + "x" * 20)
    assert any("trop long" in m for m in messages("Aa1!" + "x" * 21))


@given(st.sampled_from(SPECIAL_CHARACTERS))
def test_every_special_character_of_the_policy_counts(special):
    validate_password(f"Monenfant20{special}z")
