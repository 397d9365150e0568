"""Target sets: read from a file or from a dataset's plans, and checked in one call."""

from __future__ import annotations

import math

import pandas as pd

from .catalogue import GROWTH, headline_ids, indicator
from .dataset import Dataset
from .engine import project
from .feasibility import AT_LEAST, AT_MOST, assess
from .problems import InputError, Problem
from .reader import parse_number, read_grid

TARGET_COLUMNS = ["indicator", "year", "target", "growth_pct", "direction"]
CHECK_COLUMNS = ["indicator", "year", "target", "implied_growth_pct", "point", "probability",
                 "verdict"]


def read_targets(source, name: str = "") -> pd.DataFrame:
    """indicator, year, target | growth_pct, optional direction; InputError on any problem."""
    grid, name = read_grid(source, name)
    header = [str(c).strip().lower() for c in grid[0]]
    missing = [c for c in ("indicator", "year") if c not in header]
    if missing or not ({"target", "growth_pct"} & set(header)):
        raise InputError([Problem("targets_columns", file=name)])
    rows, problems = [], []
    for number, cells in enumerate(grid[1:], start=2):
        get = lambda key: cells[header.index(key)].strip() if key in header and \
            header.index(key) < len(cells) else ""
        row, found = _target_row(get, number, name)
        problems.extend(found)
        rows.append(row)
    if problems:
        raise InputError(problems)
    return pd.DataFrame(rows, columns=TARGET_COLUMNS + ["row"])


def _target_row(get, number: int, name: str):
    problems = []
    year = parse_number(get("year"))
    if year is None or not float(year).is_integer():
        problems.append(Problem("bad_year", file=name, row=number, column="year",
                                params={"text": get("year")[:40]}))
    values = {}
    for key in ("target", "growth_pct"):
        values[key] = parse_number(get(key)) if get(key) else None
        if get(key) and values[key] is None:
            problems.append(Problem("bad_value", file=name, row=number, column=key,
                                    params={"text": get(key)[:40]}))
    if (values["target"] is None) == (values["growth_pct"] is None) and not problems:
        problems.append(Problem("target_one_of", file=name, row=number))
    direction = get("direction") or AT_LEAST
    if direction not in (AT_LEAST, AT_MOST):
        problems.append(Problem("bad_direction", file=name, row=number, column="direction",
                                params={"text": direction[:40]}))
    row = {"indicator": get("indicator"), "year": int(year) if year else None,
           "target": values["target"], "growth_pct": values["growth_pct"],
           "direction": direction, "row": number}
    return row, problems


def plan_targets(dataset: Dataset, year: int) -> pd.DataFrame:
    """The official targets a dataset records for `year`, for the headline indicators:
    a level target where the plan gives one, otherwise its growth target."""
    plans = dataset.plans[dataset.plans["year"] == year]
    rows = []
    for indicator_id in headline_ids():
        mine = plans[plans["indicator"] == indicator_id]
        level = mine[mine["kind"] == "plan_target"]
        growth = mine[mine["kind"] == "target_growth"]
        if indicator(indicator_id).kind != GROWTH and not level.empty:
            rows.append({"indicator": indicator_id, "year": year,
                         "target": float(level["value"].iloc[0]), "growth_pct": None})
        elif not growth.empty:
            rows.append({"indicator": indicator_id, "year": year, "target": None,
                         "growth_pct": float(growth["value"].iloc[0])})
    return pd.DataFrame(rows, columns=TARGET_COLUMNS[:4]).assign(direction=AT_LEAST)


def check_targets(dataset: Dataset, targets: pd.DataFrame, model: str = "auto",
                  file: str = "") -> pd.DataFrame:
    """The CLI contract for `check`: one assessed row per target row."""
    problems = []
    horizons = {}
    for row in targets.itertuples():
        series = dataset.series(row.indicator)
        where = {"file": file, "row": getattr(row, "row", None)}
        if len(series) == 0:
            problems.append(Problem("target_unknown_indicator", **where,
                                    params={"indicator": row.indicator}))
        elif row.year <= series.last_year:
            problems.append(Problem("target_year_past", **where, params={
                "indicator": row.indicator, "year": row.year, "last": series.last_year}))
        else:
            horizons[row.indicator] = max(horizons.get(row.indicator, 0),
                                          row.year - series.last_year)
    if problems:
        raise InputError(problems)
    outcomes = {ind: project(dataset, ind, model, h) for ind, h in horizons.items()}
    failed = [o.problem for o in outcomes.values() if o.projection is None]
    if failed:
        raise InputError(failed)
    rows = []
    for row in targets.itertuples():
        projection = outcomes[row.indicator].projection
        result = assess(projection, row.year, target=_blank(row.target),
                        growth_pct=None if _blank(row.target) is not None else row.growth_pct,
                        direction=row.direction)
        rows.append({"indicator": row.indicator, "year": row.year, "target": result.target,
                     "implied_growth_pct": result.growth_pct, "point": result.median,
                     "probability": result.probability, "verdict": result.verdict})
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def _blank(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value
