"""Projections for whole datasets: what the app, the CLI and the exports call."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from modules.data.dataset import Dataset
from modules.engine.backtest import MIN_BACKTEST_YEARS
from modules.engine.models import THIN_YEARS, ModelError, Projection, fit, why_unavailable
from modules.data.problems import WARNING, Problem

DEFAULT_LEVELS = (80, 95)


@dataclass(frozen=True)
class Outcome:
    """A projection, or the reason there is none (a Problem), for one indicator."""

    indicator: str
    projection: Projection | None
    problem: Problem | None = None


def project(dataset: Dataset, indicator_id: str, model: str = "auto", horizon: int = 1,
            reference: Dataset | None = None) -> Outcome:
    """The projection of one indicator. A thin series (fewer than THIN_YEARS) borrows the
    spread of the same indicator in `reference` (e.g. the national series), when that has
    enough years to be backtested, instead of the default floor."""
    series = dataset.series(indicator_id)
    if len(series) == 0:
        return Outcome(indicator_id, None, Problem("no_data", WARNING,
                                                   params={"indicator": indicator_id}))
    if (problem := why_unavailable(series, model)) is not None:
        return Outcome(indicator_id, None, problem)
    try:
        floor, source = _borrowed_spread(series, indicator_id, horizon, reference)
        projection = fit(series, model, horizon, floor)
        if source and projection.thin:
            projection = replace(projection, spread_from=source)
        return Outcome(indicator_id, projection)
    except ModelError as exc:
        return Outcome(indicator_id, None, Problem("model_failed", WARNING, params={
            "indicator": indicator_id, "model": model, "reason": str(exc)}))


def _borrowed_spread(series, indicator_id, horizon, reference):
    if reference is None or len(series) >= THIN_YEARS:
        return None, ""
    other = reference.series(indicator_id)
    if len(other) < MIN_BACKTEST_YEARS or other.kind != series.kind:
        return None, ""
    try:
        return fit(other, "auto", horizon).scale, reference.id
    except ModelError:
        return None, ""


def forecast_table(dataset: Dataset, model: str = "auto", horizon: int = 1,
                   levels=DEFAULT_LEVELS, reference: Dataset | None = None
                   ) -> tuple[pd.DataFrame, list[Problem]]:
    """The CLI contract: indicator, year, model, point, lower_L, upper_L, ..."""
    rows, problems = [], []
    for indicator_id in dataset.indicators:
        outcome = project(dataset, indicator_id, model, horizon, reference)
        if outcome.projection is None:
            problems.append(outcome.problem)
            continue
        rows.extend(_forecast_rows(outcome.projection, levels))
    columns = ["indicator", "year", "model", "point"] + [
        f"{side}_{level:g}" for level in levels for side in ("lower", "upper")]
    return pd.DataFrame(rows, columns=columns), problems


def _forecast_rows(projection: Projection, levels):
    for i, year in enumerate(projection.years):
        row = {"indicator": projection.indicator, "year": int(year), "model": projection.model,
               "point": float(projection.median()[i])}
        for level in levels:
            lower, upper = projection.interval(level)
            row[f"lower_{level:g}"], row[f"upper_{level:g}"] = float(lower[i]), float(upper[i])
        yield row
