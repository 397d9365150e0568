"""The sidebar: language, dataset, model and reference pickers, kept in the URL so that a
link reproduces the view; a ?scenario= link opens that saved scenario once."""

from __future__ import annotations

import logging

import streamlit as st

from modules.data.catalogue import headline_ids, indicator
from modules.data.dataset import builtin_catalogue, default_reference_id
from modules.data.problems import ProblemCode
from modules.data.storage import NotFound, StorageError
from modules.engine.registry import MODEL_NAMES, why_unavailable
from modules.planning.scenarios import KIND, Scenario
from modules.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from modules.ui import cache
from modules.ui.selection import (
    SAVED,
    dataset_by_key,
    dataset_choices,
    open_scenario,
    origin,
    reopen,
)
from modules.ui.session import (
    DATASET,
    LANG,
    LINK_OPENED,
    MODEL,
    NO_REFERENCE,
    OPENED_FROM_LINK,
    REFERENCE,
    keep_picker,
    picker,
)
from modules.ui.text import lang, md, mdtr, storage_message

logger = logging.getLogger("khathi.ui")


def open_link(shared: str) -> str | None:
    """Open the saved scenario named by a ?scenario= link, once; its stored name once it
    is open, else None with a message (never a traceback) if it does not exist (deleted,
    renamed), cannot be read or the database is down."""
    try:
        document = cache.store().latest(KIND, cache.store().find(KIND, shared).id)
        open_scenario(Scenario.from_payload(document.name, document.payload))
        return document.name
    except NotFound:
        st.toast(mdtr("scen.link_missing", name=shared))
    except StorageError as exc:
        st.toast(storage_message(exc))
    except Exception:  # a payload this release cannot read: say so, log the details
        logger.exception("scenario link %r could not be opened", shared[:200])
        st.toast(mdtr("scen.open_failed", name=shared, reason="—"))


def stale_notice(item_id: str) -> None:
    """Warn when the saved dataset in use changed since this session opened it (its pages
    show the latest version; overwriting it is refused), with a button to reopen it."""
    seen = origin(SAVED + item_id)
    listed = next((e for e in cache.saved_datasets() if e.id == item_id), None)
    if seen is not None and listed is not None and listed.version != seen.version:
        st.sidebar.warning(mdtr("data.changed_since_opened", name=listed.name))
        st.sidebar.button(t("data.reopen", lang()), on_click=reopen, args=(item_id,))


def headline_series(data) -> list[str]:
    """The indicators a model choice matters most for: the headline ones with data."""
    return [i for i in headline_ids() if i in data.indicators and len(data.series(i))]


def unavailable_models(data) -> dict[str, list]:
    """{model: [Problem, ...]} for each model that cannot run on some headline series."""
    blocked, headline = {}, headline_series(data)
    for name in MODEL_NAMES:
        found = [why_unavailable(data.series(i), name) for i in headline]
        if found := [p for p in found if p is not None]:
            blocked[name] = found
    return blocked


MODEL_REASONS = (ProblemCode.MODEL_NEEDS_YEARS, ProblemCode.MODEL_TOO_SHORT,
                 ProblemCode.MODEL_GROWTH_ONLY)


def model_reasons(model: str, problems, chosen: str) -> str:
    """One message for a model that cannot run on several series: the model named once,
    the series grouped by reason (too few years, with each series' count; growth rates
    only), instead of one sentence per series. `problems` are why_unavailable's or
    evaluate's Problems of the codes in MODEL_REASONS."""
    def name(problem) -> str:
        return md(indicator(str(problem.params["indicator"])).name(chosen))

    years = [p for p in problems if p.code is not ProblemCode.MODEL_GROWTH_ONLY]
    growth = [p for p in problems if p.code is ProblemCode.MODEL_GROWTH_ONLY]
    reasons = []
    for need in sorted({p.params["need"] for p in years}):
        reasons.append(t("app.model_reason_years", chosen, need=need, series=", ".join(
            t("app.model_reason_have", chosen, indicator=name(p), have=p.params["have"])
            for p in years if p.params["need"] == need)))
    if growth:
        reasons.append(t("app.model_reason_growth", chosen,
                         series=", ".join(name(p) for p in growth)))
    return t("app.model_reasons", chosen, model=t(f"model.{model}", chosen, default=model),
             n=len(problems), reasons="; ".join(reasons))


def sidebar() -> None:
    """Draw the pickers (call once per run, before the pages)."""
    params = st.query_params
    if not LANG.is_set():
        LANG.set(params.get("lang", DEFAULT_LANGUAGE)
                 if params.get("lang") in LANGUAGES else DEFAULT_LANGUAGE)
    shared = params.get("scenario")
    if shared and OPENED_FROM_LINK.get() != shared:
        OPENED_FROM_LINK.set(shared)  # handled once, whether it opens or not
        LINK_OPENED.set(open_link(shared))  # what is shown: only a scenario truly opened
    choices = dataset_choices()
    if cache.storage_down():
        st.sidebar.warning(t("storage.unavailable", lang()))
    if DATASET.get() not in choices:
        if str(DATASET.get()).startswith(SAVED):
            st.sidebar.warning(t("data.saved_gone", lang()))
        wanted = params.get("dataset")
        DATASET.set(wanted if wanted in choices else next(iter(choices)))
    try:
        current = dataset_by_key(DATASET.get())
    except (NotFound, StorageError):  # deleted meanwhile, or the database went down
        st.sidebar.warning(t("data.saved_gone", lang()))
        DATASET.set(next(iter(choices)))
        current = dataset_by_key(DATASET.get())
    if DATASET.get().startswith(SAVED):
        stale_notice(DATASET.get().removeprefix(SAVED))
    with st.sidebar:
        st.selectbox(t("app.language", lang()), LANGUAGES, key=LANG.name,
                     format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
        chosen = lang()  # bound now: format_func may be called outside the script run
        # one widget per language (session.picker): the shown values follow a language switch
        name = picker(DATASET, chosen)
        st.selectbox(t("app.dataset", chosen), list(choices), key=name, on_change=keep_picker,
                     args=(DATASET, name),
                     format_func=lambda key: choices[key].get(f"name_{chosen}", key))
        data = dataset_by_key(DATASET.get())
        blocked = unavailable_models(data)
        total = len(headline_series(data))

        def model_label(name: str) -> str:
            label = t(f"model.{name}", chosen)
            if not blocked.get(name):
                return label
            n = len(blocked[name])
            return t("app.model_unavailable", chosen, model=label) if n == total else \
                t("app.model_unavailable_some", chosen, model=label, n=n, total=total)

        name = picker(MODEL, chosen)
        st.selectbox(t("app.model", chosen), ("auto",) + MODEL_NAMES, key=name,
                     on_change=keep_picker, args=(MODEL, name), format_func=model_label)
        if blocked.get(MODEL.get()):
            st.warning(model_reasons(MODEL.get(), blocked[MODEL.get()], chosen))
        builtin = builtin_catalogue()
        options = [NO_REFERENCE] + [key for key in builtin if key != DATASET.get()]
        default = default_reference_id(current)
        if not REFERENCE.is_set() or REFERENCE.get() not in options:
            REFERENCE.set(default if default in options else NO_REFERENCE)
        name = picker(REFERENCE, chosen)
        st.selectbox(t("app.reference", chosen), options, key=name, on_change=keep_picker,
                     args=(REFERENCE, name),
                     help=t("app.reference_help", chosen),
                     format_func=lambda key: t("app.no_reference", chosen) if key == NO_REFERENCE
                     else builtin[key][f"name_{chosen}"])
    st.query_params["lang"] = lang()
    st.query_params["dataset"] = DATASET.get()
