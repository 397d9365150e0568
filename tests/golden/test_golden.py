"""The engine's answers for the built-in official targets match the committed CSVs.

A failure means the numbers changed: if deliberately, regenerate them
(`.venv/bin/python -m tests.golden.regenerate`) and commit the CSVs with the change."""

import pandas as pd
import pytest

from tests.golden.regenerate import CASES, golden, path


@pytest.mark.parametrize("dataset_id", list(CASES))
def test_official_targets_give_the_pinned_numbers(dataset_id):
    pinned = pd.read_csv(path(dataset_id))
    now = golden(dataset_id, CASES[dataset_id])
    assert len(pinned) >= 3
    assert list(now["verdict"]) == list(pinned["verdict"])
    numbers = [c for c in pinned.columns if c not in ("indicator", "verdict", "detail")]
    pd.testing.assert_frame_equal(now[numbers].astype(float), pinned[numbers].astype(float),
                                  rtol=1e-7, atol=1e-9)
    assert list(now["detail"]) == list(pinned["detail"].fillna(""))
