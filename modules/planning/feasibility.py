"""The one feasibility function: a target against a projection and the record.

Used identically by the app, the CLI and the exports. A target is a value for a
year, typed either as that value or as growth %:
- for a level indicator, growth % is the *total* growth from the latest observed
  year to the target year (one year ahead: the usual "+5.4%");
- for a growth-rate indicator (the production index), the value *is* a growth %,
  so both ways of typing it are the same number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from modules.data.catalogue import GROWTH
from modules.engine.models import Projection

AT_LEAST = "at_least"
AT_MOST = "at_most"
# Verdict bands on P(reaching the target), from the top (documented on the Methods page).
VERDICT_BANDS = (("very_likely", 0.90), ("likely", 0.65), ("toss_up", 0.35),
                 ("stretch", 0.10), ("very_unlikely", 0.0))
VERDICTS = tuple(name for name, _ in VERDICT_BANDS)


@dataclass(frozen=True)
class Record:
    """Past growth in %, the yardstick for an implied growth."""

    last: float | None
    last_year: int | None
    average_5y: float | None
    n_5y: int
    best: float | None
    best_year: int | None
    worst: float | None
    worst_year: int | None

    @classmethod
    def from_growth(cls, growth: pd.Series, as_of: int | None = None) -> "Record":
        growth = growth.dropna()
        if as_of is not None:
            growth = growth[growth.index <= as_of]
        if growth.empty:
            return cls(None, None, None, 0, None, None, None, None)
        recent = growth[growth.index > growth.index.max() - 5]
        return cls(float(growth.iloc[-1]), int(growth.index[-1]), _geometric_mean(recent),
                   len(recent), float(growth.max()), int(growth.idxmax()),
                   float(growth.min()), int(growth.idxmin()))


def _geometric_mean(growth_pct: pd.Series) -> float:
    ratios = 1 + growth_pct / 100
    return 100 * (math.prod(ratios) ** (1 / len(ratios)) - 1)


@dataclass(frozen=True)
class Assessment:
    indicator: str
    year: int
    target: float
    growth_pct: float           # total growth from the latest observed value (levels), or the target itself
    annual_growth_pct: float    # per-year equivalent
    direction: str
    probability: float
    verdict: str
    median: float
    interval_80: tuple[float, float]
    interval_95: tuple[float, float]


def target_from_growth(growth_pct: float, projection: Projection) -> float:
    if projection.kind == GROWTH:
        return growth_pct
    return projection.last_value * (1 + growth_pct / 100)


def growth_from_target(target: float, projection: Projection) -> float:
    if projection.kind == GROWTH:
        return target
    return 100 * (target / projection.last_value - 1)


def target_from_average_growth(projection: Projection, year: int,
                               average_growth_pct: float) -> float:
    """The end value of `average_growth_pct` a year from the base year to `year`."""
    if projection.kind == GROWTH:
        return average_growth_pct
    years = year - projection.last_year
    return projection.last_value * (1 + average_growth_pct / 100) ** years


def annualised(growth_pct: float, years: int, kind: str) -> float:
    if kind == GROWTH or years <= 1:
        return growth_pct
    ratio = 1 + growth_pct / 100
    return 100 * (ratio ** (1 / years) - 1) if ratio > 0 else -100.0


def verdict(probability: float) -> str:
    for name, threshold in VERDICT_BANDS:
        if probability >= threshold:
            return name
    return VERDICT_BANDS[-1][0]


def assess(projection: Projection, year: int, *, target: float | None = None,
           growth_pct: float | None = None, direction: str = AT_LEAST) -> Assessment:
    """P(reaching the target) and what it means; give exactly one of target, growth_pct."""
    if (target is None) == (growth_pct is None):
        raise ValueError("give exactly one of target and growth_pct")
    if target is None:
        target = target_from_growth(growth_pct, projection)
    growth = growth_from_target(target, projection)
    p_up = projection.prob_at_least(target, year)
    probability = p_up if direction == AT_LEAST else 1 - p_up
    return Assessment(projection.indicator, year, float(target), growth,
                      annualised(growth, year - projection.last_year, projection.kind),
                      direction, probability, verdict(probability), projection.median(year),
                      projection.interval(80, year), projection.interval(95, year))


# The probabilities a user may ask about (the inverse question, suggest): beyond these
# the normal tails say more than any yearly record can support.
PROBABILITY_RANGE = (0.001, 0.999)


def value_reached_with(projection: Projection, year: int, probability: float,
                       direction: str = AT_LEAST) -> float:
    """The inverse question: the value reached (or not exceeded) with this probability."""
    q = 1 - probability if direction == AT_LEAST else probability
    return projection.quantile(q, year)
