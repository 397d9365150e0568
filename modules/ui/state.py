"""The Streamlit layer's shared state: language, dataset, model and cached projections.

Only arranging and caching happens here; the work is done in modules/.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules import fmt
from modules.catalogue import indicator
from modules.dataset import Dataset, builtin_catalogue, load_builtin
from modules.engine import Outcome, project
from modules.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from modules.models import MODEL_NAMES


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def tr(key: str, **params) -> str:
    return t(key, lang(), **params)


def sidebar() -> None:
    """Language, dataset and model pickers, kept in the URL so that a link reproduces the view."""
    params = st.query_params
    if "lang" not in st.session_state:
        st.session_state["lang"] = params.get("lang", DEFAULT_LANGUAGE) \
            if params.get("lang") in LANGUAGES else DEFAULT_LANGUAGE
    catalogue = builtin_catalogue()
    if "dataset" not in st.session_state:
        wanted = params.get("dataset")
        st.session_state["dataset"] = wanted if wanted in catalogue else next(iter(catalogue))
    with st.sidebar:
        st.selectbox(t("app.language", lang()), LANGUAGES, key="lang",
                     format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
        chosen = lang()  # bound now: format_func may be called outside the script run
        st.selectbox(t("app.dataset", chosen), list(catalogue), key="dataset",
                     format_func=lambda key: catalogue[key][f"name_{chosen}"])
        st.selectbox(t("app.model", chosen), ("auto",) + MODEL_NAMES, key="model",
                     format_func=lambda name: t(f"model.{name}", chosen))
    st.query_params["lang"] = lang()
    st.query_params["dataset"] = st.session_state["dataset"]


def dataset() -> Dataset:
    return _builtin(st.session_state.get("dataset", next(iter(builtin_catalogue()))))


def model() -> str:
    return st.session_state.get("model", "auto")


@st.cache_resource(show_spinner=False)
def _builtin(dataset_id: str) -> Dataset:
    return load_builtin(dataset_id)


@st.cache_resource(show_spinner=False)
def _outcome(dataset_id: str, indicator_id: str, model_name: str, horizon: int) -> Outcome:
    return project(_builtin(dataset_id), indicator_id, model_name, horizon)


def outcome(indicator_id: str, horizon: int) -> Outcome:
    """Fitted once per (dataset, indicator, model, horizon): a target edit refits nothing."""
    return _outcome(dataset().id, indicator_id, model(), horizon)


def indicator_name(indicator_id: str) -> str:
    return indicator(indicator_id).name(lang())


def unit_name(unit: str) -> str:
    text = tr(f"unit.{unit}")
    return unit if text == f"unit.{unit}" else text


def styled(frame: pd.DataFrame, formats: dict) -> "pd.io.formats.style.Styler":
    """Display-only formatting in the UI language; the numbers stay numbers."""
    return frame.style.format({column: (lambda value, f=f: f(value, lang()))
                               for column, f in formats.items()}, na_rep="—")


def number(value, decimals: int | None = None) -> str:
    if decimals is None:
        return fmt.smart_number(value, lang())
    return fmt.number(value, lang(), decimals)
