"""Streamlit caches: the store, datasets, projections, backtest evidence, templates.

What `st.cache_resource` returns is shared by every session: callers must not mutate it.
Every cache that can hold something derived from a user's data (a saved dataset, the
projections and evidence of an uploaded one) has a bounded size and a time to live, so a
closed session's uploads do not stay in the server's memory for ever.
"""

from __future__ import annotations

import logging
import time

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from modules.data.dataset import Dataset, builtin_catalogue, from_payload, load_builtin
from modules.data.storage import Entry, Ref, StorageError, StorageUnavailable, Store
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


USER_DATA_TTL = 3600  # seconds a cached result derived from user data is kept
DOWN_PAUSE = 30.0  # seconds without asking an unavailable database again
_down_until: dict[str, float] = {}  # database URL → monotonic time until which it is skipped
logger = logging.getLogger("khathi.ui")


def entries(kind: str) -> list[Entry]:
    """The live saved items of `kind` (metadata, no payloads), sorted by name.
    StorageUnavailable (at once, for DOWN_PAUSE seconds after a failure, so pages do not wait
    on a dead database at every run); other StorageErrors as raised by the store."""
    url = store().url
    if time.monotonic() < _down_until.get(url, 0.0):
        raise StorageUnavailable()
    try:
        return store().entries(kind)
    except StorageUnavailable:
        _down_until[url] = time.monotonic() + DOWN_PAUSE
        raise


def saved_datasets() -> list[Entry]:
    """The datasets saved in the store (metadata only), or [] when the store cannot be read
    (built-in data keeps working; the sidebar says why with storage_warning())."""
    try:
        return entries("dataset")
    except StorageError as exc:
        logger.warning("saved datasets not listed: %s", type(exc).__name__)
        return []


def storage_down() -> bool:
    """True while the database is known to be unavailable."""
    return time.monotonic() < _down_until.get(store().url, 0.0)


@st.cache_resource(show_spinner=False)
def builtin(dataset_id: str) -> Dataset:
    """A built-in dataset, loaded once per process."""
    return load_builtin(dataset_id)


@st.cache_resource(show_spinner=False, max_entries=20, ttl=USER_DATA_TTL)
def _saved(item_id: str, version: int) -> Dataset:
    document = store().open(Ref("dataset", item_id, version))
    return from_payload(document.name, document.payload)


def saved(ref: Ref) -> Dataset:
    """The saved dataset exactly at ref (id and version are the cache key); StaleEdit if it
    changed since and is not cached any more, StorageUnavailable."""
    return _saved(ref.id, ref.version)


@st.cache_resource(show_spinner=False, max_entries=200, ttl=USER_DATA_TTL)
def _outcome(fingerprint: str, indicator_id: str, model_name: str, horizon: int,
             reference_id: str, _data: Dataset) -> Outcome:
    reference = builtin(reference_id) if reference_id != NO_REFERENCE else None
    return project(_data, indicator_id, model_name, horizon, reference)


@st.cache_resource(show_spinner=False, max_entries=100, ttl=USER_DATA_TTL)
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
