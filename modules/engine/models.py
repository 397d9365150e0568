"""The forecasting models, and the `Projection` every one of them returns.

A model turns a YearlySeries into a `Projection`: for each future year a normal
distribution on the model scale (see series.py), from which any quantile and
P(Y >= x) are read. Every model works on the transformed values, so "drift" on a
level series is constant average growth and on a growth series a trend in growth.

The models are declared once, in registry.py (name, minimum years, regular spacing,
indicator kinds); this module holds their arithmetic (`naive`, `drift`, ...: arrays
in, arrays out), the common finishing step (`finish`: spread floors, sane bounds,
exceptional years) and `run`, which applies one of them to a series. Every
projection is computed for MAX_HORIZON years and cut to the horizon asked for, so
that the answer for a year never depends on how far ahead someone looked.

Models that need regularly spaced data (damped, arima, theta) use the latest run of
consecutive years; naive, drift, mean and loglinear use every year, gaps included.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field, replace
from statistics import NormalDist

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries, from_model_scale, to_model_scale

STANDARD_NORMAL = NormalDist()  # the standard library's: no scipy import on a page's path


def _standard_quantile(p: float) -> float:
    """The standard normal p-quantile; −inf / +inf at p = 0 / 1 (as scipy's ppf)."""
    if 0 < p < 1:
        return STANDARD_NORMAL.inv_cdf(p)
    return -np.inf if p == 0 else np.inf if p == 1 else np.nan


# Judgment, documented on the Methods page: with fewer than THIN_YEARS observations
# the spread of year-on-year changes cannot be estimated, so a floor is used: a
# typical provincial series moves by about 15% a year (levels), growth rates by
# about 8 percentage points; a signed ratio (modelled on its own scale, in points) by
# about 5 points.
THIN_YEARS = 6
SPREAD_FLOOR = {IndicatorKind.LEVEL: 0.15, IndicatorKind.GROWTH_RATE: 0.08,
                IndicatorKind.SIGNED_RATIO: 5.0}
# No yearly figure is projected more precisely than 1% (or 1 point of growth) a year:
# the spread on the model scale is at least MIN_SCALE * sqrt(h), so that even a
# perfectly flat or perfectly regular history gets a range that widens with h and
# probabilities strictly between 0 and 1.
MIN_SCALE = 0.01
# P(Y >= x) read from the normal tails is kept within [TAIL_PROBABILITY, 1 - TAIL_PROBABILITY]:
# no yearly record (and no assumed floor spread) supports odds beyond 1 in 10,000.
TAIL_PROBABILITY = 1e-4
# The furthest year any model projects: MAX_HORIZON years after the last observation.
MAX_HORIZON = 30
# Sane bounds (levels): the median moves by at most B a year on the log scale, where
# B = |median change| + BOUND_SDS robust sd of the changes (see level_bound; at least
# MIN_BOUND); the spread is at most B * h.
BOUND_SDS = 3.0
MIN_BOUND = 0.05
# shrunk_drift: the drift kept is t² / (t² + DRIFT_NOISE) of it; set on M3 yearly cut to
# 6 and 4 values (benchmarks/provinces.py), the provincial panel unchanged (23.7 sMAPE)
DRIFT_NOISE = 3.0
# A year is exceptional when the change into it and the change out of it (or, for the
# last year, the change into it) are both more than OUTLIER_SDS robust sd away from
# the median change and at least OUTLIER_MIN_LOG on the log scale (x1.65 / -40%).
OUTLIER_SDS = 5.0
OUTLIER_MIN_LOG = 0.5
REVERSAL_LOG = 1.0  # a short record's reversed jump: x/÷ e (2.7) into the year and back


class ModelError(ValueError):
    """A model cannot be fitted on this series (too short, wrong kind, degenerate).

    `code` names the reason for the locale files (problem.model_<code>), `params` fill
    its text; str() is a plain English fallback."""

    def __init__(self, text: str, code: str = "failed", **params):
        super().__init__(text)
        self.code = code
        self.params = params


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
    exceptional: tuple[int, ...] = field(default=())  # years flagged as one-off extremes
    # auto: the point rules it used, keys of [member] in the locales: the members averaged
    # (members.MEMBERS), or its first rule or reference rule alone
    members: tuple[str, ...] = field(default=())

    def _index(self, year: int) -> int:
        hit = np.flatnonzero(self.years == year)
        if not len(hit):
            raise KeyError(year)
        return int(hit[0])

    def head(self, horizon: int) -> "Projection":
        """The same projection for the first `horizon` years only."""
        return replace(self, years=self.years[:horizon], loc=self.loc[:horizon],
                       scale=self.scale[:horizon])

    def quantile(self, p, year: int | None = None):
        """The value not exceeded with probability p (per year, or for one year)."""
        z = self.loc + self.scale * _standard_quantile(p)
        values = from_model_scale(z, self.kind)
        return values if year is None else float(values[self._index(year)])

    def median(self, year: int | None = None):
        """The median (the point projection), per year or for one year."""
        return self.quantile(0.5, year)

    def prob_at_least(self, value: float, year: int) -> float:
        """P(Y >= value) in `year`, within [TAIL_PROBABILITY, 1 - TAIL_PROBABILITY] (1 for a
        value at or below the floor of the scale); KeyError for a year outside it."""
        i = self._index(year)
        z = to_model_scale(value, self.kind)
        if np.isnan(z) or z == -np.inf:  # at or below the floor of the scale (a level <= 0,
            return 1.0                    # growth <= -100%): certain
        with np.errstate(divide="ignore", invalid="ignore"):
            p = STANDARD_NORMAL.cdf(float((self.loc[i] - z) / self.scale[i]))  # P(Y >= value)
        return min(max(p, TAIL_PROBABILITY), 1 - TAIL_PROBABILITY)

    def interval(self, level: float, year: int | None = None):
        """Central prediction interval at `level` percent: (lower, upper)."""
        tail = (1 - level / 100) / 2
        return self.quantile(tail, year), self.quantile(1 - tail, year)


# --- the models: each returns (loc, scale[, detail]) arrays on the model scale -------


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


def naive(years, z, h):
    """Random walk: the last value, spread growing with sqrt(h)."""
    sigma = _rw_sigma(years, z, 0.0)
    steps = np.arange(1, h + 1)
    return np.full(h, z[-1]), _scaled(sigma, np.sqrt(steps))


def mean(years, z, h):
    """The mean of the record (growth rates revert to it); the spread widens slowly with
    h (sqrt(1 + h/n)): the further ahead, the more the mean itself may have moved."""
    n = len(z)
    sd = float(np.std(z, ddof=1)) if n > 1 else None
    return np.full(h, z.mean()), _scaled(sd, np.sqrt(1 + np.arange(1, h + 1) / n))


def drift(years, z, h):
    """Random walk with drift: the average change from the first to the last year."""
    span = float(years[-1] - years[0])
    slope = (z[-1] - z[0]) / span
    sigma = _rw_sigma(years, z, slope)
    steps = np.arange(1, h + 1)
    return z[-1] + slope * steps, _scaled(sigma, np.sqrt(steps + steps**2 / span))


def shrunk_drift(years, z, h):
    """Random walk with its drift shrunk by the drift's own noise, for a record too short
    to backtest that has no reference class: the average change times t² / (t² +
    DRIFT_NOISE), t being the mean yearly change over its standard error (a steady climb
    keeps its drift, a noisy one moves towards the last value); with a single change
    there is no noise to judge and the drift is kept. Spread as `drift`."""
    span = float(years[-1] - years[0])
    slope = (z[-1] - z[0]) / span
    changes = np.diff(z) / np.diff(years)
    if len(changes) >= 2:
        noise = float(np.var(changes, ddof=1)) / len(changes)
        slope *= slope**2 / (slope**2 + DRIFT_NOISE * noise) if slope**2 + noise > 0 else 0.0
    sigma = _rw_sigma(years, z, slope)
    steps = np.arange(1, h + 1)
    return z[-1] + slope * steps, _scaled(sigma, np.sqrt(steps + steps**2 / span))


def loglinear(years, z, h):
    """A straight line through every year (least squares), with its prediction spread."""
    t = years - years.mean()
    slope, intercept = np.polyfit(t, z, 1)
    resid = z - (intercept + slope * t)
    s = float(np.sqrt(np.sum(resid**2) / (len(z) - 2))) if len(z) > 2 else None
    future = years[-1] + np.arange(1, h + 1) - years.mean()
    leverage = 1 + 1 / len(z) + future**2 / np.sum(t**2)
    return intercept + slope * future, _scaled(s, np.sqrt(leverage))


def _flat(z) -> bool:
    return float(np.ptp(z)) < 1e-9


def theta(years, z, h):
    """statsmodels' ThetaModel (no seasonality); a flat run stays flat (statsmodels
    returns a spurious trend for it)."""
    from statsmodels.tsa.forecasting.theta import ThetaModel

    if _flat(z):
        return np.full(h, z[-1]), _scaled(0.0, np.ones(h))
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


def damped(years, z, h):
    """statsmodels' additive damped-trend ETS; a flat run stays flat."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    if _flat(z):
        return np.full(h, z[-1]), _scaled(0.0, np.ones(h))
    y = pd.Series(z, index=pd.RangeIndex(int(years[0]), int(years[-1]) + 1))
    fit = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False)
    pred = fit.get_prediction(start=len(y), end=len(y) + h - 1)
    return np.asarray(pred.predicted_mean), np.sqrt(np.asarray(pred.forecast_variance))


# Small search: (p, d, q) with the constant (d=0) or drift (d=1) term.
_ARIMA_ORDERS = [(p, d, q) for d in (1, 0) for p, q in itertools.product((0, 1, 2), (0, 1))]


def arima(years, z, h):
    """statsmodels' ARIMA, the order with the smallest AICc of a small search; its
    variance widened for the uncertainty of the fitted mean (see below)."""
    from statsmodels.tsa.arima.model import ARIMA

    if _flat(z):
        return np.full(h, z[-1]), _scaled(0.0, np.ones(h)), "flat"
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
        raise ModelError("no ARIMA order could be fitted", "no_fit", model="arima")
    forecast = best[2].get_forecast(h)
    # statsmodels' variance takes the fitted mean and drift as known; like `mean`, let them
    # move (+ the one-step variance x h/n), so that the range widens every year (a white
    # noise or over-differenced order would otherwise keep one width)
    variance = forecast.var_pred_mean.to_numpy()
    variance = variance + variance[0] * np.arange(1, h + 1) / len(z)
    return forecast.predicted_mean.to_numpy(), np.sqrt(variance), "ARIMA(%d,%d,%d)" % best[1]


def _scaled(sigma, factor):
    """Spread per step; NaN when the data cannot tell (filled by the thin-data floor)."""
    return np.asarray(factor, dtype=float) * (np.nan if sigma is None else sigma)


# --- running a model, and the finishing step every projection goes through -----------


def run(series: YearlySeries, name: str, fitter, regular: bool = False,
        spread_floor=None) -> Projection:
    """Apply `fitter(years, z, MAX_HORIZON)` to `series` (its latest run of consecutive
    years when `regular`) and finish the result: a Projection for MAX_HORIZON years.

    BLAS is held to one thread during the fit (statsmodels' tiny matrices run ~10x
    slower with OpenBLAS's default threads). Raises ModelError when the values are off
    the model scale or the fit fails; library warnings are kept in `warnings`."""
    data = series.latest_contiguous() if regular else series
    z = data.to_model_scale()
    if not regular and np.all(np.isfinite(z)):  # a one-off extreme moves no point
        odd = np.isin(data.years, one_offs(data.years, z))
        if odd.any():
            data = replace(data, years=data.years[~odd], values=data.values[~odd])
            z = z[~odd]
    if not np.all(np.isfinite(z)):
        raise ModelError("values outside the model scale (a level <= 0 or growth <= -100%)",
                         "off_scale", model=name)
    with warnings.catch_warnings(record=True) as caught, threadpool_limits(1):
        warnings.simplefilter("always")
        try:
            loc, scale, *detail = fitter(data.years, z, MAX_HORIZON)
        except ModelError:
            raise
        except Exception as exc:  # statsmodels raises many kinds; a batch run must go on
            raise ModelError(f"{name}: {exc}", "failed", model=name) from exc
    if not np.all(np.isfinite(loc)):
        raise ModelError(f"{name} produced no finite forecast", "failed", model=name)
    return finish(series, name, loc, scale, detail[0] if detail else "", spread_floor,
                  tuple(sorted({str(w.message)[:120] for w in caught})))


def finish(series: YearlySeries, model: str, loc, scale, detail: str = "", spread_floor=None,
           notes=()) -> Projection:
    """Wrap model-scale arrays (loc, scale per horizon 1..H) into a Projection.

    - thin series (< THIN_YEARS): spread at least the floor (SPREAD_FLOOR * sqrt(h), or
      `spread_floor` per horizon, e.g. borrowed from a reference series; a shorter array
      is extended with sqrt(h));
    - every series: spread at least MIN_SCALE * sqrt(h) (a zero spread, e.g. of a
      flat history, becomes that), a missing (NaN) spread replaced by the floor, and the
      median and spread kept within `sane_bounds`;
    - years flagged by `exceptional_years` are recorded in `exceptional`."""
    horizon = len(loc)
    steps = np.arange(1, horizon + 1, dtype=float)
    thin = len(series) < THIN_YEARS
    floor = SPREAD_FLOOR.get(series.kind, SPREAD_FLOOR[IndicatorKind.LEVEL]) * np.sqrt(steps)
    if spread_floor is not None:
        given = np.asarray(spread_floor, dtype=float)[:horizon]
        extra = given[-1] * np.sqrt(steps[len(given):] / len(given))
        floor = np.concatenate([given, extra])
    scale = np.asarray(scale, dtype=float)
    scale = np.where(np.isfinite(scale), scale, floor)  # NaN: the data cannot tell
    scale = np.maximum(scale, floor if thin else MIN_SCALE * np.sqrt(steps))
    z = series.to_model_scale()
    odd = exceptional_years(series.years, z)
    usual = ~np.isin(series.years, one_offs(series.years, z))  # the record without them
    loc, scale = sane_bounds(series.years[usual], z[usual], series.kind,
                             np.asarray(loc, float), scale, thin)
    return Projection(series.indicator, series.kind, model,
                      series.last_year + np.arange(1, horizon + 1), loc, scale,
                      series.last_year, series.last_value, len(series), thin, detail, notes,
                      exceptional=odd)


def _robust_changes(years, z):
    """Year-on-year changes per year (model scale), their median and robust sd."""
    d = np.diff(z) / np.diff(years)
    if len(d) < 2:
        return d, float(d[0]) if len(d) else 0.0, np.nan
    med = float(np.median(d))
    return d, med, float(1.4826 * np.median(np.abs(d - med)))


def sane_bounds(years, z, kind, loc, scale, thin: bool = False):
    """Keep a projection within what the record makes plausible (model scale).

    Levels: the median moves from the last value by at most B a year and the spread
    is at most B * h, with B = |median change| + BOUND_SDS robust sd (at least
    MIN_BOUND). Growth rates (series of >= THIN_YEARS): the median stays within the
    record's range, the spread at most half of that range (at least 2 points). The
    caller passes the record without its exceptional years. Returns (loc, scale)."""
    steps = np.arange(1, len(loc) + 1, dtype=float)
    z = z[np.isfinite(z)]
    if len(z) < 2:
        return loc, scale
    if kind == IndicatorKind.GROWTH_RATE:
        if thin:
            return loc, scale
        r = max(float(np.ptp(z)), 0.02)
        loc = np.clip(loc, z.min(), z.max())
        return loc, np.minimum(scale, max(r / 2, MIN_SCALE * 2) * np.sqrt(steps))
    bound = level_bound(years, z)
    loc = np.clip(loc, z[-1] - bound * steps, z[-1] + bound * steps)
    return loc, np.minimum(scale, bound * steps) if not thin else scale


def level_bound(years, z) -> float:
    """B of sane_bounds: |median change| + the larger of BOUND_SDS robust sd and the
    upper quartile of the changes' distance from their median (a series made of two
    regular pieces has a robust sd of 0), at least MIN_BOUND."""
    d, med, sd = _robust_changes(years, z)
    spread = BOUND_SDS * sd if np.isfinite(sd) else 0.0
    if len(d) >= 2:
        spread = max(spread, float(np.quantile(np.abs(d - med), 0.75)))
    return max(abs(med) + spread, MIN_BOUND)


def one_offs(years, z) -> tuple[int, ...]:
    """The exceptional years that reversed (every one but a flagged last year, which may
    be the start of a new level): they are left out of the point and the bounds."""
    return tuple(y for y in exceptional_years(years, z) if y != int(np.asarray(years)[-1]))


def exceptional_years(years, z) -> tuple[int, ...]:
    """Years whose value is a one-off extreme: the change into the year and the change
    out of it go opposite ways and are both far from the median change (more than
    OUTLIER_SDS robust sd and OUTLIER_MIN_LOG); the last year counts when the change
    into it alone is that far. With 3 or 4 years (too few for a robust sd) a middle year
    counts when it is a reversed jump: the changes into and out of it both exceed
    REVERSAL_LOG, go opposite ways and cancel to within half of the smaller (a collapse
    and its recovery: 4990, 405, 5040). () otherwise."""
    years, z = np.asarray(years), np.asarray(z, float)
    if len(z) < 3 or not np.all(np.isfinite(z)):
        return ()
    d, med, sd = _robust_changes(years, z)
    if len(z) < 5:
        return tuple(int(years[i + 1]) for i in range(len(d) - 1)
                     if min(abs(d[i]), abs(d[i + 1])) > REVERSAL_LOG
                     and np.sign(d[i]) != np.sign(d[i + 1])
                     and abs(d[i] + d[i + 1]) <= min(abs(d[i]), abs(d[i + 1])) / 2)
    far = np.abs(d - med) > np.maximum(OUTLIER_SDS * sd, OUTLIER_MIN_LOG)
    found = [int(years[i + 1]) for i in range(len(d) - 1)
             if far[i] and far[i + 1] and np.sign(d[i] - med) != np.sign(d[i + 1] - med)]
    if far[-1] and (len(d) < 2 or not far[-2]):
        found.append(int(years[-1]))
    return tuple(found)
