"""Scenarios: a named set of targets with the choices behind it, evaluated and compared.

A scenario records the dataset (its picker key), the target year, the model, the
target table as typed (value or growth % per row) and the years marked one-off.
Evaluating it always goes through targets.evaluate → feasibility.assess, so the app,
the comparison and the exports give the same numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import partial

import pandas as pd

from modules.data.dataset import Dataset, builtin_catalogue, load_builtin
from modules.engine.projections import project
from modules.planning.shown import NONE, result_texts
from modules.planning.targets import TargetResult, evaluate
from modules.planning.tools import OneOff, dataset_with_one_offs
from modules.text.i18n import t

KIND = "scenario"
TABLE_COLUMNS = ["indicator", "target", "growth_pct", "direction", "typed"]


@dataclass
class Scenario:
    """Saved targets and the choices they were made with: dataset key, year, model, one-off
    marks and reference dataset. Stored as a JSON payload under its name.
    """
    name: str
    dataset: str
    year: int
    model: str = "auto"
    targets: list[dict] = field(default_factory=list)
    one_off: list[dict] = field(default_factory=list)  # {"indicator", "year", "reason"}
    reference: str = ""  # built-in dataset whose spread thin series borrow ("" or "-": none)

    @classmethod
    def from_table(cls, name: str, dataset_key: str, year: int, model: str,
                   table: pd.DataFrame, one_off=None, reference: str = "") -> "Scenario":
        """A scenario from the target table as edited in the app (TABLE_COLUMNS; blanks -> None)."""
        rows = table.reindex(columns=TABLE_COLUMNS).astype(object)
        rows = rows.where(pd.notna(rows), None)
        return cls(name, dataset_key, int(year), model, rows.to_dict(orient="records"),
                   list(one_off or []), reference)

    def table(self) -> pd.DataFrame:
        """The targets as a DataFrame with TABLE_COLUMNS, as the target page edits them."""
        return pd.DataFrame(self.targets, columns=TABLE_COLUMNS)

    def to_payload(self) -> dict:
        """The JSON-able dict that storage keeps (every field but the name)."""
        payload = asdict(self)
        payload.pop("name")
        return payload

    @classmethod
    def from_payload(cls, name: str, payload: dict) -> "Scenario":
        """The scenario `to_payload` stored under `name`; TypeError on unknown fields."""
        return cls(name=name, **payload)


def evaluate_scenario(scenario: Scenario, dataset: Dataset, project_fn=None) -> list[TargetResult]:
    """The scenario's targets assessed, with its one-off years left out of the models and
    thin series borrowing the spread of its reference dataset."""
    if project_fn is None:
        reference = load_builtin(scenario.reference) \
            if scenario.reference in builtin_catalogue() else None
        project_fn = partial(project, reference=reference)
    marks = [OneOff(**mark) for mark in scenario.one_off]
    return evaluate(dataset_with_one_offs(dataset, marks), scenario.table(), scenario.year,
                    scenario.model, project_fn)


COMPARISON_COLUMNS = ["indicator", "name", "scenario", "year", "unit", "kind", "direction",
                      "target", "growth_pct", "annual_growth_pct", "probability", "verdict"]


def comparison(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Long table, one row per (indicator, scenario) (COMPARISON_COLUMNS): what differs
    between scenarios. `frames` maps a scenario's name to its targets.results_frame."""
    long = [frame.assign(scenario=name) for name, frame in frames.items()]
    return pd.concat(long, ignore_index=True)[COMPARISON_COLUMNS] if long else \
        pd.DataFrame(columns=COMPARISON_COLUMNS)


def differing(long: pd.DataFrame, column: str) -> set[str]:
    """Indicators whose `column` is not the same in every scenario compared."""
    spread = long.groupby("indicator")[column].agg(lambda v: v.round(6).nunique(dropna=False)
                                                    if v.dtype.kind == "f" else v.nunique())
    return set(spread[spread > 1].index)


def side_by_side(long: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The comparison for reading across: for each indicator (in `long`'s order) four rows —
    target, growth needed per year, probability, verdict — and one column per scenario
    (formatted text, "—" where there is none), plus `_indicator` (the name, on the first
    row of each indicator only) and a boolean `_changed` (the row differs between scenarios).
    `long` is `comparison`'s table."""
    measures = (("target", "brief.target"), ("annual_growth_pct", "brief.annual_growth"),
                ("probability", "brief.probability"), ("verdict", "brief.verdict"))
    scenarios = list(dict.fromkeys(long["scenario"]))
    rows = []
    for _, group in long.groupby("indicator", sort=False):
        words = {row["scenario"]: result_texts(row, lang) for _, row in group.iterrows()}
        for i, (column, key) in enumerate(measures):
            texts = {name: words[name][column] if name in words else NONE for name in scenarios}
            rows.append({"_indicator": group["name"].iloc[0] if i == 0 else "",
                         "_measure": t(key, lang), **texts,
                         "_changed": len(set(texts.values())) > 1})
    return pd.DataFrame(rows, columns=["_indicator", "_measure", *scenarios, "_changed"])
