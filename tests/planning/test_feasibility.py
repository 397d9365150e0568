import numpy as np
import pandas as pd
import pytest

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries
from modules.data.vocabulary import Direction
from modules.engine.registry import fit
from modules.planning.feasibility import (
    Record,
    annualised,
    assess,
    growth_from_target,
    target_from_growth,
    value_reached_with,
    verdict,
)

SERIES = YearlySeries("retail", np.arange(2010, 2022), 100 * 1.06 ** np.arange(12))


@pytest.fixture(scope="module")
def projection():
    return fit(SERIES, "drift", 4)


@pytest.mark.parametrize("p, expected", [(0.95, "very_likely"), (0.90, "very_likely"),
                                         (0.7, "likely"), (0.5, "toss_up"), (0.2, "stretch"),
                                         (0.05, "very_unlikely"), (0.0, "very_unlikely")])
def test_verdict_bands(p, expected):
    assert verdict(p) == expected


def test_value_and_growth_give_the_same_assessment(projection):
    by_value = assess(projection, 2022, target=SERIES.last_value * 1.054)
    by_growth = assess(projection, 2022, growth_pct=5.4)
    assert by_value.probability == pytest.approx(by_growth.probability)
    assert by_growth.target == pytest.approx(SERIES.last_value * 1.054)
    assert by_value.growth_pct == pytest.approx(5.4)


def test_higher_targets_are_less_likely_and_at_most_is_the_complement(projection):
    low = assess(projection, 2022, growth_pct=0)
    high = assess(projection, 2022, growth_pct=20)
    assert low.probability > high.probability
    capped = assess(projection, 2022, growth_pct=20, direction=Direction.AT_MOST)
    assert capped.probability == pytest.approx(1 - high.probability)


def test_multi_year_growth_is_total_and_annualised(projection):
    result = assess(projection, 2025, growth_pct=100 * (1.05 ** 4 - 1))
    assert result.annual_growth_pct == pytest.approx(5.0)
    assert annualised(21.0, 2, "level") == pytest.approx(10.0)


def test_inverse_question_returns_a_value_reached_with_that_probability(projection):
    value = value_reached_with(projection, 2023, 0.8)
    assert assess(projection, 2023, target=value).probability == pytest.approx(0.8)


def test_growth_indicator_target_is_the_growth_itself():
    series = YearlySeries("iip", [2019, 2020, 2021], [9.0, 7.9, 14.8], IndicatorKind.GROWTH_RATE)
    projection = fit(series, "auto", 1)
    assert target_from_growth(12, projection) == 12
    assert growth_from_target(12, projection) == 12
    assert 0 < assess(projection, 2022, growth_pct=12).probability < 1


def test_exactly_one_of_target_and_growth(projection):
    with pytest.raises(ValueError):
        assess(projection, 2022)
    with pytest.raises(ValueError):
        assess(projection, 2022, target=1, growth_pct=1)


def test_record_summarises_the_growth_history():
    growth = pd.Series([10.0, -5.0, 20.0, 3.0, 4.0, 6.0], index=range(2016, 2022))
    record = Record.from_growth(growth)
    assert (record.last, record.last_year) == (6.0, 2021)
    assert (record.best, record.best_year, record.worst, record.worst_year) == (20, 2018, -5, 2017)
    assert record.n_5y == 5
    assert record.average_5y == pytest.approx(100 * ((0.95 * 1.2 * 1.03 * 1.04 * 1.06) ** 0.2 - 1))
    assert Record.from_growth(pd.Series(dtype=float)).last is None
