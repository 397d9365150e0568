"""The cheap members of `auto`: point forecasts in plain numpy, fast enough to be
replayed from every past year of a series.

Each member is declared once in MEMBERS with the scale it works on. A member shares a
name with a model of the registry only where their points are the same arithmetic
("naive", "mean"; a test ties them); the others are named for what they do ("drift_units":
the drift in units, where the registry's "drift" is on the log scale).

- "original": the values as they are (additive trends: a series growing by a steady
  amount a year is not forced into compound growth); on a growth-rate series every
  member works on the model scale;
- "model": the model scale of series.py (log of a level, log(1 + g/100) of a growth
  rate).

`member_points` returns every member's forecast on the model scale, so that they can
be compared and combined whatever scale they worked on. Points are kept within the
sane bounds of models.sane_bounds (no member can explode).
"""

from __future__ import annotations

import numpy as np

from modules.data.catalogue import IndicatorKind
from modules.engine.models import THIN_YEARS, level_bound


def latest_run(years: np.ndarray, x: np.ndarray):
    """The latest run of consecutive years: (years, values)."""
    breaks = np.flatnonzero(np.diff(years) != 1)
    start = breaks[-1] + 1 if len(breaks) else 0
    return years[start:], x[start:]


def _naive(years, x, steps):
    return np.full(len(steps), x[-1])


def _mean(years, x, steps):
    return np.full(len(steps), x.mean())


def _drift(years, x, steps):
    slope = (x[-1] - x[0]) / float(years[-1] - years[0])
    return x[-1] + slope * steps


def _robust_trend(years, x, steps):
    """Median-slope drift: the last value plus the median yearly change (the
    "Robust-Trend" idea of the M3 competition: one odd year cannot tilt the trend)."""
    slope = float(np.median(np.diff(x) / np.diff(years)))
    return x[-1] + slope * steps


_SES_ALPHAS = np.linspace(0.05, 1.0, 20)


def _ses_level(x):
    """Simple exponential smoothing, alpha by least squares on a grid: (level, alpha)."""
    level = np.full(len(_SES_ALPHAS), x[0])
    sse = np.zeros(len(_SES_ALPHAS))
    for value in x[1:]:
        error = value - level
        sse += error**2
        level = level + _SES_ALPHAS * error
    best = int(np.argmin(sse))
    return level[best], _SES_ALPHAS[best]


def _ses(years, x, steps):
    years, x = latest_run(years, x)
    return np.full(len(steps), _ses_level(x)[0])


def _theta(years, x, steps):
    """The Theta method (Assimakopoulos & Nikolopoulos; Hyndman & Billah's form): simple
    exponential smoothing plus half the slope of the linear trend."""
    years, x = latest_run(years, x)
    n = len(x)
    level, alpha = _ses_level(x)
    if np.ptp(x) == 0:
        return np.full(len(steps), x[-1])
    slope = np.polyfit(np.arange(n, dtype=float), x, 1)[0]
    return level + slope / 2 * (steps - 1 + (1 - (1 - alpha) ** n) / alpha)


_A, _B, _P = (g.ravel() for g in np.meshgrid(
    np.linspace(0.1, 1.0, 10),            # alpha
    np.array([0.02, 0.05, 0.1, 0.2, 0.4]),  # beta as a share of alpha
    np.array([0.8, 0.85, 0.9, 0.95, 0.98]),  # phi
    indexing="ij"))


def _damped(years, x, steps):
    """Additive damped trend (Gardner & McKenzie), parameters by least squares on a grid."""
    years, x = latest_run(years, x)
    level = np.full(len(_A), x[0])
    trend = np.full(len(_A), x[1] - x[0])
    sse = np.zeros(len(_A))
    for value in x[1:]:
        forecast = level + _P * trend
        error = value - forecast
        sse += error**2
        level = forecast + _A * error
        trend = _P * trend + _A * _B * error
    best = int(np.argmin(sse))
    phi = _P[best]
    return level[best] + trend[best] * np.cumsum(phi ** steps.astype(float))


ORIGINAL, MODEL = "original", "model"
# name -> (function, scale, fewest years; on the latest consecutive run when `regular`)
MEMBERS = {
    "naive": (_naive, MODEL, 1, False),
    "drift_units": (_drift, ORIGINAL, 2, False),
    "robust_trend": (_robust_trend, ORIGINAL, 3, False),
    "theta_units": (_theta, ORIGINAL, 3, True),
    "theta_log": (_theta, MODEL, 3, True),
    "damped_units": (_damped, ORIGINAL, 6, True),
    "mean": (_mean, MODEL, 1, False),
    "ses": (_ses, MODEL, 3, True),
}


def member_fits(years, name: str) -> bool:
    """Whether the member has enough years (consecutive when it needs them)."""
    _, _, fewest, regular = MEMBERS[name]
    n = len(latest_run(years, years)[0]) if regular else len(years)
    return n >= fewest


def member_points(years, values, kind: str, steps, names) -> np.ndarray:
    """Point forecasts on the model scale (members x steps), NaN rows for members the
    data cannot support. `values` are on the original scale (positive for levels)."""
    z = np.log1p(values / 100.0) if kind == IndicatorKind.GROWTH_RATE else np.log(values)
    out = np.full((len(names), len(steps)), np.nan)
    low, high = _bounds(years, z, kind, steps)
    for row, name in enumerate(names):
        if not member_fits(years, name):
            continue
        function, scale, _, _ = MEMBERS[name]
        if scale == ORIGINAL and kind != IndicatorKind.GROWTH_RATE:
            point = function(years, values, steps)
            with np.errstate(divide="ignore", invalid="ignore"):
                point = np.log(np.maximum(point, values.min() * 1e-6))
        else:
            point = function(years, z, steps)
        out[row] = np.clip(point, low, high)
    return out


def _bounds(years, z, kind, steps):
    """The sane bounds of models.sane_bounds for horizons `steps`: (low, high)."""
    if len(z) < 2:
        return -np.inf, np.inf
    if kind == IndicatorKind.GROWTH_RATE:
        if len(z) < THIN_YEARS:
            return -np.inf, np.inf
        r = max(float(np.ptp(z)), 0.02)
        return z.min() - r, z.max() + r
    bound = level_bound(years, z)
    return z[-1] - bound * steps, z[-1] + bound * steps
