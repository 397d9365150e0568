"""One forecasting interface, implemented by every model.

A model turns a YearlySeries into a `Projection`: for each future year a normal
distribution on the model scale (see series.py), from which any quantile and
P(Y >= x) are read. Every model works on the transformed values, so "drift" on a
level series is constant average growth and on a growth series a trend in growth.

Models that need regularly spaced data (damped, arima, theta) use the latest run of
consecutive years; naive, drift, mean and loglinear use every year, gaps included.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

from modules.data.catalogue import GROWTH
from modules.data.series import YearlySeries, from_model_scale, to_model_scale

# Judgment, documented on the Methods page: with fewer than THIN_YEARS observations
# the spread of year-on-year changes cannot be estimated, so a floor is used: a
# typical provincial series moves by about 15% a year (levels), growth rates by
# about 8 percentage points.
THIN_YEARS = 6
SPREAD_FLOOR = {"level": 0.15, GROWTH: 0.08}
# Fewer years than this and the model is not offered.
# No projection of a yearly figure is more precise than 0.1%: keeps perfect-fit series sane.
MIN_SCALE = 1e-3
MIN_YEARS = {"naive": 1, "mean": 1, "drift": 2, "loglinear": 3,
             "theta": 5, "damped": 8, "arima": 8}


class ModelError(ValueError):
    """A model cannot be fitted on this series (too short, degenerate)."""


@dataclass(frozen=True)
class Projection:
    """The predictive distribution of a series for the years after its last one."""

    indicator: str
    kind: str
    model: str
    years: np.ndarray          # forecast years, last_year + 1 ... last_year + H
    loc: np.ndarray            # mean on the model scale, per year
    scale: np.ndarray          # standard deviation on the model scale, per year
    last_year: int
    last_value: float
    n_obs: int
    thin: bool = False         # too few years: spread floored, warn the user
    detail: str = ""           # e.g. the ARIMA order chosen, or the members auto kept
    warnings: tuple[str, ...] = field(default=())
    spread_from: str = ""      # a reference dataset whose spread a thin series borrowed

    def _index(self, year: int) -> int:
        hit = np.flatnonzero(self.years == year)
        if not len(hit):
            raise KeyError(year)
        return int(hit[0])

    def quantile(self, p, year: int | None = None):
        """The value not exceeded with probability p (per year, or for one year)."""
        z = stats.norm.ppf(p, self.loc, self.scale)
        values = from_model_scale(z, self.kind)
        return values if year is None else float(values[self._index(year)])

    def median(self, year: int | None = None):
        return self.quantile(0.5, year)

    def prob_at_least(self, value: float, year: int) -> float:
        i = self._index(year)
        z = to_model_scale(value, self.kind)
        if np.isnan(z):  # at or below the floor of the scale (a level <= 0, growth <= -100%)
            return 1.0
        return float(stats.norm.sf(z, self.loc[i], self.scale[i]))

    def interval(self, level: float, year: int | None = None):
        """Central prediction interval at `level` percent: (lower, upper)."""
        tail = (1 - level / 100) / 2
        return self.quantile(tail, year), self.quantile(1 - tail, year)


# --- the models: each returns (loc, scale) arrays on the model scale --------------


def _increments(years, z):
    """Changes between observed years and the number of years they span."""
    return np.diff(z), np.diff(years).astype(float)


def _rw_sigma(years, z, drift: float) -> float | None:
    """Random-walk step spread per year, from changes over gaps of any length."""
    d, span = _increments(years, z)
    dof = len(d) - (1 if drift else 0)
    if dof < 1:
        return None
    return float(np.sqrt(np.sum((d - drift * span) ** 2 / span) / dof))


def _naive(years, z, h):
    sigma = _rw_sigma(years, z, 0.0)
    steps = np.arange(1, h + 1)
    return np.full(h, z[-1]), _scaled(sigma, np.sqrt(steps))


def _mean(years, z, h):
    n = len(z)
    sd = float(np.std(z, ddof=1)) if n > 1 else None
    return np.full(h, z.mean()), _scaled(sd, np.full(h, np.sqrt(1 + 1 / n)))


def _drift(years, z, h):
    span = float(years[-1] - years[0])
    slope = (z[-1] - z[0]) / span
    sigma = _rw_sigma(years, z, slope)
    steps = np.arange(1, h + 1)
    return z[-1] + slope * steps, _scaled(sigma, np.sqrt(steps + steps**2 / span))


def _loglinear(years, z, h):
    t = years - years.mean()
    slope, intercept = np.polyfit(t, z, 1)
    resid = z - (intercept + slope * t)
    s = float(np.sqrt(np.sum(resid**2) / (len(z) - 2))) if len(z) > 2 else None
    future = years[-1] + np.arange(1, h + 1) - years.mean()
    leverage = 1 + 1 / len(z) + future**2 / np.sum(t**2)
    return intercept + slope * future, _scaled(s, np.sqrt(leverage))


def _theta(years, z, h):
    from statsmodels.tsa.forecasting.theta import ThetaModel

    y = pd.Series(z, index=pd.RangeIndex(int(years[0]), int(years[-1]) + 1))
    fit = ThetaModel(y, period=1, deseasonalize=False).fit()
    alpha = float(fit.params["alpha"])
    # The interval of Theta is that of its simple exponential smoothing; statsmodels'
    # prediction_intervals refits a state-space model for it (about 10 s a series
    # here), so the same formula is computed from the one-step errors directly.
    level, errors = z[0], []
    for value in z[1:]:
        errors.append(value - level)
        level = alpha * value + (1 - alpha) * level
    sigma = float(np.std(errors, ddof=1)) if len(errors) > 1 else None
    return fit.forecast(h).to_numpy(), _scaled(sigma, np.sqrt(1 + alpha**2 * np.arange(h)))


def _damped(years, z, h):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = pd.Series(z, index=pd.RangeIndex(int(years[0]), int(years[-1]) + 1))
    fit = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False)
    pred = fit.get_prediction(start=len(y), end=len(y) + h - 1)
    return np.asarray(pred.predicted_mean), np.sqrt(np.asarray(pred.forecast_variance))


# Small search: (p, d, q) with the constant (d=0) or drift (d=1) term.
_ARIMA_ORDERS = [(p, d, q) for d in (1, 0) for p, q in itertools.product((0, 1, 2), (0, 1))]


def _arima(years, z, h):
    from statsmodels.tsa.arima.model import ARIMA

    y = pd.Series(z, index=pd.RangeIndex(int(years[0]), int(years[-1]) + 1))
    best = None
    for order in _ARIMA_ORDERS:
        trend = "t" if order[1] == 1 else "c"
        try:
            fit = ARIMA(y, order=order, trend=trend).fit()
        except (ValueError, np.linalg.LinAlgError):
            continue
        if np.isfinite(fit.aicc) and (best is None or fit.aicc < best[0]):
            best = (fit.aicc, order, fit)
    if best is None:
        raise ModelError("no ARIMA order could be fitted")
    forecast = best[2].get_forecast(h)
    return (forecast.predicted_mean.to_numpy(), np.sqrt(forecast.var_pred_mean.to_numpy()),
            "ARIMA(%d,%d,%d)" % best[1])


def _scaled(sigma, factor):
    """Spread per step; NaN when the data cannot tell (filled by the thin-data floor)."""
    return np.asarray(factor, dtype=float) * (np.nan if sigma is None else sigma)


_FITTERS = {"naive": _naive, "mean": _mean, "drift": _drift, "loglinear": _loglinear,
            "theta": _theta, "damped": _damped, "arima": _arima}
_NEEDS_REGULAR = {"theta", "damped", "arima"}
MODEL_NAMES = ("naive", "drift", "loglinear", "damped", "arima", "theta", "mean")


def available_models(series: YearlySeries) -> list[str]:
    """Models that can be fitted on this series, in MODEL_NAMES order."""
    return [name for name in MODEL_NAMES if _fits(series, name)]


def why_unavailable(series: YearlySeries, name: str):
    """Why model `name` cannot run on `series`, as a translatable Problem (codes
    `model_growth_only`, `model_needs_years`), or None when it can ("auto" always can)."""
    from modules.data.problems import WARNING, Problem

    if name == "auto" or name not in MIN_YEARS or _fits(series, name):
        return None
    if name == "mean" and series.kind != GROWTH:
        return Problem("model_growth_only", WARNING,
                       params={"indicator": series.indicator, "model": name})
    return Problem("model_needs_years", WARNING, params={
        "indicator": series.indicator, "model": name, "need": MIN_YEARS[name],
        "have": len(_model_input(series, name))})


def _fits(series: YearlySeries, name: str) -> bool:
    if name == "mean" and series.kind != GROWTH:
        return False  # the mean of log levels is no forecast of a level
    return len(_model_input(series, name)) >= MIN_YEARS[name]


def _model_input(series: YearlySeries, name: str) -> YearlySeries:
    return series.latest_contiguous() if name in _NEEDS_REGULAR else series


def fit(series: YearlySeries, model: str, horizon: int, spread_floor=None) -> Projection:
    """Fit one named model ("auto" included) and project `horizon` years ahead.

    `spread_floor` (per horizon, model scale) replaces the default floor of thin series,
    e.g. by the spread of a reference series (engine.project does that)."""
    if len(series) == 0:
        raise ModelError("empty series")
    if model == "auto":
        from modules.engine.backtest import calibrated_auto  # local import: backtest imports models
        return calibrated_auto(series, horizon, spread_floor)
    if model not in _FITTERS:
        raise ModelError(f"unknown model {model!r}")
    data = _model_input(series, model)
    if not _fits(series, model):
        raise ModelError(f"{model} needs {MIN_YEARS[model]} consecutive years of a suitable "
                         f"series, has {len(data)}")
    z = data.to_model_scale()
    if not np.all(np.isfinite(z)):
        raise ModelError("values outside the model scale (a level <= 0 or growth <= -100%)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            loc, scale, *detail = _FITTERS[model](data.years, z, horizon)
        except ModelError:
            raise
        except Exception as exc:  # statsmodels raises many kinds; a batch run must go on
            raise ModelError(f"{model}: {exc}") from exc
    if not np.all(np.isfinite(loc)):
        raise ModelError(f"{model} produced no finite forecast")
    return _finish(series, model, loc, scale, detail[0] if detail else "", spread_floor,
                   tuple(sorted({str(w.message)[:120] for w in caught})))


def _finish(series, model, loc, scale, detail="", spread_floor=None, notes=()) -> Projection:
    """Apply the thin-data floor and wrap the arrays."""
    horizon = len(loc)
    steps = np.sqrt(np.arange(1, horizon + 1))
    thin = len(series) < THIN_YEARS
    floor = SPREAD_FLOOR.get(series.kind, SPREAD_FLOOR["level"]) * steps \
        if spread_floor is None else np.asarray(spread_floor, dtype=float)[:horizon]
    scale = np.asarray(scale, dtype=float)
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, floor)
    scale = np.maximum(scale, floor if thin else MIN_SCALE)
    return Projection(series.indicator, series.kind, model,
                      series.last_year + np.arange(1, horizon + 1), np.asarray(loc, float), scale,
                      series.last_year, series.last_value, len(series), thin, detail, notes)


def fit_auto(series: YearlySeries, horizon: int, spread_floor=None) -> Projection:
    """The rule for series too short to backtest (backtest.calibrated_auto uses it below
    8 years, or when its backtest cannot be computed; `auto` everywhere else is the
    backtested, calibrated projection):

    - growth rates: the mean of past growth (growth rates revert to their mean);
    - levels: random walk with drift (constant average growth), naive with one year.
    """
    if series.kind == GROWTH:
        projection = fit(series, "mean", horizon, spread_floor)
    elif "drift" in available_models(series):
        projection = fit(series, "drift", horizon, spread_floor)
    else:
        projection = fit(series, "naive", horizon, spread_floor)
    detail = projection.model if not projection.detail else f"{projection.model}: {projection.detail}"
    return replace(projection, model="auto", detail=detail)
