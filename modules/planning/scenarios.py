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

from modules.data.catalogue import indicator
from modules.text import fmt
from modules.text.i18n import t
from modules.data.dataset import Dataset, builtin_catalogue, load_builtin
from modules.engine.projections import project
from modules.planning.tools import OneOff, dataset_with_one_offs
from modules.planning.targets import TargetResult, evaluate

KIND = "scenario"
TABLE_COLUMNS = ["indicator", "target", "growth_pct", "direction", "typed"]


@dataclass
class Scenario:
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
        rows = table.reindex(columns=TABLE_COLUMNS).astype(object)
        rows = rows.where(pd.notna(rows), None)
        return cls(name, dataset_key, int(year), model, rows.to_dict(orient="records"),
                   list(one_off or []), reference)

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.targets, columns=TABLE_COLUMNS)

    def to_payload(self) -> dict:
        payload = asdict(self)
        payload.pop("name")
        return payload

    @classmethod
    def from_payload(cls, name: str, payload: dict) -> "Scenario":
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


def comparison(evaluated: dict[str, list[TargetResult]], lang: str = "vi") -> pd.DataFrame:
    """Long table, one row per (indicator, scenario): what differs between scenarios."""
    rows = []
    for name, results in evaluated.items():
        for r in results:
            a = r.assessment
            rows.append({"indicator": r.indicator, "name": indicator(r.indicator).name(lang),
                         "scenario": name, "year": r.year, "target": r.target,
                         "growth_pct": r.growth_pct,
                         "annual_growth_pct": a.annual_growth_pct if a else None,
                         "probability": a.probability if a else None,
                         "verdict": a.verdict if a else None})
    return pd.DataFrame(rows, columns=["indicator", "name", "scenario", "year", "target",
                                       "growth_pct", "annual_growth_pct", "probability",
                                       "verdict"])


def differing(long: pd.DataFrame, column: str) -> set[str]:
    """Indicators whose `column` is not the same in every scenario compared."""
    spread = long.groupby("indicator")[column].agg(lambda v: v.round(6).nunique(dropna=False)
                                                    if v.dtype.kind == "f" else v.nunique())
    return set(spread[spread > 1].index)


def comparison_table(long: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The comparison as shown: one row per indicator (in `long`'s order), for each scenario
    its target, annual growth, probability and verdict as formatted text ("—" where there is
    none), and a boolean `_changed` column (target or verdict differs between scenarios).
    `long` is `comparison`'s table."""
    changed = differing(long, "target") | differing(long, "verdict")
    rows = []
    for name, group in long.groupby("name", sort=False):
        row = {t("brief.indicator", lang): name}
        for r in group.itertuples():
            row[f"{r.scenario} · {t('brief.target', lang)}"] = fmt.smart_number(r.target, lang) \
                if pd.notna(r.target) else "—"
            row[f"{r.scenario} · {t('brief.annual_growth', lang)}"] = fmt.percent(
                r.annual_growth_pct, lang, 1, signed=True)
            row[f"{r.scenario} · {t('brief.probability', lang)}"] = fmt.probability(
                r.probability, lang)
            row[f"{r.scenario} · {t('brief.verdict', lang)}"] = t(f"verdict.{r.verdict}", lang) \
                if isinstance(r.verdict, str) else "—"
        row["_changed"] = group["indicator"].iloc[0] in changed
        rows.append(row)
    return pd.DataFrame(rows)
