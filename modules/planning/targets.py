"""Target sets: read from a file or from a dataset's plans, and checked in one call."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from modules.data.catalogue import (
    IndicatorKind,
    headline_ids,
    indicator,
    match_indicator,
    split_unit,
    unit_fits,
)
from modules.data.dataset import Dataset
from modules.data.problems import InputError, Problem, ProblemCode, Severity
from modules.data.reader import (
    AREA,
    cell_text,
    clean_text,
    has_percent_sign,
    header_key,
    number_style,
    parse_year,
    read_grid,
)
from modules.data.vocabulary import Direction, PlanKind
from modules.engine.models import MAX_HORIZON, Projection
from modules.engine.projections import project
from modules.planning.feasibility import (
    Assessment,
    Record,
    assess,
    growth_from_target,
    target_from_average_growth,
    target_from_growth,
    value_reached_with,
)
from modules.text.fmt import read_number
from modules.text.i18n import t

TARGET_COLUMNS = ["indicator", "year", "target", "growth_pct", "direction", "avg_growth_pct"]
# A value and a growth % typed side by side must agree to within rounding (0.1 point).
GROWTH_TOLERANCE_PP = 0.1
CHECK_COLUMNS = ["indicator", "year", "target", "implied_growth_pct", "point", "probability",
                 "verdict"]


def read_targets(source, name: str = "") -> pd.DataFrame:
    """indicator, year, target | growth_pct | avg_growth_pct, optional direction, from a
    CSV/XLSX; InputError on any problem. Numbers go through the one reader: the decimal
    style is decided from the file's number cells as for a data file ('90.500' next to
    '5,4' is Vietnamese: 90500 and 5.4), numeric XLSX cells are taken as they are.
    Indicator names are matched to the catalogue like a data file's."""
    grid, name = read_grid(source, name)
    header = [cell_text(c).strip().lower() for c in grid[0]]
    header = [AREA if header_key(c) == AREA else c for c in header]  # "tỉnh", "province"
    missing = [c for c in ("indicator", "year") if c not in header]
    if missing or not ({"target", "growth_pct", "avg_growth_pct"} & set(header)):
        raise InputError([Problem(ProblemCode.TARGETS_COLUMNS, file=name)])

    def getter(cells):
        def get(key):
            if key not in header or header.index(key) >= len(cells):
                return ""
            cell = cells[header.index(key)]
            return cell.strip() if isinstance(cell, str) else cell
        return get

    number_cells = [(number, getter(cells)(key), key) for number, cells in enumerate(grid[1:], 2)
                    for key in ("target", "growth_pct", "avg_growth_pct")
                    if isinstance(getter(cells)(key), str) and getter(cells)(key)]
    style, found = number_style(number_cells, name)
    if found and found[0].severity != Severity.WARNING:
        raise InputError(found)
    rows, problems = [], []
    for number, cells in enumerate(grid[1:], start=2):
        row, found = _target_row(getter(cells), number, name, style)
        problems.extend(found)
        rows.append(row)
    if problems:
        raise InputError(problems)
    return pd.DataFrame(rows, columns=TARGET_COLUMNS + [AREA, "row"])


def _target_row(get, number: int, name: str, style: str = "en"):
    problems = []
    year = parse_year(get("year"))
    if year is None:
        problems.append(Problem(ProblemCode.BAD_YEAR, file=name, row=number, column="year",
                                params={"text": cell_text(get("year"))[:40]}))
    values = {}
    for key in ("target", "growth_pct", "avg_growth_pct"):
        given = get(key) not in ("", None)
        values[key] = read_number(get(key), style) if given else None
        if given and values[key] is None:
            problems.append(Problem(ProblemCode.BAD_VALUE, file=name, row=number, column=key,
                                    params={"text": cell_text(get(key))[:40]}))
    given = {k for k, v in values.items() if v is not None}
    # one form per row; a value with its growth beside it (as `suggest` writes) is checked later
    if len(given) != 1 and given != {"target", "growth_pct"} and not problems:
        problems.append(Problem(ProblemCode.TARGET_ONE_OF, file=name, row=number))
    direction = cell_text(get("direction")) or Direction.AT_LEAST
    if direction in tuple(Direction):
        direction = Direction(direction)
    else:
        problems.append(Problem(ProblemCode.BAD_DIRECTION, file=name, row=number,
                                column="direction", params={"text": direction[:40]}))
    typed = cell_text(get("indicator"))
    found, _ = match_indicator(typed)
    named = split_unit(typed)[1]
    if found and named and not unit_fits(found, named):
        problems.append(Problem(ProblemCode.UNIT_DISAGREES, file=name, row=number,
                                column="indicator", params={"indicator": found, "unit": named,
                                                            "kind": indicator(found).kind}))
    elif found and indicator(found).kind == IndicatorKind.LEVEL \
            and has_percent_sign(get("target")):
        # a target value is in the indicator's unit: "12%" for retail sales is no amount
        problems.append(Problem(ProblemCode.PERCENT_IN_TARGET, file=name, row=number,
                                column="target", params={"text": cell_text(get("target"))[:40],
                                                         "indicator": found}))
    row = {"indicator": found or typed, "year": year,
           "target": values["target"], "growth_pct": values["growth_pct"],
           "direction": direction, "avg_growth_pct": values["avg_growth_pct"],
           AREA: clean_text(cell_text(get(AREA))), "row": number}
    return row, problems


# A typed target beyond these multiples of the base year is asked about (it may be a typo).
FAR_RATIO = 3.0


def target_sanity(indicator_id: str, target: float | None, growth_pct: float | None,
                  base: float | None, **where) -> Problem | None:
    """What is wrong with a target, if anything: an error for one that cannot be (an
    amount ≤ 0 or growth ≤ −100% for a level; a growth rate ≤ −100% for a growth
    indicator), a warning (`target_far`) for a level target more than FAR_RATIO times,
    or less than 1/FAR_RATIO of, the base-year value. `target` in the series' unit,
    `growth_pct` in % vs the base year; None when either is unknown."""
    params = {"indicator": indicator_id, "target": target, "growth": growth_pct}
    if indicator(indicator_id).kind == IndicatorKind.GROWTH_RATE:
        if target is not None and target <= -100:
            return Problem(ProblemCode.TARGET_IMPOSSIBLE, **where, params=params)
        return None
    if (target is not None and target <= 0) or (growth_pct is not None and growth_pct <= -100):
        return Problem(ProblemCode.TARGET_IMPOSSIBLE, **where, params=params)
    if target is not None and base:
        ratio = target / base
        if ratio > FAR_RATIO or ratio < 1 / FAR_RATIO:
            return Problem(ProblemCode.TARGET_FAR, Severity.WARNING, **where, params={
                **params, "base": base, "ratio": ratio})
    return None


def forms_from_base(kind, base: float | None, typed: str, value: float | None):
    """(target value, growth %) of a value typed as `typed` (TYPED_VALUE or TYPED_GROWTH)
    from the base-year value `base`, as feasibility.target_from_growth and growth_from_target
    do with a projection: for a growth rate or signed ratio both are the typed figure; for a
    level the form not typed is None when `base` is unknown or 0."""
    if value is None:
        return None, None
    if kind != IndicatorKind.LEVEL:  # the typed figure is the value itself
        return value, value
    if typed == TYPED_VALUE:
        return value, 100 * (value / base - 1) if base else None
    return (base * (1 + value / 100) if base else None), value


def typed_concern(dataset: Dataset, indicator_id: str, typed: str,
                  value: float | None) -> Problem | None:
    """Why a value typed into a target box cannot be a target (`target_impossible`: an
    amount ≤ 0 or a growth ≤ −100% for a level, a rate ≤ −100% for a growth indicator), so
    that the box refuses it as it refuses a typo; None when it can (or is blank). `typed` is
    TYPED_VALUE (`value` in the series' unit) or TYPED_GROWTH (% vs the base year)."""
    if value is None:
        return None
    series = dataset.series(indicator_id)
    base = series.last_value if len(series) else None
    target, growth = forms_from_base(indicator(indicator_id).kind, base, typed, value)
    concern = target_sanity(indicator_id, target, growth, base)
    return concern if concern is not None and concern.severity != Severity.WARNING else None


def plan_targets(dataset: Dataset, year: int) -> pd.DataFrame:
    """The official targets a dataset records for `year`, for the headline indicators:
    a level target where the plan gives one, otherwise its growth target; of a range
    ("7–8%") the floor, since reaching the floor is meeting the plan."""
    plans = dataset.plans[dataset.plans["year"] == year]
    rows = []
    for indicator_id in headline_ids():
        mine = plans[plans["indicator"] == indicator_id]
        level = _first(mine, (PlanKind.PLAN_TARGET, PlanKind.TARGET_LOW))
        growth = _first(mine, (PlanKind.TARGET_GROWTH, PlanKind.TARGET_GROWTH_LOW))
        if indicator(indicator_id).kind != IndicatorKind.GROWTH_RATE and level is not None:
            rows.append({"indicator": indicator_id, "year": year, "target": level,
                         "growth_pct": None})
        elif growth is not None:
            rows.append({"indicator": indicator_id, "year": year, "target": None,
                         "growth_pct": growth})
    table = pd.DataFrame(rows, columns=TARGET_COLUMNS[:4]).assign(direction=Direction.AT_LEAST)
    return table.assign(typed=table["target"].isna().map({True: TYPED_GROWTH, False: TYPED_VALUE}))


def _first(plans: pd.DataFrame, kinds) -> float | None:
    for kind in kinds:
        hit = plans[plans["kind"] == kind]
        if not hit.empty:
            return float(hit["value"].iloc[0])
    return None


def default_targets(dataset: Dataset, year: int, most: int = 8) -> pd.DataFrame:
    """The official targets for `year`, or, where the dataset records none, its indicators
    with blank targets (so that their projections show before anything is typed)."""
    table = plan_targets(dataset, year)
    if not table.empty:
        return table
    lengths = {i: dataset.series(i) for i in dataset.indicators if len(dataset.series(i))}
    latest = max((s.last_year for s in lengths.values()), default=0)
    current = [i for i, s in lengths.items() if s.last_year == latest]  # current series only
    headline = [i for i in headline_ids() if i in current]  # the headline indicators first
    ids = (headline + [i for i in current if i not in headline])[:most]
    return pd.DataFrame({"indicator": ids, "year": year, "target": None, "growth_pct": None,
                         "direction": Direction.AT_LEAST, "typed": TYPED_VALUE})


def check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The CLI contract for `check` (CHECK_COLUMNS): one row per assessed target of
    results_frame(evaluate(..., strict=True), ...)."""
    assessed = frame[frame["verdict"].notna()]
    return assessed.rename(columns={"growth_pct": "implied_growth_pct", "median": "point"})[
        CHECK_COLUMNS].reset_index(drop=True)


def _blank(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


# --- a target table as planners edit it: one year, each target typed as value or growth ----

TYPED_VALUE, TYPED_GROWTH = "target", "growth"


@dataclass(frozen=True)
class TargetResult:
    """One row of a target table, evaluated."""

    indicator: str
    year: int
    direction: Direction
    target: float | None        # both forms, whichever was typed
    growth_pct: float | None
    projection: Projection | None
    assessment: Assessment | None
    record: Record
    problem: Problem | None = None   # why it cannot be assessed (no projection, impossible)
    warning: Problem | None = None   # a target to check (far outside the record)


def evaluate(dataset: Dataset, table: pd.DataFrame, year: int | None = None,
             model: str = "auto", project_fn=project, *, strict: bool = False,
             file: str = "") -> list[TargetResult]:
    """Assess each row of a target table: indicator, target, growth_pct, direction (and
    from the app `typed`, the form typed; from a targets file `year` and `row`), for `year`
    (every row's own `year` when None). Each indicator is projected once, to its furthest
    target year, by `project_fn(dataset, indicator, model, horizon)` (the app passes its
    cached projections, the CLI its reference).

    strict=False (the app, the exports): a row that cannot be assessed says why (`problem`),
    a target far outside the record carries a `warning`. strict=True (the CLI): InputError
    listing every row that cannot be assessed, located in `file` by the row's `row`.
    A row stating both a value and a growth (a file's row, no `typed`) must have them agree
    to GROWTH_TOLERANCE_PP."""
    rows = list(table.itertuples())
    years = [year if year is not None else int(row.year) for row in rows]
    where = [{key: value for key, value in (("file", file), ("row", getattr(row, "row", None)))
              if value} for row in rows]
    unusable = [_unusable(dataset.series(row.indicator), row.indicator, y, **w)
                for row, y, w in zip(rows, years, where)]
    horizons = {}
    for row, y, problem in zip(rows, years, unusable):
        if problem is None:
            last = dataset.series(row.indicator).last_year
            horizons[row.indicator] = max(horizons.get(row.indicator, 0), y - last)
    if strict and any(unusable):
        raise InputError([p for p in unusable if p])
    outcomes = {ind: project_fn(dataset, ind, model, h) for ind, h in horizons.items()}
    if strict and (failed := [o.problem for o in outcomes.values() if o.projection is None]):
        raise InputError(failed)
    results, refused = [], []
    for row, y, w, problem in zip(rows, years, where, unusable):
        series = dataset.series(row.indicator)
        outcome = outcomes.get(row.indicator) if problem is None else None
        projection = outcome.projection if outcome is not None else None
        problem = problem or (outcome.problem if outcome is not None else None)
        target, growth = _both_forms(row, projection, y, series)
        concerns = [c for c in (_disagreement(row, projection, **w), target_sanity(
            row.indicator, target, growth,
            projection.last_value if projection is not None else None, **w)) if c]
        errors = [c for c in concerns if c.severity != Severity.WARNING]
        refused += errors
        problem = problem or (errors[0] if errors else None)
        warning = next((c for c in concerns if c.severity == Severity.WARNING), None)
        assessment = assess(projection, y, target=target, direction=row.direction) \
            if projection is not None and target is not None and problem is None else None
        results.append(TargetResult(row.indicator, y, row.direction, target, growth,
                                    projection, assessment, Record.from_growth(
                                        dataset.growth_record(row.indicator)),
                                    problem, warning))
    if strict and refused:
        raise InputError(refused)
    return results


def _disagreement(target_row, projection, **where) -> Problem | None:
    """A value and a growth both stated (a file's row, not a box typed in one form) that
    disagree by more than GROWTH_TOLERANCE_PP with the projection's base year."""
    target, stated = _blank(target_row.target), _blank(target_row.growth_pct)
    if projection is None or target is None or stated is None or hasattr(target_row, "typed"):
        return None
    recomputed = growth_from_target(target, projection)
    if abs(recomputed - stated) <= GROWTH_TOLERANCE_PP:
        return None
    return Problem(ProblemCode.TARGET_GROWTH_DISAGREE, **where, params={
        "indicator": target_row.indicator, "target": target, "stated": stated,
        "recomputed": recomputed})


def _unusable(series, indicator_id: str, year: int, **where) -> Problem | None:
    """Why a target for `year` cannot be assessed on this series, if it cannot."""
    if len(series) == 0:
        return Problem(ProblemCode.TARGET_UNKNOWN_INDICATOR, **where,
                       params={"indicator": indicator_id})
    if year <= series.last_year:
        return Problem(ProblemCode.TARGET_YEAR_PAST, **where, params={
            "indicator": indicator_id, "year": year, "last": series.last_year})
    if year > series.last_year + MAX_HORIZON:
        return Problem(ProblemCode.TARGET_YEAR_TOO_FAR, **where, params={
            "indicator": indicator_id, "year": year, "last": series.last_year,
            "most": MAX_HORIZON})
    return None


def _both_forms(row, projection, year: int, series=None):
    """(target value, growth %) from whichever the row gives: an average yearly growth, or
    what the user typed (`typed`; without it, the value when there is one)."""
    target, growth = _blank(row.target), _blank(row.growth_pct)
    if projection is None:  # no model ran: derived from the base year, as the boxes show it
        average = _blank(getattr(row, "avg_growth_pct", None))
        if series is None or not len(series) or average is not None:
            return target, growth
        typed = getattr(row, "typed", TYPED_VALUE if target is not None else TYPED_GROWTH)
        return forms_from_base(series.kind, series.last_value, typed,
                               target if typed == TYPED_VALUE else growth)
    average = _blank(getattr(row, "avg_growth_pct", None))
    if average is not None:
        target = target_from_average_growth(projection, year, average)
        return target, growth_from_target(target, projection)
    typed = getattr(row, "typed", TYPED_VALUE if target is not None else TYPED_GROWTH)
    if typed == TYPED_GROWTH and growth is not None:
        return target_from_growth(growth, projection), growth
    if typed == TYPED_VALUE and target is not None:
        return target, growth_from_target(target, projection)
    return None, None


RESULT_COLUMNS = [
    "indicator", "name", "unit", "kind", "year", "base_year", "base_value", "target",
    "growth_pct", "annual_growth_pct", "direction", "median", "low80", "high80", "low95",
    "high95", "reached", "probability", "verdict", "record_last", "record_avg5", "record_best",
    "record_best_year", "record_worst", "record_worst_year", "model", "thin_evidence"]


def results_frame(results: list[TargetResult], dataset: Dataset, lang: str = "vi",
                  probability: float = 0.8) -> pd.DataFrame:
    """The one flattening of evaluated targets: one row per target (RESULT_COLUMNS),
    numbers as numbers, None where a target could not be projected or assessed. The
    target table, the planning page's one-off table, the briefing (PDF and workbook), the
    scenario comparison and the CLI read it;
    planning.shown puts a row into words. `unit` is the series' unit code, `kind` the
    indicator's IndicatorKind, growths in %, `probability` P(reaching the target) in [0, 1],
    `reached` the value reached (at_least) or not exceeded (at_most) with `probability`,
    `model` the model in the reader's words (model_text, in `lang`)."""
    rows = []
    for r in results:
        p, a, record = r.projection, r.assessment, r.record
        low80, high80 = p.interval(80, r.year) if p else (None, None)
        low95, high95 = p.interval(95, r.year) if p else (None, None)
        rows.append({
            "indicator": r.indicator, "name": indicator(r.indicator).name(lang),
            "unit": dataset.series(r.indicator).unit, "kind": indicator(r.indicator).kind,
            "year": r.year, "base_year": p.last_year if p else None,
            "base_value": p.last_value if p else None, "target": r.target,
            "growth_pct": r.growth_pct, "annual_growth_pct": a.annual_growth_pct if a else None,
            "direction": r.direction, "median": p.median(r.year) if p else None,
            "low80": low80, "high80": high80, "low95": low95, "high95": high95,
            "reached": value_reached_with(p, r.year, probability, r.direction) if p else None,
            "probability": a.probability if a else None, "verdict": a.verdict if a else None,
            "record_last": record.last, "record_avg5": record.average_5y,
            "record_best": record.best, "record_best_year": record.best_year,
            "record_worst": record.worst, "record_worst_year": record.worst_year,
            "model": model_text(p, lang) if p else None,
            "thin_evidence": p.thin if p else None,
        })
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


# --- which years can be targeted, and the defaults a dataset's plans give -------------------

TARGETABLE_SPAN = 10  # years offered after the last data year
AGGREGATE_INDEX = "industrial_production_index"  # the index the sector tab composes


def targetable_years(dataset: Dataset, span: int = TARGETABLE_SPAN) -> list[int]:
    """The years a target table can be set for: the `span` years after the latest year any
    indicator of `dataset` has data for. ValueError if the dataset has no indicator."""
    if not dataset.indicators:
        raise ValueError(f"dataset {dataset.id!r} has no indicator")
    first = max(dataset.series(i).last_year for i in dataset.indicators) + 1
    return list(range(first, first + span))


def default_target_year(dataset: Dataset) -> int:
    """The year its metadata names (`default_target_year`, data/datasets.json) when it can be
    targeted, else the first targetable year the dataset's plans give a target for, else
    the first targetable year (the year after the latest data)."""
    years = targetable_years(dataset)
    if dataset.meta.get("default_target_year") in years:
        return int(dataset.meta["default_target_year"])
    planned = {int(y) for y in dataset.plans["year"]} if len(dataset.plans) else set()
    return next((year for year in years if year in planned), years[0])


def planned_growth_pct(dataset: Dataset, indicator_id: str, year: int) -> float | None:
    """The growth target in % the dataset's plans give `indicator_id` for `year` (of a range
    its floor, as in plan_targets), or None when the plans give none."""
    plans = dataset.plans[(dataset.plans["year"] == year) &
                          (dataset.plans["indicator"] == indicator_id)]
    return _first(plans, (PlanKind.TARGET_GROWTH, PlanKind.TARGET_GROWTH_LOW))


def default_growth_target(dataset: Dataset, indicator_id: str, year: int) -> float:
    """A starting growth target in % for a growth-rate indicator: the plan's for `year`, else
    the latest observed rate, else 0. (The aggregate index on the planning page starts here.)"""
    planned = planned_growth_pct(dataset, indicator_id, year)
    if planned is not None:
        return planned
    if indicator_id in dataset.indicators and len(dataset.series(indicator_id)):
        return float(dataset.series(indicator_id).last_value)
    return 0.0


# --- how an edit applies to a target table (each returns a new table) ----------------------

def with_typed(table: pd.DataFrame, position: int, typed: str, value: float | None) -> pd.DataFrame:
    """Row `position` (0-based) retyped: a value (`typed` TYPED_VALUE) clears the growth,
    a growth % (TYPED_GROWTH) clears the value; the other form is derived on evaluation.
    ValueError on an unknown `typed`; IndexError if `position` is out of range."""
    if typed not in (TYPED_VALUE, TYPED_GROWTH):
        raise ValueError(f"typed must be {TYPED_VALUE!r} or {TYPED_GROWTH!r}, not {typed!r}")
    changed = table.copy()
    index = changed.index[position]
    changed.loc[index, ["target", "growth_pct", "typed"]] = \
        (value, None, typed) if typed == TYPED_VALUE else (None, value, typed)
    return changed


def with_direction(table: pd.DataFrame, position: int, direction: str) -> pd.DataFrame:
    """Row `position` (0-based) with its direction (AT_LEAST or AT_MOST) set; ValueError
    on another direction."""
    if direction not in (Direction.AT_LEAST, Direction.AT_MOST):
        raise ValueError(f"direction must be 'at_least' or 'at_most', not {direction!r}")
    changed = table.copy()
    changed.loc[changed.index[position], "direction"] = direction
    return changed


def with_indicator(table: pd.DataFrame, indicator_id: str, year: int) -> pd.DataFrame:
    """The table with a blank row for `indicator_id` appended (at least, typed as a value)."""
    return pd.concat([table, pd.DataFrame([{
        "indicator": indicator_id, "year": year, "target": None, "growth_pct": None,
        "direction": Direction.AT_LEAST, "typed": TYPED_VALUE}])], ignore_index=True)


def has_targets(table: pd.DataFrame) -> bool:
    """Whether any row of the table has a target value or a growth target."""
    return not (table["target"].isna().all() and table["growth_pct"].isna().all())


def model_text(projection, lang: str = "vi") -> str:
    """The model behind a projection in the reader's words, never an internal id: a named
    model by its name ('Đường tăng trưởng đều'); auto by the rules it used
    (Projection.members, the [member] words): 'Tự động: trung bình của Giá trị năm cuối,
    Phương pháp Theta theo tỷ lệ tăng', 'Tự động: Tăng trưởng bình quân'."""
    if projection.model != "auto":
        return t(f"model.{projection.model}", lang, default=projection.model)
    if not projection.members:
        return t("model.auto", lang)
    listed = ", ".join(t(f"member.{m}", lang) for m in projection.members)
    if len(projection.members) > 1:
        listed = t("summary.mean_of", lang, models=listed)
    return t("summary.auto_used", lang, models=listed)
