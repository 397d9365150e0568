"""Streamlit caches: the store, datasets, projections, backtest evidence, templates.

What `st.cache_resource` returns is shared by every session: callers must not mutate it.
Every cache that can hold something derived from a user's data (a saved dataset, the
projections, evidence and charts of an uploaded one) has a bounded size and a time to live, so
a closed session's uploads do not stay in the server's memory for ever.
Projections are keyed by (dataset fingerprint, indicator, model, horizon, reference id), all
hashable and immutable, so every session of the process shares one fit; `warm_up` fits the
built-in datasets' official targets in a background thread when the server gets its first
visitor, and a fit not yet in the cache shows a spinner in the user's language when slow.
"""

from __future__ import annotations

import hashlib
import logging
import math
import pickle
import threading
import time
from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from modules.data.dataset import (
    Dataset,
    builtin_catalogue,
    default_reference_id,
    from_payload,
    load_builtin,
)
from modules.data.storage import Entry, Ref, StorageError, StorageUnavailable, Store
from modules.engine.backtest import backtest, model_errors
from modules.engine.models import MAX_HORIZON
from modules.engine.projections import Outcome, project
from modules.planning.record import Scores, replay, scores
from modules.planning.targets import default_target_year, default_targets, evaluate
from modules.reports.charts import fan_chart, history_chart, retarget
from modules.reports.template import template_csv, template_xlsx
from modules.ui.session import NO_REFERENCE, REFERENCE
from modules.ui.text import tr

# Projection keys this process has fitted, newest last (see cached_project): only whether to
# show the spinner; bounded like the projection cache itself.
_FITTED: dict[tuple, None] = {}
_FITTED_LOCK = threading.Lock()
PROJECTIONS_KEPT = 200


def _fitted(key: tuple) -> None:
    with _FITTED_LOCK:
        _FITTED[key] = None
        while len(_FITTED) > PROJECTIONS_KEPT:
            del _FITTED[next(iter(_FITTED))]


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


@st.cache_resource(show_spinner=False, max_entries=PROJECTIONS_KEPT, ttl=USER_DATA_TTL)
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
    """engine.project, fitted once per (data, indicator, model, reference) for the whole
    process, for MAX_HORIZON years, and cut to `horizon` (as engine.registry.fit itself cuts:
    the same answer as project(..., horizon)): a target edit or another target year refits
    nothing, and a second session reuses the first's fits. Thin series borrow the reference's
    spread (by default the one chosen in the sidebar). A fit not yet cached runs under a
    spinner naming the model in the session's language (Streamlit shows it only when the fit
    takes over half a second, e.g. ARIMA). A horizon outside 1..MAX_HORIZON gets the engine's
    own refusal."""
    reference_id = reference_id or REFERENCE.get()
    if not 1 <= horizon <= MAX_HORIZON:
        return project(data, indicator_id, model_name, horizon, None)
    key = _projection_key(data, indicator_id, model_name, reference_id)
    if key in _FITTED:
        return _cut(_outcome(*key, data), horizon)
    with st.spinner(tr("app.fitting", model=tr(f"model.{model_name}"))):
        outcome = _outcome(*key, data)
    _fitted(key)
    return _cut(outcome, horizon)


def _cut(outcome: Outcome, horizon: int) -> Outcome:
    if outcome.projection is None:
        return outcome
    return replace(outcome, projection=outcome.projection.head(horizon))


def _projection_key(data: Dataset, indicator_id: str, model_name: str,
                    reference_id: str) -> tuple[str, str, str, int, str]:
    if reference_id not in builtin_catalogue():
        reference_id = NO_REFERENCE
    return data.fingerprint, indicator_id, model_name, MAX_HORIZON, reference_id


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Start, once per server process, a background thread that fits the official targets of
    every built-in dataset (default year, automatic model, the dataset's default reference)
    into the shared cache, so that visitors find them ready. Returns the thread at once."""
    thread = threading.Thread(target=_warm_builtin, name="khathi-warm-up", daemon=True)
    thread.start()
    return thread


def _warm_builtin() -> None:
    for dataset_id in builtin_catalogue():
        try:
            data = builtin(dataset_id)
            year = default_target_year(data)
            reference = default_reference_id(data) or NO_REFERENCE
            evaluate(data, default_targets(data, year), year, "auto",
                     partial(_warm_project, reference_id=reference))
        except Exception:  # a failed warm-up only means the page fits on demand
            logger.warning("warm-up of %s failed", dataset_id, exc_info=True)


# --- Khả thi's own record (planning.record): a replay of every built-in official target ---
# Models whose record this process has computed (record_if_ready never waits for one).
_RECORDED: set[str] = set()
_RECORDING: dict[str, threading.Thread] = {}
_RECORD_LOCK = threading.Lock()


@st.cache_data(show_spinner=False, max_entries=20)
def _record_table(model_name: str, datasets: tuple[str, ...]) -> pd.DataFrame:
    return replay([builtin(i) for i in datasets], model_name, load_builtin=builtin)


def _replayed(model_name: str) -> pd.DataFrame:
    table = _record_table(model_name, tuple(builtin_catalogue()))
    _RECORDED.add(model_name)
    return table


def record(model_name: str) -> pd.DataFrame:
    """planning.record.replay of every built-in dataset (each with its own default reference)
    with `model_name`, computed once per process and model (benchmarks/results/record.txt:
    about 2 s of CPU for auto, 11 s for ARIMA) and shared by every session; under a spinner
    in the user's language the first time."""
    if model_name in _RECORDED:
        return _replayed(model_name)
    with st.spinner(tr("record.computing")):
        return _replayed(model_name)


def record_if_ready(model_name: str) -> pd.DataFrame | None:
    """The record of `model_name` if this process has it, else None at once: the target page
    never waits for it (it starts it with start_record once its own results are drawn)."""
    return record(model_name) if model_name in _RECORDED else None


def start_record(model_name: str) -> None:
    """Replay the record of `model_name` in a background thread unless this process has it
    or is replaying it (once per model)."""
    if model_name in _RECORDED:
        return
    with _RECORD_LOCK:
        if model_name not in _RECORDING:
            _RECORDING[model_name] = threading.Thread(
                target=_record_in_background, args=(model_name,), daemon=True,
                name=f"khathi-record-{model_name}")
            _RECORDING[model_name].start()


def briefing_record(models) -> Scores | None:
    """The record's scores for a briefing whose items all use one model (None when they use
    several: one line cannot speak for two models)."""
    models = set(models)  # no spinner: an export may be built outside the page's run
    return scores(_replayed(models.pop())) if len(models) == 1 else None


def _record_in_background(model_name: str) -> None:
    if model_name in _RECORDED:
        return
    try:
        _replayed(model_name)
    except Exception:  # the page computes it on demand instead
        logger.warning("record of %s failed", model_name, exc_info=True)
    finally:
        with _RECORD_LOCK:
            _RECORDING.pop(model_name, None)


def _warm_project(data: Dataset, indicator_id: str, model_name: str, horizon: int,
                  reference_id: str) -> Outcome:
    key = _projection_key(data, indicator_id, model_name, reference_id)
    outcome = _outcome(*key, data)
    _fitted(key)
    return _cut(outcome, horizon)


def fan_chart_spec(series, projection, lang: str, target: float | None, year: int) -> dict:
    """reports.charts.fan_chart as a Vega-Lite spec (for st.vega_lite_chart), built once per
    distinct (series, projection, language, year, with or without a target) for the whole
    process; a target edit only moves the diamond (charts.retarget). Building an Altair chart
    and its spec costs about a tenth of a second (benchmarks/app_timing.py)."""
    digest = hashlib.sha256(pickle.dumps((series, projection), protocol=5)).hexdigest()
    if target is None or not math.isfinite(target):
        return _fan_spec(digest, lang, None, year, series, projection)
    stand_in = 1.0  # any finite target: retarget puts the real one in its place
    return retarget(_fan_spec(digest, lang, stand_in, year, series, projection), target, year,
                    lang)


@st.cache_data(show_spinner=False, max_entries=500, ttl=USER_DATA_TTL)
def _fan_spec(digest: str, lang: str, target: float | None, year: int, _series,
              _projection) -> dict:
    # Without Altair's JSON-schema check (40% of a spec's cost); tests/app check the charts.
    return fan_chart(_series, _projection, lang, target, year).to_dict(validate=False)


def history_chart_spec(data: Dataset, indicator_id: str, lang: str) -> dict:
    """reports.charts.history_chart of one series as a Vega-Lite spec, built once per
    (dataset content, indicator, language) for the whole process (a landing page draws four)."""
    return _history_spec(data.fingerprint, indicator_id, lang, data)


@st.cache_data(show_spinner=False, max_entries=200, ttl=USER_DATA_TTL)
def _history_spec(fingerprint: str, indicator_id: str, lang: str, _data: Dataset) -> dict:
    return history_chart(_data.series(indicator_id), lang).to_dict(validate=False)


@st.cache_data(show_spinner=False)
def template(lang: str, kind: str) -> bytes:
    """The data template in `lang`, `kind` "xlsx" or "csv"."""
    return template_xlsx(lang) if kind == "xlsx" else template_csv(lang)
