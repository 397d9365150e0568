"""Streamlit caches: the store, datasets, projections, backtest evidence, templates.

What `st.cache_resource` returns is shared by every session: callers must not mutate it.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from modules.data.dataset import Dataset, builtin_catalogue, from_payload, load_builtin
from modules.data.storage import Store
from modules.engine.backtest import backtest, model_errors
from modules.engine.projections import Outcome, project
from modules.reports.template import template_csv, template_xlsx
from modules.ui.session import NO_REFERENCE, REFERENCE


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The scenario and dataset store (one per server process)."""
    return Store(database_url())


def database_url() -> str | None:
    """[connections.khathi] url in Streamlit secrets, else KHATHI_DATABASE_URL, else SQLite."""
    try:
        return st.secrets["connections"]["khathi"]["url"]
    except (KeyError, FileNotFoundError, StreamlitSecretNotFoundError):
        return None


def saved_datasets():
    """The datasets saved by name in the store (documents, newest version each)."""
    return store().list("dataset")


@st.cache_resource(show_spinner=False)
def builtin(dataset_id: str) -> Dataset:
    """A built-in dataset, loaded once per process."""
    return load_builtin(dataset_id)


@st.cache_resource(show_spinner=False, max_entries=20)
def saved(name: str, version: int) -> Dataset:
    """A saved dataset at `version` (the version is part of the cache key)."""
    return from_payload(name, store().get("dataset", name).payload)


@st.cache_resource(show_spinner=False, max_entries=500)
def _outcome(fingerprint: str, indicator_id: str, model_name: str, horizon: int,
             reference_id: str, _data: Dataset) -> Outcome:
    reference = builtin(reference_id) if reference_id != NO_REFERENCE else None
    return project(_data, indicator_id, model_name, horizon, reference)


@st.cache_resource(show_spinner=False, max_entries=200)
def _evidence(fingerprint: str, indicator_id: str, horizon: int, _data: Dataset):
    series = _data.series(indicator_id)
    return model_errors(series, horizon), backtest(series, "auto", horizon, origins=10)


def evidence(data: Dataset, indicator_id: str, horizon: int):
    """Past errors of each model and the auto backtest, computed once per series."""
    return _evidence(data.fingerprint, indicator_id, horizon, data)


def cached_project(data: Dataset, indicator_id: str, model_name: str, horizon: int,
                   reference_id: str | None = None) -> Outcome:
    """engine.project, fitted once per (data, indicator, model, horizon, reference): a
    target edit refits nothing. Thin series borrow the reference's spread (by default
    the one chosen in the sidebar)."""
    reference_id = reference_id or REFERENCE.get()
    if reference_id not in builtin_catalogue():
        reference_id = NO_REFERENCE
    return _outcome(data.fingerprint, indicator_id, model_name, horizon, reference_id, data)


@st.cache_data(show_spinner=False)
def template(lang: str, kind: str) -> bytes:
    """The data template in `lang`, `kind` "xlsx" or "csv"."""
    return template_xlsx(lang) if kind == "xlsx" else template_csv(lang)
