"""The one feasibility function: a target against a projection and the record.

Used identically by the app, the CLI and the exports. A target is a value for a
year, typed either as that value or as growth %:
- for a level indicator, growth % is the *total* growth from the latest observed
  year to the target year (one year ahead: the usual "+5.4%");
- for a growth-rate indicator (the production index) or a signed ratio (the trade
  deficit as % of exports), the value *is* the figure in %, so both ways of typing it
  are the same number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from modules.data.catalogue import IndicatorKind
from modules.data.vocabulary import Direction
from modules.engine.models import Projection
from modules.text import fmt

# Verdict bands on P(reaching the target), from the top (documented on the Methods page).
VERDICT_BANDS = (("very_likely", 0.90), ("likely", 0.65), ("toss_up", 0.35),
                 ("stretch", 0.10), ("very_unlikely", 0.0))
BAND_LIMITS = tuple(limit for _, limit in VERDICT_BANDS if limit > 0)


def band_limits(lang: str = "vi") -> dict[str, str]:
    """The lower limit of each verdict band as shown ({"very_likely": "90%", "likely": "65%",
    "toss_up": "35%", "stretch": "10%"}), for the texts that state the bands (the table's
    help, the Methods page): they come from VERDICT_BANDS, never typed by hand."""
    return {name: fmt.percent(100 * limit, lang, 0) for name, limit in VERDICT_BANDS if limit > 0}


def probability_text(p, lang: str = "vi") -> str:
    """P(reaching the target) as shown beside its verdict: a whole percentage, never
    rounded up onto a band limit it is below (0.896 is '89%', its verdict 'likely'; 90% is
    'very likely'), '>99%' / '<1%' at the ends, '—' for no number (fmt.probability)."""
    return fmt.probability(p, lang, BAND_LIMITS)


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
        """The record from yearly growth in % (a Series indexed by year), up to `as_of`:
        latest, 5-year geometric average, best and worst year. All None when empty.
        """
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
    """Average yearly growth in % (geometric). A value at or below -100 (possible only for
    a signed ratio, never for a checked growth rate) has no geometric mean: the
    arithmetic mean is used then."""
    ratios = 1 + growth_pct / 100
    if (ratios <= 0).any():
        return float(growth_pct.mean())
    return 100 * (math.prod(ratios) ** (1 / len(ratios)) - 1)


@dataclass(frozen=True)
class Assessment:
    """A target assessed against a projection: the value and the growth it implies,
    P(reaching it) in its direction, the verdict, the median and 80%/95% ranges.
    """
    indicator: str
    year: int
    target: float
    growth_pct: float           # total growth from the latest value (levels), or the target itself
    annual_growth_pct: float    # per-year equivalent
    direction: Direction
    probability: float
    verdict: str
    median: float
    interval_80: tuple[float, float]
    interval_95: tuple[float, float]


def target_from_growth(growth_pct: float, projection: Projection) -> float:
    """The target value of `growth_pct` total growth from the base (last observed) value.

    For a growth rate or signed ratio the typed figure is the value itself.
    """
    if projection.kind != IndicatorKind.LEVEL:  # the value is the figure in %
        return growth_pct
    return projection.last_value * (1 + growth_pct / 100)


def growth_from_target(target: float, projection: Projection) -> float:
    """Total growth in % from the base value to `target` (levels); the target itself for a
    growth rate or a signed ratio. ZeroDivisionError if a level's base value is 0.
    """
    if projection.kind != IndicatorKind.LEVEL:  # the value is the figure in %
        return target
    return 100 * (target / projection.last_value - 1)


def target_from_average_growth(projection: Projection, year: int,
                               average_growth_pct: float) -> float:
    """The end value of `average_growth_pct` a year from the base year to `year`."""
    if projection.kind != IndicatorKind.LEVEL:  # the value is the figure in %
        return average_growth_pct
    years = year - projection.last_year
    return projection.last_value * (1 + average_growth_pct / 100) ** years


def annualised(growth_pct: float, years: int, kind: str) -> float:
    """The per-year equivalent in % of `growth_pct` total growth over `years` (levels);
    unchanged for rates and ratios or one year; -100 when the total is a fall of 100% or more.
    """
    if kind != IndicatorKind.LEVEL or years <= 1:
        return growth_pct
    ratio = 1 + growth_pct / 100
    return 100 * (ratio ** (1 / years) - 1) if ratio > 0 else -100.0


def verdict(probability: float) -> str:
    """The verdict code for P(reaching the target) (VERDICT_BANDS: very_likely … very_unlikely)."""
    for name, threshold in VERDICT_BANDS:
        if probability >= threshold:
            return name
    return VERDICT_BANDS[-1][0]


def assess(projection: Projection, year: int, *, target: float | None = None,
           growth_pct: float | None = None, direction: str = Direction.AT_LEAST) -> Assessment:
    """P(reaching the target) and what it means; give exactly one of target, growth_pct."""
    if (target is None) == (growth_pct is None):
        raise ValueError("give exactly one of target and growth_pct")
    if target is None:
        target = target_from_growth(growth_pct, projection)
    growth = growth_from_target(target, projection)
    direction = Direction(direction)
    p_up = projection.prob_at_least(target, year)
    probability = p_up if direction is Direction.AT_LEAST else 1 - p_up
    return Assessment(projection.indicator, year, float(target), growth,
                      annualised(growth, year - projection.last_year, projection.kind),
                      direction, probability, verdict(probability), projection.median(year),
                      projection.interval(80, year), projection.interval(95, year))


# The probabilities a user may ask about (the inverse question, suggest): beyond these
# the normal tails say more than any yearly record can support.
PROBABILITY_RANGE = (0.001, 0.999)


def value_reached_with(projection: Projection, year: int, probability: float,
                       direction: str = Direction.AT_LEAST) -> float:
    """The inverse question: the value reached (or not exceeded) with this probability."""
    q = 1 - probability if Direction(direction) is Direction.AT_LEAST else probability
    return projection.quantile(q, year)
