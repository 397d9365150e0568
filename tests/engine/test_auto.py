"""The automatic model's spread constants."""

import pytest
from scipy import stats

from modules.engine.auto import t_factor


@pytest.mark.parametrize("dof", [3, 4, 7, 12, 30, 200])
def test_t_factor_is_scipy_stats_t_over_normal(dof):
    assert t_factor(dof) == pytest.approx(stats.t.ppf(0.9, dof) / stats.norm.ppf(0.9), rel=1e-12)
