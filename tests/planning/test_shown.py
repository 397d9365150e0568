"""planning.shown: how a target result reads, in both languages."""

import math

from modules.data.catalogue import IndicatorKind
from modules.data.vocabulary import Direction
from modules.planning import shown


def test_a_level_target_carries_its_unit():
    assert shown.target_text(90500, "billion VND", IndicatorKind.LEVEL) == "90.500 tỷ đồng"
    english = shown.target_text(90500, "billion VND", IndicatorKind.LEVEL, lang="en")
    assert english == "90,500 bn VND"


def test_a_growth_target_reads_as_a_signed_percent():
    assert shown.target_text(12, "% yoy", IndicatorKind.GROWTH_RATE) == "+12,0%"
    assert shown.target_text(12, "% yoy", IndicatorKind.GROWTH_RATE, lang="en") == "+12.0%"


def test_a_ceiling_is_marked():
    text = shown.target_text(95, "million USD", IndicatorKind.LEVEL, Direction.AT_MOST)
    assert text == "≤ 95 triệu USD"


def test_missing_numbers_read_as_a_dash():
    assert shown.target_text(None, "million USD", IndicatorKind.LEVEL) == shown.NONE == "—"
    assert shown.target_text(math.nan, "million USD", IndicatorKind.LEVEL) == "—"
    assert shown.growth_text(None) == shown.value_text(math.nan) == shown.verdict_text(None) == "—"
    assert shown.with_year(None, 2014) == "—"


def test_a_row_in_words():
    row = {"target": 1200.0, "unit": "million USD", "kind": IndicatorKind.LEVEL,
           "direction": Direction.AT_LEAST, "annual_growth_pct": 5.63, "median": 1180.4,
           "low80": 1100.0, "high80": 1260.0, "low95": None, "high95": None,
           "reached": 1105.2, "probability": 0.41, "verdict": "even",
           "record_last": 0.2, "record_avg5": 3.14, "record_best": 14.8,
           "record_best_year": 2014, "record_worst": -7.2, "record_worst_year": 2020}
    words = shown.result_texts(row)
    assert words["target"] == "1.200 triệu USD"
    assert words["annual_growth_pct"] == "+5,6%"
    assert words["range95"] == "—"
    assert words["record_best"] == "+14,8% (2014)"
    assert words["record_worst"] == "−7,2% (2020)"  # a true minus sign
    assert words["verdict"] != "—" and words["probability"].endswith("%")
