"""Projections for whole datasets: what the app, the CLI and the exports call."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from modules.data.dataset import Dataset
from modules.data.problems import WARNING, Problem
from modules.engine.auto import MIN_BACKTEST_YEARS
from modules.engine.models import (MAX_HORIZON, THIN_YEARS, ModelError, Projection,
                                   exceptional_years)
from modules.engine.registry import fit

DEFAULT_LEVELS = (80, 95)
# Reasons a model cannot run that have their own planner-worded text (problem.model_<code>).
_MODEL_CODES = ("too_short", "kind", "off_scale", "horizon")


@dataclass(frozen=True)
class Outcome:
    """A projection, or the reason there is none (a Problem), for one indicator."""

    indicator: str
    projection: Projection | None
    problem: Problem | None = None


def project(dataset: Dataset, indicator_id: str, model: str = "auto", horizon: int = 1,
            reference: Dataset | None = None) -> Outcome:
    """The projection of one indicator for `horizon` years (1..MAX_HORIZON). A thin series
    (fewer than THIN_YEARS) borrows the spread of the same indicator in `reference`
    (e.g. the national series), when that has enough years to be backtested, instead of
    the default floor. A model that cannot run gives an Outcome with a Problem whose
    text says why in the reader's language."""
    series = dataset.series(indicator_id)
    if len(series) == 0:
        return Outcome(indicator_id, None, Problem("no_data", WARNING,
                                                   params={"indicator": indicator_id}))
    try:
        floor, source = _borrowed_spread(series, indicator_id, reference)
        projection = fit(series, model, horizon, floor)
        if source and projection.thin:
            projection = replace(projection, spread_from=source)
        return Outcome(indicator_id, projection)
    except ModelError as exc:
        code = exc.code if exc.code in _MODEL_CODES else "failed"
        return Outcome(indicator_id, None, Problem(f"model_{code}", WARNING, params={
            "indicator": indicator_id, "model": model, "reason": str(exc),
            **{k: v for k, v in exc.params.items() if k != "model"}}))


def _borrowed_spread(series, indicator_id, reference):
    """The reference series' auto spread for 1..MAX_HORIZON (never the horizon asked)."""
    if reference is None or len(series) >= THIN_YEARS:
        return None, ""
    other = reference.series(indicator_id)
    if len(other) < MIN_BACKTEST_YEARS or other.kind != series.kind:
        return None, ""
    try:
        return fit(other, "auto", MAX_HORIZON).scale, reference.id
    except ModelError:
        return None, ""


def exceptional_problems(dataset: Dataset, indicator_ids=None) -> list[Problem]:
    """A warning per series with a year flagged exceptional (models.exceptional_years),
    naming the year: its value is far outside the series' usual year-on-year changes
    and was left out of auto's spread; the user may mark it as one-off."""
    problems = []
    for indicator_id in indicator_ids or dataset.indicators:
        series = dataset.series(indicator_id)
        if len(series) == 0:
            continue
        years = exceptional_years(series.years, series.to_model_scale())
        if years:
            problems.append(Problem("exceptional_year", WARNING, params={
                "indicator": indicator_id, "years": ", ".join(map(str, years))}))
    return problems


def forecast_table(dataset: Dataset, model: str = "auto", horizon: int = 1,
                   levels=DEFAULT_LEVELS, reference: Dataset | None = None
                   ) -> tuple[pd.DataFrame, list[Problem]]:
    """The CLI contract: indicator, year, model, point, lower_L, upper_L, ...; and the
    problems (series that could not be projected, exceptional years)."""
    rows, problems = [], []
    for indicator_id in dataset.indicators:
        outcome = project(dataset, indicator_id, model, horizon, reference)
        if outcome.projection is None:
            problems.append(outcome.problem)
            continue
        rows.extend(_forecast_rows(outcome.projection, levels))
    columns = ["indicator", "year", "model", "point"] + [
        f"{side}_{level:g}" for level in levels for side in ("lower", "upper")]
    return pd.DataFrame(rows, columns=columns), problems + exceptional_problems(dataset)


def _forecast_rows(projection: Projection, levels):
    for i, year in enumerate(projection.years):
        row = {"indicator": projection.indicator, "year": int(year), "model": projection.model,
               "point": float(projection.median()[i])}
        for level in levels:
            lower, upper = projection.interval(level)
            row[f"lower_{level:g}"], row[f"upper_{level:g}"] = float(lower[i]), float(upper[i])
        yield row
