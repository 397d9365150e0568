"""What a short series learns from its reference class: the same indicator elsewhere
(the other provinces of Vietnam, the country), as of the series' own last year.

A planner's series is often 2–7 years long: too short to tell from itself how much of
its recent growth will last, or how far a projection from so few years can miss. The
reference class can: from every past year of every series in it, the projection a
series of the same length would have made is replayed and compared with what followed
(a backtest pooled over the class). Two things are learned, per length of history k:

- how much of a series' own recent drift persists: the point is the class's current
  drift plus `weight` x (the series' own drift − the class's), where `weight` is the
  least-squares share over the pooled replays (0 = follow the class, 1 = the series'
  own drift alone), kept within [0, 1];
- how wide the misses were at each horizon: the spread per horizon is the root mean
  square of the pooled misses (the worst 1% left out), extended beyond the horizons the
  class can replay with h ** SPREAD_POWER.

For a level the drift is the average yearly change of the log over the k years (constant
growth); for a growth rate it is the mean of the k rates on the model scale (growth
reverts to its mean). The class's drift is the median over its series.

As of: `as_of(year)` keeps nothing after `year`; the engine always cuts the class at the
series' last year before learning from it, so a reference never lends a series anything
published later than the series' own last figure.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries

# Judgment, set on the provincial panel's design origins (benchmarks/provinces.py):
# at least MIN_REPLAYS pooled replays at a horizon to learn its spread; h ** SPREAD_POWER
# beyond the replayed horizons; the class's drift from its last CLASS_WINDOW years (2:
# the latest yearly change; design-origin sMAPE 18.5 against 21.0 with 3 and 22.2 with 5).
MIN_REPLAYS = 8
SPREAD_POWER = 0.75
CLASS_WINDOW = 2
LONGEST = 10        # histories longer than this learn as if they were this long
Z80, Z95 = 1.2815516, 1.9599640
TRIM = 0.99         # misses beyond this quantile (a collapse, a re-basing) left out


@dataclass(frozen=True)
class ReferenceClass:
    """Series of one indicator (kind "level" or "growth"), on the model scale: `z` is
    years x series (NaN where a series has no figure), `years` consecutive."""

    name: str
    kind: str
    years: np.ndarray
    z: np.ndarray
    _learned: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, name: str, series: list[YearlySeries]) -> "ReferenceClass | None":
        """The class of these series (all of one kind; empty ones ignored); None if empty."""
        series = [s for s in series if len(s)]
        if not series:
            return None
        first = min(int(s.years[0]) for s in series)
        last = max(int(s.years[-1]) for s in series)
        years = np.arange(first, last + 1)
        z = np.full((len(years), len(series)), np.nan)
        for j, s in enumerate(series):
            with np.errstate(divide="ignore", invalid="ignore"):
                z[s.years - first, j] = s.to_model_scale()
        z[~np.isfinite(z)] = np.nan
        return cls(name, IndicatorKind(series[0].kind).pooled, years, z)

    def as_of(self, year: int) -> "ReferenceClass":
        """The class without anything after `year` (one instance per year: what it learns
        is computed once)."""
        key = ("as_of", int(year))
        if key not in self._learned:
            keep = self.years <= year
            self._learned[key] = ReferenceClass(self.name, self.kind, self.years[keep],
                                                self.z[keep])
        return self._learned[key]

    def learned(self, k: int):
        """(weight, spread per replayed horizon 1..H) for a history of k years, or None when
        the class has too few replays; computed once per k."""
        k = int(min(max(k, 1), LONGEST))
        if k not in self._learned:
            self._learned[k] = _learn(self.z, k, self.kind == IndicatorKind.GROWTH_RATE)
        return self._learned[k]

    def drift(self) -> float:
        """The class's current drift: the median over its series of the drift of their
        last CLASS_WINDOW years, at the class's last year."""
        d = _drifts(self.z, CLASS_WINDOW, self.kind == IndicatorKind.GROWTH_RATE)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            m = np.nanmedian(d, axis=1)
        ok = np.flatnonzero(np.isfinite(m))
        return float(m[ok[-1]]) if len(ok) else np.nan


def _drifts(z, k: int, growth: bool) -> np.ndarray:
    """Per year and series: the drift a k-year history ending that year shows (NaN where
    one of the k years is missing)."""
    out = np.full(z.shape, np.nan)
    if growth:
        for i in range(k - 1, len(z)):
            out[i] = z[i - k + 1:i + 1].mean(axis=0)
    elif k >= 2:
        out[k - 1:] = (z[k - 1:] - z[:len(z) - k + 1]) / (k - 1)
        if k > 2:  # every year of the window observed
            gaps = np.isnan(z).astype(int).cumsum(axis=0)
            before = np.vstack([np.zeros((1, z.shape[1]), int), gaps])[:len(z) - k + 1]
            out[k - 1:][(gaps[k - 1:] - before) > 0] = np.nan
    return out


def _learn(z, k: int, growth: bool, horizon: int = 10):
    """The pooled replay of the class (see the module docstring): (weight, spread per h)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        own = _drifts(z, k, growth) if (growth or k >= 2) else np.full(z.shape, np.nan)
        cls = np.nanmedian(_drifts(z, CLASS_WINDOW, growth), axis=1)[:, None]
        cls = np.broadcast_to(cls, z.shape)
        rows = []
        for h in range(1, horizon + 1):
            if h >= len(z):
                break
            base = z[:-h]
            future = z[h:] - (0 if growth else base)
            per_year = future / (1 if growth else h)
            d, m = own[:-h], cls[:-h]
            ok = np.isfinite(per_year) & np.isfinite(m) & (np.isfinite(d) | (not growth and k < 2))
            rows.append((h, per_year[ok], np.where(np.isfinite(d[ok]), d[ok], m[ok]), m[ok]))
        rows = [r for r in rows if len(r[1]) >= MIN_REPLAYS]
        if not rows:
            return None
        y = np.concatenate([r[1] - r[3] for r in rows])
        x = np.concatenate([r[2] - r[3] for r in rows])
        keep = np.abs(y) <= np.quantile(np.abs(y), TRIM)
        denominator = float(np.sum(x[keep] ** 2))
        weight = float(np.clip(np.sum(x[keep] * y[keep]) / denominator, 0, 1)) \
            if denominator > 0 else 0.0
        spread = []
        for h, per_year, d, m in rows:
            miss = (per_year - m - weight * (d - m)) * (1 if growth else h)
            # the normal spread whose 80% and 95% ranges hold as many misses, averaged
            size = np.abs(miss)
            spread.append(float(np.quantile(size, 0.8) / Z80 + np.quantile(size, 0.95) / Z95) / 2)
        return weight, np.maximum.accumulate(np.array(spread))


def borrowed_floor(series: YearlySeries, reference: ReferenceClass | None):
    """The spread a thin series (fewer than models.THIN_YEARS) borrows from its reference
    class as of its own last year (per replayed horizon, model scale), or None."""
    from modules.engine.models import THIN_YEARS

    if reference is None or len(series) >= THIN_YEARS or \
            reference.kind != series.kind.pooled:
        return None
    learned = reference.as_of(series.last_year).learned(len(series))
    return None if learned is None else learned[1]


def projection_parts(series: YearlySeries, reference: ReferenceClass, horizon: int):
    """(loc, scale, detail) on the model scale for 1..horizon: the series' own drift
    shrunk towards its class's, and the class's misses as the spread; None when the class
    (cut at the series' last year) cannot teach it anything."""
    ref = reference.as_of(series.last_year)
    z = series.to_model_scale()
    growth = series.kind == IndicatorKind.GROWTH_RATE
    # the longest history (up to the series' own) whose replays the class holds
    k = next((k for k in range(min(len(z), LONGEST), 0, -1)
              if ref.learned(k) is not None), None)
    if k is None or not np.all(np.isfinite(z)):
        return None
    weight, spread = ref.learned(k)
    m = ref.drift()
    if not np.isfinite(m):
        return None
    recent = z[-k:]
    span = series.years[-1] - series.years[-len(recent)]
    if growth:
        own = float(recent.mean())
    else:
        own = float((recent[-1] - recent[0]) / span) if span > 0 else m
    per_year = m + weight * (own - m)
    steps = np.arange(1, horizon + 1, dtype=float)
    loc = np.full(horizon, per_year) if growth else z[-1] + per_year * steps
    n = len(spread)
    scale = np.concatenate([spread, spread[-1] * (steps[n:] / n) ** SPREAD_POWER])[:horizon]
    detail = (f"{'mean' if growth else 'drift'} of {k} years, {weight:.0%} own and "
              f"{1 - weight:.0%} the reference class's ({ref.name}, to {int(ref.years[-1])}); "
              f"spread from its pooled backtest")
    return loc, scale, detail
