from decimal import Decimal

import pytest

from modules.data.problems import Problem
from modules.text import fmt
from modules.text.i18n import LANGUAGES, t, texts


def test_both_languages_have_the_same_keys():
    assert set(texts("vi")) == set(texts("en"))


@pytest.mark.parametrize("value, lang, decimals, expected", [
    (13956, "vi", 0, "13.956"), (107.8, "vi", 1, "107,8"), (1136.5, "vi", 1, "1.136,5"),
    (13956, "en", 0, "13,956"), (2.25, "vi", 1, "2,3"), (2.35, "en", 1, "2.4"),
])
def test_numbers_are_written_the_readers_way_with_half_up_rounding(value, lang, decimals,
                                                                   expected):
    assert fmt.number(value, lang, decimals) == expected


def test_percent_and_probability():
    assert fmt.percent(107.8, "vi") == "107,8%"
    assert fmt.percent(-17.7, "vi", signed=True) == "−17,7%"
    assert fmt.percent(5.4, "en", signed=True) == "+5.4%"
    assert fmt.probability(0.999) == ">99%" and fmt.probability(0.004) == "<1%"
    assert fmt.probability(0.468) == "47%"


@pytest.mark.parametrize("text, lang, expected", [
    ("90.500", "vi", 90500), ("5,4", "vi", 5.4), ("-78,9", "vi", -78.9), ("12%", "vi", 12),
    ("90,500", "en", 90500), ("5.4", "en", 5.4), ("", "vi", None),
])
def test_typed_numbers_follow_the_ui_language(text, lang, expected):
    assert fmt.parse_typed(text, lang) == expected


def test_typed_numbers_that_are_ambiguous_or_not_numbers_are_refused():
    with pytest.raises(fmt.NumberInputError) as caught:
        fmt.parse_typed("5.4", "vi")
    assert caught.value.suggestion == "5,4"
    with pytest.raises(fmt.NumberInputError):
        fmt.parse_typed("nhiều", "vi")


def test_problem_messages_say_where_in_both_languages():
    problem = Problem("bad_value", file="a.csv", row=3, column="value", params={"text": "x"})
    assert problem.message("vi") == "a.csv, dòng 3, cột “value”: “x” không phải là số."
    assert problem.message("en") == "a.csv, row 3, column “value”: “x” is not a number."


def test_one_rounding_rule_by_magnitude_and_ranges_share_their_decimals():
    assert fmt.smart_number(13956.4) == "13.956" and fmt.smart_number(982.7) == "983"
    assert fmt.smart_number(19.22) == "19,2" and fmt.smart_number(95.0) == "95"
    assert fmt.smart_number(0.482) == "0,48" and fmt.smart_number(4.82, "en") == "4.8"
    assert fmt.number_range(3.9, 19.22) == "3,9 – 19,2"
    assert fmt.number_range(765.5, 1989.3) == "766 – 1.989"
    assert fmt.number_range(3.0, 19.2) == "3,0 – 19,2"
    assert fmt.number_range(None, 3) == "—"


@pytest.mark.parametrize("value,vi,en", [
    (0.0011, "0,0011", "0.0011"),      # a far target's ratio: 90,5 typed against 85.873
    (0.004, "0,004", "0.004"),         # a tiny growth or share, not zero
    (-0.000123, "−0,00012", "−0.00012"),
    (0.0, "0", "0"),                   # zero stays zero
    (0.0099, "0,0099", "0.0099"),
    (0.01, "0,01", "0.01"),            # from 0,01 up: the two-decimal rule as before
    (-2e-9, "−2E−9", "−2E−9"),         # absurdly small: short, like absurdly large
])
def test_a_figure_that_is_not_zero_never_shows_as_zero(value, vi, en):
    assert fmt.smart_number(value, "vi") == vi and fmt.smart_number(value, "en") == en


def test_the_true_minus_sign_everywhere():
    assert fmt.number(-3.8, "vi", 1) == "−3,8"
    assert fmt.smart_number(-1234.5, "en") == "−1,235"
    assert fmt.percent(-3.8, "vi", signed=True) == "−3,8%"
    assert fmt.number_range(-4.2, 7.5) == "−4,2 – 7,5"
    assert "-" not in fmt.percent(-0.5, "vi", 1)


def test_numbers_never_raise_on_huge_or_non_finite_values():
    assert fmt.number(1e30, "vi") == "1E30"  # absurd sizes print short (MAX_MAGNITUDE)
    assert fmt.smart_number(1e300, "vi") == "1E300"
    for bad in (float("inf"), float("-inf"), float("nan"), None):
        assert fmt.smart_number(bad) == "—" and fmt.percent(bad) == "—"
        assert fmt.probability(bad) == "—"


def test_dates_the_readers_way():
    import datetime
    assert fmt.date("2022-01-04") == "04/01/2022"
    assert fmt.date("2022-01-04", "en") == "4 Jan 2022"
    assert fmt.date(datetime.datetime(2026, 11, 30, 14, 5)) == "30/11/2026"
    assert fmt.date("") == "—" and fmt.date("tháng 1") == "tháng 1"


def test_verdict_names_are_neutral_distinct_and_not_the_products_name():
    from modules.planning.feasibility import VERDICT_BANDS
    VERDICTS = [name for name, _ in VERDICT_BANDS]
    for lang in LANGUAGES:
        names = [t(f"verdict.{v}", lang) for v in VERDICTS]
        assert len(set(names)) == 5
        assert t("app.title", lang) not in names
    assert t("verdict.toss_up", "vi") == "Khả năng ngang nhau"
    assert "Năm ăn năm thua" not in [t(f"verdict.{v}", "vi") for v in VERDICTS]


# --- formatting never raises; magnitudes checked on entry --------------------

POISON = [1e30, -1e30, 10 ** 30, int("9" * 31), Decimal("1" * 31), Decimal("1E+999"),
          Decimal("1E-999"), float("inf"), float("-inf"), float("nan"), Decimal("NaN"),
          Decimal("sNaN"), Decimal("Infinity"), None, "abc", "", 1e308, 5e-324, -0.0]


@pytest.mark.parametrize("value", POISON, ids=repr)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_formatting_never_raises(value, lang):
    for text in (fmt.number(value, lang), fmt.number(value, lang, 2),
                 fmt.number(value, lang, 1, trim=True), fmt.smart_number(value, lang),
                 fmt.percent(value, lang, 1, signed=True), fmt.probability(value, lang)):
        assert isinstance(text, str) and text and len(text) < 40


def test_absurd_magnitudes_print_short_and_ordinary_ones_as_before():
    assert fmt.number(1e30) == "1E30" and fmt.smart_number(Decimal("1" * 31), "en") == "1.11E30"
    assert fmt.number(float("nan")) == fmt.number(Decimal("sNaN")) == "—"
    assert fmt.number(13956) == "13.956" and fmt.number(2.25, "vi", 1) == "2,3"
    assert fmt.number(-0.0, "vi", 1) == "0,0"
    assert fmt.number(999_999_999_999_999) == "999.999.999.999.999"


@pytest.mark.parametrize("typed", ["1e30", "1" * 31, "-1" + "0" * 19,
                                   "1.000.000.000.000.000.000.000"])
def test_typed_values_beyond_the_bound_are_refused_with_a_message(typed):
    with pytest.raises(fmt.MagnitudeError) as refused:
        fmt.parse_typed(typed, "vi")
    assert isinstance(refused.value, fmt.NumberInputError)  # pages already catch this
    assert "quá lớn" in refused.value.message("vi") and "too large" in refused.value.message("en")


def test_the_magnitude_check_for_pages_and_readers():
    assert fmt.check_magnitude(90_500) == 90_500.0
    assert fmt.check_magnitude(-999_999_999_999_999) == -999_999_999_999_999.0
    for bad in (-fmt.MAX_MAGNITUDE, 1e19, Decimal("1" * 31), float("nan"), float("inf"), None,
                "x"):  # "below 1e15": exactly 1e15 is refused (item 6)
        with pytest.raises(fmt.MagnitudeError):
            fmt.check_magnitude(bad)


def test_english_says_one_year_not_one_years():
    from modules.text.i18n import t
    assert t("targets.thin_warning", "en", n=1) == "Thin evidence: only 1 year of data."
    assert t("targets.thin_warning", "en", n=2) == "Thin evidence: only 2 years of data."
    assert "1 years" not in t("problem.few_years", "en", indicator="exports", n=1)
    assert t("targets.thin_warning", "vi", n=1) == "Bằng chứng còn mỏng: chỉ có 1 năm số liệu."
    # the upload's summary (the data page): “1 indicator”, never “1 indicators”
    assert t("data.accepted", "en", name="a.csv", n=1, values=2) == \
        "Read a.csv: 1 indicator, 2 values."
    assert t("data.accepted", "en", name="a.csv", n=3, values=9) == \
        "Read a.csv: 3 indicators, 9 values."
