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
from modules.planning.targets import evaluate, plan_targets, results_frame

HERE = Path(__file__).resolve().parent
CASES = {"daklak": 2022, "vietnam": 2022}  # dataset -> the year of its official targets
COLUMNS = ["indicator", "year", "target", "growth_pct", "probability", "verdict", "median",
           "lower_80", "upper_80", "lower_95", "upper_95", "detail"]


def golden(dataset_id: str, year: int) -> pd.DataFrame:
    """One row per official target of `dataset_id` for `year` (auto model, the default
    reference as in the app and the CLI)."""
    dataset = load_builtin(dataset_id)
    project_fn = partial(project, reference=default_reference(dataset))
    results = evaluate(dataset, plan_targets(dataset, year), year, project_fn=project_fn)
    frame = results_frame(results, dataset).rename(columns={
        "low80": "lower_80", "high80": "upper_80", "low95": "lower_95", "high95": "upper_95"})
    return frame.assign(detail=[r.projection.detail for r in results])[COLUMNS]


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
