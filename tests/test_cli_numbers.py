"""Typed numbers and limits (item 6), with the right values: the CLI's numeric
options are read either way and refused in the user's language; digits of other scripts
read as the digits they are; "below 1e15" means below; a too-large value is called too
large, a year out of range is not called "not four digits"; the index-form note shows
the values as read."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from modules.cli import main
from modules.data.dataset import load_file
from modules.data.problems import InputError
from modules.data.reader import read_observations
from modules.text.fmt import MagnitudeError, check_magnitude, parse_typed, read_number

DATA = "data/daklak/observations.csv"


def _suggest(capsys, *options):
    code = main(["suggest", DATA, "--year", "2022", "--model", "drift", *options])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("typed", ["0,7", "70", "７０", "０．７", "70%"])
def test_the_probability_option_reads_either_style(capsys, typed):
    code, out, _ = _suggest(capsys, f"--probability={typed}")
    assert code == 0
    same = _suggest(capsys, "--probability=0.7")[1]
    assert out == same


@pytest.mark.parametrize("options, lang, message", [
    (["--probability=abc"], "vi", "tham số --probability: “abc” không phải là số."),
    (["--probability=1e16"], "en", "argument --probability: the value 1e16 is too large: "
                                   "numbers must be below ±1,000,000,000,000,000."),
    (["--probability=1,500"], "en", "“1,500” can be read two ways: 1,500 or 1.5"),
    (["--probability=0,7", "--year=2021,5"], "vi", "tham số --year: “2021,5” phải là một năm"),
])
def test_numeric_options_are_refused_in_the_users_language(capsys, options, lang, message):
    code = main(["suggest", DATA, "--model", "drift", "--lang", lang, *options])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err, err


def test_level_and_horizon_options(capsys):
    assert main(["forecast", DATA, "--horizon", "２", "--level", "80", "--level", "95,5"]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert {"lower_80", "upper_95.5"} <= set(table.columns)
    assert table["year"].max() == 2023
    assert main(["forecast", DATA, "--level", "1e+300", "--lang", "en"]) == 2
    assert "the value 1e+300 is too large" in capsys.readouterr().err


@pytest.mark.parametrize("text, style, value", [
    ("９０.５００", "vi", 90500.0), ("９０，５", "vi", 90.5), ("١٢٣", "en", 123.0),
    ("－５,４", "vi", -5.4), ("5²", "en", None), ("½", "en", None),
])
def test_digits_of_other_scripts_are_the_digits_they_are(text, style, value):
    assert read_number(text, style) == value


def test_full_width_digits_in_a_file_and_a_box():
    table, _ = read_observations("indicator;year;value\nretail_sales;２０２１;９０.５００\n"
                                 "retail_sales;2020;８５.８７３\n".encode(), "t.csv")
    assert table[["year", "value"]].values.tolist() == [[2021, 90500.0], [2020, 85873.0]]
    assert parse_typed("９０.５００", "vi") == 90500.0


@pytest.mark.parametrize("text", ["1E15", "1e15", "-1000000000000000", "1.000.000.000.000.000"])
def test_exactly_the_limit_is_refused(text):
    assert read_number(text, "vi" if text.count(".") > 1 else "en") is None
    with pytest.raises(MagnitudeError):
        parse_typed(text, "vi" if text.count(".") > 1 else "en")
    with pytest.raises(MagnitudeError):
        check_magnitude(1e15)
    assert check_magnitude(999_999_999_999_999) == 999_999_999_999_999


def test_file_values_too_large_and_years_out_of_range_say_so():
    rows = "indicator,year,value\nexports,2019,1e16\nexports,2020,1e+300\nexports,2021,1E15\n" \
           "exports,9999,5\nexports,2022,1e999\n"
    with pytest.raises(InputError) as refused:
        read_observations(rows.encode(), "t.csv")
    found = [(p.code, p.row) for p in refused.value.problems]
    assert found == [("value_too_large", 2), ("value_too_large", 3), ("value_too_large", 4),
                     ("bad_year", 5), ("bad_value", 6)]
    messages = [p.message("en") for p in refused.value.problems]
    assert "“1e16” is too large: values must be below ±1,000,000,000,000,000." in messages[0]
    assert "four-digit" not in messages[3] and "from 1900 to 2100" in messages[3]


def test_the_index_form_note_shows_the_values_as_read():
    data = load_file(b"indicator,year,value\nindustrial_production_index,2019,107.9\n"
                     b"industrial_production_index,2020,108.2\n"
                     b"industrial_production_index,2021,114.8\n", "t.csv")
    note = next(p for p in data.problems if p.code == "index_form_converted")
    assert note.params["value"] == Decimal("114.8") and note.params["growth"] == Decimal("14.8")
    assert "114,8 → 14,8%" in note.message("vi") and "114.8 → 14.8%" in note.message("en")
