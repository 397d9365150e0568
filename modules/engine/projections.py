"""Projections for whole datasets: what the app, the CLI and the exports call."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import pandas as pd

from modules.data.dataset import Dataset, load_builtin_panel
from modules.data.problems import Problem, ProblemCode, Severity
from modules.engine.models import ModelError, Projection, exceptional_years
from modules.engine.reference import ReferenceClass, borrowed_floor
from modules.engine.registry import fit

DEFAULT_LEVELS = (80, 95)
# Reasons a model cannot run (ModelError.code) that have their own planner-worded text;
# any other reason is MODEL_FAILED.
_MODEL_PROBLEMS = {"too_short": ProblemCode.MODEL_TOO_SHORT, "kind": ProblemCode.MODEL_KIND,
                   "off_scale": ProblemCode.MODEL_OFF_SCALE, "horizon": ProblemCode.MODEL_HORIZON}


@dataclass(frozen=True)
class Outcome:
    """A projection, or the reason there is none (a Problem), for one indicator."""

    indicator: str
    projection: Projection | None
    problem: Problem | None = None


def project(dataset: Dataset, indicator_id: str, model: str = "auto", horizon: int = 1,
            reference: Dataset | None = None) -> Outcome:
    """The projection of one indicator for `horizon` years (1..MAX_HORIZON). The same
    indicator in `reference` (e.g. the national series; see reference_class) is the
    reference class a short series learns from, as of its own last year: `auto` on a
    series too short to backtest shrinks its drift towards the class's and takes the
    class's pooled misses as its spread; a thin series (fewer than THIN_YEARS) of any model
    borrows that spread instead of the default floor. A model that cannot run gives an
    Outcome with a Problem whose text says why in the reader's language."""
    series = dataset.series(indicator_id)
    if len(series) == 0:
        return Outcome(indicator_id, None, Problem(ProblemCode.NO_DATA, Severity.WARNING,
                                                   params={"indicator": indicator_id}))
    try:
        ref = reference_class(reference, indicator_id)
        projection = fit(series, model, horizon, ref)
        if ref is not None and projection.thin and borrowed_floor(series, ref) is not None:
            projection = replace(projection, spread_from=reference.id)
        return Outcome(indicator_id, projection)
    except ModelError as exc:
        code = _MODEL_PROBLEMS.get(exc.code, ProblemCode.MODEL_FAILED)
        return Outcome(indicator_id, None, Problem(code, Severity.WARNING, params={
            "indicator": indicator_id, "model": model, "reason": str(exc),
            **{k: v for k, v in exc.params.items() if k != "model"}}))


# The built-in panel whose provinces join every reference class (data/datasets.json).
PANEL_ID = "vietnam_provinces"


def reference_class(reference: Dataset | None, indicator_id: str) -> ReferenceClass | None:
    """The reference class of one indicator: its series in `reference` and in the 63
    provinces of the built-in panel (retail sales, the production index), or None without
    a reference. Built once per reference dataset and indicator (the engine cuts it at
    each series' last year)."""
    if reference is None:
        return None
    return reference._cached(("reference_class", indicator_id), lambda: ReferenceClass.of(
        reference.id, [reference.series(indicator_id), *_panel_series(indicator_id)]))


def in_panel(indicator_id: str) -> bool:
    """Whether the built-in panel's provinces join the indicator's reference class."""
    return bool(_panel_series(indicator_id))


def _panel_series(indicator_id: str) -> tuple:
    """The provinces' series of one indicator in the built-in panel (none if it lacks it)."""
    return _panel().get(indicator_id, ())


@functools.cache
def _panel() -> dict[str, tuple]:
    """{indicator id: the provinces' series} of the built-in panel, read once a process."""
    panel = load_builtin_panel(PANEL_ID)
    ids = {i for d in panel.datasets.values() for i in d.indicators}
    return {i: tuple(panel.series(i).values()) for i in ids}


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
            problems.append(Problem(ProblemCode.EXCEPTIONAL_YEAR, Severity.WARNING, params={
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
