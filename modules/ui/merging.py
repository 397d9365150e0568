"""Merged provinces on the pages: the data page's "merge the former provinces" section and the
Overview's account of a merged dataset (which years are sums, which are missing and why).
The merging itself is modules.data.merge.merge (the same function as `khathi merge`)."""

from __future__ import annotations

import streamlit as st

from modules.data.catalogue import headline_ids
from modules.data.dataset import Dataset, from_rows, load_file
from modules.data.merge import (
    GAP,
    GROWTH_FROM_LEVELS,
    NOT_JOINED,
    REPORTED_GROWTH,
    SUMMED,
    MergeLine,
    builtin_account,
    merge,
)
from modules.data.problems import InputError
from modules.data.reader import clean_text
from modules.ui.selection import use_dataset
from modules.ui.text import lang, md, mdtr, table, tr


def merge_section(report) -> None:
    """Data page: two or more files of former provinces -> the merged province, its account,
    and a button to use it. `report(problems, title_key)` is the page's validation report."""
    st.subheader(tr("merging.heading"))
    st.caption(tr("merging.help"))
    uploads = st.file_uploader(tr("merging.files"), type=["csv", "xlsx", "xlsm"],
                               accept_multiple_files=True, key="merge_files")
    if not uploads:
        return
    name = st.text_input(tr("merging.name"), value=" + ".join(
        clean_text(u.name.rsplit(".", 1)[0])[:40] for u in uploads)[:80], key="merge_name")
    try:
        parts = [load_file(u.getvalue(), u.name, lang()) for u in uploads]
        names = [clean_text(u.name.rsplit(".", 1)[0])[:40] or u.name for u in uploads]
        merged = merge(parts, names, files=[u.name for u in uploads])
        data = from_rows(name or "merged", merged.observations,
                         {"name_vi": name, "name_en": name}, lang=lang())
    except InputError as exc:
        report(exc.problems, "merging.refused")
        return
    st.success(mdtr("merging.done", name=name, series=len(data.indicators),
                    values=len(data.observations)))
    show_account(merged.account)
    st.button(tr("merging.use"), on_click=use_dataset, args=(data,), type="primary",
              key="merge_use")


def show_account(account: tuple[MergeLine, ...]) -> None:
    """The account: the years summed first, then the gaps and the figures left out."""
    order = {SUMMED: 0, GAP: 1, NOT_JOINED: 2}
    lines = sorted(account, key=lambda line: order.get(line.result, 3))
    st.dataframe(table([{tr("merge.col_indicator"): _name(line),
                         tr("merge.col_years"): line.years,
                         tr("merge.col_result"): line.body(lang())}
                        for line in lines]), hide_index=True, width="stretch")


def _name(line: MergeLine) -> str:
    from modules.data.catalogue import indicator
    return indicator(line.indicator).name(lang()) if line.indicator else ""


def merged_overview(data: Dataset) -> None:
    """Overview of a built-in merged dataset: its parts, which years are sums, which are
    missing and why (nothing for other datasets)."""
    parts = data.meta.get("merged_from")
    account = builtin_account(data.id)
    if not parts or not account:
        return
    from modules.data.dataset import builtin_catalogue
    catalogue = builtin_catalogue()
    st.subheader(tr("merging.overview_heading"))
    st.caption(md(tr("merging.overview_help", parts=", ".join(
        catalogue.get(p, {}).get(f"name_{lang()}", p) for p in parts))))
    headline = headline_ids()
    for indicator_id in [i for i in headline if any(line.indicator == i for line in account)]:
        lines = [line for line in account if line.indicator == indicator_id
                 and line.result not in (REPORTED_GROWTH, GROWTH_FROM_LEVELS)]
        lines.sort(key=lambda line: line.result != SUMMED)
        said = "; ".join(f"{line.years}: {line.body(lang())}" if line.years
                         else line.body(lang()) for line in lines)
        st.markdown(f"- **{md(_name(lines[0]))}**: {md(said)}")
    with st.expander(tr("merging.overview_all", n=len(account))):
        show_account(account)
