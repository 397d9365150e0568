"""How far a value lies from a projection: in % of the projection for levels, in
percentage points for growth rates and signed ratios (a rate's % of itself means nothing, and
a ratio near zero would give any %). The one rule for the target page, the backtest and the
past-error table."""

from __future__ import annotations

import numpy as np

from modules.data.catalogue import IndicatorKind


def in_points(kind: str) -> bool:
    """True when gaps of an indicator of this kind are in percentage points (every kind but
    a level)."""
    return kind != IndicatorKind.LEVEL


def gap_unit(kind: str) -> str:
    """"pp" (percentage points) or "%" (of the projection), as miss_gap measures."""
    return "pp" if in_points(kind) else "%"


def miss_gap(actual, point, kind: str):
    """|actual − point| in points if in_points(kind), else 100·|actual − point| / |point|
    (% of the projection). Scalars give a float; arrays (same shape) give an ndarray.
    A zero `point` on a level gives inf (numpy division), never an exception."""
    actual, point = np.asarray(actual, dtype=float), np.asarray(point, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.abs(actual - point) if in_points(kind) else \
            100 * np.abs(actual - point) / np.abs(point)
    return float(gap) if gap.ndim == 0 else gap
