"""Scenarios: save the current targets, reopen, duplicate, rename, delete (with undo),
compare, export.

Acting only on what the user chose: the scenario picked is kept in the session as the
storage Entry the user saw (identity + version), and every action sends that Ref; if the
scenario changed, vanished or was recreated since, storage refuses (StaleEdit) and the page
says so. A pick that vanished or changed on a reload is dropped with a message; nothing
else is picked in its place. User text is escaped (text.md) wherever Markdown renders it.
"""

import logging
from urllib.parse import quote

import pandas as pd
import streamlit as st

from modules.data.storage import NotFound, StaleEdit, StorageError, check_name
from modules.planning.scenarios import (
    KIND,
    Scenario,
    comparison,
    evaluate_scenario,
    side_by_side,
)
from modules.reports.briefing import Evaluated, pdf, workbook
from modules.reports.charts import comparison_chart
from modules.reports.exports import ExportError, file_name
from modules.reports.palette import CHANGED_ROW
from modules.ui import cache
from modules.ui.cache import briefing_record, cached_project, store
from modules.ui.selection import (
    SESSION,
    dataset,
    dataset_by_key,
    dataset_choices,
    dataset_key,
    has_series,
    model,
    one_offs,
    open_scenario,
    scenario_dataset_key,
    target_table,
    target_year,
)
from modules.ui.session import (
    CONFIRM_DELETE,
    COPY_NAME,
    LAST_DELETED,
    NO_REFERENCE,
    REFERENCE,
    RENAME_NAME,
    SCENARIO_AUTHOR,
    SCENARIO_EXPORT,
    SCENARIO_FEEDBACK,
    SCENARIO_PICKED,
    SCENARIO_PICKER,
)
from modules.ui.text import lang, md_table, mdtr, storage_message, tr

logger = logging.getLogger("khathi.ui")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title(tr("scen.heading"))
st.caption(tr("scen.intro"))
chosen_lang = lang()


def evaluated(scenario: Scenario) -> Evaluated:
    data = dataset_by_key(scenario_dataset_key(scenario.dataset))
    project_fn = lambda d, i, m, h: cached_project(d, i, m, h, scenario.reference or NO_REFERENCE)
    return Evaluated(scenario, data, evaluate_scenario(scenario, data, project_fn))


def opened(entry) -> Scenario:
    """The scenario exactly as the user saw it in the list (StaleEdit if it changed)."""
    document = store().open(entry.ref)
    return Scenario.from_payload(document.name, document.payload)


def feedback(kind: str, text: str, to_targets: bool = False) -> None:
    """A message for the next run; `to_targets`: with a link to the target page under it."""
    SCENARIO_FEEDBACK.set((kind, text, to_targets))


def forget_pick() -> None:
    """Select nothing: no scenario, no confirmation, no prepared download."""
    SCENARIO_PICKED.set(None)
    SCENARIO_PICKER.set(None)
    CONFIRM_DELETE.set(False)
    SCENARIO_EXPORT.set(None)


def refused(exc: Exception) -> None:
    """A refused action: the translated reason; a stale pick is dropped."""
    feedback("error", storage_message(exc))
    if isinstance(exc, StaleEdit):
        forget_pick()


# --- save the targets being worked on ------------------------------------------------------
data = dataset()
st.subheader(tr("scen.save_heading"))
if has_series(data):
    year = target_year(data)
    _, table = target_table(data, year)
    st.caption(mdtr("scen.save_help", dataset=data.name(lang()), year=year, n=len(table)))
else:  # an accepted upload with nothing to project: no targets to save
    st.warning(mdtr("data.nothing_usable", name=data.name(lang())))
with st.form("save_scenario", clear_on_submit=False):
    columns = st.columns([2, 1, 3])
    name = columns[0].text_input(tr("scen.name"))
    author = columns[1].text_input(tr("scen.author"), key=SCENARIO_AUTHOR.name)
    note = columns[2].text_input(tr("scen.note"))
    if st.form_submit_button(tr("scen.save"), icon=":material/save:", type="primary"):
        key = dataset_key()
        if key.startswith(SESSION):
            st.error(tr("scen.session_dataset"))
        elif not has_series(data):
            st.error(mdtr("data.nothing_usable", name=data.name(lang())))
        else:
            try:
                scenario = Scenario.from_table(check_name(name), key, year, model(), table,
                                               one_offs(), REFERENCE.get())
                entry = store().create(KIND, scenario.name, scenario.to_payload(),
                                       author=author, note=note)
                st.success(mdtr("scen.saved", name=entry.name))
            except StorageError as exc:  # BadName, NameTaken, StorageUnavailable
                st.error(storage_message(exc))

# --- the saved scenarios --------------------------------------------------------------------
st.subheader(tr("scen.list_heading"))
kind, text, to_targets = SCENARIO_FEEDBACK.pop() or (None, None, False)
if kind:
    getattr(st, kind)(text)
if to_targets:
    st.page_link("modules/ui/pages/targets.py", label=tr("scen.see_targets"),
                 icon=":material/arrow_forward:")
try:
    saved = cache.entries(KIND)
except StorageError as exc:
    st.warning(storage_message(exc))
    st.stop()


def undo(deleted) -> None:
    try:
        entry = store().restore(deleted.ref)
        feedback("success", mdtr("scen.restored", name=entry.name))
    except StorageError as exc:
        feedback("error", storage_message(exc))
    LAST_DELETED.set(None)


if LAST_DELETED.get() is not None:
    st.button(tr("scen.undo"), on_click=undo, args=(LAST_DELETED.get(),), key="undo_delete",
              icon=":material/undo:")
if not saved:
    st.info(tr("scen.none"))
    st.stop()
choices = dataset_choices()
dataset_label = lambda key: choices.get(key, {}).get(f"name_{chosen_lang}", key)
# a text table (no grid toolbar, hence no "Download as CSV" to guard): names as typed
st.table(md_table(pd.DataFrame([{
    tr("scen.name"): e.name, tr("scen.dataset"): dataset_label(str(e.summary.get("dataset"))),
    tr("scen.year"): str(e.summary.get("year")), tr("scen.author"): e.author,
    tr("scen.updated"): e.updated_at.strftime("%d/%m/%Y %H:%M"), tr("scen.version"): e.version,
    tr("scen.note"): e.note} for e in saved]).set_index(tr("scen.name"))))

# The pick is the entry the user saw; check it against this reload before drawing anything.
by_id = {e.id: e for e in saved}
picked = SCENARIO_PICKED.get()
if picked is not None:
    now = by_id.get(picked.id)
    if now is None:
        st.warning(mdtr("scen.picked_gone", name=picked.name))
        forget_pick()
    elif now.version != picked.version:
        st.warning(mdtr("scen.picked_changed", name=now.name))
        forget_pick()
picked = SCENARIO_PICKED.get()
if picked is None and SCENARIO_PICKER.get() is not None:
    SCENARIO_PICKER.set(None)  # a widget value with no entry behind it: select nothing
elif picked is not None:
    SCENARIO_PICKER.set(picked.id)


def pick(listed: dict) -> None:
    """The user picked a scenario: keep the entry as listed when they saw it."""
    SCENARIO_PICKED.set(listed.get(SCENARIO_PICKER.get()))
    CONFIRM_DELETE.set(False)
    SCENARIO_EXPORT.set(None)


st.selectbox(tr("scen.pick"), list(by_id), index=None, key=SCENARIO_PICKER.name,
             format_func=lambda i: by_id[i].name if i in by_id else i,
             placeholder=tr("scen.pick_placeholder"), on_change=pick, args=(by_id,))
def do_open(entry) -> None:
    try:
        scenario = opened(entry)
        open_scenario(scenario)
        feedback("success", mdtr(  # what opening changed: the choices of every page
            "scen.opened", name=entry.name, dataset=dataset().name(chosen_lang),
            year=scenario.year, model=tr(f"model.{scenario.model}"),
            n=sum(1 for r in scenario.targets if r.get("target") is not None
                  or r.get("growth_pct") is not None)), to_targets=True)
    except StorageError as exc:
        refused(exc)
    except Exception:  # a dataset gone, a payload this release cannot read: no traceback
        logger.exception("scenario %s could not be opened", entry.id)
        feedback("error", mdtr("scen.open_failed", name=entry.name, reason="—"))


def do_copy(entry) -> None:
    try:
        copy = store().duplicate(entry.ref, COPY_NAME.get(), author=SCENARIO_AUTHOR.get())
        feedback("success", mdtr("scen.saved", name=copy.name))
    except StorageError as exc:
        refused(exc)


def do_rename(entry) -> None:
    try:
        renamed = store().rename(entry.ref, RENAME_NAME.get())
        SCENARIO_PICKED.set(renamed)  # the user's own change: the pick follows it
        feedback("success", mdtr("scen.renamed", name=renamed.name))
    except StorageError as exc:
        refused(exc)


def do_delete(entry) -> None:
    if CONFIRM_DELETE.get():
        try:
            LAST_DELETED.set(store().delete(entry.ref))
            feedback("success", mdtr("scen.deleted", name=entry.name))
            forget_pick()
        except StorageError as exc:
            refused(exc)
    CONFIRM_DELETE.set(False)  # a confirmation is for one item, once


def prepare(entries: list) -> None:
    """Build the downloads for the entries the user saw; a message if that fails."""
    try:
        items = [evaluated(opened(e)) for e in entries]
        SCENARIO_EXPORT.set((tuple(e.ref for e in entries),
                             workbook(items, chosen_lang), pdf(items, chosen_lang, record=(
                                 briefing_record(i.scenario.model for i in items)))))
    except StorageError as exc:
        refused(exc)
    except ExportError as exc:
        feedback("error", exc.message(chosen_lang))
    except Exception:  # a dataset gone, a payload this release cannot read
        logger.exception("export of %s failed", [e.id for e in entries])
        feedback("error", ExportError("workbook").message(chosen_lang))


def downloads(entries: list, labels: tuple[str, str], stem: str, key: str) -> None:
    """A button preparing the files, then their download buttons (same entries only)."""
    prepared = SCENARIO_EXPORT.get()
    if prepared is None or prepared[0] != tuple(e.ref for e in entries):
        st.button(tr("scen.prepare_exports"), on_click=prepare, args=(entries,), key=key,
                  icon=":material/download:")
        return
    both = st.columns(2)
    both[0].download_button(tr(labels[0]), prepared[1], file_name(stem, "xlsx"), XLSX,
                            icon=":material/table_view:", on_click="ignore")
    both[1].download_button(tr(labels[1]), prepared[2], file_name(stem, "pdf"),
                            "application/pdf", icon=":material/picture_as_pdf:",
                            on_click="ignore")


entry = SCENARIO_PICKED.get()
if entry is None:
    st.info(tr("scen.pick_first"))
else:
    actions = st.columns(4)
    actions[0].button(tr("scen.open"), on_click=do_open, args=(entry,),
                      icon=":material/open_in_new:")
    with actions[1].popover(tr("scen.duplicate"), icon=":material/content_copy:"):
        st.text_input(tr("scen.new_name"), value=f"{entry.name} (2)", key=COPY_NAME.name)
        st.button(tr("scen.duplicate"), key="do_copy", on_click=do_copy, args=(entry,))
    with actions[2].popover(tr("scen.rename"), icon=":material/edit:"):
        st.text_input(tr("scen.new_name"), value=entry.name, key=RENAME_NAME.name)
        st.button(tr("scen.rename"), key="do_rename", on_click=do_rename, args=(entry,))
    with actions[3].popover(tr("scen.delete"), icon=":material/delete:"):
        sure = st.checkbox(mdtr("scen.confirm_delete", name=entry.name), key=CONFIRM_DELETE.name)
        st.button(tr("scen.delete"), key="do_delete", disabled=not sure, type="primary",
                  on_click=do_delete, args=(entry,))
    base = (st.context.url or "").split("?")[0].rsplit("/", 1)[0]
    st.caption(tr("scen.share", link=""))
    st.code(f"{base}/targets?scenario={quote(entry.name, safe='')}", language=None)
    downloads([entry], ("scen.export_xlsx", "scen.export_pdf"), entry.name, "prepare_one")

# --- compare ---------------------------------------------------------------------------------
st.subheader(tr("scen.compare_heading"))
ids = list(by_id)
compared = st.multiselect(tr("scen.compare_pick"), ids, max_selections=4,
                          default=ids[:2], key="compare",
                          format_func=lambda i: by_id[i].name if i in by_id else i)
compared = [by_id[i] for i in compared if i in by_id]
if len(compared) >= 2:
    try:
        items = [evaluated(opened(e)) for e in compared]
    except StorageError as exc:
        st.warning(storage_message(exc))
        items = []
    except NotFound as exc:
        st.warning(mdtr("scen.open_failed", name=str(exc), reason="—"))
        items = []
    if items:
        long = comparison({i.scenario.name: i.frame(lang()) for i in items})
        # one column per scenario, one block of rows per indicator; differing rows highlighted
        frame = side_by_side(long, lang())
        # a text table (no toolbar to guard): cells as they read (+15,0%), each row named by
        # its indicator and measure, never by a 0–15 position
        named = frame.assign(_indicator=frame["_indicator"].replace("", None).ffill())
        shown = md_table(named.drop(columns="_changed").rename(columns={
            "_indicator": tr("brief.indicator"), "_measure": tr("scen.measure")}).set_index(
            [tr("brief.indicator"), tr("scen.measure")]))
        marks = pd.DataFrame([[f"background-color: {CHANGED_ROW}; font-weight: 600" if changed
                               else ""] * len(shown.columns) for changed in frame["_changed"]],
                             index=shown.index, columns=shown.columns)
        styler = shown.style.apply(lambda _: marks, axis=None)
        st.table(styler)
        st.caption(tr("scen.diff_help"))
        st.altair_chart(comparison_chart(long, lang()))
        downloads(compared, ("scen.export_compare_xlsx", "scen.export_compare_pdf"),
                  "so-sanh-kich-ban", "prepare_compare")
