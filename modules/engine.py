"""Projections for whole datasets: what the app, the CLI and the exports call."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .dataset import Dataset
from .models import ModelError, Projection, fit
from .problems import WARNING, Problem

DEFAULT_LEVELS = (80, 95)


@dataclass(frozen=True)
class Outcome:
    """A projection, or the reason there is none (a Problem), for one indicator."""

    indicator: str
    projection: Projection | None
    problem: Problem | None = None


def project(dataset: Dataset, indicator_id: str, model: str = "auto", horizon: int = 1) -> Outcome:
    series = dataset.series(indicator_id)
    if len(series) == 0:
        return Outcome(indicator_id, None, Problem("no_data", WARNING,
                                                   params={"indicator": indicator_id}))
    try:
        return Outcome(indicator_id, fit(series, model, horizon))
    except ModelError as exc:
        return Outcome(indicator_id, None, Problem("model_failed", WARNING, params={
            "indicator": indicator_id, "model": model, "reason": str(exc)}))


def forecast_table(dataset: Dataset, model: str = "auto", horizon: int = 1,
                   levels=DEFAULT_LEVELS) -> tuple[pd.DataFrame, list[Problem]]:
    """The CLI contract: indicator, year, model, point, lower_L, upper_L, ..."""
    rows, problems = [], []
    for indicator_id in dataset.indicators:
        outcome = project(dataset, indicator_id, model, horizon)
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
