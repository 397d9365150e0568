"""The one number reader: files (`read_number` with the file's style), typed boxes and the
editor (`parse_typed` in the UI language), CLI arguments; and a fuzz test of the reader
and the target parser."""

from __future__ import annotations

import io
import math
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modules.data.dataset import from_rows, load_file
from modules.data.problems import InputError
from modules.data.reader import number_style, read_observations
from modules.planning.targets import read_targets, target_sanity
from modules.text import fmt


@pytest.mark.parametrize("text, style, expected", [
    ("13.956", "vi", 13956), ("107,8", "vi", 107.8), ("1.136,5", "vi", 1136.5),
    ("13,956", "en", 13956), ("107.8", "en", 107.8), ("1,136.5", "en", 1136.5),
    ("0.735", "en", 0.735), ("0,735", "vi", 0.735), ("-0.5", "en", -0.5), ("−3,5", "vi", -3.5),
    ("8,5%", "vi", 8.5), ("1e3", "en", 1000), ("12 345", "en", 12345),
    ("1\u00a0136,5", "vi", 1136.5),
    (0.085, "vi", 0.085), (2021, "en", 2021.0),
    ("0.735", "vi", None), ("1e3", "vi", None), ("inf", "en", None), ("nan", "en", None),
    ("1e300", "en", None), (1e20, "en", None), (float("inf"), "en", None), ("12 tỷ", "vi", None),
    ("", "vi", None), (True, "en", None),
])
def test_read_number(text, style, expected):
    assert fmt.read_number(text, style) == expected


def test_a_lone_leading_zero_is_never_a_thousands_group():
    style, problems = number_style([(2, "0.735", "value"), (3, "1.136", "value")])
    assert style == "en" and problems[0].params["value"] == Decimal("1.136")  # a decimal here
    style, _ = number_style([(2, "0,735", "value"), (3, "1,136", "value")])
    assert style == "vi"


@pytest.mark.parametrize("text, lang, expected", [
    ("3.150", "vi", 3150), ("90.500", "vi", 90500), ("5,4", "vi", 5.4), ("0,735", "vi", 0.735),
    ("3,150", "en", 3150), ("5.4", "en", 5.4), ("-150", "vi", -150), ("12%", "en", 12),
])
def test_typed_numbers(text, lang, expected):
    assert fmt.parse_typed(text, lang) == expected


@pytest.mark.parametrize("text, lang, readings", [
    ("90,500", "vi", (90.5, 90500)), ("1,136", "vi", (1.136, 1136)),
    ("3.150", "en", (3.15, 3150)),
])
def test_a_decimal_mark_before_three_digits_is_asked_about(text, lang, readings):
    with pytest.raises(fmt.NumberInputError) as caught:
        fmt.parse_typed(text, lang)
    assert caught.value.readings == readings


@pytest.mark.parametrize("text", ["1e300", "inf", "1e20", "9" * 31, "--5", "5..4"])
def test_typed_nonsense_and_huge_numbers_are_refused(text):
    with pytest.raises(fmt.NumberInputError):
        fmt.parse_typed(text, "en")


# --- every way in runs the same validation ---------------------------------------------

def editor(changes=None) -> pd.DataFrame:
    rows = {"indicator": ["exports"] * 3, "year": [2019, 2020, 2021],
            "value": [100.0, 110.0, 121.0]}
    table = pd.DataFrame(rows).astype({"year": object, "value": object})
    for (column, i), value in (changes or {}).items():
        table.loc[i, column] = value
    return table


@pytest.mark.parametrize("change, code", [
    ({("year", 2): 2021.5}, "bad_year"), ({("year", 2): 9999}, "bad_year"),
    ({("year", 2): 1850}, "bad_year"), ({("value", 2): float("inf")}, "bad_value"),
    ({("value", 2): 1e300}, "value_too_large"), ({("value", 2): "abc"}, "bad_value"),
    ({("value", 2): -5.0}, "nonpositive"), ({("value", 2): "90,500"}, "number_ambiguous"),
])
def test_the_editor_is_as_strict_as_a_file(change, code):
    with pytest.raises(InputError) as refused:
        from_rows("edited", editor(change))
    assert [p.code for p in refused.value.problems if p.severity == "error"] == [code]


def test_the_editor_reads_typed_text_in_the_ui_language():
    assert from_rows("e", editor({("value", 2): "3.150"}), lang="vi").series(
        "exports").values.tolist() == [100, 110, 3150]
    assert from_rows("e", editor({("value", 2): "3,150"}), lang="en").series(
        "exports").values.tolist() == [100, 110, 3150]


def test_a_saved_payload_is_validated_like_a_file():
    from modules.data.dataset import from_payload
    payload = {"observations": [{"indicator": "exports", "year": 2021.5, "value": 1.0}]}
    with pytest.raises(InputError):
        from_payload("saved", payload)


def test_target_sanity():
    assert target_sanity("exports", -5, None, 1136).code == "target_impossible"
    assert target_sanity("exports", None, -150, 1136).code == "target_impossible"
    assert target_sanity("industrial_production_index", -100, None, 7.9).code == \
        "target_impossible"
    far = target_sanity("exports", 99000, None, 1136)
    assert far.code == "target_far" and far.severity == "warning"
    assert target_sanity("exports", 300, None, 1136).code == "target_far"
    assert target_sanity("exports", 1250, None, 1136) is None
    assert target_sanity("industrial_production_index", 12, None, 7.9) is None


# --- fuzz: no exception escapes, accepted input round-trips --------------------------

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.one_of(st.binary(max_size=400),
                 st.binary(max_size=400).map(lambda b: b"PK\x03\x04" + b),
                 st.text(alphabet="abc,;\t\n\"'0123456789.%-", max_size=300).map(str.encode)))
def test_random_bytes_are_read_or_refused(data):
    for name in ("x.csv", "x.xlsx"):
        try:
            read_observations(data, name)
        except InputError:
            pass
        try:
            read_targets(data, name)
        except InputError:
            pass


@FUZZ
@given(st.text(alphabet="0123456789.,-+e%  \u00a0−", max_size=14), st.sampled_from(["vi", "en"]))
def test_random_typed_strings_are_read_or_refused(text, lang):
    try:
        value = fmt.parse_typed(text, lang)
    except fmt.NumberInputError:
        return
    if value is None:
        return
    assert math.isfinite(value)
    shown = fmt.editable_number(value, lang)  # what the app shows back reads as the same
    assert fmt.parse_typed(shown, lang) == pytest.approx(value, rel=1e-9, abs=1e-9) \
        or fmt.AMBIGUOUS.fullmatch(shown)


values = st.floats(min_value=0.001, max_value=9e11, allow_nan=False).map(lambda v: round(v, 3))


@FUZZ
@given(st.lists(values, min_size=1, max_size=8), st.sampled_from(["vi", "en"]))
def test_numbers_written_in_a_style_come_back_the_same(numbers, style):
    """Accepted input round-trips: read back exactly, whenever a cell decides the style;
    when none does (only '1.136'-like cells), the assumption is reported."""
    sep = ";" if style == "vi" else ","
    written = [fmt.editable_number(v, style) for v in numbers]
    text = f"indicator{sep}year{sep}value\n" + "".join(
        f"s{sep}{2000 + i}{sep}\"{cell}\"\n" for i, cell in enumerate(written))
    table, warnings = read_observations(text.encode(), "x.csv")  # never refused
    detected, _ = number_style([(2, cell, "value") for cell in written])
    if detected == style or not any(fmt.AMBIGUOUS.fullmatch(cell) for cell in written):
        assert table["value"].tolist() == pytest.approx(numbers, rel=1e-12)
    else:
        assert [w.code for w in warnings] == ["number_style"]


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(values, st.text(alphabet="abcđ ;,=", max_size=8), st.none()),
                min_size=3, max_size=9))
def test_random_workbook_cells_are_read_or_refused(cells):
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["indicator", "year", "value"])
    for i, cell in enumerate(cells):
        book.active.append(["exports", 2000 + i, cell])
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        data = load_file(buffer.getvalue(), "x.xlsx")
    except InputError:
        return
    numbers = [c for c in cells if isinstance(c, float)]
    assert sorted(data.observations["value"]) == pytest.approx(sorted(numbers))


def test_an_ambiguous_number_names_both_readings_exactly():
    from modules.text.fmt import NumberInputError, parse_typed

    for text, lang, first, second in (("1,234", "vi", "1,234", "1.234"),
                                      ("90,500", "vi", "90,5", "90.500"),
                                      ("1.234", "en", "1.234", "1,234")):
        with pytest.raises(NumberInputError) as caught:
            parse_typed(text, lang)
        message = caught.value.message(lang)
        assert f" {first} " in message and f" {second}." in message, message


def test_a_value_as_read_is_shown_exactly_and_a_figure_by_the_house_rule():
    from decimal import Decimal

    from modules.data.problems import Problem
    from modules.text.fmt import exact_number

    assert exact_number(940.66, "vi") == "940,66" and exact_number(940.66, "en") == "940.66"
    assert exact_number(90500.0, "vi") == "90.500" and exact_number(-0.0735, "vi") == "−0,0735"
    read = Problem("number_style", "warning", params={"style": "en", "text": "940.66",
                                                     "value": Decimal("940.66")})
    assert "“940.66” is 940.66." in read.message("en")
    figure = Problem("target_far", "warning", params={"indicator": "exports", "target": 99000.0,
                                                     "ratio": 87.1478, "base": 1136.0})
    assert "87.1" in figure.message("en") and "87.14" not in figure.message("en")


@pytest.mark.parametrize("target,base,vi,en", [
    (90.5, 85873.0, "gấp 0,0011 lần", "is 0.0011 times"),   # 90,5 typed for 90.500
    (99000.0, 1136.0, "gấp 87,1 lần", "is 87.1 times"),
    (95.0, 450.0, "gấp 0,21 lần", "is 0.21 times"),
    (3456.0, 1000.0, "gấp 3,5 lần", "is 3.5 times"),
])
def test_a_far_target_says_its_ratio_by_the_house_rule_never_zero(target, base, vi, en):
    problem = target_sanity("exports", target, None, base)
    assert problem.code == "target_far"
    assert vi in problem.message("vi") and en in problem.message("en")
