"""Rolling-origin backtests, and the calibrated "auto" projection built on them.

Why: on yearly data the spreads that models derive from their own fit are far too
narrow (on the 645 M3 yearly series, damped ETS 80%/95% intervals covered 57%/70%),
because the future breaks the model's assumptions more often than its residuals say.
The remedy used here is empirical: replay the projection from past years ("origins")
with only the data known then, and set the spread from how far those projections
actually missed.

- `backtest(series, model, horizon)`: the replay for any named model of models.py
  (expanding window, every horizon 1..H), one row per (origin, horizon) with an actual.
- `calibrated_auto(series, horizon)`: the improved "auto". Its members (naive, drift,
  theta, damped trend) are cheap numpy point forecasts, so that the backtest can
  use every origin of the series; the point projection is a combination of members
  and the spread per horizon comes from that combination's own backtest errors on
  the model (log) scale, pooled across horizons and shrunk towards a prior.
- `miss_summary(bt, threshold_pct)`: "in the past, a projection like this missed by
  more than X% in N of M years".

No Streamlit here: the app, the CLI and the batch evaluation all call this module.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from modules.data.catalogue import GROWTH, LEVEL
from modules.data.series import YearlySeries, from_model_scale
from modules.engine import models
from modules.engine.models import ModelError, Projection

# --- judgment, documented on the Methods page -------------------------------------

# Fewer years than this: too few past projections to learn from; the documented
# first rule (models.fit_auto) answers instead, unchanged.
MIN_BACKTEST_YEARS = 8
# Every past projection is made from at least this many years.
MIN_TRAIN = 5
# Candidate members; the auto projection is the median of the KEEP best of them,
# ranked by mean absolute backtest error (each error divided by its horizon).
LEVEL_MEMBERS = ("naive", "drift", "theta", "damped")
GROWTH_MEMBERS = ("mean", "ses", "naive", "theta")
KEEP = 3
# Members are ranked only when at least this many origins can compare them all.
MIN_RANK_ORIGINS = 3
# When the backtest cannot rank the members (too few common origins): these.
DEFAULT_MEMBERS = {LEVEL: ("drift", "theta", "damped"), GROWTH: ("mean", "ses", "naive")}
# Fewest years each cheap member needs (on the latest run of consecutive years for
# ses, theta and damped).
_MEMBER_MIN_YEARS = {"naive": 1, "mean": 1, "drift": 2, "ses": 3, "theta": 3, "damped": 6}

# Spread per horizon on the model scale: sd(h) = INFLATION * t_factor * sigma * h**SPREAD_POWER.
# - sigma pools the backtest errors of every horizon (each divided by h**SPREAD_POWER)
#   and is shrunk towards the typical year-on-year change of the series, with the
#   weight of PRIOR_WEIGHT errors;
# - t_factor widens for the uncertainty of sigma itself: the ratio of the Student-t to
#   the normal 90% quantile, with as many degrees of freedom as there were origins;
# - SPREAD_POWER and INFLATION were set on rolling origins inside the M3 yearly
#   training parts (errors grow faster than sqrt(h): trends change; errors have
#   heavier tails than a normal, so a normal matching the 80% interval is too
#   narrow at 95%: the inflation trades a slightly wide 80% for a near-95% 95%).
SPREAD_POWER = 0.75
PRIOR_WEIGHT = 6.0
INFLATION = 1.15
MIN_DOF = 3


# --- cheap members: point forecasts on the model scale ------------------------------


def _latest_run(years: np.ndarray, z: np.ndarray):
    breaks = np.flatnonzero(np.diff(years) != 1)
    start = breaks[-1] + 1 if len(breaks) else 0
    return years[start:], z[start:]


def _naive(years, z, steps):
    return np.full(len(steps), z[-1])


def _mean(years, z, steps):
    return np.full(len(steps), z.mean())


def _drift(years, z, steps):
    slope = (z[-1] - z[0]) / float(years[-1] - years[0])
    return z[-1] + slope * steps


_SES_ALPHAS = np.linspace(0.05, 1.0, 20)


def _ses_level(z):
    """Simple exponential smoothing, alpha by least squares on a grid: (level, alpha)."""
    level = np.full(len(_SES_ALPHAS), z[0])
    sse = np.zeros(len(_SES_ALPHAS))
    for value in z[1:]:
        error = value - level
        sse += error**2
        level = level + _SES_ALPHAS * error
    best = int(np.argmin(sse))
    return level[best], _SES_ALPHAS[best]


def _ses(years, z, steps):
    years, z = _latest_run(years, z)
    return np.full(len(steps), _ses_level(z)[0])


def _theta(years, z, steps):
    """The Theta method (Assimakopoulos & Nikolopoulos; Hyndman & Billah's form): simple
    exponential smoothing plus half the slope of the linear trend."""
    years, z = _latest_run(years, z)
    n = len(z)
    level, alpha = _ses_level(z)
    t = np.arange(n, dtype=float)
    slope = np.polyfit(t, z, 1)[0]
    return level + slope / 2 * (steps - 1 + (1 - (1 - alpha) ** n) / alpha)


_A, _B, _P = (g.ravel() for g in np.meshgrid(
    np.linspace(0.1, 1.0, 10),            # alpha
    np.array([0.02, 0.05, 0.1, 0.2, 0.4]),  # beta as a share of alpha
    np.array([0.8, 0.85, 0.9, 0.95, 0.98]),  # phi
    indexing="ij"))


def _damped(years, z, steps):
    """Additive damped trend (Gardner & McKenzie), parameters by least squares on a grid."""
    years, z = _latest_run(years, z)
    level = np.full(len(_A), z[0])
    trend = np.full(len(_A), z[1] - z[0])
    sse = np.zeros(len(_A))
    for value in z[1:]:
        forecast = level + _P * trend
        error = value - forecast
        sse += error**2
        level = forecast + _A * error
        trend = _P * trend + _A * _B * error
    best = int(np.argmin(sse))
    phi = _P[best]
    return level[best] + trend[best] * np.cumsum(phi ** steps.astype(float))


_MEMBERS = {"naive": _naive, "mean": _mean, "drift": _drift, "ses": _ses, "theta": _theta,
            "damped": _damped}


def _member_fits(years, z, name) -> bool:
    run = len(_latest_run(years, z)[0]) if name in ("ses", "theta", "damped") else len(z)
    return run >= _MEMBER_MIN_YEARS[name]


def _member_locs(years, z, steps, members) -> np.ndarray:
    """Point forecasts (members x steps); NaN rows for members the data cannot support."""
    return np.array([_MEMBERS[m](years, z, steps) if _member_fits(years, z, m)
                     else np.full(len(steps), np.nan) for m in members])


def _member_backtest(years, z, horizon, members, min_train=MIN_TRAIN):
    """Every member replayed from every origin with >= min_train years (expanding window).

    Returns (origin index, h, actual on the model scale, locs rows x members); origins
    are observed years, h counts calendar years, only observed target years are kept.
    """
    origins, hs, actual, locs = [], [], [], []
    for i in range(min_train - 1, len(z) - 1):
        ahead = years[i + 1:] - years[i]
        keep = ahead <= horizon
        if not keep.any():
            continue
        origins.append(np.full(keep.sum(), i))
        hs.append(ahead[keep])
        actual.append(z[i + 1:][keep])
        locs.append(_member_locs(years[:i + 1], z[:i + 1], ahead[keep].astype(float),
                                 members).T)
    if not origins:
        return (np.array([], int), np.array([], int), np.array([]),
                np.empty((0, len(members))))
    return (np.concatenate(origins), np.concatenate(hs), np.concatenate(actual),
            np.concatenate(locs))


def _rank_members(origin, h, actual, locs, members, keep=KEEP):
    """The `keep` members with the smallest mean |error| / h over the origins where all
    members could be fitted (in `members` order); None with fewer than MIN_RANK_ORIGINS
    such origins."""
    common = np.all(np.isfinite(locs), axis=1)
    if len(np.unique(origin[common])) < MIN_RANK_ORIGINS or len(members) <= keep:
        return None
    score = np.mean(np.abs(actual[common, None] - locs[common]) / h[common, None], axis=0)
    return [members[i] for i in sorted(np.argsort(score, kind="stable")[:keep])]


def _median(locs: np.ndarray) -> np.ndarray:
    """Median across members (axis -1), ignoring members missing at an origin."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows stay NaN
        return np.nanmedian(locs, axis=-1)


# --- the spread from the errors -----------------------------------------------------


def _prior_sigma(years, z) -> float:
    """Typical year-on-year change of the series (robust, around the median change)."""
    d = np.diff(z) / np.sqrt(np.diff(years))
    d = d - np.median(d) if len(d) else d
    return float(1.4826 * np.median(np.abs(d))) if len(d) >= 2 else np.nan


def spread_from_errors(h, errors, horizon, prior_sigma=np.nan, n_origins=None, *,
                       power=SPREAD_POWER, prior_weight=PRIOR_WEIGHT, inflation=INFLATION):
    """Standard deviation per horizon 1..horizon (model scale) from backtest errors.

    sigma^2 = (sum(e^2 / h^(2 power)) + prior_weight * prior_sigma^2) / (n + prior_weight)
    sd(h)   = inflation * t_factor * sigma * h^power,
    t_factor = t_0.9(dof) / z_0.9 with dof = max(MIN_DOF, n_origins) (n_origins
    defaults to the number of errors). A missing prior (NaN) is left out; with
    neither errors nor prior the result is NaN.
    """
    h = np.asarray(h, float)
    errors = np.asarray(errors, float)
    ok = np.isfinite(errors)
    h, errors = h[ok], errors[ok]
    total, n = float(np.sum(errors**2 / h ** (2 * power))), float(len(errors))
    if np.isfinite(prior_sigma) and prior_sigma > 0 and prior_weight > 0:
        total, n = total + prior_weight * prior_sigma**2, n + prior_weight
    if n == 0:
        return np.full(horizon, np.nan)
    sigma = np.sqrt(total / n)
    dof = max(MIN_DOF, len(errors) if n_origins is None else n_origins)
    t_factor = stats.t.ppf(0.9, dof) / stats.norm.ppf(0.9)
    return inflation * t_factor * sigma * np.arange(1, horizon + 1) ** power


# --- public API ---------------------------------------------------------------------


def backtest(series: YearlySeries, model: str, horizon: int, min_train: int = MIN_TRAIN,
             origins: int | None = None) -> pd.DataFrame:
    """Replay `model` from past years with only the data known then.

    Every observed year with at least `min_train` years up to it (and a later year)
    is an origin; `origins` keeps only the latest ones. Each origin is projected
    with `models.fit(series.up_to(origin), model, horizon)` and compared, for every
    horizon h = 1..horizon, with the actual value when that year is observed.
    Columns: origin, h, year, actual, actual_z, loc, scale (model scale), point (the
    median on the original scale), error = actual_z - loc. Origins the model cannot
    fit are skipped.
    """
    columns = ["origin", "h", "year", "actual", "actual_z", "loc", "scale", "point", "error"]
    years = series.years
    starts = [int(y) for i, y in enumerate(years[:-1]) if i + 1 >= min_train]
    if origins is not None:
        starts = starts[-origins:] if origins > 0 else []
    rows = []
    for origin in starts:
        try:
            projection = models.fit(series.up_to(origin), model, horizon)
        except ModelError:
            continue
        for i, year in enumerate(projection.years):
            actual = series.value_in(int(year))
            if actual is None:
                continue
            actual_z = float(series.to_model_scale(np.array([actual]))[0])
            loc = float(projection.loc[i])
            rows.append((origin, i + 1, int(year), actual, actual_z, loc,
                         float(projection.scale[i]), float(from_model_scale(loc, series.kind)),
                         actual_z - loc))
    bt = pd.DataFrame(rows, columns=columns)
    bt.attrs["kind"] = series.kind
    return bt


def miss_summary(bt: pd.DataFrame, threshold_pct: float, h: int | None = None,
                 kind: str | None = None) -> tuple[int, int]:
    """(n_missed, n_total): past projections that missed the actual by more than
    `threshold_pct` percent of the projected value (levels) or by more than
    `threshold_pct` percentage points (growth rates). `h` keeps one horizon only
    ("a projection like this" = as many years ahead as the one on screen)."""
    kind = kind or bt.attrs.get("kind", "level")
    rows = bt if h is None else bt[bt["h"] == h]
    if rows.empty:
        return 0, 0
    actual, point = rows["actual"].to_numpy(float), rows["point"].to_numpy(float)
    if kind != LEVEL:  # growth rates and signed ratios: points
        miss = np.abs(actual - point)
    else:
        miss = 100 * np.abs(actual - point) / np.abs(point)
    return int(np.sum(miss > threshold_pct)), int(len(rows))


def calibrated_auto(series: YearlySeries, horizon: int, spread_floor=None) -> Projection:
    """The "auto" projection: a median of cheap members, with a backtested spread.

    - fewer than MIN_BACKTEST_YEARS years (or values off the model scale):
      models.fit_auto, the documented first rule, unchanged;
    - otherwise every member is replayed from every past origin with at least
      MIN_TRAIN years; the KEEP members with the smallest backtest errors are kept
      (levels: of naive, drift, theta, damped trend; growth rates: of the mean,
      simple exponential smoothing, the last value and theta), and the projection
      is their median;
    - the spread per horizon comes from the errors of that median in the same
      backtest (spread_from_errors).
    """
    years, z = series.years, series.to_model_scale()
    if len(series) < MIN_BACKTEST_YEARS or not np.all(np.isfinite(z)):
        return models.fit_auto(series, horizon, spread_floor)
    members = GROWTH_MEMBERS if series.kind == GROWTH else LEVEL_MEMBERS
    steps = np.arange(1, horizon + 1, dtype=float)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a rank warning of polyfit on a flat run
        origin, h, actual, locs = _member_backtest(years, z, horizon, members)
        chosen = _rank_members(origin, h, actual, locs, members)
        if chosen is None:
            chosen = list(DEFAULT_MEMBERS.get(series.kind, DEFAULT_MEMBERS[LEVEL]))
            why = "too few origins to rank members"
        else:
            dropped = [m for m in members if m not in chosen]
            why = f"{'+'.join(dropped)} dropped: largest backtest error" if dropped else ""
        final = _member_locs(years, z, steps, chosen)
    fitted = np.all(np.isfinite(final), axis=1)
    chosen = [m for m, ok in zip(chosen, fitted) if ok]
    if not chosen:
        return models.fit_auto(series, horizon, spread_floor)
    loc = _median(final[fitted].T)
    errors = actual - _median(locs[:, [members.index(m) for m in chosen]])
    n_origins = len(np.unique(origin[np.isfinite(errors)]))
    scale = spread_from_errors(h, errors, horizon, _prior_sigma(years, z), n_origins)
    if not (np.all(np.isfinite(loc)) and np.all(np.isfinite(scale))):
        return models.fit_auto(series, horizon, spread_floor)
    how = {1: "", 2: "mean of "}.get(len(chosen), "median of ")
    detail = (f"{how}{'+'.join(chosen)}" + (f" ({why})" if why else "")
              + f"; spread from {int(np.isfinite(errors).sum())} backtest errors"
              + f" ({n_origins} origins)")
    return Projection(series.indicator, series.kind, "auto",
                      series.last_year + np.arange(1, horizon + 1), np.asarray(loc, float),
                      np.maximum(scale, models.MIN_SCALE), series.last_year,
                      series.last_value, len(series), len(series) < models.THIN_YEARS, detail, ())


# --- the evidence the app shows beside a projection -------------------------------------

EVIDENCE_MODELS = ("auto", "naive", "drift", "loglinear", "theta", "damped")


def model_errors(series: YearlySeries, horizon: int, names=EVIDENCE_MODELS,
                 origins: int = 6) -> pd.DataFrame:
    """Each model's past error `horizon` years ahead, over the latest `origins` origins:
    mean absolute error in % of the projection (levels) or in points (growth rates)."""
    rows = []
    for name in names:
        bt = backtest(series, name, horizon, origins=origins)
        bt = bt[bt["h"] == horizon]
        if bt.empty:
            continue
        actual, point = bt["actual"].to_numpy(float), bt["point"].to_numpy(float)
        error = np.abs(actual - point) if series.kind != LEVEL else \
            100 * np.abs(actual - point) / np.abs(point)
        rows.append({"model": name, "n": len(bt), "mean_abs_error": float(error.mean())})
    return pd.DataFrame(rows, columns=["model", "n", "mean_abs_error"])
