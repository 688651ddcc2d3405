"""Parameter files: shape, selection by date, and the derived planchers."""

import datetime as dt
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from monenfant.simulators import SimulationError, all_parameters, get
from monenfant.simulators.parameters import CONFIDENCE_LEVELS, bracket_rate, markdown_tables

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "simulators.md"


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rsa_floor(rsa: Decimal) -> Decimal:
    """Issue 4: RSA single person + 1 child (1.5 × base) minus 16 % of it, each to the cent."""
    single_with_child = cents(rsa * Decimal("1.5"))
    housing = cents(single_with_child * Decimal("0.16"))
    return single_with_child - housing


def test_every_entry_has_a_source_a_confidence_and_sorted_starts():
    parameters = all_parameters()
    assert len(parameters) >= 30
    for parameter in parameters.values():
        starts = [entry.start for entry in parameter.entries]
        assert starts == sorted(starts), parameter.name
        for entry in parameter.entries:
            assert entry.source, parameter.name
            assert entry.confidence in CONFIDENCE_LEVELS, parameter.name
            assert entry.label_fr, parameter.name
            if entry.confidence != "official":
                assert entry.note, f"{parameter.name} {entry.start}: explain non-official values"


def test_numbers_are_read_as_decimals_never_floats():
    def walk(value):
        assert not isinstance(value, float)
        if isinstance(value, list):
            for item in value:
                walk(item)
        if isinstance(value, dict):
            for item in value.values():
                walk(item)

    for parameter in all_parameters().values():
        for entry in parameter.entries:
            walk(entry.value)
    assert get("cmg_reference_hourly_cost_childminder", dt.date(2025, 9, 1)).value == Decimal(
        "4.85"
    )


def test_the_entry_in_force_is_chosen_by_date():
    assert get("psu_resources_ceiling", dt.date(2024, 8, 31)).value == Decimal(6000)
    assert get("psu_resources_ceiling", dt.date(2024, 9, 1)).value == Decimal(7000)
    assert get("psu_resources_ceiling", dt.date(2025, 8, 31)).value == Decimal(7000)
    assert get("psu_resources_ceiling", dt.date(2025, 9, 1)).value == Decimal(8500)
    assert get("psu_resources_floor", dt.date(2025, 12, 31)).value == Decimal("801.00")
    assert get("psu_resources_floor", dt.date(2026, 1, 1)).value == Decimal("814.62")
    # After the last known entry the last value stays in force.
    assert get("psu_resources_floor", dt.date(2030, 6, 1)).value == Decimal("814.62")


def test_no_parameter_before_2018():
    with pytest.raises(SimulationError) as error:
        get("bmaf", dt.date(2017, 12, 31))
    assert error.value.field == "date"
    assert "1er janvier 2018" in error.value.message_fr


def test_reform_parameters_do_not_exist_before_their_start():
    with pytest.raises(SimulationError) as error:
        get("cmg_reference_hourly_cost_childminder", dt.date(2025, 8, 31))
    assert error.value.field == "date"


def test_bracket_rate_picks_the_last_bracket_reached():
    brackets = get("psu_effort_rates_collective", dt.date(2026, 1, 1)).value
    expected = {
        1: "0.0619",
        2: "0.0516",
        3: "0.0413",
        4: "0.0310",
        7: "0.0310",
        8: "0.0206",
        10: "0.0206",
        11: "0.0206",
    }
    for count, rate in expected.items():
        assert bracket_rate(brackets, count) == Decimal(rate), count
    familial = get("psu_effort_rates_familial", dt.date(2026, 1, 1)).value
    assert [bracket_rate(familial, n) for n in (1, 2, 3, 5, 6, 9)] == [
        Decimal(rate) for rate in ("0.0516", "0.0413", "0.0310", "0.0310", "0.0206", "0.0206")
    ]


def test_the_rsa_figure_reproduces_the_2026_plancher_of_the_issue():
    rsa = get("rsa_base_amount", dt.date(2026, 1, 1)).value
    assert rsa == Decimal("646.52")
    assert rsa_floor(rsa) == Decimal("814.62")


def test_every_psu_plancher_follows_the_rsa_rule():
    # The date of effect is the Cnaf's: 1 January, except 1 September 2019 (no January
    # 2019 revaluation, circulaire 2019-005); the RSA is the one in force on that date.
    for entry in all_parameters()["psu_resources_floor"].entries:
        rsa = get("rsa_base_amount", entry.start).value
        assert rsa_floor(rsa) == entry.value, entry.start


def test_every_cmg_plancher_follows_the_rsa_rule_rounded_to_the_euro():
    for entry in all_parameters()["cmg_resources_floor"].entries:
        rsa = get("rsa_base_amount", entry.start).value
        assert rsa_floor(rsa).quantize(Decimal(1), rounding=ROUND_HALF_UP) == entry.value


def test_the_revalued_cmg_caps_follow_the_smic():
    smic_2025, smic_2026 = Decimal("11.88"), Decimal("12.02")
    april = dt.date(2026, 4, 1)
    for name in ("cmg_hourly_cap_childminder", "cmg_hourly_cap_home_carer"):
        before = get(name, dt.date(2025, 9, 1)).value
        assert get(name, april).value == cents(before * smic_2026 / smic_2025)


def test_docs_list_every_parameter_with_its_source_and_confidence():
    text = DOCS.read_text(encoding="utf-8")
    for name in all_parameters():
        assert f"`{name}`" in text, name
    for flag in CONFIDENCE_LEVELS:
        assert f"**{flag}**" in text
    generated = text.split("<!-- parameters:start -->\n")[1].split("<!-- parameters:end -->")[0]
    assert generated == markdown_tables(), "regenerate the tables of docs/simulators.md"


def test_the_package_does_not_import_django():
    code = (
        "import sys, monenfant.simulators; "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)
    assert completed.returncode == 0
