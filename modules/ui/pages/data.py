"""Your data: template, upload with a validation report, in-app editor, save by name.

Overwriting replaces only the saved dataset this session opened, at the version it opened
(selection.origin): if someone saved, renamed or deleted it since, storage refuses
(StaleEdit) and nothing is lost. User text is escaped wherever Markdown renders it, and
shown tables escape formula-like text (text.table / typed_back for the editor).
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from modules.data.dataset import (
    PAYLOAD_COLUMNS,
    builtin_catalogue,
    from_rows,
    load_areas,
    to_payload,
)
from modules.data.problems import InputError, Severity
from modules.data.provenance import word_maps
from modules.data.provinces import PROVINCE
from modules.data.reader import clean_text, sheet_names
from modules.data.storage import StorageError, check_name
from modules.text.fmt import editable_number
from modules.ui import cache
from modules.ui.cache import store, template
from modules.ui.merging import merge_section
from modules.ui.selection import dataset, dataset_key, origin, use_dataset
from modules.ui.session import (
    DATA_PROBLEMS,
    DATA_SHEET,
    data_editor_key,
    pending_edits,
    widget_value,
)
from modules.ui.text import lang, mdtr, storage_message, table, tr, typed_back

st.title(tr("data.heading"))
st.caption(tr("data.intro"))


def pick_area(areas, file: str):
    """The dataset of one area of an upload: the only one, or the one picked in a box
    (provinces first, then the regions and the country, labelled as aggregates); the
    file's own warnings go with it."""
    choices = {**areas.provinces(), **areas.datasets, **areas.aggregates()}
    key = next(iter(choices))
    if len(choices) > 1:
        def label(area_id):
            data = choices[area_id]
            kind = data.meta.get("area_kind", "")
            return data.name(lang()) if kind == PROVINCE else \
                f"{data.name(lang())} ({tr(f'area_kind.{kind}')})"
        key = st.selectbox(tr("data.area"), list(choices), format_func=label,
                           key=f"area:{file}", help=tr("data.area_help"))
    chosen = choices[key]
    return replace(chosen, problems=list(areas.problems) + list(chosen.problems))


def report(problems, title_key: str) -> None:
    """The validation report: one line per problem, with where and what, errors first
    (a note that says nothing in the UI language left out, Problem.tells)."""
    problems = [p for p in problems if p.tells(lang())]
    if not problems:
        return
    rows = [{tr("data.col_severity"): tr(f"data.severity_{p.severity}"),
             tr("data.col_row"): str(p.row) if p.row is not None else "",
             tr("data.col_column"): p.column or "",
             tr("data.col_message"): p.message(lang()).split(": ", 1)[-1]
             if (p.row or p.column) else p.message(lang())}
            for p in sorted(problems, key=lambda p: p.severity != Severity.ERROR)]
    (st.error if any(p.severity == Severity.ERROR for p in problems) else st.warning)(tr(title_key))
    st.dataframe(table(rows), hide_index=True, width="stretch")


# --- 1. template -----------------------------------------------------------------------
st.subheader(tr("data.template_heading"))
st.caption(tr("data.template_help"))
left, right = st.columns(2)
left.download_button(tr("data.template_xlsx"), template(lang(), "xlsx"),
                     "khathi-mau.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     icon=":material/download:")
right.download_button(tr("data.template_csv"), template(lang(), "csv"),
                      "khathi-mau.csv", "text/csv",
                      icon=":material/download:")

# --- 2. upload ---------------------------------------------------------------------------
st.subheader(tr("data.upload_heading"))
upload = st.file_uploader(tr("data.upload_label"), type=["csv", "xlsx", "xlsm"],
                          help=tr("data.upload_help"))
if upload is not None:
    name = clean_text(upload.name.rsplit(".", 1)[0])[:80] or "data"
    sheets = sheet_names(upload.getvalue())  # the one that holds the data first
    chosen = DATA_SHEET.get()  # the user's choice, kept across reruns and uploads
    sheet = st.selectbox(tr("data.sheet"), sheets, key="data_sheet",
                         index=sheets.index(chosen) if chosen in sheets else 0,
                         on_change=lambda: DATA_SHEET.set(widget_value("data_sheet"))) \
        if len(sheets) > 1 else None
    try:
        uploaded = pick_area(load_areas(upload.getvalue(), upload.name, sheet=sheet),
                             upload.name)
    except InputError as exc:
        report(exc.problems, "data.refused")
    else:
        if uploaded.meta.get("area"):  # one area of a table by province: named so
            name = f"{name} — {uploaded.name(lang())}"
        st.success(mdtr("data.accepted", name=upload.name, n=len(uploaded.indicators),
                      values=len(uploaded.observations)))
        report(uploaded.problems, "data.warnings")
        st.button(tr("data.use"), on_click=use_dataset, args=(uploaded.renamed(name),),
                  type="primary")

merge_section(report)  # 2b. merge the former provinces (modules/ui/merging.py)

# --- 3. edit the selected dataset ----------------------------------------------------------
current = dataset()
came_from = origin(dataset_key())  # the saved dataset (as opened) this data comes from
st.subheader(mdtr("data.edit_heading", name=current.name(lang())))
st.caption(tr("data.edit_help"))
editor_key = data_editor_key(current.fingerprint)
# shown in words (names, units, price bases, status, coverage, flags), mapped back to codes on apply
words = word_maps(current.observations, lang(), (
    "indicator", "unit", "price_basis", "status", "coverage", "flags"))
shown_rows = current.observations[PAYLOAD_COLUMNS].copy()
for column, mapping in words.items():
    shown_rows[column] = shown_rows[column].map(lambda v, m=mapping: m.get(v, v))
shown_rows["note"] = shown_rows["note"].fillna("")
# values are shown and typed the UI language's way ("3.150" is 3150 in Vietnamese) and read
# by the one number reader; a cell left as shown keeps its exact number
shown_rows["value"] = shown_rows["value"].map(lambda v: editable_number(v, lang()))
shown_rows = table(shown_rows)  # formula-like text shown as text; typed_back undoes
edited_words = st.data_editor(
    shown_rows, key=editor_key, num_rows="dynamic",
    hide_index=True, width="stretch",
    column_config={
        "indicator": st.column_config.TextColumn(tr("template.indicator"), required=True),
        "year": st.column_config.NumberColumn(tr("template.year"), format="%d", required=True,
                                              min_value=1900, max_value=2100, step=1),
        "value": st.column_config.TextColumn(tr("template.value"), required=True,
                                             help=tr("data.value_help")),
        "unit": tr("template.unit"), "price_basis": tr("template.price_basis"),
        "coverage": tr("template.coverage"), "flags": tr("template.flags"),
        "status": st.column_config.SelectboxColumn(
            tr("template.status"), options=list(words["status"].values()),
            help=tr("data.status_help")),
        "source": tr("template.source"), "note": tr("template.note"),
    })
edited = edited_words.copy()
for column, mapping in words.items():
    back = {text: code for code, text in mapping.items()}
    edited[column] = edited[column].map(lambda v, b=back: b.get(v, v))
readable = current.name(lang()) if current.id in builtin_catalogue() else current.id
edited_name = readable if readable.endswith(tr("data.edited_suffix")) else \
    f"{readable}{tr('data.edited_suffix')}"


def apply_edits(edited: pd.DataFrame) -> bool:
    """Check the grid as it is now and, if it passes, use it (True). Called in the script,
    after the editor is drawn: a button callback would run before it, with the grid of the
    previous run, and drop an edit still being typed when the button was clicked."""
    table = typed_back(edited).astype({"value": object})
    kept = table.index.isin(shown_rows.index) & (
        table["value"] == shown_rows["value"].reindex(table.index)).to_numpy()
    table.loc[kept, "value"] = current.observations["value"].reindex(table.index)[kept]
    try:
        changed = from_rows(edited_name, table, {"name_vi": edited_name, "name_en": edited_name},
                            lang=lang())
    except InputError as exc:
        DATA_PROBLEMS.set(exc.problems)  # the edits stay in the editor
        return False
    DATA_PROBLEMS.set(changed.problems)
    use_dataset(changed, came_from)
    return True


pending = pending_edits(editor_key)
if st.button(tr("data.apply"), type="primary") and apply_edits(edited):
    st.rerun()  # the sidebar and this page drawn again on the edited data
if pending:
    st.warning(tr("data.pending_edits", n=pending))
report(DATA_PROBLEMS.get(), "data.check_result")

# --- 4. save under a name ------------------------------------------------------------------
st.subheader(tr("data.save_heading"))
with st.form("save_dataset"):
    columns = st.columns(3)
    save_name = columns[0].text_input(tr("data.save_name"), value=readable)
    author = columns[1].text_input(tr("data.save_author"), key="author")
    note = columns[2].text_input(tr("data.save_note"))
    overwrite = st.checkbox(tr("data.overwrite"))
    submitted = st.form_submit_button(tr("data.save"), icon=":material/save:")
    if submitted and pending:  # never store the data without the edits the grid shows
        st.error(tr("data.save_pending", n=pending))
    elif submitted:
        payload = to_payload(current)
        try:
            cleaned = check_name(save_name)
            payload["meta"] = {**payload["meta"], "name_vi": cleaned, "name_en": cleaned}
            if not overwrite:
                saved = store().create("dataset", cleaned, payload, author=author, note=note)
            elif came_from is None or came_from.id not in {
                    e.id for e in cache.entries("dataset") if e.name == cleaned}:
                saved = None
                st.error(mdtr("data.overwrite_other", name=cleaned))
            else:  # the version this session opened, never one read on this click
                saved = store().overwrite(came_from, payload, author=author, note=note)
        except StorageError as exc:  # BadName, NameTaken, StaleEdit, StorageUnavailable
            st.error(storage_message(exc))
        else:
            if saved is not None:
                st.success(mdtr("data.saved", name=saved.name, version=saved.version))

try:
    listed = cache.entries("dataset")
except StorageError as exc:
    st.warning(storage_message(exc))
    listed = []
if listed:
    st.caption(tr("data.saved_list"))
    st.dataframe(table([{
        tr("data.save_name"): e.name, tr("data.save_author"): e.author,
        tr("data.save_note"): e.note, tr("data.updated"): e.updated_at.strftime("%d/%m/%Y %H:%M"),
        tr("data.version"): e.version} for e in listed]), hide_index=True, width="stretch")
