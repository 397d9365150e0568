import numpy as np
import pandas as pd
import pytest

from modules.data.catalogue import IndicatorKind
from modules.data.dataset import load_builtin, without_one_offs
from modules.data.series import YearlySeries
from modules.engine.models import Projection
from modules.engine.projections import project
from modules.engine.registry import fit
from modules.planning.feasibility import target_from_average_growth
from modules.planning.targets import evaluate, plan_targets
from modules.planning.tools import (
    OneOff,
    aggregate,
    ambition,
    consistency,
    dataset_with_one_offs,
    growth_needed_each_year,
    look_back,
    path,
    sector_weights,
    suggest,
    track_record,
)


@pytest.fixture(scope="module")
def daklak():
    return load_builtin("daklak")


def test_suggested_targets_are_reached_with_the_chosen_probability(daklak):
    table = suggest(daklak, 0.7, 2022, indicators=["retail_sales", "exports"])
    for row in table.itertuples():
        projection = project(daklak, row.indicator, "auto", 1).projection
        assert projection.prob_at_least(row.target, 2022) == pytest.approx(0.7)


def test_path_to_2025_compounds_evenly_and_needs_more_after_a_median_year():
    series = YearlySeries("x", np.arange(2010, 2022), 100 * 1.05 ** np.arange(12))
    projection = fit(series, "drift", 4)
    target = target_from_average_growth(projection, 2025, 8.0)
    assert target == pytest.approx(series.last_value * 1.08 ** 4)
    table = path(projection, 2025, target)
    assert table["path"].iloc[0] == pytest.approx(series.last_value * 1.08)
    assert table["probability"].is_monotonic_decreasing  # harder each year than the median
    needed = growth_needed_each_year(projection, 2025, target, 2022)
    assert needed > 8.0  # the median year grows only ~5%, the rest must catch up


def test_one_off_last_year_restarts_from_the_level_before_the_jump(daklak):
    imports = daklak.series("imports")
    marked = without_one_offs(imports, [2021], daklak.growth_record("imports"))
    assert marked.years.tolist() == [2020] and marked.values[0] == pytest.approx(250.0)
    assert daklak.series("imports").values.tolist() == [450.0]  # the data are untouched


def test_one_off_in_the_middle_is_left_out():
    series = YearlySeries("x", [2018, 2019, 2020, 2021], [100.0, 400.0, 110.0, 120.0])
    assert without_one_offs(series, [2019]).years.tolist() == [2018, 2020, 2021]


def test_one_off_view_changes_the_verdict_inputs_not_the_dataset(daklak):
    view = dataset_with_one_offs(daklak, [OneOff("imports", 2021, "wind power")])
    targets = plan_targets(daklak, 2022)
    plain = {r.indicator: r for r in evaluate(daklak, targets, 2022)}
    marked = {r.indicator: r for r in evaluate(view, targets, 2022)}
    assert plain["imports"].projection.median(2022) == pytest.approx(450)
    assert marked["imports"].projection.median(2022) == pytest.approx(250)
    assert marked["retail_sales"].assessment.probability == \
        pytest.approx(plain["retail_sales"].assessment.probability)
    assert view.fingerprint == daklak.fingerprint + "|oneoff:imports:2021"
    assert view is not daklak and daklak.one_offs == ()
    assert daklak.series("imports").values.tolist() == [450.0]


def test_consistency_of_the_2022_plan(daklak):
    checks = consistency(daklak, 2022).set_index("indicator")
    assert checks.loc["retail_sales", "recomputed_growth_pct"] == pytest.approx(5.388, abs=1e-3)
    assert checks["agrees"].all()
    assert checks.loc["imports", "planned_fall"] and not checks.loc["exports", "planned_fall"]


def test_consistency_flags_a_value_that_disagrees_with_its_growth(daklak):
    plans = daklak.plans.copy()
    plans.loc[(plans["indicator"] == "exports") & (plans["kind"] == "target_growth"), "value"] = 9.0
    altered = type(daklak)(daklak.id, daklak.observations, plans, daklak.meta)
    assert not consistency(altered, 2022).set_index("indicator").loc["exports", "agrees"]


def test_track_record_recovers_plans_and_judges_ambition(daklak):
    record = track_record(daklak).set_index(["indicator", "year"])
    assert record.loc[("retail_sales", 2021), "plan_derived"] == pytest.approx(85873 / 1.003)
    assert record.loc[("imports", 2021), "plan_derived"] == pytest.approx(90.0)
    # planned growth = derived plan ÷ the year before − 1 (2021: 85.616 ÷ 83.500 − 1)
    planned = record["planned_growth_pct"]
    assert planned.loc[("retail_sales", 2020)] == pytest.approx(10.198, abs=1e-3)
    assert planned.loc[("retail_sales", 2021)] == pytest.approx(2.534, abs=1e-3)
    habit = ambition(track_record(daklak), "retail_sales", 5.4)
    assert habit["n"] == 2 and habit["hit_rate"] == 1.0
    assert habit["habit_growth_pct"] == pytest.approx(6.366, abs=1e-3)
    assert habit["more_ambitious"] is False
    assert ambition(track_record(daklak), "retail_sales", 8.0)["more_ambitious"] is True
    assert ambition(track_record(daklak), "iip_mining", 8.0) is None


def test_track_record_and_ambition_say_when_they_cross_a_coverage_break(daklak):
    record = track_record(daklak).set_index(["indicator", "year"])
    old = record.loc[("exports", 2014)]  # 730 on the 2014 count, 97.3% of a 750 plan
    assert old["crosses_break"] and old["coverage"] == "doit_2014"
    assert old["plan_derived"] == pytest.approx(730 / 0.973)
    assert old["planned_growth_pct"] == pytest.approx(100 * ((730 / 0.973) / (730 / 1.123) - 1))
    assert not record.loc[("exports", 2021), "crosses_break"]
    assert not record.loc[("retail_sales", 2021), "crosses_break"]
    assert pd.isna(record.loc[("imports", 2014), "planned_growth_pct"])  # no growth across a break
    habit = ambition(track_record(daklak), "exports", 5.6)
    assert habit["crosses_break"] and habit["break_years"] == [2014]
    assert not ambition(track_record(daklak), "retail_sales", 5.4)["crosses_break"]


def test_look_back_says_when_verdict_and_outcome_are_different_series(daklak):
    table = look_back(daklak, 2014).set_index(["indicator", "kind"])
    exports = table.loc[("exports", "plan_target")]
    # projected from 2005 (compiler not stated), judged against 2014 on the Department's count
    assert exports["target"] == 750 and exports["actual"] == 730 and exports["crosses_break"]
    assert exports["flags"] == "secondary_source"
    orientation = look_back(daklak, 2015).set_index(["indicator", "kind"])
    assert orientation.loc[("exports", "plan_target"), "flags"] == "medium_term"
    assert not look_back(load_builtin("vietnam"), 2020)["crosses_break"].any()


def test_look_back_uses_only_earlier_data():
    vietnam = load_builtin("vietnam")
    table = look_back(vietnam, 2020).set_index(["indicator", "kind"])
    iip = table.loc[("industrial_production_index", "target_growth_low")]
    assert iip["actual"] == pytest.approx(3.29) and not iip["reached"]
    changed = vietnam.observations.copy()
    changed.loc[changed["year"] >= 2020, "value"] *= 3  # the future cannot change the past
    future = type(vietnam)(vietnam.id, changed, vietnam.plans, vietnam.meta)
    again = look_back(future, 2020).set_index(["indicator", "kind"])
    assert again.loc[("industrial_production_index", "target_growth_low"), "probability"] == \
        pytest.approx(iip["probability"])
    # a ceiling alone is judged as "at most"
    assert table.loc[("trade_deficit_pct_of_exports", "target_high"), "probability"] > 0.5


def test_sector_weights_and_aggregate(daklak):
    weights = sector_weights(daklak)
    assert sum(weights.values()) == pytest.approx(1)
    assert weights["iip_manufacturing"] == pytest.approx(8492 / (318 + 8492 + 1977))
    projections = {s: project(daklak, s, "auto", 1).projection for s in weights}
    result = aggregate(projections, weights, 2022, target=12.0)
    assert result.low80 < result.median < result.high80
    assert set(result.needed) == set(weights)


def _sector(growth_pct: float, spread: float = 1e-4) -> Projection:
    """A growth-rate projection for 2022 centred on `growth_pct`."""
    return Projection("s", IndicatorKind.GROWTH_RATE, "test", np.array([2022]),
                      np.array([np.log1p(growth_pct / 100)]), np.array([spread]), 2021,
                      growth_pct, 10)


def test_aggregate_is_the_weighted_sector_growth_and_says_what_each_must_do():
    projections = {"a": _sector(10.0), "b": _sector(2.0)}
    result = aggregate(projections, {"a": 3.0, "b": 1.0}, 2022, target=9.0)  # shares ¾ and ¼
    assert result.median == pytest.approx(8.0, abs=0.01)  # ¾·10 + ¼·2
    assert result.needed["a"] == pytest.approx(11.3333, abs=1e-3)  # (9 − ¼·2) / ¾
    assert result.needed["b"] == pytest.approx(6.0, abs=1e-3)  # (9 − ¾·10) / ¼
    assert result.probability == 0.0
    assert aggregate(projections, {"a": 3.0, "b": 1.0}, 2022, target=7.0).probability == 1.0
    assert aggregate(projections, {"a": 3.0, "b": 1.0}, 2022).probability is None


@pytest.mark.parametrize("typed, average, reason", [
    (-5, False, "bad_value"), (0, False, "bad_value"), (1e9, True, "bad_growth"),
    (float("inf"), False, "bad_value"), (-100, True, "bad_growth")])
def test_path_targets_that_cannot_be_assessed_are_refused_not_computed(daklak, typed, average,
                                                                      reason):
    from modules.planning.tools import path_target
    projection = project(daklak, "retail_sales", "auto", 4).projection
    assert path_target(projection, 2025, typed, average) == (None, reason)
    target, problem = path_target(projection, 2025, 8, True)
    assert problem is None and target == pytest.approx(projection.last_value * 1.08 ** 4)
    iip = project(daklak, "industrial_production_index", "auto", 4).projection
    assert path_target(iip, 2025, -5, False) == (-5, None)  # a fall of 5% is a growth target


def test_look_back_offers_only_years_whose_outcome_is_known():
    from modules.planning.tools import look_back_years
    assert look_back_years(load_builtin("daklak")) == []  # only "% of plan" or no outcome
    years = look_back_years(load_builtin("vietnam"))
    assert 2020 in years and 2022 not in years
    assert not look_back(load_builtin("vietnam"), 2020).empty


def test_path_defaults_end_the_five_year_plan_and_continue_the_recent_pace():
    from modules.data.dataset import load_builtin
    from modules.planning.feasibility import Record
    from modules.planning.tools import path_defaults

    data = load_builtin("daklak")
    end_year, average = path_defaults(data, "retail_sales")
    assert data.series("retail_sales").last_year == 2021 and end_year == 2025
    expected = Record.from_growth(data.growth_record("retail_sales")).average_5y
    assert average == round(expected, 1) and average is not None
