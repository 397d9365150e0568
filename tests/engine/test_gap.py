"""The miss gap: % of the projection for levels, points for growth rates."""

import numpy as np

from modules.data.catalogue import GROWTH, LEVEL
from modules.engine.gap import miss_gap


def test_a_level_gap_is_in_percent_of_the_projection():
    assert miss_gap(110.0, 100.0, LEVEL) == 10.0
    assert miss_gap(80.0, 100.0, LEVEL) == 20.0
    assert miss_gap(100.0, 80.0, LEVEL) == 25.0  # of the projection, not of the target


def test_a_growth_gap_is_in_points():
    assert miss_gap(12.0, 7.0, GROWTH) == 5.0
    assert miss_gap(-3.0, 2.0, GROWTH) == 5.0


def test_arrays_give_arrays():
    gaps = miss_gap([110.0, 95.0], [100.0, 100.0], LEVEL)
    assert isinstance(gaps, np.ndarray) and gaps.tolist() == [10.0, 5.0]
