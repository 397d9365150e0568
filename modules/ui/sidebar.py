"""The sidebar: language, dataset, model and reference pickers, kept in the URL so that a
link reproduces the view; a ?scenario= link opens that saved scenario once."""

from __future__ import annotations

import streamlit as st

from modules.data.dataset import builtin_catalogue
from modules.data.storage import NotFound
from modules.engine.registry import MODEL_NAMES
from modules.planning.scenarios import KIND, Scenario
from modules.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from modules.ui import cache
from modules.ui.selection import dataset_by_key, dataset_choices, open_scenario
from modules.ui.session import (DATASET, LANG, MODEL, NO_REFERENCE, OPENED_FROM_LINK,
                                REFERENCE)
from modules.ui.text import lang


def sidebar() -> None:
    """Draw the pickers (call once per run, before the pages)."""
    params = st.query_params
    shared = params.get("scenario")
    if shared and OPENED_FROM_LINK.get() != shared:
        OPENED_FROM_LINK.set(shared)
        try:
            open_scenario(Scenario.from_payload(shared, cache.store().get(KIND, shared).payload))
        except NotFound:
            st.toast(t("scen.link_missing", lang(), name=shared))
    if not LANG.is_set():
        LANG.set(params.get("lang", DEFAULT_LANGUAGE)
                 if params.get("lang") in LANGUAGES else DEFAULT_LANGUAGE)
    choices = dataset_choices()
    if DATASET.get() not in choices:
        wanted = params.get("dataset")
        DATASET.set(wanted if wanted in choices else next(iter(choices)))
    with st.sidebar:
        st.selectbox(t("app.language", lang()), LANGUAGES, key=LANG.name,
                     format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
        chosen = lang()  # bound now: format_func may be called outside the script run
        st.selectbox(t("app.dataset", chosen), list(choices), key=DATASET.name,
                     format_func=lambda key: choices[key].get(f"name_{chosen}", key))
        st.selectbox(t("app.model", chosen), ("auto",) + MODEL_NAMES, key=MODEL.name,
                     format_func=lambda name: t(f"model.{name}", chosen))
        builtin = builtin_catalogue()
        options = [NO_REFERENCE] + [key for key in builtin if key != DATASET.get()]
        default = dataset_by_key(DATASET.get()).meta.get("reference")
        if not REFERENCE.is_set() or REFERENCE.get() not in options:
            REFERENCE.set(default if default in options else NO_REFERENCE)
        st.selectbox(t("app.reference", chosen), options, key=REFERENCE.name,
                     help=t("app.reference_help", chosen),
                     format_func=lambda key: t("app.no_reference", chosen) if key == NO_REFERENCE
                     else builtin[key][f"name_{chosen}"])
    st.query_params["lang"] = lang()
    st.query_params["dataset"] = DATASET.get()
