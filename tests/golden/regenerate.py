"""The golden numbers: verdicts, probabilities and ranges for the built-in datasets'
official targets (modules.planning.targets.plan_targets), as the engine gives them now.

tests/golden/test_golden.py compares the engine with the committed CSVs, so that any
change to these numbers is deliberate and visible in review. After a deliberate change
to the engine, regenerate them and commit the CSVs with the change:

    .venv/bin/python -m tests.golden.regenerate
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import pandas as pd

from modules.data.dataset import default_reference, load_builtin
from modules.engine.projections import project
from modules.planning.targets import evaluate, plan_targets

HERE = Path(__file__).resolve().parent
CASES = {"daklak": 2022, "vietnam": 2022}  # dataset -> the year of its official targets
COLUMNS = ["indicator", "year", "target", "growth_pct", "probability", "verdict", "median",
           "lower_80", "upper_80", "lower_95", "upper_95", "detail"]


def golden(dataset_id: str, year: int) -> pd.DataFrame:
    """One row per official target of `dataset_id` for `year` (auto model, the default
    reference as in the app and the CLI)."""
    dataset = load_builtin(dataset_id)
    rows = []
    project_fn = partial(project, reference=default_reference(dataset))
    for r in evaluate(dataset, plan_targets(dataset, year), year, project_fn=project_fn):
        p, a = r.projection, r.assessment
        low80, high80 = p.interval(80, year)
        low95, high95 = p.interval(95, year)
        rows.append({"indicator": r.indicator, "year": year, "target": r.target,
                     "growth_pct": r.growth_pct, "probability": a.probability,
                     "verdict": a.verdict, "median": p.median(year), "lower_80": low80,
                     "upper_80": high80, "lower_95": low95, "upper_95": high95,
                     "detail": p.detail})
    return pd.DataFrame(rows, columns=COLUMNS)


def path(dataset_id: str) -> Path:
    """The committed CSV of one dataset."""
    return HERE / f"{dataset_id}_{CASES[dataset_id]}.csv"


def main() -> int:
    for dataset_id, year in CASES.items():
        golden(dataset_id, year).to_csv(path(dataset_id), index=False, float_format="%.10g")
        print(f"wrote {path(dataset_id)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
