"""The comparison of scenarios as shown: one row per indicator, one column group per scenario."""

import json

import pandas as pd

from modules.planning.scenarios import comparison_table
from modules.reports.charts import comparison_chart


def long_table():
    """Two scenarios, two indicators; only the exports target differs."""
    return pd.DataFrame([
        {"indicator": "exports", "name": "Kim ngạch xuất khẩu", "scenario": "A", "year": 2022,
         "target": 1200.0, "growth_pct": 5.6, "annual_growth_pct": 5.6, "probability": 0.42,
         "verdict": "toss_up"},
        {"indicator": "exports", "name": "Kim ngạch xuất khẩu", "scenario": "B", "year": 2022,
         "target": 1300.0, "growth_pct": 14.4, "annual_growth_pct": 14.4, "probability": 0.05,
         "verdict": "very_unlikely"},
        {"indicator": "imports", "name": "Kim ngạch nhập khẩu", "scenario": "A", "year": 2022,
         "target": None, "growth_pct": None, "annual_growth_pct": None, "probability": None,
         "verdict": None},
        {"indicator": "imports", "name": "Kim ngạch nhập khẩu", "scenario": "B", "year": 2022,
         "target": None, "growth_pct": None, "annual_growth_pct": None, "probability": None,
         "verdict": None},
    ])


def test_one_row_per_indicator_with_each_scenario_side_by_side():
    frame = comparison_table(long_table(), "vi")
    assert frame["Chỉ tiêu"].tolist() == ["Kim ngạch xuất khẩu", "Kim ngạch nhập khẩu"]
    exports = frame.iloc[0]
    assert (exports["A · Mục tiêu"], exports["B · Mục tiêu"]) == ("1.200", "1.300")
    assert exports["A · Xác suất đạt"] == "42%"
    assert exports["B · Đánh giá"] == "Rất khó đạt"
    assert frame["_changed"].tolist() == [True, False]


def test_a_blank_target_shows_a_dash_in_both_languages():
    imports = comparison_table(long_table(), "en").iloc[1]
    assert imports["A · Target"] == "—" and imports["B · Verdict"] == "—"


def test_the_chart_has_a_bar_per_scenario_in_percent():
    spec = comparison_chart(long_table(), "vi").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "percent"
    assert spec["encoding"]["row"]["field"] == "name"
    values = next(iter(spec["datasets"].values()))
    assert [v["percent"] for v in values][:2] == [42.0, 5.0]
    assert json.dumps(spec["config"]["locale"]["number"]["decimal"]) == '","'
