"""`auto`: a combination of cheap members chosen by their backtest errors, with a
spread calibrated on how far such combinations actually missed.

Why: on yearly data the spreads that models derive from their own fit are far too
narrow (on the 645 M3 yearly series, damped ETS 80%/95% intervals covered 57%/70%),
because the future breaks the model's assumptions more often than its residuals say.
The remedy is empirical: replay the projection from past years ("origins") with only
the data known then, and set the spread from how far those projections missed.

- levels: the members (members.py) are the last value (naive), the additive drift,
  the median-slope drift (robust_trend), Theta on the original and on the log scale
  and the additive damped trend; growth rates: the mean, simple exponential
  smoothing, the last value and Theta, on the model scale;
- each member is replayed from every origin with at least MIN_TRAIN years, for
  horizons 1..BACKTEST_HORIZON (fixed: the answer never depends on the horizon
  asked); the KEEP members with the smallest mean absolute error (model scale) are
  averaged (on the original scale for levels);
- the spread per horizon comes from that average's own backtest errors
  (spread_from_errors), extrapolated to MAX_HORIZON with h ** SPREAD_POWER;
- errors at a year flagged exceptional (models.exceptional_years) are left out;
- fewer than MIN_BACKTEST_YEARS years: the first rule (first_rule).

No Streamlit here, and no import of the registry: registry.py imports this module.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import replace

import numpy as np

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries
from modules.engine import models
from modules.engine.members import member_points
from modules.engine.models import MAX_HORIZON, STANDARD_NORMAL, ModelError, Projection
from modules.engine.reference import borrowed_floor, projection_parts

# --- judgment, set on the M3 yearly training parts (benchmarks/m3_design.py) ----------

# Fewer years than this: too few past projections to learn from; first_rule answers.
MIN_BACKTEST_YEARS = 8
# Fewer years than this, and a reference class: the series learns from the class
# (reference.py); set on the provincial panel's design origins (benchmarks/provinces.py).
REFERENCE_YEARS = 12
# Every past projection is made from at least this many years.
MIN_TRAIN = 5
# Past projections are scored for horizons 1..BACKTEST_HORIZON, whatever is asked.
BACKTEST_HORIZON = 6
LEVEL_MEMBERS = ("naive", "drift_units", "robust_trend", "theta_units", "theta_log",
                 "damped_units")
GROWTH_MEMBERS = ("mean", "ses", "naive", "theta_log")
KEEP = {IndicatorKind.LEVEL: 4, IndicatorKind.GROWTH_RATE: 3}
# Members are ranked only when at least this many origins can compare them all;
# otherwise DEFAULT_MEMBERS are used.
MIN_RANK_ORIGINS = 3
DEFAULT_MEMBERS = {IndicatorKind.LEVEL: ("drift_units", "theta_units", "theta_log",
                                         "damped_units"),
                   IndicatorKind.GROWTH_RATE: ("mean", "ses", "naive")}

# Spread per horizon on the model scale: sd(h) = INFLATION * t_factor * sigma * h**SPREAD_POWER.
# - sigma pools the backtest errors of every horizon (each divided by h**SPREAD_POWER)
#   and is shrunk towards the typical year-on-year change of the series, with the
#   weight of PRIOR_WEIGHT errors;
# - t_factor widens for the uncertainty of sigma itself: the ratio of the Student-t to
#   the normal 90% quantile, with as many degrees of freedom as there were origins.
# Set out of fold on the M3 design split (benchmarks/results/m3_design.txt): on odd
# series (0.8, 1.1, 12) and even series (0.75, 1.05, 12), each measured on the other
# half: 80%/95% coverage 79.8/93.0, ECE 0.018; committed: set on all series.
SPREAD_POWER = 0.75
PRIOR_WEIGHT = 12.0
INFLATION = 1.1
MIN_DOF = 3


def first_rule(series: YearlySeries, horizon: int = MAX_HORIZON,
               reference=None) -> Projection:
    """The rule for series too short to backtest (below MIN_BACKTEST_YEARS years):

    - growth rates: the mean of past growth (growth rates revert to their mean);
    - levels: random walk with drift (constant average growth), the drift shrunk by its
      own noise (models.shrunk_drift), naive with one year; signed ratios likewise, on
      their own scale (constant average change in points).
    A series with a reference class learns from it instead (from_reference).
    Returns a Projection for `horizon` years named "auto" whose detail and members name
    the rule used: "mean", "shrunk_drift" or "naive"."""
    # (registered model whose name a failure reports, the rule, its arithmetic)
    if series.kind == IndicatorKind.GROWTH_RATE:
        name, rule, fitter = "mean", "mean", models.mean
    elif len(series) >= 2:
        name, rule, fitter = "drift", "shrunk_drift", models.shrunk_drift
    else:
        name, rule, fitter = "naive", "naive", models.naive
    projection = models.run(series, name, fitter,
                            spread_floor=borrowed_floor(series, reference)).head(horizon)
    return replace(projection, model="auto", detail=rule, members=(rule,))


def from_reference(series: YearlySeries, reference, horizon: int = MAX_HORIZON):
    """auto for a series shorter than MIN_BACKTEST_YEARS with a reference class: its own
    drift shrunk towards the class's and the class's pooled misses as the spread
    (reference.projection_parts); None when the class cannot teach it."""
    if reference is None or series.kind == IndicatorKind.SIGNED_RATIO or \
            reference.kind != series.kind.pooled:
        return None
    parts = projection_parts(without_exceptional(series), reference, MAX_HORIZON)
    if parts is None:
        return None
    loc, scale, detail = parts
    thin = len(series) < models.THIN_YEARS
    projection = models.finish(series, "auto", loc, scale, detail, scale if thin else None)
    rule = "reference_mean" if series.kind == IndicatorKind.GROWTH_RATE else "reference_drift"
    return replace(projection.head(horizon), spread_from=reference.name, members=(rule,))


def without_exceptional(series: YearlySeries) -> YearlySeries:
    """The series without its exceptional years that reversed (models.one_offs): such a
    year moves neither the point nor the spread."""
    odd = models.one_offs(series.years, series.to_model_scale())
    if not odd:
        return series
    keep = ~np.isin(series.years, odd)
    return replace(series, years=series.years[keep], values=series.values[keep])


def member_backtest(years, values, kind, members, horizon=BACKTEST_HORIZON,
                    min_train=MIN_TRAIN):
    """Every member replayed from every origin with >= min_train years (expanding window).

    Returns (origin year, h, actual on the model scale, points: rows x members); h counts
    calendar years (1..horizon), only observed target years are kept."""
    z = np.log1p(values / 100.0) if kind == IndicatorKind.GROWTH_RATE else np.log(values)
    origins, hs, actual, points = [], [], [], []
    for i in range(min_train - 1, len(z) - 1):
        ahead = years[i + 1:] - years[i]
        keep = ahead <= horizon
        if not keep.any():
            continue
        origins.append(np.full(keep.sum(), years[i]))
        hs.append(ahead[keep])
        actual.append(z[i + 1:][keep])
        points.append(member_points(years[:i + 1], values[:i + 1], kind,
                                    ahead[keep].astype(float), members).T)
    if not origins:
        return (np.array([], int), np.array([], int), np.array([]),
                np.empty((0, len(members))))
    return (np.concatenate(origins), np.concatenate(hs), np.concatenate(actual),
            np.concatenate(points))


def rank_members(origin, h, actual, points, members, keep):
    """The `keep` members with the smallest mean |error| (model scale) over the rows
    where all members could be fitted, in `members` order; None with fewer than
    MIN_RANK_ORIGINS such origins."""
    common = np.all(np.isfinite(points), axis=1)
    if len(np.unique(origin[common])) < MIN_RANK_ORIGINS or len(members) <= keep:
        return None
    score = np.mean(np.abs(actual[common, None] - points[common]), axis=0)
    return [members[i] for i in sorted(np.argsort(score, kind="stable")[:keep])]


def combine(points: np.ndarray, kind: str) -> np.ndarray:
    """The average of member points (last axis), on the original scale for levels,
    returned on the model scale; members missing (NaN) are left out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows stay NaN
        if kind == IndicatorKind.GROWTH_RATE:
            return np.nanmean(points, axis=-1)
        return np.log(np.nanmean(np.exp(points), axis=-1))


def prior_sigma(years, z) -> float:
    """Typical year-on-year change of the series (robust, around the median change)."""
    d = np.diff(z) / np.sqrt(np.diff(years))
    d = d - np.median(d) if len(d) else d
    return float(1.4826 * np.median(np.abs(d))) if len(d) >= 2 else np.nan


def spread_from_errors(h, errors, horizon, prior=np.nan, n_origins=None, *,
                       power=None, prior_weight=None, inflation=None):
    """Standard deviation per horizon 1..horizon (model scale) from backtest errors.

    sigma^2 = (sum(e^2 / h^(2 power)) + prior_weight * prior^2) / (n + prior_weight)
    sd(h)   = inflation * t_factor * sigma * h^power,
    t_factor = t_0.9(dof) / z_0.9 with dof = max(MIN_DOF, n_origins) (n_origins
    defaults to the number of errors). A missing prior (NaN) is left out; with
    neither errors nor prior the result is NaN. Constants default to the module's."""
    power = SPREAD_POWER if power is None else power
    prior_weight = PRIOR_WEIGHT if prior_weight is None else prior_weight
    inflation = INFLATION if inflation is None else inflation
    h = np.asarray(h, float)
    errors = np.asarray(errors, float)
    ok = np.isfinite(errors)
    h, errors = h[ok], errors[ok]
    total, n = float(np.sum(errors**2 / h ** (2 * power))), float(len(errors))
    if np.isfinite(prior) and prior > 0 and prior_weight > 0:
        total, n = total + prior_weight * prior**2, n + prior_weight
    if n == 0:
        return np.full(horizon, np.nan)
    sigma = np.sqrt(total / n)
    dof = max(MIN_DOF, len(errors) if n_origins is None else n_origins)
    return inflation * t_factor(dof) * sigma * np.arange(1, horizon + 1) ** power


@functools.lru_cache(maxsize=256)
def t_factor(dof: int) -> float:
    """The Student-t 90% quantile with `dof` degrees of freedom over the normal one.
    scipy.special.stdtrit is what scipy.stats.t.ppf computes with; importing scipy.special
    takes ~0.12 s where scipy.stats takes ~0.65 s more, on a cold server's first verdicts."""
    from scipy.special import stdtrit

    return float(stdtrit(dof, 0.9) / STANDARD_NORMAL.inv_cdf(0.9))


def design(series: YearlySeries):
    """The parts of `auto` before the spread constants: (chosen members, why, point on
    the model scale for 1..MAX_HORIZON, backtest h, backtest errors of the combination,
    prior sigma, number of origins). None when the series cannot be backtested."""
    z = series.to_model_scale()
    if len(series) < MIN_BACKTEST_YEARS or not np.all(np.isfinite(z)):
        return None
    full_years, full_z = series.years, z
    series = without_exceptional(series)
    years, values = series.years, series.values
    z = series.to_model_scale()
    if len(series) < MIN_BACKTEST_YEARS or not np.all(np.isfinite(z)):
        return None
    kind = series.kind.pooled
    members = GROWTH_MEMBERS if kind == IndicatorKind.GROWTH_RATE else LEVEL_MEMBERS
    steps = np.arange(1, MAX_HORIZON + 1, dtype=float)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a rank warning of polyfit on a flat run
        origin, h, actual, points = member_backtest(years, values, kind, members)
        chosen = rank_members(origin, h, actual, points, members, KEEP[kind])
        if chosen is None:
            chosen = [m for m in DEFAULT_MEMBERS[kind] if m in members]
            why = "too few origins to rank members"
        else:
            dropped = [m for m in members if m not in chosen]
            why = f"{'+'.join(dropped)} dropped: largest backtest error" if dropped else ""
        final = member_points(years, values, kind, steps, chosen)
    fitted = np.all(np.isfinite(final), axis=1)
    chosen = [m for m, ok in zip(chosen, fitted) if ok]
    if not chosen:
        return None
    loc = combine(final[fitted].T, kind)
    errors = actual - combine(points[:, [members.index(m) for m in chosen]], kind)
    odd = np.isin(origin + h, models.exceptional_years(full_years, full_z)) | \
        np.isin(origin, models.exceptional_years(full_years, full_z))
    errors = np.where(odd, np.nan, errors)
    n_origins = len(np.unique(origin[np.isfinite(errors)]))
    return chosen, why, loc, h, errors, prior_sigma(years, z), n_origins


def auto(series: YearlySeries, horizon: int = MAX_HORIZON, reference=None) -> Projection:
    """The "auto" projection for `horizon` years (see the module docstring); a series
    shorter than MIN_BACKTEST_YEARS with a `reference` class learns from it
    (from_reference).

    Raises ModelError for an empty series or values off the model scale."""
    if len(series) == 0:
        raise ModelError("empty series", "empty", model="auto")
    if len(series) < REFERENCE_YEARS:
        learned = from_reference(series, reference, horizon)
        if learned is not None:
            return learned
    # signed ratios (values <= 0 allowed) have no log scale for the members: the first rule
    designed = None if series.kind == IndicatorKind.SIGNED_RATIO else design(series)
    if designed is None:
        return first_rule(series, horizon, reference)
    chosen, why, loc, h, errors, prior, n_origins = designed
    scale = spread_from_errors(h, errors, MAX_HORIZON, prior, n_origins)
    if not (np.all(np.isfinite(loc)) and np.all(np.isfinite(scale))):
        return first_rule(series, horizon, reference)
    how = "" if len(chosen) == 1 else "mean of "
    detail = (f"{how}{' + '.join(chosen)}" + (f" ({why})" if why else "")
              + f"; spread from {int(np.isfinite(errors).sum())} backtest errors"
              + f" ({n_origins} origins)")
    projection = models.finish(series, "auto", loc, scale, detail)
    return replace(projection.head(horizon), members=tuple(chosen))
