"""What this session works on: the dataset picked, its target tables and year, the years
marked one-off, and opening a saved scenario into the session."""

from __future__ import annotations

import pandas as pd

from modules.data.dataset import Dataset, builtin_catalogue
from modules.data.storage import NotFound, Ref, StaleEdit
from modules.planning.scenarios import Scenario
from modules.planning.targets import default_target_year, default_targets, targetable_years
from modules.planning.tools import OneOff, dataset_with_one_offs
from modules.text.i18n import LANGUAGES, t
from modules.ui import cache
from modules.ui.session import (
    DATASET,
    DATASET_ORIGINS,
    MODEL,
    NO_REFERENCE,
    ONE_OFFS,
    OPENED_DATASETS,
    REFERENCE,
    TARGET_TABLES,
    TARGET_YEAR,
    USER_DATASETS,
    bump_editor,
    table_key,
)

SESSION, SAVED = "session:", "saved:"  # picker-key prefixes: this session's data, saved data (id)


def dataset_choices() -> dict[str, dict]:
    """Picker keys and their names: built-in, this session's own data, then saved datasets."""
    choices = dict(builtin_catalogue())
    for name in USER_DATASETS.get():
        choices[SESSION + name] = {f"name_{code}": t("app.session_dataset", code, name=name)
                                   for code in LANGUAGES}
    for entry in cache.saved_datasets():
        choices[SAVED + entry.id] = {f"name_{code}": t("app.saved_dataset", code,
                                                       name=entry.name)
                                     for code in LANGUAGES}
    return choices


def dataset() -> Dataset:
    """The dataset picked in the sidebar (the first built-in one before any pick)."""
    return dataset_by_key(DATASET.get() or next(iter(builtin_catalogue())))


def dataset_key() -> str:
    """The picker key of the dataset in use (built-in id, session:NAME or saved:NAME)."""
    return DATASET.get() or next(iter(builtin_catalogue()))


def dataset_by_key(key: str) -> Dataset:
    """A picker key (built-in id, session:NAME or saved:ID) to its dataset.

    A saved dataset is the version the user opened (its Ref is kept in the session from
    the first time it was picked, see opened_ref); if someone changed it since and that
    version is no longer cached, the latest version is shown and opened_ref still names
    the version opened, so that saving over it is refused (StaleEdit). NotFound if it was
    deleted; StorageUnavailable if the database is down."""
    if key.startswith(SESSION):
        return USER_DATASETS.get()[key.removeprefix(SESSION)]
    if key.startswith(SAVED):
        ref = opened_ref(key.removeprefix(SAVED))
        try:
            return cache.saved(ref)
        except StaleEdit:
            latest = cache.store().latest("dataset", ref.id)
            return cache.saved(latest.ref)
    return cache.builtin(key)


def opened_ref(item_id: str) -> Ref:
    """The Ref (id + version) of saved dataset `item_id` as the user first opened it in this
    session (stored then, from the listing); NotFound if it is not listed any more."""
    opened = OPENED_DATASETS.setdefault()
    if item_id not in opened:
        entry = next((e for e in cache.saved_datasets() if e.id == item_id), None)
        if entry is None:
            raise NotFound("")
        opened[item_id] = entry.ref
    return opened[item_id]


def reopen(item_id: str) -> None:
    """Forget the version opened of saved dataset `item_id`: the next use opens the latest."""
    OPENED_DATASETS.setdefault().pop(item_id, None)


def origin(key: str) -> Ref | None:
    """The saved dataset (Ref as opened) the dataset under picker key `key` comes from:
    itself for saved:ID, the one it was edited from for this session's data, else None."""
    if key.startswith(SAVED):
        try:
            return opened_ref(key.removeprefix(SAVED))
        except NotFound:
            return None
    return DATASET_ORIGINS.get().get(key)


def use_dataset(data: Dataset, came_from: Ref | None = None) -> None:
    """Keep a user dataset in the session and select it (call from a widget callback);
    `came_from` is the saved dataset (as opened) it was edited from, if any."""
    USER_DATASETS.setdefault()[data.id] = data
    origins = DATASET_ORIGINS.setdefault()
    if came_from is None:
        origins.pop(SESSION + data.id, None)
    else:
        origins[SESSION + data.id] = came_from
    DATASET.set(SESSION + data.id)


def has_series(data: Dataset) -> bool:
    """True if `data` has at least one indicator with a series the models can use."""
    return bool(data.indicators)


def require_series(data: Dataset) -> None:
    """Stop the page with a message when `data` has nothing to project (an upload of only
    alternative figures, or of growth rows with no level, passes validation)."""
    import streamlit as st

    from modules.ui.text import lang, mdtr

    if not has_series(data):
        st.warning(mdtr("data.nothing_usable", name=data.name(lang())))
        st.stop()


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
    """Put a saved scenario's choices into the session (before the widgets are drawn).
    NotFound if its dataset is no longer saved; StorageUnavailable."""
    DATASET.set(scenario_dataset_key(scenario.dataset))
    ONE_OFFS.set(list(scenario.one_off))
    REFERENCE.set(scenario.reference or NO_REFERENCE)
    TARGET_YEAR.set(scenario.year)
    MODEL.set(scenario.model)
    data = dataset_by_key(DATASET.get())
    key, _ = target_table(data, scenario.year, replace=scenario.table())
    bump_editor(key)


def scenario_dataset_key(key: str) -> str:
    """A scenario's dataset picker key, as current: scenarios saved before datasets had ids
    name them saved:NAME, now saved:ID. NotFound if that saved dataset no longer exists."""
    if not key.startswith(SAVED):
        if key.startswith(SESSION) or key not in builtin_catalogue():
            raise NotFound(key)
        return key
    wanted = key.removeprefix(SAVED)
    for entry in cache.saved_datasets():
        if wanted in (entry.id, entry.name):
            return SAVED + entry.id
    raise NotFound(wanted)
