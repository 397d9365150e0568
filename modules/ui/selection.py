"""What this session works on: the dataset picked, its target tables and year, the years
marked one-off, and opening a saved scenario into the session."""

from __future__ import annotations

import pandas as pd

from modules.data.dataset import Dataset, builtin_catalogue
from modules.planning.scenarios import Scenario
from modules.planning.targets import default_target_year, default_targets, targetable_years
from modules.planning.tools import OneOff, dataset_with_one_offs
from modules.text.i18n import LANGUAGES, t
from modules.ui import cache
from modules.ui.session import (DATASET, MODEL, NO_REFERENCE, ONE_OFFS, REFERENCE, TARGET_TABLES,
                                TARGET_YEAR, USER_DATASETS, bump_editor, table_key)

SESSION, SAVED = "session:", "saved:"  # picker-key prefixes: this session's data, saved data


def dataset_choices() -> dict[str, dict]:
    """Picker keys and their names: built-in, this session's own data, then saved datasets."""
    choices = dict(builtin_catalogue())
    for name in USER_DATASETS.get():
        choices[SESSION + name] = {f"name_{code}": t("app.session_dataset", code, name=name)
                                   for code in LANGUAGES}
    for document in cache.saved_datasets():
        choices[SAVED + document.name] = {f"name_{code}": t("app.saved_dataset", code,
                                                            name=document.name)
                                          for code in LANGUAGES}
    return choices


def dataset() -> Dataset:
    """The dataset picked in the sidebar (the first built-in one before any pick)."""
    return dataset_by_key(DATASET.get() or next(iter(builtin_catalogue())))


def dataset_key() -> str:
    """The picker key of the dataset in use (built-in id, session:NAME or saved:NAME)."""
    return DATASET.get() or next(iter(builtin_catalogue()))


def dataset_by_key(key: str) -> Dataset:
    """A picker key (built-in id, session:NAME or saved:NAME) to its dataset."""
    if key.startswith(SESSION):
        return USER_DATASETS.get()[key.removeprefix(SESSION)]
    if key.startswith(SAVED):
        document = cache.store().get("dataset", key.removeprefix(SAVED))
        return cache.saved(document.name, document.version)
    return cache.builtin(key)


def use_dataset(data: Dataset) -> None:
    """Keep a user dataset in the session and select it (call from a widget callback)."""
    USER_DATASETS.setdefault()[data.id] = data
    DATASET.set(SESSION + data.id)


def model() -> str:
    """The model picked in the sidebar ("auto" or a model name)."""
    return MODEL.get()


def one_offs() -> list[dict]:
    """Years marked exceptional in this session: [{"indicator", "year", "reason"}]."""
    return ONE_OFFS.get()


def planning_dataset(data: Dataset) -> Dataset:
    """The dataset as the models see it, with the one-off years left out."""
    return dataset_with_one_offs(data, [OneOff(**mark) for mark in one_offs()])


def target_year(data: Dataset) -> int:
    """The target year of this session on `data`: the one chosen, if `data` can be targeted
    for it, else the default its plans give (stored, so every page agrees)."""
    if TARGET_YEAR.get() not in targetable_years(data):
        TARGET_YEAR.set(default_target_year(data))
    return TARGET_YEAR.get()


def target_table(data: Dataset, year: int, replace: pd.DataFrame | None = None):
    """(table_key, table): the target table being edited for (dataset, year), kept for the
    session; it starts from the official targets (or the indicators with blank targets)."""
    tables = TARGET_TABLES.setdefault()
    key = table_key(data.id, year)
    if replace is not None:
        tables[key] = replace
    elif key not in tables:
        tables[key] = default_targets(data, year)
    return key, tables[key]


def open_scenario(scenario: Scenario) -> None:
    """Put a saved scenario's choices into the session (before the widgets are drawn)."""
    DATASET.set(scenario.dataset)
    ONE_OFFS.set(list(scenario.one_off))
    REFERENCE.set(scenario.reference or NO_REFERENCE)
    TARGET_YEAR.set(scenario.year)
    MODEL.set(scenario.model)
    data = dataset_by_key(scenario.dataset)
    key, _ = target_table(data, scenario.year, replace=scenario.table())
    bump_editor(key)
