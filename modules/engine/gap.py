"""How far a value lies from a projection: in % of the projection for levels, in
percentage points for growth rates (a growth rate's % of itself means nothing)."""

from __future__ import annotations

import numpy as np

from modules.data.catalogue import GROWTH


def miss_gap(actual, point, kind: str):
    """|actual − point| in points if `kind` is a growth rate, else 100·|actual − point| / |point|
    (% of the projection). Scalars give a float; arrays (same shape) give an ndarray.
    A zero `point` on a level gives inf (numpy division), never an exception."""
    actual, point = np.asarray(actual, dtype=float), np.asarray(point, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.abs(actual - point) if kind == GROWTH else \
            100 * np.abs(actual - point) / np.abs(point)
    return float(gap) if gap.ndim == 0 else gap
