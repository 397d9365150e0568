"""Planning as departments do it: suggested targets, paths to a later year, one-off
years, consistency of a target set, the track record of past plans, and look-backs.

Everything here goes through the same projections (engine.project) and the same
feasibility function (feasibility.assess) as the target test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from modules.data.catalogue import IndicatorKind, indicator
from modules.data.dataset import (
    Dataset,
    OneOff,
    flags_of,
    level_key,
    select_rows,
)
from modules.data.problems import InputError, Problem, ProblemCode
from modules.data.series import from_model_scale
from modules.data.vocabulary import PlanKind, Status
from modules.engine.models import MAX_HORIZON, Projection
from modules.engine.projections import project
from modules.planning.feasibility import (
    PROBABILITY_RANGE,
    Record,
    assess,
    growth_from_target,
    target_from_average_growth,
    value_reached_with,
)

# --- suggest a target reached with a chosen probability ------------------------------------


def suggest(dataset: Dataset, probability: float, year: int | None = None, model: str = "auto",
            indicators=None, project_fn=project) -> pd.DataFrame:
    """indicator, year, target, growth_pct: the value reached with `probability`.
    Without a year, each indicator's next year. Fed back to `check`, each row comes
    back with this probability (the same projection answers both questions).
    Raises InputError when `probability` is outside [0.001, 0.999] or `year` is more
    than MAX_HORIZON years after a series' last year."""
    if not PROBABILITY_RANGE[0] <= probability <= PROBABILITY_RANGE[1]:
        raise InputError([Problem(ProblemCode.PROBABILITY_RANGE, params={
            "value": 100 * float(probability), "low": 100 * PROBABILITY_RANGE[0],
            "high": 100 * PROBABILITY_RANGE[1]})])
    rows, too_far = [], []
    for indicator_id in indicators or dataset.indicators:
        series = dataset.series(indicator_id)
        if len(series) == 0:
            continue
        target_year = year or series.last_year + 1
        if target_year <= series.last_year:
            continue
        if target_year > series.last_year + MAX_HORIZON:
            too_far.append(Problem(ProblemCode.TARGET_YEAR_TOO_FAR, params={
                "indicator": indicator_id, "year": target_year, "last": series.last_year,
                "most": MAX_HORIZON}))
            continue
        outcome = project_fn(dataset, indicator_id, model, target_year - series.last_year)
        if outcome.projection is None:
            continue
        value = value_reached_with(outcome.projection, target_year, probability)
        rows.append({"indicator": indicator_id, "year": target_year, "target": value,
                     "growth_pct": growth_from_target(value, outcome.projection)})
    if too_far:
        raise InputError(too_far)
    return pd.DataFrame(rows, columns=["indicator", "year", "target", "growth_pct"])


# --- a multi-year target: the path, year by year -------------------------------------------


def path(projection: Projection, year: int, target: float) -> pd.DataFrame:
    """The straight (constant-growth) path from the base year to the target, beside the
    projection fan, with P(reaching the path's value) in each year."""
    years = list(range(projection.last_year + 1, year + 1))
    rows = []
    for i, y in enumerate(years, start=1):
        if projection.kind != IndicatorKind.LEVEL:  # a rate or ratio: the target itself each year
            on_path = target
        else:
            on_path = projection.last_value * (target / projection.last_value) ** (i / len(years))
        low, high = projection.interval(80, y)
        rows.append({"year": y, "path": on_path, "median": projection.median(y),
                     "low80": low, "high80": high,
                     "probability": projection.prob_at_least(on_path, y)})
    return pd.DataFrame(rows)


# Average yearly growth that can be assessed (%): below −99% or above +1000% a year the
# arithmetic overflows or means nothing for a provincial indicator.
AVERAGE_GROWTH_RANGE = (-99.0, 1000.0)


PLAN_PERIOD = 5  # years of a socio-economic development plan (2016–2020, 2021–2025, …)


def path_defaults(dataset: Dataset, indicator_id: str) -> tuple[int, float | None]:
    """(end_year, average_growth_pct) to start a multi-year path with: the last year of the
    five-year plan period after the series' last data year (years ending in 0 or 5: data to
    2021 → 2025, to 2025 → 2030), and the series' own average yearly growth over its latest 5
    years (geometric, in %, rounded to 0.1; None when the series has no growth record).
    KeyError if the indicator is not in `dataset`."""
    last_year = dataset.series(indicator_id).last_year
    end_year = last_year + PLAN_PERIOD - last_year % PLAN_PERIOD
    average = Record.from_growth(dataset.growth_record(indicator_id)).average_5y
    return end_year, None if average is None else round(average, 1)


def path_target(projection: Projection, year: int, typed: float,
                average: bool) -> tuple[float | None, str | None]:
    """The end target of a multi-year path from what was typed: an average yearly growth
    in % (`average`) or the end value. Returns (target, None), or (None, reason) with
    reason "bad_growth" (average outside AVERAGE_GROWTH_RANGE) or "bad_value" (a level
    target that is not a positive finite number; a growth-rate target at or below
    −100%)."""
    if typed is None or not math.isfinite(typed):
        return None, "bad_growth" if average else "bad_value"
    if average:
        low, high = AVERAGE_GROWTH_RANGE
        if not low <= typed <= high:
            return None, "bad_growth"
        target = target_from_average_growth(projection, year, typed)
        return (target, None) if math.isfinite(target) else (None, "bad_growth")
    if projection.kind == IndicatorKind.GROWTH_RATE:
        return (typed, None) if typed > -100 else (None, "bad_value")
    return (typed, None) if typed > 0 else (None, "bad_value")


def growth_needed_each_year(projection: Projection, year: int, target: float,
                            from_year: int) -> float:
    """Yearly growth needed from `from_year`'s median projection to reach the target:
    "if next year goes as projected, what must each remaining year do?"."""
    if projection.kind != IndicatorKind.LEVEL:
        return target
    start = projection.last_value if from_year <= projection.last_year else \
        projection.median(from_year)
    remaining = year - max(from_year, projection.last_year)
    return 100 * ((target / start) ** (1 / remaining) - 1) if remaining > 0 else math.nan


# --- one-off years -----------------------------------------------------------------------------


def dataset_with_one_offs(dataset: Dataset, one_offs: list[OneOff]) -> Dataset:
    """The dataset whose series leave the marked years out: `dataset.with_one_offs`
    (kept under this name for existing callers). The dataset itself is unchanged."""
    return dataset.with_one_offs(one_offs)


# --- consistency of a target set -----------------------------------------------------------------

TOLERANCE_PP = 0.1  # stated growth is usually rounded to one decimal


def consistency(dataset: Dataset, year: int) -> pd.DataFrame:
    """For each indicator with both a level target and a stated growth for `year`: does
    the value agree with the stated growth (recomputed from the latest actual)? And is
    the target below the latest actual (a planned fall)?"""
    plans = dataset.plans[dataset.plans["year"] == year]
    rows = []
    for indicator_id, mine in plans.groupby("indicator", sort=False):
        level = mine[mine["kind"] == PlanKind.PLAN_TARGET]
        stated = mine[mine["kind"] == PlanKind.TARGET_GROWTH]
        series = dataset.series(indicator_id)
        if level.empty or len(series) == 0 or indicator(indicator_id).kind != IndicatorKind.LEVEL:
            continue
        target = float(level["value"].iloc[0])
        recomputed = 100 * ((target / series.last_value) ** (1 / (year - series.last_year)) - 1)
        stated_growth = float(stated["value"].iloc[0]) if not stated.empty else None
        rows.append({"indicator": indicator_id, "year": year, "target": target,
                     "base_year": series.last_year, "base_value": series.last_value,
                     "stated_growth_pct": stated_growth, "recomputed_growth_pct": recomputed,
                     "agrees": None if stated_growth is None else
                     abs(recomputed - stated_growth) <= TOLERANCE_PP + 0.05,
                     "planned_fall": target < series.last_value})
    return pd.DataFrame(rows)


# --- track record: past plans from "% of plan" ----------------------------------------------


def _series_key(row) -> tuple:
    """What two level figures must share to belong to one series (dataset.select_rows)."""
    return (level_key(row, "price_basis"), level_key(row, "coverage"), row.unit)


def _figures_by_year(dataset: Dataset, indicator_id: str) -> tuple[dict, tuple | None]:
    """{year: the preferred figure of that year, on whatever basis or count}, and the key of
    the series the tool uses now (None when it has no figure). Levels only."""
    used, left_out, _ = select_rows(dataset.observations, indicator_id)
    figures = {r.year: r for r, reason, _ in left_out
               if reason in ("price_basis", "coverage", "unit")}
    figures.update({r.year: r for r in used})
    return figures, (_series_key(used[-1]) if used else None)


def _reported_growth(dataset: Dataset, indicator_id: str, figure) -> float | None:
    """The growth a source reports for the figure's year on the figure's own count."""
    rows = dataset.observations
    mine = rows[(rows["indicator"] == indicator_id) & (rows["year"] == figure.year)
                & (rows["unit"] == "% yoy") & (rows["status"] != Status.ALTERNATIVE)]
    if "coverage" in mine.columns:
        mine = mine[mine["coverage"].fillna("") == (figure.coverage or "")]
    mine = mine.sort_values("status", key=lambda s: s.map({Status.FINAL: 0}).fillna(1),
                            kind="stable")
    return float(mine["value"].iloc[0]) if len(mine) else None


def track_record(dataset: Dataset) -> pd.DataFrame:
    """Past plans recovered as outcome ÷ (% of plan) — derived, not reported — beside the
    outcome: hit (outcome ≥ plan), planned growth and actual growth vs the year before.
    The outcome is that year's preferred figure even when the series used now leaves it out
    (another price basis or count); `crosses_break` then says that the record and today's
    series are not one series, and `coverage` names the outcome's count. Growth is never
    computed across a break (only from a figure of the same basis and count, or as reported)."""
    rows = []
    pct = dataset.plans[dataset.plans["kind"] == PlanKind.PCT_OF_PLAN]
    for item in pct.itertuples():
        if indicator(item.indicator).kind == IndicatorKind.GROWTH_RATE:
            continue
        figures, current = _figures_by_year(dataset, item.indicator)
        figure = figures.get(item.year)
        if figure is None:
            continue
        outcome = float(figure.value)
        plan = outcome / (float(item.value) / 100)
        before = figures.get(item.year - 1)
        previous = float(before.value) if before is not None \
            and _series_key(before) == _series_key(figure) else None
        actual_growth = _reported_growth(dataset, item.indicator, figure)
        if actual_growth is None and previous:
            actual_growth = 100 * (outcome / previous - 1)
        if previous is None and actual_growth is not None:
            previous = outcome / (1 + actual_growth / 100)
        rows.append({"indicator": item.indicator, "year": int(item.year), "outcome": outcome,
                     "pct_of_plan": float(item.value), "plan_derived": plan,
                     "hit": float(item.value) >= 100,
                     "planned_growth_pct": 100 * (plan / previous - 1) if previous else None,
                     "actual_growth_pct": actual_growth, "source": item.source,
                     "coverage": str(figure.coverage), "price_basis": str(figure.price_basis),
                     "crosses_break": _series_key(figure) != current})
    return pd.DataFrame(rows, columns=TRACK_COLUMNS)


TRACK_COLUMNS = ["indicator", "year", "outcome", "pct_of_plan", "plan_derived", "hit",
                 "planned_growth_pct", "actual_growth_pct", "source", "coverage", "price_basis",
                 "crosses_break"]


def ambition(record: pd.DataFrame, indicator_id: str, target_growth_pct: float) -> dict | None:
    """How a new target's growth compares with the department's habit for this indicator.
    `crosses_break`: some of the past plans are on another basis or count than the series
    the new target is judged on (the habit then compares different series)."""
    mine = record[(record["indicator"] == indicator_id) & record["planned_growth_pct"].notna()]
    if mine.empty:
        return None
    habit = float(mine["planned_growth_pct"].mean())
    return {"n": len(mine), "habit_growth_pct": habit, "hit_rate": float(mine["hit"].mean()),
            "new_growth_pct": target_growth_pct,
            "more_ambitious": target_growth_pct > habit,
            "crosses_break": bool(mine["crosses_break"].any()),
            "break_years": [int(y) for y in mine.loc[mine["crosses_break"], "year"]]}


# --- look back: what the tool would have said then ------------------------------------------


def look_back(dataset: Dataset, year: int, model: str = "auto", project_fn=project) -> pd.DataFrame:
    """As of January of `year`: the data before it, that year's targets, the verdict the
    tool would have given, and what then happened. `crosses_break`: the outcome of `year`
    is on another price basis or count than the series the projection was made from, so
    verdict and outcome compare different series. `flags`: the target's own flags (e.g. a
    medium-term orientation target, not that year's plan); `actual_flags` the outcome
    figure's (e.g. `lower_bound`: the source says "more than"); `stated` the plan's own figure
    (a growth % for a growth target, which `target` turns into a value); `source` the
    target's.
    A growth target of a level indicator whose year before has no level in the data (only
    its reported growth) gives no row: the target value it stands for is unknown."""
    before = Dataset(f"{dataset.id}@{year}",
                     dataset.observations[dataset.observations["year"] < year],
                     dataset.plans, dataset.meta)
    plans = dataset.plans[dataset.plans["year"] == year]
    rows = []
    for item in plans.itertuples():
        kind = PlanKind(item.kind)
        # a range "7–8%" is judged by its floor; an upper bound alone is a ceiling ("at most")
        has_floor = ((plans["indicator"] == item.indicator)
                     & plans["kind"].isin([PlanKind.TARGET_LOW, PlanKind.TARGET_GROWTH_LOW])).any()
        if not kind.is_target or (kind.is_ceiling and has_floor):
            continue
        direction = kind.direction
        series = before.series(item.indicator)
        if len(series) == 0 or series.last_year >= year:
            continue
        if kind.typed_as_growth and series.kind == IndicatorKind.LEVEL \
                and series.last_year != year - 1:
            continue  # growth vs a year the data have no level for: no target value to judge
        outcome = project_fn(before, item.indicator, model, year - series.last_year)
        if outcome.projection is None:
            continue
        given = {"growth_pct" if kind.typed_as_growth else "target": float(item.value)}
        result = assess(outcome.projection, year, direction=direction, **given)
        figure, crosses = _outcome_figure(dataset, before, item.indicator, year)
        actual = float(figure.value) if figure is not None else None
        reached = None if actual is None else result.direction.reached(actual, result.target)
        rows.append({"indicator": item.indicator, "year": year, "kind": kind,
                     "target": result.target, "probability": result.probability,
                     "verdict": result.verdict, "actual": actual, "reached": reached,
                     "actual_growth_pct": dataset.growth_record(item.indicator).get(year),
                     "crosses_break": crosses,
                     "flags": ";".join(flags_of(getattr(item, "flags", ""))),
                     "direction": result.direction, "stated": float(item.value),
                     "actual_flags": "" if figure is None else ";".join(flags_of(figure.flags)),
                     "source": str(getattr(item, "source", "") or "")})
    return pd.DataFrame(rows, columns=LOOK_BACK_COLUMNS)


LOOK_BACK_COLUMNS = ["indicator", "year", "kind", "target", "probability", "verdict", "actual",
                     "reached", "actual_growth_pct", "crosses_break", "flags", "direction",
                     "stated", "actual_flags", "source"]


def _outcome_figure(dataset: Dataset, before: Dataset, indicator_id: str, year: int):
    """(figure, crosses_break): the preferred figure of `year` (a row of select_rows, with
    its flags) or None, and whether it is on another price basis or count than the series
    `before` (the data the projection was made from) holds. A growth rate's figure is the
    one its series uses."""
    if dataset.series(indicator_id).kind == IndicatorKind.GROWTH_RATE:
        used, _, _ = select_rows(dataset.observations, indicator_id)
        return next((r for r in used if r.year == year), None), False
    figures, _ = _figures_by_year(dataset, indicator_id)
    _, then = _figures_by_year(before, indicator_id)
    figure = figures.get(year)
    return figure, figure is not None and _series_key(figure) != then


def look_back_years(dataset: Dataset) -> list[int]:
    """Years worth looking back on: for at least one indicator, a target of that year
    that can be assessed (a value, a growth, a floor or a ceiling — not only "% of
    plan"), data before that year, and the outcome of that year in the series."""
    kinds = [kind for kind in PlanKind if kind.is_target]
    plans = dataset.plans[dataset.plans["kind"].isin(kinds)]
    years = set()
    for item in plans[["indicator", "year"]].drop_duplicates().itertuples():
        series = dataset.series(item.indicator)
        if len(series) and series.value_in(int(item.year)) is not None \
                and (series.years < item.year).any():
            years.add(int(item.year))
    return sorted(years)


# --- sector composition of the industrial production index ----------------------------------

SECTORS = {"iip_mining": "industrial_production_value_mining",
           "iip_manufacturing": "industrial_production_value_manufacturing",
           "iip_electricity_water": "industrial_production_value_electricity_water",
           "iip_electricity": None, "iip_water_waste": None}
SAMPLES = 20_000


def sector_weights(dataset: Dataset) -> dict[str, float]:
    """Default weights: the latest production-value shares where the data give them all
    (same year), else equal weights. Returns {sector iip id: share}."""
    sectors = [s for s in SECTORS if s in dataset.indicators]
    values = {}
    for sector in sectors:
        value_id = SECTORS[sector]
        series = dataset.series(value_id) if value_id and value_id in dataset.indicators else None
        if series is not None and len(series):
            values[sector] = (series.last_year, series.last_value)
    years = {year for year, _ in values.values()}
    if len(values) == len(sectors) and len(years) == 1:
        total = sum(v for _, v in values.values())
        return {s: values[s][1] / total for s in sectors}
    return {s: 1 / len(sectors) for s in sectors} if sectors else {}


@dataclass(frozen=True)
class Aggregate:
    """The production index implied by its sectors for one year (growth in %): median,
    80% range, P(reaching the target) and the growth each sector needs for it.
    """
    median: float
    low80: float
    high80: float
    probability: float | None
    needed: dict  # sector -> growth needed for the aggregate target, others at their median


def aggregate(projections: dict[str, Projection], weights: dict[str, float], year: int,
              target: float | None = None, seed: int = 7) -> Aggregate:
    """The index growth implied by sector growth rates (weighted average of sector growth,
    weights normalised), with its uncertainty by simulation (sectors independent)."""
    total = sum(weights[s] for s in projections)
    shares = {s: weights[s] / total for s in projections}
    rng = np.random.default_rng(seed)
    draws = sum(shares[s] * _sample(p, year, rng) for s, p in projections.items())
    medians = {s: p.median(year) for s, p in projections.items()}
    needed = {}
    if target is not None:
        for s in projections:
            others = sum(shares[o] * medians[o] for o in projections if o != s)
            needed[s] = (target - others) / shares[s] if shares[s] > 0 else math.nan
    return Aggregate(float(np.median(draws)), float(np.quantile(draws, 0.1)),
                     float(np.quantile(draws, 0.9)),
                     None if target is None else float(np.mean(draws >= target)), needed)


def _sample(projection: Projection, year: int, rng) -> np.ndarray:
    i = projection._index(year)
    z = rng.normal(projection.loc[i], projection.scale[i], SAMPLES)
    return from_model_scale(z, projection.kind)
