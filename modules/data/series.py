"""A yearly series ready for modelling, and the scale the models work on.

Levels are modelled as log(value): growth compounds, and ranges stay positive.
Growth rates (in %) are modelled as log(1 + g/100), the log of the year-on-year
ratio, so that a fall of 50% and a rise of 100% are symmetric and a growth rate
can never be projected below -100%. Signed ratios (which may be zero or negative)
are modelled on their own scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from modules.data.catalogue import IndicatorKind


@dataclass(frozen=True)
class YearlySeries:
    """One indicator's modelled values by year (years sorted on construction; gaps allowed),
    with its kind, unit, price basis and the warnings about rows left out.
    """
    indicator: str
    years: np.ndarray  # strictly increasing integers; gaps allowed
    values: np.ndarray
    kind: IndicatorKind | str = IndicatorKind.LEVEL  # a str is converted
    unit: str = ""
    notes: tuple = field(default=())  # Problems (warnings): rows left out and why
    price_basis: str = ""

    def __post_init__(self):
        years = np.asarray(self.years, dtype=int)
        values = np.asarray(self.values, dtype=float)
        order = np.argsort(years)
        object.__setattr__(self, "kind", IndicatorKind(self.kind))
        object.__setattr__(self, "years", years[order])
        object.__setattr__(self, "values", values[order])

    def __len__(self) -> int:
        return len(self.years)

    @property
    def last_year(self) -> int:
        """The latest observed year; IndexError on an empty series."""
        return int(self.years[-1])

    @property
    def last_value(self) -> float:
        """The value in the latest observed year (the base of growth figures)."""
        return float(self.values[-1])

    def to_model_scale(self, values=None) -> np.ndarray:
        """These values (or `values`, same unit) on the model scale (see to_model_scale)."""
        return to_model_scale(self.values if values is None else values, self.kind)

    def from_model_scale(self, z) -> np.ndarray:
        """Model-scale values back to this series' unit (see from_model_scale)."""
        return from_model_scale(z, self.kind)

    def value_in(self, year: int) -> float | None:
        """The value observed in `year`, or None when that year is missing."""
        hit = np.flatnonzero(self.years == year)
        return float(self.values[hit[0]]) if len(hit) else None

    def latest_contiguous(self) -> "YearlySeries":
        """The most recent run of consecutive years (models that need regular spacing use it)."""
        breaks = np.flatnonzero(np.diff(self.years) != 1)
        start = breaks[-1] + 1 if len(breaks) else 0
        return replace(self, years=self.years[start:], values=self.values[start:])

    def up_to(self, year: int) -> "YearlySeries":
        """The series without the years after `year` (for look-backs and backtests)."""
        keep = self.years <= year
        return replace(self, years=self.years[keep], values=self.values[keep])


def to_model_scale(values, kind: str) -> np.ndarray:
    """Values (array-like, the indicator's unit) to the scale the models work on.

    Levels: log(value); growth rates in %: log(1 + g/100); signed ratios: unchanged.
    A level <= 0 or a growth <= -100% gives -inf or nan (callers check finiteness).
    Raises ValueError for a kind that is not an `IndicatorKind`."""
    values = np.asarray(values, dtype=float)
    kind = IndicatorKind(kind)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind is IndicatorKind.GROWTH_RATE:
            return np.log1p(values / 100.0)
        if kind is IndicatorKind.SIGNED_RATIO:
            return values.copy()
        return np.log(values)


def from_model_scale(z, kind: str) -> np.ndarray:
    """The inverse of `to_model_scale`: model-scale values back to the indicator's unit."""
    z = np.asarray(z, dtype=float)
    kind = IndicatorKind(kind)
    if kind is IndicatorKind.GROWTH_RATE:
        return np.expm1(z) * 100.0
    if kind is IndicatorKind.SIGNED_RATIO:
        return z.copy()
    return np.exp(z)
