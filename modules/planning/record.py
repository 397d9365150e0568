"""Khả thi's own track record: every official target of the built-in datasets whose outcome
is known, replayed as of January of its year, and how the verdicts did.

The record is a fact about the tool, never an input to it: nothing in the engine or in the
feasibility function reads outcomes or this record (tests/planning/test_record.py).
One replay (`replay`) serves the reliability page, `khathi record` and the PDF briefing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from modules.data.catalogue import IndicatorKind, indicator
from modules.data.dataset import (
    APPROXIMATE,
    LOWER_BOUND,
    MEDIUM_TERM,
    Dataset,
    builtin_catalogue,
    default_reference_id,
)
from modules.data.dataset import load_builtin as _load_builtin
from modules.data.vocabulary import PlanKind
from modules.engine.projections import project
from modules.planning.feasibility import VERDICT_BANDS
from modules.planning.tools import look_back
from modules.text import fmt
from modules.text.i18n import t

RECORD_COLUMNS = ["dataset", "indicator", "year", "kind", "direction", "stated", "target",
                  "unit", "probability", "verdict", "outcome", "met", "labels"]
# Why a row is weaker than it looks (column `labels`, ";"-separated; texts record.label_<code>)
RANGE = "range"                            # a range "7–8%": judged by its floor
OUTCOME_LOWER_BOUND = "outcome_lower_bound"  # the outcome is "more than X": judged by X
OUTCOME_APPROXIMATE = "outcome_approximate"  # the outcome is "about X": judged by X
CROSSES_BREAK = "crosses_break"            # outcome on another count or basis than the data
LABELS = (RANGE, OUTCOME_LOWER_BOUND, OUTCOME_APPROXIMATE, MEDIUM_TERM, CROSSES_BREAK)
COIN_BRIER = 0.25  # saying 50% every time
VERDICTS = tuple(name for name, _ in VERDICT_BANDS)  # from "very_likely" down


def replay(datasets: Iterable[Dataset] | None = None, model: str = "auto",
           project_fn=project, load_builtin=_load_builtin) -> pd.DataFrame:
    """Every official target with a known outcome, judged as the tool would have judged it in
    January of the target's year (planning.tools.look_back: observations of earlier years
    only, and the same for the reference series a thin series borrows its spread from).

    `datasets`: the datasets to replay (default: every built-in dataset, loaded with
    `load_builtin`); `model` as in engine.registry; `project_fn` like engine.project (the app
    passes a cached one). One row per dataset, indicator and year (a level indicator's level
    target where the plan gives both a level and a growth, the annual plan over a medium-term
    orientation); a target whose outcome is unknown gives no row. The same target in two
    datasets (same plan row and source) is kept once, from the latest vintage (`as_of`).

    Returns RECORD_COLUMNS: dataset id, indicator id, year, kind (PlanKind), direction,
    stated (the plan's figure: a growth in % for a growth target), target (in the series'
    unit, or % for a growth rate), unit (the series'), probability (P of reaching it, as
    stated then), verdict code, outcome (same unit as target), met (bool), labels
    (";"-separated LABELS). Sorted by year, dataset, indicator."""
    if datasets is None:
        datasets = [load_builtin(i) for i in builtin_catalogue()]
    datasets = sorted(datasets, key=lambda d: str(d.meta.get("as_of", "")), reverse=True)
    rows, seen = [], set()
    for data in datasets:
        reference_id = default_reference_id(data)  # the app's and the CLI's default
        reference = load_builtin(reference_id) if reference_id else None
        for year in _target_years(data):
            then = _before(reference, year) if reference is not None else None
            table = look_back(data, year, model, partial(project_fn, reference=then))
            for row in _one_per_indicator(table[table["reached"].notna()]).itertuples():
                key = (row.indicator, row.year, row.kind, float(row.stated), row.source)
                if key in seen:
                    continue
                seen.add(key)
                rows.append({"dataset": data.id, "indicator": row.indicator,
                             "year": int(row.year), "kind": str(row.kind),
                             "direction": str(row.direction), "stated": float(row.stated),
                             "target": float(row.target),
                             "unit": data.series(row.indicator).unit,
                             "probability": float(row.probability), "verdict": row.verdict,
                             "outcome": float(row.actual), "met": bool(row.reached),
                             "labels": ";".join(_labels(data, row))})
    table = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    return table.sort_values(["year", "dataset", "indicator"], kind="stable",
                             ignore_index=True)


def _before(data: Dataset, year: int) -> Dataset:
    """`data` as it stood in January of `year`: observations of earlier years only."""
    return Dataset(f"{data.id}@{year}", data.observations[data.observations["year"] < year],
                   data.plans, data.meta)


def _target_years(data: Dataset) -> list[int]:
    """Years for which the plans state a target (not only "% of plan")."""
    plans = data.plans
    kinds = [k.value for k in PlanKind if k.is_target]
    return sorted({int(y) for y in plans.loc[plans["kind"].isin(kinds), "year"]})


def _one_per_indicator(table: pd.DataFrame) -> pd.DataFrame:
    """One target per indicator of a look-back year: the annual plan before a medium-term
    orientation, then (levels) the level target before the growth target, then the floor."""
    def rank(row) -> tuple:
        kind = PlanKind(row.kind)
        return (MEDIUM_TERM in row.flags.split(";"),
                kind.typed_as_growth and indicator(row.indicator).kind != IndicatorKind.GROWTH_RATE,
                kind.is_ceiling)
    order = sorted(table.itertuples(), key=rank)
    return pd.DataFrame(order).drop(columns="Index").drop_duplicates("indicator") \
        if order else table


def _labels(data: Dataset, row) -> list[str]:
    labels = []
    plans = data.plans[(data.plans["indicator"] == row.indicator)
                       & (data.plans["year"] == row.year)]
    kind = PlanKind(row.kind)
    other = {PlanKind.TARGET_LOW: PlanKind.TARGET_HIGH,
             PlanKind.TARGET_GROWTH_LOW: PlanKind.TARGET_GROWTH_HIGH}.get(kind)
    mine = plans.loc[plans["kind"] == kind, "value"]
    if other is not None and (plans["kind"] == other).any() and \
            set(plans.loc[plans["kind"] == other, "value"]) != set(mine):
        labels.append(RANGE)
    outcome_flags = set(row.actual_flags.split(";"))
    if LOWER_BOUND in outcome_flags:
        labels.append(OUTCOME_LOWER_BOUND)
    if APPROXIMATE in outcome_flags:
        labels.append(OUTCOME_APPROXIMATE)
    if MEDIUM_TERM in row.flags.split(";"):
        labels.append(MEDIUM_TERM)
    if row.crosses_break:
        labels.append(CROSSES_BREAK)
    return labels


# --- how the verdicts did ------------------------------------------------------------------


@dataclass(frozen=True)
class ClassRecord:
    """The targets of one verdict class: how many, how many met, which years."""

    verdict: str
    n: int
    met: int
    first_year: int | None
    last_year: int | None
    mean_probability: float | None  # the average stated P in the class


@dataclass(frozen=True)
class Scores:
    """The record in numbers. `brier`: mean of (stated P − met)², 0 is perfect; `coin`: the
    score of saying 50% every time (0.25); `base_rate`: the share met, and `brier_base` the
    score of saying that share every time (known only afterwards: a hindsight yardstick).
    None when there is no row."""

    n: int
    met: int
    brier: float | None
    coin: float
    base_rate: float | None
    brier_base: float | None
    first_year: int | None
    last_year: int | None
    classes: dict = field(default_factory=dict)  # verdict code -> ClassRecord, VERDICTS order


def scores(table: pd.DataFrame) -> Scores:
    """The Scores of a replay table (RECORD_COLUMNS)."""
    classes = {v: _class(table[table["verdict"] == v], v) for v in VERDICTS}
    if table.empty:
        return Scores(0, 0, None, COIN_BRIER, None, None, None, None, classes)
    met = table["met"].astype(float)
    base = float(met.mean())
    return Scores(len(table), int(met.sum()), float(((table["probability"] - met) ** 2).mean()),
                  COIN_BRIER, base, float(((base - met) ** 2).mean()),
                  int(table["year"].min()), int(table["year"].max()), classes)


def _class(rows: pd.DataFrame, verdict: str) -> ClassRecord:
    if rows.empty:
        return ClassRecord(verdict, 0, 0, None, None, None)
    return ClassRecord(verdict, len(rows), int(rows["met"].sum()), int(rows["year"].min()),
                       int(rows["year"].max()), float(rows["probability"].mean()))


def reliability(table: pd.DataFrame) -> pd.DataFrame:
    """Stated P against the share met, per verdict class that has targets: verdict, n, met,
    mean_probability (0–1), share_met (0–1); VERDICTS order (the reliability chart's data)."""
    found = scores(table).classes.values()
    return pd.DataFrame([{"verdict": c.verdict, "n": c.n, "met": c.met,
                          "mean_probability": c.mean_probability, "share_met": c.met / c.n}
                         for c in found if c.n],
                        columns=["verdict", "n", "met", "mean_probability", "share_met"])


def breakdown(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per value of column `by` ("indicator" or "dataset"): n, met, brier, first_year,
    last_year; in order of first appearance."""
    rows = []
    for key, rows_of in table.groupby(by, sort=False):
        s = scores(rows_of)
        rows.append({by: key, "n": s.n, "met": s.met, "brier": s.brier,
                     "first_year": s.first_year, "last_year": s.last_year})
    return pd.DataFrame(rows, columns=[by, "n", "met", "brier", "first_year", "last_year"])


def class_line(record: Scores, verdict: str, lang: str = "vi") -> str:
    """One line of the record for a verdict class, e.g. 'Khi Khả thi đánh giá “Có khả năng
    đạt”, 7/9 mục tiêu đã đạt (2001–2023).' (plain text, no Markdown)."""
    c = record.classes[verdict]
    name = t(f"verdict.{verdict}", lang)
    if not c.n:
        return t("record.line_none", lang, verdict=name)
    return t("record.line", lang, verdict=name, met=c.met, n=c.n,
             years=_span(c.first_year, c.last_year))


def summary_line(record: Scores, lang: str = "vi") -> str:
    """The record in one sentence: how many targets, how many met, the Brier score beside a
    coin's and beside always saying the share met (plain text)."""
    if not record.n:
        return t("record.summary_none", lang)
    return t("record.summary", lang, n=record.n, met=record.met,
             years=_span(record.first_year, record.last_year),
             brier=fmt.number(record.brier, lang, 2), coin=fmt.number(record.coin, lang, 2),
             share=fmt.percent(100 * record.base_rate, lang, 0),
             base=fmt.number(record.brier_base, lang, 2))


def classes_line(record: Scores, verdicts: Iterable[str], lang: str = "vi") -> str:
    """The record of several verdict classes in one line, for a briefing: 'Độ tin cậy của
    Khả thi, số mục tiêu chính thức đã đạt theo đánh giá (2001–2021): “Khả năng
    ngang nhau” 13/16; “Thách thức” 2/5.' Classes in VERDICTS order, those without a past
    target named as such; "" when `verdicts` is empty."""
    shown = [v for v in VERDICTS if v in set(verdicts)]
    if not shown:
        return ""
    parts = [t("record.part" if record.classes[v].n else "record.part_none", lang,
               verdict=t(f"verdict.{v}", lang), met=record.classes[v].met,
               n=record.classes[v].n) for v in shown]
    known = [record.classes[v] for v in shown if record.classes[v].n]
    years = "" if not known else t("record.part_years", lang, years=_span(
        min(c.first_year for c in known), max(c.last_year for c in known)))
    return t("record.brief_line", lang, parts="; ".join(parts), years=years)


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
