"""Target tables as planners edit them: targetable years, plan defaults, edits."""

import math

import pandas as pd
import pytest

from modules.data.dataset import from_rows, load_builtin
from modules.data.vocabulary import Direction
from modules.planning.targets import (
    AGGREGATE_INDEX,
    TYPED_GROWTH,
    TYPED_VALUE,
    default_growth_target,
    default_target_year,
    default_targets,
    has_targets,
    planned_growth_pct,
    targetable_years,
    with_direction,
    with_indicator,
    with_typed,
)


@pytest.fixture(scope="module")
def daklak():
    return load_builtin("daklak")


def small(years=(2018, 2019, 2020)):
    rows = pd.DataFrame({"indicator": "retail_sales", "year": list(years),
                         "value": [100.0 + i for i in range(len(years))], "unit": "billion VND"})
    return from_rows("small", rows)


def test_targetable_years_start_after_the_latest_data_year(daklak):
    assert targetable_years(daklak) == list(range(2022, 2032))  # data end in 2021
    assert targetable_years(small(), span=3) == [2021, 2022, 2023]


def test_default_year_is_the_first_planned_targetable_year(daklak):
    assert default_target_year(daklak) == 2022  # the plans give 2022 targets
    assert default_target_year(load_builtin("vietnam")) == 2022


def test_default_year_without_plans_is_the_year_after_the_data():
    assert default_target_year(small((2015, 2016, 2017))) == 2018


def test_default_year_skips_planned_years_already_observed(daklak):
    # daklak has 2021 plans (% of plan) but 2021 is observed: not targetable
    assert 2021 in set(daklak.plans["year"]) and default_target_year(daklak) != 2021


def test_planned_growth_takes_the_floor_of_a_range():
    vietnam = load_builtin("vietnam")
    assert planned_growth_pct(vietnam, AGGREGATE_INDEX, 2022) == 7.0  # plan: 7–8%
    assert planned_growth_pct(vietnam, AGGREGATE_INDEX, 2030) is None


def test_aggregate_target_default_comes_from_the_plans(daklak):
    assert default_growth_target(daklak, AGGREGATE_INDEX, 2022) == 12.0  # Đắk Lắk's +12%
    # no plan for 2025: the latest observed rate
    assert default_growth_target(daklak, AGGREGATE_INDEX, 2025) == \
        daklak.series(AGGREGATE_INDEX).last_value
    assert default_growth_target(small(), AGGREGATE_INDEX, 2022) == 0.0


def table(daklak):
    return default_targets(daklak, 2022)


def test_typing_a_value_clears_the_growth_and_leaves_the_original(daklak):
    original = table(daklak)
    row = list(original["indicator"]).index("retail_sales")
    changed = with_typed(original, row, TYPED_VALUE, 120_000.0)
    assert changed.loc[changed.index[row], "target"] == 120_000.0
    assert _is_blank(changed.loc[changed.index[row], "growth_pct"])
    assert changed.loc[changed.index[row], "typed"] == TYPED_VALUE
    assert original.loc[original.index[row], "target"] == 90_500.0  # not mutated


def test_typing_a_growth_clears_the_value(daklak):
    original = table(daklak)
    changed = with_typed(original, 0, TYPED_GROWTH, 9.5)
    assert _is_blank(changed.loc[changed.index[0], "target"])
    assert changed.loc[changed.index[0], "growth_pct"] == 9.5
    assert changed.loc[changed.index[0], "typed"] == TYPED_GROWTH
    with pytest.raises(ValueError, match="typed"):
        with_typed(original, 0, "percent", 1.0)


def test_direction_and_added_indicator(daklak):
    original = table(daklak)
    changed = with_direction(original, 1, Direction.AT_MOST)
    assert changed["direction"].tolist()[1] == Direction.AT_MOST
    assert original["direction"].tolist()[1] == Direction.AT_LEAST
    with pytest.raises(ValueError, match="direction"):
        with_direction(original, 1, "about")
    added = with_indicator(original, "exports_coffee", 2022)
    assert len(added) == len(original) + 1
    assert added.iloc[-1][["indicator", "direction", "typed"]].tolist() == \
        ["exports_coffee", Direction.AT_LEAST, TYPED_VALUE]
    assert _is_blank(added.iloc[-1]["target"]) and _is_blank(added.iloc[-1]["growth_pct"])


def test_has_targets(daklak):
    assert has_targets(table(daklak))
    blank = default_targets(small(), 2021)
    assert not has_targets(blank)
    assert has_targets(with_typed(blank, 0, TYPED_VALUE, 5.0))


def _is_blank(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_a_year_without_official_targets_lists_the_headline_indicators_first(daklak):
    from modules.data.catalogue import headline_ids
    from modules.planning.targets import default_targets
    rows = list(default_targets(daklak, 2023)["indicator"])
    headline = [i for i in headline_ids() if i in rows]
    assert rows[:len(headline)] == headline and len(headline) >= 3
