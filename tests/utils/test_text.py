from hypothesis import given
from hypothesis import strategies as st

from monenfant.utils.text import normalize_search_text


def test_accents_case_hyphens_and_apostrophes_are_folded():
    assert normalize_search_text("L'Île-Saint-Denis") == "l ile saint denis"
    assert normalize_search_text("  Saint-Étienne  ") == "saint etienne"
    assert normalize_search_text("Œuilly") == "oeuilly"


@given(st.text())
def test_normalised_text_is_stable_and_has_no_control_character(text):
    normalised = normalize_search_text(text)
    assert normalize_search_text(normalised) == normalised
    assert "\x00" not in normalised
    assert normalised == normalised.strip()
