"""Fan charts explain themselves: legend, visible target, recent years, readable ticks."""

import json

import pytest

from modules.data.dataset import load_builtin
from modules.planning.targets import evaluate, plan_targets
from modules.reports.charts import _year_axis, fan_chart
from modules.text import fmt


@pytest.fixture(scope="module")
def vietnam_retail():
    data = load_builtin("vietnam")
    result = next(r for r in evaluate(data, plan_targets(data, 2022), 2022)
                  if r.indicator == "exports")
    return data.series("exports"), result


def _spec(chart):
    return json.loads(chart.to_json())


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_one_legend_names_history_median_both_bands_and_the_target(vietnam_retail):
    series, result = vietnam_retail
    spec = _spec(fan_chart(series, result.projection, "vi", result.target, 2022))
    domains = [n["scale"]["domain"] for n in _walk(spec) if n.get("field") == "what"
               and "scale" in n]
    assert domains and domains[0] == ["Số liệu thực tế", "Dự báo (trung vị)", "Khoảng 80%",
                                      "Khoảng 95%", "Mục tiêu"]


def test_x_axis_focuses_on_recent_years_and_leaves_room_for_the_target(vietnam_retail):
    series, result = vietnam_retail
    spec = _spec(fan_chart(series, result.projection, "vi", result.target, 2022))
    x_domains = {tuple(n["scale"]["domain"]) for n in _walk(spec) if n.get("field") == "year"
                 and "scale" in n}
    (low, high), = x_domains
    assert 2011 - 0.5 <= low < 2011 and 2022 < high  # last 10 years, padding around the diamond
    assert int(series.years[0]) < 2005  # the series is long; the chart is not


def test_tooltips_are_translated_and_written_the_vietnamese_way(vietnam_retail):
    series, result = vietnam_retail
    spec = _spec(fan_chart(series, result.projection, "vi", result.target, 2022))
    titles = {tip.get("title") for n in _walk(spec) if isinstance(n.get("tooltip"), list)
              for tip in n["tooltip"]}
    assert {"Năm", "Khoảng 80%", "Khoảng 95%", "Mục tiêu"} <= titles
    assert not any(field in titles for field in ("low95", "high95", "value", None))
    texts = [row["range95"] for ds in spec["datasets"].values() for row in ds if "range95" in row]
    low, high = result.projection.interval(95, 2022)
    assert texts[0] == "—" and texts[1] == fmt.number_range(low, high, "vi")
    assert "." not in texts[1].split(" – ")[0][-2:]  # no English decimals


@pytest.mark.parametrize("first, last", [(2005, 2022), (1990, 2030), (2016, 2022), (2020, 2022)])
def test_year_ticks_are_few_enough_never_to_overlap(first, last):
    values = _year_axis(first, last).to_dict()["axis"]["values"]
    assert len(values) <= 7 and values[-1] == last and values[0] >= first


def _resolved(spec: dict) -> str:
    """The spec with every named dataset put in place of its (content-hashed) name."""
    datasets = spec["datasets"]

    def walk(node):
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return {"values": datasets[node["name"]]}
            return {k: walk(v) for k, v in node.items() if k != "datasets"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node
    return json.dumps(walk(spec), sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_moving_the_target_gives_the_chart_drawn_with_that_target(vietnam_retail, lang):
    from modules.reports.charts import retarget

    series, result = vietnam_retail
    drawn = fan_chart(series, result.projection, lang, 1.0, 2022).to_dict(validate=False)
    moved = retarget(drawn, 412_345.6, 2023, lang)
    expected = fan_chart(series, result.projection, lang, 412_345.6, 2023).to_dict(validate=False)
    assert _resolved(moved) == _resolved(expected)
    assert _resolved(drawn) != _resolved(expected)  # the input is left as it was


def test_a_chart_without_a_target_cannot_be_retargeted(vietnam_retail):
    from modules.reports.charts import retarget

    series, result = vietnam_retail
    with pytest.raises(ValueError):
        retarget(fan_chart(series, result.projection, "vi").to_dict(validate=False), 1.0, 2022,
                 "vi")


def test_reliability_chart_has_a_point_per_class_with_its_count_and_the_diagonal():
    import pandas as pd

    from modules.planning.record import RECORD_COLUMNS, reliability
    from modules.reports.charts import reliability_chart
    table = pd.DataFrame([
        {"dataset": "d", "indicator": "exports", "year": 2000 + i, "kind": "plan_target",
         "direction": "at_least", "stated": 1.0, "target": 1.0, "unit": "million USD",
         "probability": p, "verdict": v,
         "outcome": 1.0, "met": m, "labels": ""}
        for i, (p, v, m) in enumerate([(0.7, "likely", True), (0.8, "likely", False),
                                       (0.2, "stretch", False)])], columns=RECORD_COLUMNS)
    spec = reliability_chart(reliability(table), "vi").to_dict()
    rows = [r for data in spec["datasets"].values() for r in data]
    points = {r["count"]: r for r in rows if "count" in r}
    assert set(points) == {"1/2", "0/1"}
    assert points["1/2"]["stated"] == pytest.approx(75) and points["1/2"]["share"] == 50
    assert points["1/2"]["name"] == "Có khả năng đạt" and points["1/2"]["stated_text"] == "75%"
    assert {"stated": 100, "share": 100} in rows  # the diagonal's end
    assert spec["config"]["locale"]["number"]["decimal"] == ","
