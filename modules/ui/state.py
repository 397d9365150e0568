"""The Streamlit layer's shared state: language, dataset, model and cached projections.

Only arranging and caching happens here; the work is done in modules/.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from modules.data.catalogue import indicator
from modules.data.dataset import Dataset, builtin_catalogue, from_payload, load_builtin
from modules.data.storage import NotFound, Store
from modules.engine.backtest import backtest, model_errors
from modules.engine.models import MODEL_NAMES
from modules.engine.projections import Outcome, project
from modules.planning.scenarios import KIND, Scenario
from modules.planning.targets import default_targets
from modules.planning.tools import OneOff, dataset_with_one_offs
from modules.text import fmt, i18n
from modules.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, t


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def tr(key: str, **params) -> str:
    return t(key, lang(), **params)


def sidebar() -> None:
    """Language, dataset and model pickers, kept in the URL so that a link reproduces the view."""
    params = st.query_params
    shared = params.get("scenario")
    if shared and st.session_state.get("opened_from_link") != shared:
        st.session_state["opened_from_link"] = shared
        try:
            open_scenario(Scenario.from_payload(shared, store().get(KIND, shared).payload))
        except NotFound:
            st.toast(t("scen.link_missing", lang(), name=shared))
    if "lang" not in st.session_state:
        st.session_state["lang"] = params.get("lang", DEFAULT_LANGUAGE) \
            if params.get("lang") in LANGUAGES else DEFAULT_LANGUAGE
    choices = dataset_choices()
    if st.session_state.get("dataset") not in choices:
        wanted = params.get("dataset")
        st.session_state["dataset"] = wanted if wanted in choices else next(iter(choices))
    with st.sidebar:
        st.selectbox(t("app.language", lang()), LANGUAGES, key="lang",
                     format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
        chosen = lang()  # bound now: format_func may be called outside the script run
        st.selectbox(t("app.dataset", chosen), list(choices), key="dataset",
                     format_func=lambda key: choices[key].get(f"name_{chosen}", key))
        st.selectbox(t("app.model", chosen), ("auto",) + MODEL_NAMES, key="model",
                     format_func=lambda name: t(f"model.{name}", chosen))
        builtin = builtin_catalogue()
        options = [NO_REFERENCE] + [key for key in builtin if key != st.session_state["dataset"]]
        default = dataset_by_key(st.session_state["dataset"]).meta.get("reference")
        if st.session_state.get("reference") not in options:
            st.session_state["reference"] = default if default in options else NO_REFERENCE
        st.selectbox(t("app.reference", chosen), options, key="reference",
                     help=t("app.reference_help", chosen),
                     format_func=lambda key: t("app.no_reference", chosen) if key == NO_REFERENCE
                     else builtin[key][f"name_{chosen}"])
    st.query_params["lang"] = lang()
    st.query_params["dataset"] = st.session_state["dataset"]


SESSION, SAVED = "session:", "saved:"
NO_REFERENCE = "-"


def dataset_choices() -> dict[str, dict]:
    """Picker keys and their names: built-in, this session's own data, then saved datasets."""
    choices = dict(builtin_catalogue())
    for name in st.session_state.get("user_datasets", {}):
        choices[SESSION + name] = {f"name_{code}": t("app.session_dataset", code, name=name)
                                   for code in LANGUAGES}
    for document in saved_datasets():
        choices[SAVED + document.name] = {f"name_{code}": t("app.saved_dataset", code,
                                                            name=document.name)
                                          for code in LANGUAGES}
    return choices


def dataset() -> Dataset:
    return dataset_by_key(st.session_state.get("dataset") or next(iter(builtin_catalogue())))


def dataset_by_key(key: str) -> Dataset:
    """A picker key (built-in id, session:NAME or saved:NAME) to its dataset."""
    if key.startswith(SESSION):
        return st.session_state["user_datasets"][key.removeprefix(SESSION)]
    if key.startswith(SAVED):
        document = store().get("dataset", key.removeprefix(SAVED))
        return _saved(document.name, document.version)
    return _builtin(key)


def use_dataset(data: Dataset) -> None:
    """Keep a user dataset in the session and select it (call from a widget callback)."""
    st.session_state.setdefault("user_datasets", {})[data.id] = data
    st.session_state["dataset"] = SESSION + data.id


def model() -> str:
    return st.session_state.get("model", "auto")


@st.cache_resource(show_spinner=False)
def store() -> Store:
    return Store(database_url())


def database_url() -> str | None:
    """[connections.khathi] url in Streamlit secrets, else KHATHI_DATABASE_URL, else SQLite."""
    try:
        return st.secrets["connections"]["khathi"]["url"]
    except (KeyError, FileNotFoundError, StreamlitSecretNotFoundError):
        return None


def saved_datasets():
    return store().list("dataset")


@st.cache_resource(show_spinner=False)
def _builtin(dataset_id: str) -> Dataset:
    return load_builtin(dataset_id)


@st.cache_resource(show_spinner=False, max_entries=20)
def _saved(name: str, version: int) -> Dataset:
    return from_payload(name, store().get("dataset", name).payload)


@st.cache_resource(show_spinner=False, max_entries=500)
def _outcome(fingerprint: str, indicator_id: str, model_name: str, horizon: int,
             reference_id: str, _data: Dataset) -> Outcome:
    reference = _builtin(reference_id) if reference_id != NO_REFERENCE else None
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
    reference_id = reference_id or st.session_state.get("reference", NO_REFERENCE)
    if reference_id not in builtin_catalogue():
        reference_id = NO_REFERENCE
    return _outcome(data.fingerprint, indicator_id, model_name, horizon, reference_id, data)


def indicator_name(indicator_id: str) -> str:
    return indicator(indicator_id).name(lang())


def unit_name(unit: str) -> str:
    return i18n.unit_name(unit, lang())


def number(value, decimals: int | None = None) -> str:
    if decimals is None:
        return fmt.smart_number(value, lang())
    return fmt.number(value, lang(), decimals)


def one_offs() -> list[dict]:
    """Years marked exceptional in this session: [{"indicator", "year", "reason"}]."""
    return st.session_state.get("one_offs", [])


def planning_dataset(data: Dataset) -> Dataset:
    """The dataset as the models see it, with the one-off years left out."""
    return dataset_with_one_offs(data, [OneOff(**mark) for mark in one_offs()])


def open_scenario(scenario: Scenario) -> None:
    """Put a saved scenario's choices into the session (before the widgets are drawn)."""
    st.session_state["dataset"] = scenario.dataset
    st.session_state["one_offs"] = list(scenario.one_off)
    st.session_state["reference"] = scenario.reference or NO_REFERENCE
    st.session_state["target_year"] = scenario.year
    st.session_state["model"] = scenario.model
    data = dataset_by_key(scenario.dataset)
    key = f"{data.id}:{scenario.year}"
    st.session_state.setdefault("targets", {})[key] = scenario.table()
    version_key = f"editor_version:{key}"
    st.session_state[version_key] = st.session_state.get(version_key, 0) + 1


def target_table(data: Dataset, year: int, replace: pd.DataFrame | None = None):
    """The target table being edited for (dataset, year), kept for the session; it starts
    from the official targets (or the indicators with blank targets)."""
    tables = st.session_state.setdefault("targets", {})
    key = f"{data.id}:{year}"
    if replace is not None:
        tables[key] = replace
    elif key not in tables:
        tables[key] = default_targets(data, year)
    return key, tables[key]
