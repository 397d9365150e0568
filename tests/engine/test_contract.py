"""One contract for every registered model: the same checks, degenerate inputs included."""

import functools

import numpy as np
import pytest

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries
from modules.engine.models import MAX_HORIZON, ModelError, exceptional_years
from modules.engine.registry import MODEL_NAMES, REGISTRY, available_models, fit

YEARS = np.arange(2006, 2022)  # 16 years, last 2021
T = np.arange(16)
LEVELS = {
    "noisy": 100 * 1.07 ** T * np.exp(0.05 * np.sin(1.3 * T)),
    "flat": np.full(16, 5000.0),
    "linear": 100.0 + 10.0 * T,
    "exponential": 100 * 1.1 ** T,
}
GROWTHS = {
    "noisy": 6 + 2 * np.sin(1.1 * T),
    "flat": np.full(16, 7.0),
    "linear": 2.0 + 0.5 * T,
    # white noise around a mean (the national IIP's kind): ARIMA(0,0,0) kept one width
    "white": 7 + np.random.default_rng(1).normal(0, 1.5, 16),
}
CASES = [(name, IndicatorKind.LEVEL, shape) for name in REGISTRY for shape in LEVELS] + \
        [(name, IndicatorKind.GROWTH_RATE, shape) for name in REGISTRY for shape in GROWTHS]


def series(kind, shape):
    values = (LEVELS if kind == IndicatorKind.LEVEL else GROWTHS)[shape]
    return YearlySeries("x", YEARS, values, kind)


@functools.cache
def _fit(name, kind, shape):
    return fit(series(kind, shape), name, MAX_HORIZON)


def fitted(name, kind, shape):
    s = series(kind, shape)
    if kind not in REGISTRY[name].kinds:
        with pytest.raises(ModelError):
            fit(s, name, 1)
        pytest.skip(f"{name} does not serve {kind} series (refused, as checked)")
    return s, _fit(name, kind, shape)


@pytest.mark.parametrize("name,kind,shape", CASES)
def test_quantiles_are_monotone_and_agree_with_probabilities(name, kind, shape):
    _, projection = fitted(name, kind, shape)
    ps = np.array([0.001, 0.025, 0.1, 0.5, 0.9, 0.975, 0.999])
    for year in projection.years[[0, 4, 29]]:
        qs = np.array([projection.quantile(p, year) for p in ps])
        assert np.all(np.diff(qs) > 0), (name, shape, year)
        for p, q in zip(ps, qs):
            assert projection.prob_at_least(q, year) == pytest.approx(1 - p, abs=1e-9)


@pytest.mark.parametrize("name,kind,shape", CASES)
def test_ranges_widen_with_the_horizon(name, kind, shape):
    _, projection = fitted(name, kind, shape)
    assert np.all(np.diff(projection.scale) > 0), (name, shape)


@pytest.mark.parametrize("name,kind,shape", CASES)
def test_probabilities_stay_strictly_between_0_and_1_and_points_stay_sane(name, kind, shape):
    s, projection = fitted(name, kind, shape)
    last = s.last_value
    if kind == IndicatorKind.LEVEL:
        checks = [(last * 1.05, 2030), (last * 0.98, 2023), (last * 1.02, 2022)]
        median = projection.median()
        assert np.all(median > s.values.min() / 10) and np.all(median < s.values.max() * 30)
    else:
        checks = [(last + 1, 2030), (last - 0.5, 2023), (last + 1, 2022)]
        median = projection.median()
        spread = max(np.ptp(s.values), 2.0)
        assert np.all(median > s.values.min() - 1.5 * spread)
        assert np.all(median < s.values.max() + 1.5 * spread)
    for value, year in checks:
        p = projection.prob_at_least(value, year)
        assert 0 < p < 1, (name, shape, value, year, p)


@pytest.mark.parametrize("name", list(REGISTRY))
@pytest.mark.parametrize("kind", [IndicatorKind.LEVEL, IndicatorKind.GROWTH_RATE])
def test_the_answer_for_a_year_does_not_depend_on_the_horizon_asked(name, kind):
    s = series(kind, "noisy")
    if name not in available_models(s) and name != "auto":
        pytest.skip("not offered for this kind")
    short, long = fit(s, name, 1), fit(s, name, 6)
    assert short.loc[0] == long.loc[0] and short.scale[0] == long.scale[0]
    assert np.array_equal(fit(s, name, 6).loc, fit(s, name, MAX_HORIZON).loc[:6])


def test_registry_feeds_the_model_names_and_refuses_what_it_cannot_do():
    assert set(MODEL_NAMES) | {"auto"} == set(REGISTRY)
    s = series(IndicatorKind.LEVEL, "noisy")
    with pytest.raises(ModelError) as caught:
        fit(s, "mean", 1)
    assert caught.value.code == "kind"
    with pytest.raises(ModelError) as caught:
        fit(s, "auto", MAX_HORIZON + 1)
    assert caught.value.code == "horizon"
    with pytest.raises(ModelError) as caught:
        fit(YearlySeries("x", YEARS[:4], LEVELS["noisy"][:4]), "arima", 1)
    assert caught.value.code == "too_short" and caught.value.params["need"] == 8


def test_flat_theta_stays_flat():
    projection = fit(series(IndicatorKind.LEVEL, "flat"), "theta", MAX_HORIZON)
    assert projection.median() == pytest.approx(np.full(MAX_HORIZON, 5000.0))


SPIKE = np.array([100, 106, 111, 118, 122, 5000, 131, 137, 144, 150, 155], float)


def test_one_extreme_year_is_named_and_kept_out_of_the_spread():
    s = YearlySeries("imports", np.arange(2011, 2022), SPIKE)
    assert exceptional_years(s.years, s.to_model_scale()) == (2016,)
    projection = fit(s, "auto", MAX_HORIZON)
    assert projection.exceptional == (2016,)
    low, high = projection.interval(95, 2022)
    # the spike moves neither the point nor the spread: the steady +4-5 a year goes on
    assert 150 < low < projection.median(2022) < high < 250
    assert 155 * 1.02 < projection.median(2022) < 155 * 1.06
    low, high = projection.interval(95, 2051)
    assert low > 1 and high < 1e5
    for name in available_models(s):
        far = fit(s, name, MAX_HORIZON).interval(95, 2051)
        assert far[0] > 1e-3 and far[1] < 1e7, name


def test_no_exceptional_year_in_ordinary_series():
    for shape, values in LEVELS.items():
        assert exceptional_years(YEARS, np.log(values)) == (), shape
