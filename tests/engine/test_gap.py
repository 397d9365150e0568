"""The miss gap: % of the projection for levels, points for growth rates."""

import numpy as np

from modules.data.catalogue import IndicatorKind
from modules.engine.gap import gap_unit, miss_gap


def test_a_level_gap_is_in_percent_of_the_projection():
    assert miss_gap(110.0, 100.0, IndicatorKind.LEVEL) == 10.0
    assert miss_gap(80.0, 100.0, IndicatorKind.LEVEL) == 20.0
    # of the projection, not of the target
    assert miss_gap(100.0, 80.0, IndicatorKind.LEVEL) == 25.0


def test_a_growth_gap_is_in_points():
    assert miss_gap(12.0, 7.0, IndicatorKind.GROWTH_RATE) == 5.0
    assert miss_gap(-3.0, 2.0, IndicatorKind.GROWTH_RATE) == 5.0


def test_arrays_give_arrays():
    gaps = miss_gap([110.0, 95.0], [100.0, 100.0], IndicatorKind.LEVEL)
    assert isinstance(gaps, np.ndarray) and gaps.tolist() == [10.0, 5.0]


def test_a_signed_ratio_gap_is_in_points_like_the_backtest():
    # a trade deficit near zero: 1% of exports against a projected 0.5% is 0.5 points, not 100%
    assert miss_gap(1.0, 0.5, IndicatorKind.SIGNED_RATIO) == 0.5
    assert [gap_unit(kind) for kind in IndicatorKind] == ["%", "pp", "pp"]


def test_the_backtest_counts_misses_with_the_same_rule():
    import pandas as pd

    from modules.engine.backtest import miss_summary

    bt = pd.DataFrame({"h": [1, 1], "actual": [1.0, 3.0], "point": [0.5, 0.5]})
    assert miss_summary(bt, 1.0, kind=IndicatorKind.SIGNED_RATIO) == (1, 2)  # 0.5 and 2.5 points
    # 100% and 500% of the projection
    assert miss_summary(bt, 1.0, kind=IndicatorKind.LEVEL) == (2, 2)
