"""The charts are pure functions: assert on their data and encodings (chart.to_dict())."""

import numpy as np
import pytest

from modules.data.series import YearlySeries
from modules.engine.models import fit
from modules.reports.charts import (
    BAND_COLOUR,
    HISTORY_COLOUR,
    TARGET_COLOUR,
    fan_chart,
    history_chart,
)

GAPPY = YearlySeries("exports", [2015, 2016, 2017, 2019, 2020], [10.0, 11.0, 12.5, 14.0, 1500.5])
STEADY = YearlySeries("retail_sales", np.arange(2012, 2022), 100 * 1.05 ** np.arange(10))


def _layers(spec: dict) -> list[dict]:
    """The chart's layers (a single chart is its own layer), each with its rows attached."""
    layers = spec.get("layer", [spec])
    for layer in layers:
        data = layer.get("data", spec.get("data", {}))
        layer["rows"] = spec["datasets"][data["name"]] if "name" in data else data.get("values")
    return layers


def test_history_breaks_the_line_across_a_missing_year():
    spec = history_chart(GAPPY, "vi").to_dict()
    line, points = _layers(spec)
    assert [(r["year"], r["value"], r["run"]) for r in line["rows"]] == [
        (2015, 10.0, 0), (2016, 11.0, 0), (2017, 12.5, 0), (2019, 14.0, 1), (2020, 1500.5, 1)]
    assert line["mark"]["type"] == "line" and line["mark"]["color"] == HISTORY_COLOUR
    assert line["encoding"]["detail"] == {"field": "run", "type": "nominal"}
    assert points["mark"]["type"] == "point" and points["mark"]["filled"] is True
    assert spec["height"] == 120


def test_history_axis_shows_whole_years_and_numbers_the_readers_way():
    spec = history_chart(GAPPY, "vi").to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["field"] == "year" and x["type"] == "quantitative"
    assert x["axis"]["format"] == "d"
    assert x["axis"]["values"] == [2015, 2016, 2017, 2018, 2019, 2020]
    assert x["scale"] == {"domain": [2015, 2020], "nice": False}
    y = spec["layer"][0]["encoding"]["y"]
    assert y["axis"]["format"] == ",~f" and y["scale"]["zero"] is False
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    english = history_chart(GAPPY, "en").to_dict()["config"]["locale"]["number"]
    assert (english["decimal"], english["thousands"]) == (".", ",")
    titles = [t["title"] for t in spec["layer"][0]["encoding"]["tooltip"]]
    assert titles == ["Năm", "Giá trị"]


@pytest.mark.parametrize("first, last, step", [(2010, 2022, 1), (2000, 2024, 2), (1990, 2025, 5)])
def test_year_ticks_thin_out_on_long_spans(first, last, step):
    series = YearlySeries("x", [first, last], [1.0, 2.0])
    axis = history_chart(series, "en").to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert axis["values"] == list(range(first, last + 1, step))


def test_fan_starts_at_the_last_value_and_carries_the_projection_bands():
    projection = fit(STEADY, "drift", 3)
    spec = fan_chart(STEADY, projection, "vi", title="Bán lẻ").to_dict()
    band95, band80, median, line, points = _layers(spec)
    rows = band95["rows"]
    assert [r["year"] for r in rows] == [2021, 2022, 2023, 2024]
    assert [rows[0][k] for k in ("median", "low95", "high95", "low80", "high80")] == \
        pytest.approx([STEADY.last_value] * 5)
    for row, year in zip(rows[1:], (2022, 2023, 2024)):
        low80, high80 = projection.interval(80, year)
        low95, high95 = projection.interval(95, year)
        assert row["median"] == pytest.approx(projection.median(year))
        assert (row["low80"], row["high80"]) == (pytest.approx(low80), pytest.approx(high80))
        assert (row["low95"], row["high95"]) == (pytest.approx(low95), pytest.approx(high95))
        assert row["low95"] < row["low80"] < row["median"] < row["high80"] < row["high95"]
    for band, low, high in ((band95, "low95", "high95"), (band80, "low80", "high80")):
        assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == (low, high)
    assert band95["mark"]["opacity"] < band80["mark"]["opacity"]
    assert median["mark"]["strokeDash"] == [6, 4] and median["encoding"]["y"]["field"] == "median"
    assert [r["value"] for r in line["rows"]] == pytest.approx(STEADY.values.tolist())
    assert spec["title"] == "Bán lẻ" and spec["height"] == 260
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2012, 2024]


def test_fan_legend_and_target_diamond():
    projection = fit(STEADY, "drift", 1)
    plain = fan_chart(STEADY, projection, "vi").to_dict()
    colour = plain["layer"][2]["encoding"]["color"]["scale"]
    assert colour == {"domain": ["Số liệu thực tế", "Dự báo (trung vị)"],
                      "range": [HISTORY_COLOUR, BAND_COLOUR]}
    assert len(plain["layer"]) == 5
    marked = fan_chart(STEADY, projection, "en", target=170.0, target_year=2022).to_dict()
    layers = _layers(marked)
    assert len(layers) == 6
    diamond = layers[-1]
    assert diamond["mark"]["shape"] == "diamond"
    assert diamond["rows"] == [{"year": 2022, "value": 170.0, "what": "Target"}]
    assert layers[2]["encoding"]["color"]["scale"]["range"] == [HISTORY_COLOUR, BAND_COLOUR,
                                                               TARGET_COLOUR]


def test_a_target_without_its_year_is_not_drawn():
    projection = fit(STEADY, "drift", 1)
    assert len(fan_chart(STEADY, projection, "vi", target=170.0).to_dict()["layer"]) == 5
