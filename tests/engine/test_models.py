import numpy as np
import pytest

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries
from modules.engine.models import THIN_YEARS, ModelError
from modules.engine.registry import MODEL_NAMES, available_models, fit

YEARS = np.arange(2000, 2016)
STEADY = 100 * 1.08 ** np.arange(16) * np.exp(0.03 * np.sin(np.arange(16)))


def level(values, years=None):
    years = YEARS[: len(values)] if years is None else years
    return YearlySeries("x", years, values)


@pytest.mark.parametrize("name", [m for m in MODEL_NAMES if m != "mean"] + ["auto"])
def test_every_model_projects_a_steady_grower_upwards(name):
    projection = fit(level(STEADY), name, 3)
    assert list(projection.years) == [2016, 2017, 2018]
    median = projection.median()
    assert np.all(median > STEADY[-1] * 0.95), name
    assert np.all(np.diff(projection.scale) >= -1e-9), "spread must not shrink with the horizon"


def test_naive_repeats_the_last_value_and_drift_continues_average_growth():
    series = level([100.0, 110.0, 121.0])
    assert fit(series, "naive", 2).median() == pytest.approx([121.0, 121.0])
    assert fit(series, "drift", 2).median() == pytest.approx([133.1, 146.41])


def test_drift_uses_years_across_gaps():
    series = level([100.0, 200.0], years=np.array([2000, 2010]))
    growth = 2 ** (1 / 10)
    assert fit(series, "drift", 1).median(2011) == pytest.approx(200 * growth)


def test_loglinear_recovers_constant_growth():
    series = level(100 * 1.05 ** np.arange(10))
    assert fit(series, "loglinear", 1).median()[0] == pytest.approx(100 * 1.05 ** 10)


@pytest.mark.parametrize("p", [0.05, 0.2, 0.5, 0.8, 0.95])
def test_probability_and_quantile_agree(p):
    projection = fit(level(STEADY), "drift", 2)
    for year in projection.years:
        q = projection.quantile(p, year)
        assert projection.prob_at_least(q, year) == pytest.approx(1 - p, abs=1e-9)


def test_growth_rates_use_their_mean_and_never_fall_below_minus_100():
    series = YearlySeries("g", [2018, 2019, 2020, 2021], [5.0, 7.0, -3.0, 9.0],
                          IndicatorKind.GROWTH_RATE)
    projection = fit(series, "auto", 1)
    assert projection.detail == "mean"
    mean_log_growth = np.mean(np.log1p(np.array([5, 7, -3, 9]) / 100))
    assert projection.median(2022) == pytest.approx(100 * np.expm1(mean_log_growth))
    assert projection.quantile(1e-9, 2022) > -100
    assert projection.prob_at_least(-100, 2022) == 1.0


def test_single_year_still_answers_with_a_floored_spread_and_is_marked_thin():
    projection = fit(level([450.0], years=np.array([2021])), "auto", 1)
    assert projection.thin and projection.detail == "naive"
    assert projection.median(2022) == pytest.approx(450.0)
    low, high = projection.interval(80, 2022)
    assert low < 450 * 0.85 and high > 450 * 1.15


def test_thin_series_spread_is_never_below_the_floor():
    almost_flat = level([100.0, 100.1, 100.2])
    assert len(almost_flat) < THIN_YEARS
    projection = fit(almost_flat, "drift", 1)
    assert projection.thin and projection.scale[0] >= 0.15


def test_models_needing_regular_years_refuse_short_runs():
    short = level(STEADY[:6])
    assert "damped" not in available_models(short) and "arima" not in available_models(short)
    with pytest.raises(ModelError):
        fit(short, "arima", 1)


def test_mean_is_not_offered_for_levels_and_empty_series_fail_clearly():
    assert "mean" not in available_models(level(STEADY))
    with pytest.raises(ModelError):
        fit(level(STEADY), "mean", 1)
    with pytest.raises(ModelError):
        fit(YearlySeries("x", [], []), "auto", 1)


def test_nonpositive_levels_are_refused_not_crashed():
    with pytest.raises(ModelError):
        fit(level([100.0, 0.0, 120.0]), "drift", 1)


def test_arima_reports_its_chosen_order():
    projection = fit(level(STEADY), "arima", 2)
    assert projection.detail.startswith("ARIMA(")


def test_a_thin_series_borrows_the_reference_spread_and_says_so():
    from modules.data.dataset import load_builtin
    from modules.engine.projections import project
    daklak, vietnam = load_builtin("daklak"), load_builtin("vietnam")
    # Đắk Lắk's exports: one year on the current count (its retail runs from 2005)
    alone = project(daklak, "exports", "auto", 1).projection
    borrowed = project(daklak, "exports", "auto", 1, reference=vietnam).projection
    national = project(vietnam, "exports", "auto", 1).projection
    assert alone.scale[0] == pytest.approx(0.15) and not alone.spread_from
    assert borrowed.spread_from == "vietnam" and "reference class" in borrowed.detail
    # the pooled misses of 2-year histories one year ahead: wider than the national series'
    # own 1-year spread, narrower than the assumed floor
    assert national.scale[0] < borrowed.scale[0] < alone.scale[0]
    long_enough = project(vietnam, "exports", "auto", 1, reference=daklak).projection
    assert not long_enough.spread_from  # only thin series borrow


def test_tail_probabilities_never_claim_certainty_from_an_assumed_spread():
    from modules.engine.models import TAIL_PROBABILITY
    from modules.text.fmt import probability
    one_year = fit(level([450.0], years=np.array([2021])), "auto", 1)
    p = one_year.prob_at_least(95.0, 2022)  # −79% against a floored spread
    assert p == 1 - TAIL_PROBABILITY and probability(p, "en") == ">99%"
    assert one_year.prob_at_least(10_000.0, 2022) == TAIL_PROBABILITY
    assert probability(TAIL_PROBABILITY, "vi") == "<1%"
    assert one_year.prob_at_least(0.0, 2022) == 1.0  # a level is never below zero: certain
