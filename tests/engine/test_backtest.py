import numpy as np
import pandas as pd
import pytest
from scipy import stats

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries
from modules.engine import registry
from modules.engine.auto import MIN_BACKTEST_YEARS, first_rule, spread_from_errors
from modules.engine.auto import auto as calibrated_auto
from modules.engine.backtest import backtest, miss_summary, model_errors

NOISY = 100 * 1.06 ** np.arange(26) * np.exp(0.04 * np.sin(1.7 * np.arange(26)))


def level(values, start=1990):
    return YearlySeries("x", np.arange(start, start + len(values)), np.asarray(values, float))


# --- backtest ------------------------------------------------------------------------


def test_backtest_rows_are_rolling_origins_with_every_horizon():
    series = level(NOISY[:12])
    bt = backtest(series, "drift", 3, min_train=5)
    assert list(bt.columns[:7]) == ["origin", "h", "year", "actual", "actual_z", "loc", "scale"]
    assert bt["origin"].min() == 1994 and bt["origin"].max() == 2000  # 5 years .. last-1
    assert set(bt["h"]) == {1, 2, 3}
    assert (bt["year"] == bt["origin"] + bt["h"]).all()
    assert len(bt[bt["origin"] == 2000]) == 1 and len(bt[bt["origin"] == 1998]) == 3
    assert np.allclose(bt["error"], np.log(bt["actual"]) - bt["loc"])
    first = bt[(bt["origin"] == 1994) & (bt["h"] == 1)].iloc[0]
    assert first["actual"] == pytest.approx(NOISY[5])
    assert first["loc"] == pytest.approx(registry.fit(series.up_to(1994), "drift", 1).loc[0])
    assert len(backtest(series, "drift", 3, origins=2)["origin"].unique()) == 2


@pytest.mark.parametrize("model", ["drift", "naive", "auto"])
def test_changing_a_later_value_cannot_change_an_earlier_origin(model):
    series = level(NOISY[:16])
    changed_year = 2001
    altered = YearlySeries("x", series.years,
                           np.where(series.years == changed_year, series.values * 3, series.values))
    before, after = backtest(series, model, 3), backtest(altered, model, 3)
    keys = ["origin", "h", "year"]
    merged = before.merge(after, on=keys, suffixes=("", "_new"))
    earlier = merged[merged["origin"] < changed_year]
    assert len(earlier) > 10
    assert np.allclose(earlier["loc"], earlier["loc_new"])
    assert np.allclose(earlier["scale"], earlier["scale_new"])
    # ... only the actual for the changed year differs
    moved = earlier[~np.isclose(earlier["actual"], earlier["actual_new"])]
    assert set(moved["year"]) == {changed_year}
    later = merged[merged["origin"] >= changed_year]
    assert not np.allclose(later["loc"], later["loc_new"])


def test_calibrated_auto_ignores_the_future_of_its_own_origins():
    series = level(NOISY)
    cut = series.up_to(2008)
    assert np.allclose(calibrated_auto(cut, 3).loc,
                       calibrated_auto(level(NOISY[:19]), 3).loc)  # same data, same answer


# --- calibration maths ---------------------------------------------------------------


def test_spread_from_errors_recovers_a_random_walk_sigma():
    rng = np.random.default_rng(7)
    sigma, horizon = 0.05, 4
    series = level(100 * np.exp(np.cumsum(rng.normal(0, sigma, 400))), start=1600)
    bt = backtest(series, "naive", horizon)
    sd = spread_from_errors(bt["h"], bt["error"], horizon, power=0.5, prior_weight=0,
                            inflation=1.0, n_origins=bt["origin"].nunique())
    assert sd == pytest.approx(sigma * np.sqrt(np.arange(1, horizon + 1)), rel=0.08)
    # the 80% interval built from it covers ~80% of fresh outcomes
    fresh = rng.normal(0, sigma * np.sqrt(np.arange(1, horizon + 1)), size=(20000, horizon))
    covered = np.abs(fresh) < stats.norm.ppf(0.9) * sd
    assert 0.77 < covered.mean() < 0.83


def test_spread_is_widened_when_few_errors_and_shrunk_towards_the_prior():
    h, e = np.array([1, 1, 2]), np.array([0.1, -0.1, 0.1 * 2**0.5])
    few = spread_from_errors(h, e, 2, power=0.5, prior_weight=0, inflation=1.0)
    assert few[0] > 0.1 * 1.2  # t with 3 degrees of freedom, not the normal
    with_prior = spread_from_errors(h, e, 2, prior=0.01, power=0.5, prior_weight=3,
                                    inflation=1.0)
    assert with_prior[0] < few[0]
    assert np.all(np.isnan(spread_from_errors([], [], 3)))
    assert np.all(np.diff(spread_from_errors(h, e, 5)) > 0)


def test_calibrated_auto_covers_simulated_random_walks():
    rng = np.random.default_rng(11)
    horizon, n, sigma = 3, 16, 0.05
    pit = []
    for _ in range(100):
        z = np.log(100) + np.cumsum(rng.normal(0.03, sigma, n + horizon))
        projection = calibrated_auto(level(np.exp(z[:n])), horizon)
        pit.append(stats.norm.cdf(z[n:], projection.loc, projection.scale))
    pit = np.array(pit)
    coverage80 = np.mean((pit > 0.1) & (pit < 0.9))
    # Deliberately a little wide on a pure random walk: the defaults are set for real
    # yearly series, whose errors grow faster than sqrt(h) and have heavier tails.
    assert 0.75 < coverage80 < 0.92
    assert 0.25 < np.mean(pit < 0.5) < 0.75  # no bias


# --- the calibrated auto -------------------------------------------------------------


def test_calibrated_auto_says_what_it_chose_and_why():
    projection = calibrated_auto(level(NOISY), 4)
    assert projection.model == "auto"
    assert list(projection.years) == [2016, 2017, 2018, 2019]
    assert "mean of" in projection.detail and "backtest errors" in projection.detail
    assert len(projection.members) == 4 and all(m in projection.detail for m in projection.members)
    assert np.all(np.diff(projection.scale) > 0)
    assert projection.median()[0] > NOISY[-1] * 0.95
    assert projection.prob_at_least(projection.median(2017), 2017) == pytest.approx(0.5)
    assert not projection.thin


def test_calibrated_spread_is_wider_than_the_model_based_one_on_a_broken_trend():
    broken = np.concatenate([100 * 1.08 ** np.arange(14), 100 * 1.08**13 * 0.9 ** np.arange(1, 9)])
    calibrated = calibrated_auto(level(broken), 3)
    model_based = registry.fit(level(broken), "drift", 3)
    assert np.all(calibrated.scale > model_based.scale)


@pytest.mark.parametrize("n", [1, 3, MIN_BACKTEST_YEARS - 1])
def test_short_series_fall_back_to_the_first_rule_unchanged(n):
    series = level(NOISY[:n])
    projection = calibrated_auto(series, 2)
    reference = first_rule(series, 2)
    assert projection.detail == reference.detail and projection.model == "auto"
    assert np.allclose(projection.loc, reference.loc)
    assert np.allclose(projection.scale, reference.scale)


def test_growth_rates_are_calibrated_too_and_stay_above_minus_100():
    growth = YearlySeries("g", np.arange(2005, 2017),
                          [8.1, 7.5, 9.2, 6.0, 4.8, 7.7, 8.3, -2.0, 6.9, 7.4, 8.8, 7.1],
                          IndicatorKind.GROWTH_RATE)
    projection = calibrated_auto(growth, 2)
    assert "backtest errors" in projection.detail and "drift" not in projection.detail
    assert projection.quantile(1e-9, 2017) > -100
    assert 2 < projection.median(2017) < 9


def test_auto_is_the_calibrated_projection_with_the_first_rule_below_8_years():
    assert registry.fit(level(NOISY[:3]), "auto", 1).detail == "shrunk_drift"
    assert "backtest errors" in registry.fit(level(NOISY), "auto", 1).detail
    bt = backtest(level(NOISY[:14]), "auto", 2)
    assert len(bt) and np.all(np.isfinite(bt["scale"]))


# --- miss summary --------------------------------------------------------------------


def _bt(points, actuals, hs=None, kind="level"):
    frame = pd.DataFrame({"h": hs or [1] * len(points), "point": points, "actual": actuals})
    frame.attrs["kind"] = kind
    return frame


def test_miss_summary_counts_misses_beyond_the_threshold():
    bt = _bt([100, 100, 100, 200], [95, 112, 100.5, 150], hs=[1, 1, 2, 2])
    assert miss_summary(bt, 10) == (2, 4)      # 12% and 25%
    assert miss_summary(bt, 4) == (3, 4)
    assert miss_summary(bt, 30) == (0, 4)
    assert miss_summary(bt, 10, h=2) == (1, 2)
    assert miss_summary(bt, 10, h=5) == (0, 0)
    assert miss_summary(bt.iloc[:0], 10) == (0, 0)


def test_miss_summary_uses_percentage_points_for_growth_rates():
    bt = _bt([6.0, 6.0, 6.0], [4.0, 9.5, 6.5], kind=IndicatorKind.GROWTH_RATE)
    assert miss_summary(bt, 3) == (1, 3)       # 3.5 points off
    assert miss_summary(bt, 1.5) == (2, 3)


def test_miss_summary_on_a_real_backtest():
    bt = backtest(level(NOISY), "naive", 1)
    missed, total = miss_summary(bt, 5)
    assert total == len(NOISY) - 5 and 0 < missed <= total


def test_model_errors_name_auto_and_its_members_as_they_run():
    trend = level(100 * 1.08 ** np.arange(16) * np.exp(0.01 * np.sin(np.arange(16))))
    errors = model_errors(trend, 1).set_index("model")
    assert list(errors.index) == ["auto", "naive", "drift_units", "robust_trend",
                                  "theta_units", "theta_log", "damped_units"]
    assert errors.loc["theta_log", "mean_abs_error"] < errors.loc["naive", "mean_abs_error"]
    assert errors.loc["naive", "mean_abs_error"] == pytest.approx(100 * (1.08 - 1) / 1.08,
                                                                  rel=0.2)
    assert (errors["n"] == 6).all()
    kept = set(errors.index[errors["kept"] == True])  # noqa: E712 (object column)
    assert kept == set(calibrated_auto(trend, 1).members)
    assert model_errors(level([1.0, 2.0, 3.0]), 1).empty  # too short to replay


def test_a_member_named_like_a_model_makes_the_same_points():
    """auto's members and the registry share a name only for the same arithmetic."""
    from modules.engine.members import MEMBERS, member_points
    from modules.engine.registry import REGISTRY
    shared = set(MEMBERS) & set(REGISTRY)
    assert shared == {"naive", "mean"}
    years = np.arange(2005, 2021)
    for kind, values in ((IndicatorKind.LEVEL, 100 * 1.08 ** np.arange(16)),
                         (IndicatorKind.GROWTH_RATE, 8 + np.sin(np.arange(16)))):
        series = YearlySeries("x", years, values, kind=kind)
        for name in shared:
            if not REGISTRY[name].fits(series):
                continue
            median = REGISTRY[name].project(series).median()[:3]
            model = np.log1p(median / 100) if kind == IndicatorKind.GROWTH_RATE else np.log(median)
            points = member_points(years, values, kind, np.arange(1, 4.0), [name])[0]
            assert points == pytest.approx(model), (kind, name)
