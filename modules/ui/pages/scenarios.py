"""Scenarios: save the current targets, reopen, duplicate, rename, delete, compare, export."""

from urllib.parse import quote

import pandas as pd
import streamlit as st

from modules.reports.briefing import Evaluated, pdf, workbook
from modules.reports.charts import comparison_chart
from modules.reports.palette import CHANGED_ROW
from modules.planning.scenarios import (KIND, Scenario, comparison, comparison_table,
                                        evaluate_scenario)
from modules.data.storage import NameTaken, NotFound, StaleEdit
from modules.ui.cache import cached_project, store
from modules.ui.selection import (SESSION, dataset, dataset_by_key, dataset_choices, dataset_key,
                                  model, one_offs, open_scenario, target_table, target_year)
from modules.ui.session import NO_REFERENCE, REFERENCE, SCENARIO_AUTHOR, SCENARIO_FEEDBACK
from modules.ui.text import lang, tr

st.title(tr("scen.heading"))
st.caption(tr("scen.intro"))
chosen_lang = lang()


def evaluated(scenario: Scenario) -> Evaluated:
    data = dataset_by_key(scenario.dataset)
    project_fn = lambda d, i, m, h: cached_project(d, i, m, h, scenario.reference or NO_REFERENCE)
    return Evaluated(scenario, data, evaluate_scenario(scenario, data, project_fn))


def load(name: str) -> tuple[Scenario, int]:
    document = store().get(KIND, name)
    return Scenario.from_payload(name, document.payload), document.version


def feedback(kind: str, text: str) -> None:
    SCENARIO_FEEDBACK.set((kind, text))


# --- save the targets being worked on ------------------------------------------------------
data = dataset()
year = target_year(data)
_, table = target_table(data, year)
st.subheader(tr("scen.save_heading"))
st.caption(tr("scen.save_help", dataset=data.name(lang()), year=year, n=len(table)))
with st.form("save_scenario", clear_on_submit=False):
    columns = st.columns([2, 1, 3])
    name = columns[0].text_input(tr("scen.name"))
    author = columns[1].text_input(tr("scen.author"), key=SCENARIO_AUTHOR.name)
    note = columns[2].text_input(tr("scen.note"))
    if st.form_submit_button(tr("scen.save"), icon=":material/save:", type="primary"):
        key = dataset_key()
        if not name.strip():
            st.error(tr("scen.need_name"))
        elif key.startswith(SESSION):
            st.error(tr("scen.session_dataset"))
        else:
            scenario = Scenario.from_table(name.strip(), key, year, model(), table, one_offs(),
                                           REFERENCE.get())
            try:
                store().save(KIND, scenario.name, scenario.to_payload(), author=author.strip(),
                             note=note.strip())
                st.success(tr("scen.saved", name=scenario.name))
            except NameTaken:
                st.error(tr("scen.name_taken", name=name.strip()))

# --- the saved scenarios --------------------------------------------------------------------
saved = store().list(KIND)
st.subheader(tr("scen.list_heading"))
kind, text = SCENARIO_FEEDBACK.pop() or (None, None)
if kind:
    getattr(st, kind)(text)
if not saved:
    st.info(tr("scen.none"))
    st.stop()
choices = dataset_choices()
dataset_label = lambda key: choices.get(key, {}).get(f"name_{chosen_lang}", key)
st.dataframe(pd.DataFrame([{
    tr("scen.name"): d.name, tr("scen.dataset"): dataset_label(d.payload.get("dataset")),
    tr("scen.year"): str(d.payload.get("year")), tr("scen.author"): d.author,
    tr("scen.updated"): d.updated_at.strftime("%d/%m/%Y %H:%M"), tr("scen.version"): d.version,
    tr("scen.note"): d.note} for d in saved]), hide_index=True, width="stretch")

names = [d.name for d in saved]
selected = st.selectbox(tr("scen.pick"), names, key="scenario_selected")
scenario, version = load(selected)
actions = st.columns(4)


def do_open(name: str) -> None:
    try:
        open_scenario(*load(name)[:1])
        feedback("success", tr("scen.opened", name=name))
    except (NotFound, KeyError) as exc:
        feedback("error", tr("scen.open_failed", name=name, reason=str(exc)))


actions[0].button(tr("scen.open"), on_click=do_open, args=(selected,), icon=":material/open_in_new:")
with actions[1].popover(tr("scen.duplicate"), icon=":material/content_copy:"):
    copy_name = st.text_input(tr("scen.new_name"), value=f"{selected} (2)", key="copy_name")
    if st.button(tr("scen.duplicate"), key="do_copy"):
        document = store().get(KIND, selected)
        try:
            store().save(KIND, copy_name.strip(), document.payload,
                         author=SCENARIO_AUTHOR.get(), note=document.note)
            feedback("success", tr("scen.saved", name=copy_name.strip()))
        except NameTaken:
            feedback("error", tr("scen.name_taken", name=copy_name.strip()))
        st.rerun()
with actions[2].popover(tr("scen.rename"), icon=":material/edit:"):
    new_name = st.text_input(tr("scen.new_name"), value=selected, key="rename_name")
    if st.button(tr("scen.rename"), key="do_rename"):
        try:
            store().rename(KIND, selected, new_name.strip(), expected_version=version)
            feedback("success", tr("scen.renamed", name=new_name.strip()))
        except NameTaken:
            feedback("error", tr("scen.name_taken", name=new_name.strip()))
        except StaleEdit:
            feedback("error", tr("scen.stale", name=selected))
        st.rerun()
with actions[3].popover(tr("scen.delete"), icon=":material/delete:"):
    sure = st.checkbox(tr("scen.confirm_delete", name=selected), key="confirm_delete")
    if st.button(tr("scen.delete"), key="do_delete", disabled=not sure, type="primary"):
        try:
            store().delete(KIND, selected, expected_version=version)
            feedback("success", tr("scen.deleted", name=selected))
        except StaleEdit:
            feedback("error", tr("scen.stale", name=selected))
        st.rerun()

base = (st.context.url or "").split("?")[0].rsplit("/", 1)[0]
st.caption(tr("scen.share", link=f"{base}/targets?scenario={quote(selected)}"))
exports = st.columns(2)
exports[0].download_button(tr("scen.export_xlsx"), lambda: workbook([evaluated(scenario)], chosen_lang),
                           f"{selected}.xlsx", icon=":material/table_view:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
exports[1].download_button(tr("scen.export_pdf"), lambda: pdf([evaluated(scenario)], chosen_lang),
                           f"{selected}.pdf", "application/pdf", icon=":material/picture_as_pdf:")

# --- compare ---------------------------------------------------------------------------------
st.subheader(tr("scen.compare_heading"))
picked = st.multiselect(tr("scen.compare_pick"), names, max_selections=4,
                        default=names[:2] if len(names) >= 2 else names, key="compare")
if len(picked) >= 2:
    items = [evaluated(load(name)[0]) for name in picked]
    long = comparison({i.scenario.name: i.results for i in items}, lang())
    frame = comparison_table(long, lang())
    styler = frame.drop(columns="_changed").style.apply(
        lambda row: [f"background-color: {CHANGED_ROW}" if frame.loc[row.name, "_changed"] else ""
                     for _ in row], axis=1)
    st.dataframe(styler, hide_index=True, width="stretch")
    st.caption(tr("scen.diff_help"))
    st.altair_chart(comparison_chart(long, lang()))
    both = st.columns(2)
    both[0].download_button(tr("scen.export_compare_xlsx"), lambda: workbook(items, chosen_lang),
                            "so-sanh-kich-ban.xlsx", icon=":material/table_view:",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    both[1].download_button(tr("scen.export_compare_pdf"), lambda: pdf(items, chosen_lang),
                            "so-sanh-kich-ban.pdf", "application/pdf",
                            icon=":material/picture_as_pdf:")
