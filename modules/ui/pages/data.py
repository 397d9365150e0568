"""Your data: template, upload with a validation report, in-app editor, save by name."""

import pandas as pd
import streamlit as st

from modules.data.dataset import PAYLOAD_COLUMNS, from_rows, load_file, to_payload
from modules.data.problems import ERROR, InputError
from modules.data.reader import sheet_names
from modules.text.fmt import editable_number
from modules.data.storage import NameTaken, StaleEdit
from modules.ui.cache import store, template
from modules.ui.selection import dataset, use_dataset
from modules.ui.session import DATA_PROBLEMS, data_editor_key
from modules.ui.text import lang, tr

st.title(tr("data.heading"))
st.caption(tr("data.intro"))


def report(problems, title_key: str) -> None:
    """The validation report: one line per problem, with where and what, errors first."""
    if not problems:
        return
    rows = [{tr("data.col_severity"): tr(f"data.severity_{p.severity}"),
             tr("data.col_row"): p.row, tr("data.col_column"): p.column or "",
             tr("data.col_message"): p.message(lang()).split(": ", 1)[-1]
             if (p.row or p.column) else p.message(lang())}
            for p in sorted(problems, key=lambda p: p.severity != ERROR)]
    (st.error if any(p.severity == ERROR for p in problems) else st.warning)(tr(title_key))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


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
    name = upload.name.rsplit(".", 1)[0]
    sheets = sheet_names(upload.getvalue())  # the one read by default first
    sheet = st.selectbox(tr("data.sheet"), sheets, key=f"sheet:{upload.name}") \
        if len(sheets) > 1 else None
    try:
        uploaded = load_file(upload.getvalue(), upload.name, lang(), sheet=sheet)
    except InputError as exc:
        report(exc.problems, "data.refused")
    else:
        st.success(tr("data.accepted", name=upload.name, series=len(uploaded.indicators),
                      values=len(uploaded.observations)))
        report(uploaded.problems, "data.warnings")
        uploaded.id, uploaded.meta = name, {"name_vi": name, "name_en": name}
        st.button(tr("data.use"), on_click=use_dataset, args=(uploaded,), type="primary")

# --- 3. edit the selected dataset ----------------------------------------------------------
current = dataset()
st.subheader(tr("data.edit_heading", name=current.name(lang())))
st.caption(tr("data.edit_help"))
editor_key = data_editor_key(current.fingerprint)
# values are shown and typed the UI language's way ("3.150" is 3150 in Vietnamese) and read
# by the one number reader; a cell left as shown keeps its exact number
shown = current.observations[PAYLOAD_COLUMNS].copy()
shown["value"] = shown["value"].map(lambda v: editable_number(v, lang()))
edited = st.data_editor(
    shown, key=editor_key, num_rows="dynamic",
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
            tr("template.status"), options=["final", "estimate", "alternative"],
            help=tr("data.status_help")),
        "source": tr("template.source"), "note": tr("template.note"),
    })
edited_name = current.id if current.id.endswith(tr("data.edited_suffix")) else \
    f"{current.id}{tr('data.edited_suffix')}"


def apply_edits() -> None:
    table = edited.astype({"value": object})
    kept = table.index.isin(shown.index) & (
        table["value"] == shown["value"].reindex(table.index)).to_numpy()
    table.loc[kept, "value"] = current.observations["value"].reindex(table.index)[kept]
    try:
        changed = from_rows(edited_name, table, {"name_vi": edited_name, "name_en": edited_name},
                            lang=lang())
    except InputError as exc:
        DATA_PROBLEMS.set(exc.problems)  # the edits stay in the editor
        return
    DATA_PROBLEMS.set(changed.problems)
    use_dataset(changed)


st.button(tr("data.apply"), on_click=apply_edits, type="primary")
report(DATA_PROBLEMS.get(), "data.check_result")

# --- 4. save under a name ------------------------------------------------------------------
st.subheader(tr("data.save_heading"))
with st.form("save_dataset"):
    columns = st.columns(3)
    save_name = columns[0].text_input(tr("data.save_name"), value=current.id)
    author = columns[1].text_input(tr("data.save_author"), key="author")
    note = columns[2].text_input(tr("data.save_note"))
    overwrite = st.checkbox(tr("data.overwrite"))
    if st.form_submit_button(tr("data.save"), icon=":material/save:"):
        if not save_name.strip():
            st.error(tr("data.need_name"))
        else:
            existing = {d.name: d for d in store().list("dataset")}
            version = existing[save_name].version if save_name in existing and overwrite else None
            payload = to_payload(current)
            payload["meta"] = {**payload["meta"], "name_vi": save_name.strip(),
                               "name_en": save_name.strip()}
            try:
                saved = store().save("dataset", save_name.strip(), payload,
                                     author=author.strip(), note=note.strip(),
                                     expected_version=version)
            except NameTaken:
                st.error(tr("data.name_taken", name=save_name))
            except StaleEdit:
                st.error(tr("data.stale", name=save_name))
            else:
                st.success(tr("data.saved", name=saved.name, version=saved.version))

saved = store().list("dataset")
if saved:
    st.caption(tr("data.saved_list"))
    st.dataframe(pd.DataFrame([{
        tr("data.save_name"): d.name, tr("data.save_author"): d.author,
        tr("data.save_note"): d.note, tr("data.updated"): d.updated_at.strftime("%d/%m/%Y %H:%M"),
        tr("data.version"): d.version} for d in saved]), hide_index=True, width="stretch")
