"""Rolling-origin backtests of any registered model, and the evidence the app shows.

- `backtest(series, model, horizon)`: the replay for any registered model (expanding
  window, every horizon 1..H), one row per (origin, horizon) with an actual.
- `miss_summary(bt, threshold_pct)`: "in the past, a projection like this missed by
  more than X% in N of M years".
- `model_errors(series, horizon)`: the past error of `auto` and of each of its members,
  named as auto.py runs them, and which members auto keeps.

No Streamlit here: the app, the CLI and the batch evaluation all call this module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries, from_model_scale
from modules.engine import auto as auto_module
from modules.engine.gap import miss_gap
from modules.engine.models import ModelError
from modules.engine.registry import fit


def backtest(series: YearlySeries, model: str, horizon: int, min_train: int = 5,
             origins: int | None = None) -> pd.DataFrame:
    """Replay `model` from past years with only the data known then.

    Every observed year with at least `min_train` years up to it (and a later year)
    is an origin; `origins` keeps only the latest ones. Each origin is projected
    with `registry.fit(series.up_to(origin), model, horizon)` and compared, for every
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
            projection = fit(series.up_to(origin), model, horizon)
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
    `threshold_pct` percentage points (growth rates, signed ratios; see engine.gap). `h`
    keeps one horizon only ("a projection like this" = as many years ahead as the one on screen)."""
    kind = kind or bt.attrs.get("kind", IndicatorKind.LEVEL)
    rows = bt if h is None else bt[bt["h"] == h]
    if rows.empty:
        return 0, 0
    miss = miss_gap(rows["actual"].to_numpy(float), rows["point"].to_numpy(float), kind)
    return int(np.sum(miss > threshold_pct)), int(len(rows))


def model_errors(series: YearlySeries, horizon: int, origins: int = 6) -> pd.DataFrame:
    """The past error `horizon` years ahead, over the latest `origins` origins, of `auto`
    and of each member auto chooses from (named as members.py runs them).

    Columns: model ("auto" or a member name), n (past projections), mean_abs_error (in
    % of the projection for levels, in points for growth rates and signed ratios; see
    engine.gap), kept (True for the
    members auto's latest projection averages; None for auto itself). Empty when the
    series is too short to replay."""
    columns = ["model", "n", "mean_abs_error", "kept"]
    rows = []
    bt = backtest(series, "auto", horizon, origins=origins)
    bt = bt[bt["h"] == horizon]
    if not bt.empty:
        error = miss_gap(bt["actual"].to_numpy(float), bt["point"].to_numpy(float), series.kind)
        rows.append({"model": "auto", "n": len(bt), "mean_abs_error": float(error.mean()),
                     "kept": None})
    designed = auto_module.design(series)
    kind = series.kind.pooled
    members = auto_module.GROWTH_MEMBERS if kind == IndicatorKind.GROWTH_RATE \
        else auto_module.LEVEL_MEMBERS
    if designed is not None or rows:
        with np.errstate(all="ignore"):
            origin, h, actual, points = auto_module.member_backtest(
                series.years, series.values, kind, members, horizon=horizon)
        keep = (h == horizon) & np.isin(origin, np.unique(origin[h == horizon])[-origins:])
        chosen = designed[0] if designed is not None else []
        for i, name in enumerate(members):
            ok = keep & np.isfinite(points[:, i])
            if not ok.any():
                continue
            error = miss_gap(from_model_scale(actual[ok], series.kind),
                             from_model_scale(points[ok, i], series.kind), series.kind)
            rows.append({"model": name, "n": int(ok.sum()),
                         "mean_abs_error": float(error.mean()), "kept": name in chosen})
    return pd.DataFrame(rows, columns=columns)
