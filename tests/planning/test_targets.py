"""Target sets: reading them, the official ones, and assessing them (planning/targets.py)."""

import math

import numpy as np
import pandas as pd
import pytest

from modules.data.dataset import from_rows, load_builtin
from modules.data.problems import InputError, ProblemCode
from modules.data.vocabulary import Direction
from modules.planning.targets import (
    CHECK_COLUMNS,
    TYPED_GROWTH,
    TYPED_VALUE,
    check_frame,
    default_targets,
    evaluate,
    plan_targets,
    read_targets,
    results_frame,
)


def _dataset(values=None, indicator="sales", first=2012):
    """A generic level series, 100 in every year unless `values` says otherwise."""
    values = values or [100.0] * 10
    rows = pd.DataFrame({"indicator": indicator, "year": range(first, first + len(values)),
                         "value": values, "unit": "t", "price_basis": "", "status": "final",
                         "source": "", "note": ""})
    return from_rows("synthetic", rows)


@pytest.fixture(scope="module")
def daklak():
    return load_builtin("daklak")


# --- reading a targets file ------------------------------------------------------------


def test_read_targets_gives_one_row_per_line_in_both_forms(write):
    path = write("t.csv", "indicator,year,target,growth_pct,direction\n"
                          "exports,2022,1200,,\n"
                          "industrial_production_index,2022,,12,at_least\n"
                          "imports,2023,\"1,500.5\",,at_most\n")
    table = read_targets(path)
    assert table["indicator"].tolist() == ["exports", "industrial_production_index", "imports"]
    assert table["year"].tolist() == [2022, 2022, 2023]
    assert table["target"].tolist()[0] == 1200.0 and math.isnan(table["target"].tolist()[1])
    assert table["target"].tolist()[2] == 1500.5
    assert table["growth_pct"].tolist()[1] == 12.0
    assert table["direction"].tolist() == [Direction.AT_LEAST, Direction.AT_LEAST,
                                           Direction.AT_MOST]
    assert table["row"].tolist() == [2, 3, 4]


def test_read_targets_lists_every_bad_row_with_its_row_and_column(write):
    path = write("bad.csv", "indicator,year,target,growth_pct,direction\n"
                            "exports,20x2,1200,,\n"
                            "exports,2022,lots,,\n"
                            "exports,2022,,,\n"
                            "exports,2022,1200,,upwards\n")
    with pytest.raises(InputError) as caught:
        read_targets(path)
    found = [(p.code, p.row, p.column) for p in caught.value.problems]
    assert found == [(ProblemCode.BAD_YEAR, 2, "year"), (ProblemCode.BAD_VALUE, 3, "target"),
                     (ProblemCode.TARGET_ONE_OF, 4, None),
                     (ProblemCode.BAD_DIRECTION, 5, "direction")]


def test_a_targets_file_without_the_needed_columns_is_refused(write):
    with pytest.raises(InputError) as caught:
        read_targets(write("cols.csv", "indicator,target\nexports,1200\n"))
    assert [p.code for p in caught.value.problems] == [ProblemCode.TARGETS_COLUMNS]


# --- the official targets ----------------------------------------------------------------


def test_plan_targets_are_the_departments_2022_targets(daklak):
    table = plan_targets(daklak, 2022).set_index("indicator")
    assert table.loc["retail_sales", "target"] == 90500
    assert table.loc["exports", "target"] == 1200
    assert table.loc["imports", "target"] == 95
    assert table.loc["industrial_production_index", "growth_pct"] == 12
    assert math.isnan(table.loc["industrial_production_index", "target"])
    assert table.loc["industrial_production_index", "typed"] == TYPED_GROWTH
    assert table.loc["exports", "typed"] == TYPED_VALUE
    assert set(table["direction"]) == {Direction.AT_LEAST}


def test_a_growth_range_is_read_by_its_floor():
    vietnam = load_builtin("vietnam")
    plans = vietnam.plans
    floor = plans[(plans["indicator"] == "industrial_production_index") & (plans["year"] == 2020)
                  & (plans["kind"] == "target_growth_low")]["value"].iloc[0]
    table = plan_targets(vietnam, 2020).set_index("indicator")
    assert table.loc["industrial_production_index", "growth_pct"] == floor == 9.0


def test_without_plans_the_current_series_come_with_blank_targets():
    data = _dataset()
    assert plan_targets(data, 2022).empty
    table = default_targets(data, 2022)
    assert table.to_dict("records") == [{"indicator": "sales", "year": 2022, "target": None,
                                         "growth_pct": None, "direction": Direction.AT_LEAST,
                                         "typed": TYPED_VALUE}]


# --- assessing -----------------------------------------------------------------------------


def check_targets(data, targets, model="auto"):
    """What `khathi check` computes: the one evaluator, strict, as the CLI's table."""
    return check_frame(results_frame(evaluate(data, targets, None, model, strict=True), data))


def test_check_on_a_flat_naive_series_gives_an_even_chance_at_the_last_value():
    data = _dataset()
    targets = pd.DataFrame({"indicator": ["sales", "sales"], "year": [2022, 2022],
                            "target": [100.0, 110.0], "growth_pct": [None, 10.0],
                            "direction": [Direction.AT_LEAST, Direction.AT_MOST], "row": [2, 3]})
    table = check_targets(data, targets, model="naive")
    assert list(table.columns) == CHECK_COLUMNS
    first, second = table.to_dict("records")
    assert first["point"] == pytest.approx(100.0)
    assert first["probability"] == pytest.approx(0.5)
    assert first["implied_growth_pct"] == pytest.approx(0.0)
    assert first["verdict"] == "toss_up"
    assert second["target"] == pytest.approx(110.0)
    assert second["implied_growth_pct"] == pytest.approx(10.0)
    assert second["probability"] > 0.5  # at most +10% on a flat series: likely


def test_a_value_and_a_growth_that_disagree_are_refused():
    targets = pd.DataFrame({"indicator": ["sales"], "year": [2022], "target": [110.0],
                            "growth_pct": [5.0], "direction": [Direction.AT_LEAST], "row": [2]})
    with pytest.raises(InputError) as caught:
        check_targets(_dataset(), targets, model="naive")
    problem = caught.value.problems[0]
    assert problem.code == ProblemCode.TARGET_GROWTH_DISAGREE and problem.row == 2
    assert problem.params["recomputed"] == pytest.approx(10.0)
    # the same evaluator, not strict (the app, the exports): the row says why, no verdict
    (result,) = evaluate(_dataset(), targets, None, "naive")
    assert result.assessment is None
    assert result.problem.code == ProblemCode.TARGET_GROWTH_DISAGREE


def test_each_indicator_is_projected_once_to_its_furthest_year():
    """A targets file with two years of one indicator: one projection, to the later year."""
    calls = []

    def counting(dataset, indicator_id, model, horizon):
        from modules.engine.projections import project
        calls.append((indicator_id, horizon))
        return project(dataset, indicator_id, model, horizon)

    targets = pd.DataFrame({"indicator": ["sales", "sales"], "year": [2022, 2024],
                            "target": [100.0, 100.0], "growth_pct": [None, None],
                            "direction": [Direction.AT_LEAST] * 2, "row": [2, 3]})
    results = evaluate(_dataset(), targets, None, "naive", counting, strict=True)
    assert calls == [("sales", 3)] and [r.year for r in results] == [2022, 2024]


@pytest.mark.parametrize("indicator, year, code", [
    ("nothing", 2022, ProblemCode.TARGET_UNKNOWN_INDICATOR),
    ("sales", 2021, ProblemCode.TARGET_YEAR_PAST)])
def test_unusable_targets_are_refused_naming_the_row(indicator, year, code):
    targets = pd.DataFrame({"indicator": [indicator], "year": [year], "target": [1.0],
                            "growth_pct": [None], "direction": [Direction.AT_LEAST], "row": [7]})
    with pytest.raises(InputError) as caught:
        check_targets(_dataset(), targets)
    assert [(p.code, p.row) for p in caught.value.problems] == [(code, 7)]


def test_evaluate_derives_the_other_form_from_what_was_typed():
    data = _dataset([100.0 * 1.1 ** i for i in range(10)])  # last value 235.79
    last = data.series("sales").last_value
    table = pd.DataFrame({
        "indicator": ["sales"] * 3, "target": [300.0, 999.0, None],
        "growth_pct": [None, 10.0, None], "direction": [Direction.AT_LEAST] * 3,
        "typed": [TYPED_VALUE, TYPED_GROWTH, TYPED_VALUE]})
    by_value, by_growth, blank = evaluate(data, table, 2022, model="naive")
    assert by_value.growth_pct == pytest.approx(27.229286)  # 300 / 235,79 − 1
    assert by_growth.target == pytest.approx(259.374246)  # 235,79 × 1,10, not the 999 typed
    assert last == pytest.approx(235.7947691)
    assert by_growth.projection.median(2022) == pytest.approx(last)  # naive: no change
    assert by_growth.assessment.probability < 0.5 < 1 - by_growth.assessment.probability
    assert blank.target is None and blank.assessment is None and blank.problem is None
    assert by_value.record.last == pytest.approx(10.0)
    assert by_value.record.average_5y == pytest.approx(10.0)


def test_evaluate_of_an_average_growth_row_compounds_it_to_the_year():
    data = _dataset()
    table = pd.DataFrame({"indicator": ["sales"], "target": [None], "growth_pct": [None],
                          "avg_growth_pct": [5.0], "direction": [Direction.AT_LEAST]})
    (result,) = evaluate(data, table, 2024, model="naive")
    assert result.target == pytest.approx(100 * 1.05 ** 3)
    assert result.growth_pct == pytest.approx(100 * (1.05 ** 3 - 1))
    assert result.assessment.annual_growth_pct == pytest.approx(5.0)


def test_results_frame_keeps_numbers_as_numbers():
    data = _dataset()
    table = pd.DataFrame({"indicator": ["sales", "nothing"], "target": [100.0, 5.0],
                          "growth_pct": [None, None], "direction": [Direction.AT_LEAST] * 2,
                          "typed": [TYPED_VALUE] * 2})
    results = evaluate(data, table, 2022, model="naive")
    frame = results_frame(results, data, "en", probability=0.8)
    good, missing = frame.to_dict("records")
    assert good["base_year"] == 2021 and good["base_value"] == 100.0
    assert good["median"] == pytest.approx(100.0) and good["probability"] == pytest.approx(0.5)
    assert good["low80"] < 100.0 < good["high80"]
    assert good["low80"] < good["reached"] < good["median"]  # the 20% quantile
    assert good["model"] == "Last value (naive)" and good["unit"] == "t"
    assert good["verdict"] == "toss_up"
    assert pd.isna(missing["median"]) and pd.isna(missing["probability"])
    assert np.isfinite(good["high95"])
