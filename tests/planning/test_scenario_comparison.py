"""The comparison of scenarios as shown: one row per indicator, one column group per scenario."""

import json

import pandas as pd

from modules.planning.scenarios import side_by_side
from modules.reports.charts import comparison_chart


def long_table():
    """Two scenarios, two indicators; only the exports target differs (comparison's columns,
    as targets.results_frame gives them)."""
    level = {"year": 2022, "unit": "million USD", "kind": "level", "direction": "at_least"}
    return pd.DataFrame([
        {"indicator": "exports", "name": "Kim ngạch xuất khẩu", "scenario": "A", **level,
         "target": 1200.0, "growth_pct": 5.6, "annual_growth_pct": 5.6, "probability": 0.42,
         "verdict": "toss_up"},
        {"indicator": "exports", "name": "Kim ngạch xuất khẩu", "scenario": "B", **level,
         "target": 1300.0, "growth_pct": 14.4, "annual_growth_pct": 14.4, "probability": 0.05,
         "verdict": "very_unlikely"},
        {"indicator": "imports", "name": "Kim ngạch nhập khẩu", "scenario": "A", **level,
         "target": None, "growth_pct": None, "annual_growth_pct": None, "probability": None,
         "verdict": None},
        {"indicator": "imports", "name": "Kim ngạch nhập khẩu", "scenario": "B", **level,
         "target": None, "growth_pct": None, "annual_growth_pct": None, "probability": None,
         "verdict": None},
    ])


def test_four_rows_per_indicator_with_each_scenario_side_by_side():
    frame = side_by_side(long_table(), "vi")
    exports = frame.iloc[:4].set_index("_measure")
    assert frame["_indicator"].tolist()[::4] == ["Kim ngạch xuất khẩu", "Kim ngạch nhập khẩu"]
    assert (exports.loc["Mục tiêu", "A"], exports.loc["Mục tiêu", "B"]) == (
        "1.200 triệu USD", "1.300 triệu USD")  # as the cards and the briefing write a target
    assert exports.loc["Tăng/năm cần đạt (%)", "B"] == "+14,4%"
    assert exports.loc["Xác suất đạt", "A"] == "42%"
    assert exports.loc["Đánh giá", "B"] == "Rất khó đạt"
    assert frame["_changed"].tolist() == [True] * 4 + [False] * 4


def test_a_blank_target_shows_a_dash_in_both_languages():
    imports = side_by_side(long_table(), "en").iloc[4:].set_index("_measure")
    assert imports.loc["Target", "A"] == "—" and imports.loc["Verdict", "B"] == "—"
    assert imports.loc["P(reach)", "A"] == "—"


def test_the_chart_has_a_bar_per_scenario_in_percent():
    spec = comparison_chart(long_table(), "vi").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "percent"
    assert spec["encoding"]["row"]["field"] == "name"
    values = next(iter(spec["datasets"].values()))
    assert [v["percent"] for v in values][:2] == [42.0, 5.0]
    assert json.dumps(spec["config"]["locale"]["number"]["decimal"]) == '","'


def test_side_by_side_has_one_column_per_scenario_and_flags_differences():
    frame = side_by_side(long_table(), "vi")
    scenarios = list(dict.fromkeys(long_table()["scenario"]))
    assert list(frame.columns) == ["_indicator", "_measure", *scenarios, "_changed"]
    assert len(frame) == 4 * long_table()["indicator"].nunique()
    assert frame["_changed"].dtype == bool and frame["_changed"].any()
    assert set(frame["_measure"][:4]) == {"Mục tiêu", "Tăng/năm cần đạt (%)", "Xác suất đạt",
                                          "Đánh giá"}
