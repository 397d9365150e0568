"""How reliable is Khả thi: its own record on every built-in official target with a known
outcome, replayed as of January of the target's year (modules.planning.record)."""

import pandas as pd
import streamlit as st

from modules.data.dataset import builtin_catalogue
from modules.planning.record import (
    VERDICTS,
    breakdown,
    class_line,
    reliability,
    scores,
    summary_line,
)
from modules.reports.charts import reliability_chart
from modules.text import fmt
from modules.ui.cache import record
from modules.ui.components import guard
from modules.ui.selection import model
from modules.ui.text import indicator_name, lang, number, tr
from modules.ui.text import table as shown_table


def show_classes(found) -> None:
    """Per verdict class, how many targets were met: the sentence a leader reads first."""
    st.subheader(tr("record.classes_heading"))
    st.markdown("\n".join(f"- {class_line(found, v, lang())}" for v in VERDICTS
                          if found.classes[v].n))
    st.caption(summary_line(found, lang()))


def show_scores(found) -> None:
    """The Brier score beside a coin's and beside always saying the share met."""
    columns = st.columns(3)
    columns[0].metric(tr("record.brier_label"), fmt.number(found.brier, lang(), 2))
    columns[1].metric(tr("record.coin_label"), fmt.number(found.coin, lang(), 2))
    columns[2].metric(tr("record.base_label", share=fmt.percent(100 * found.base_rate,
                                                                 lang(), 0)),
                      fmt.number(found.brier_base, lang(), 2))
    better = "better" if found.brier < found.brier_base else \
        "between" if found.brier < found.coin else "worse"
    st.info(tr(f"record.verdict_{better}"))
    st.caption(tr("record.brier_help"))


def show_chart(table) -> None:
    st.subheader(tr("record.chart_heading"))
    st.caption(tr("record.chart_help"))
    st.altair_chart(reliability_chart(reliability(table), lang()), width="stretch")


def show_breakdowns(table) -> None:
    """Per indicator and per dataset: how many, how many met, the Brier score."""
    names = {i: m[f"name_{lang()}"] for i, m in builtin_catalogue().items()}
    for by, name_of in (("indicator", indicator_name), ("dataset", lambda i: names.get(i, i))):
        st.subheader(tr(f"record.by_{by}"))
        part = breakdown(table, by)
        st.table(shown_table(pd.DataFrame({
            tr(f"record.col_{by}"): part[by].map(name_of),
            tr("record.col_count"): [f"{m}/{n}" for m, n in zip(part["met"], part["n"])],
            tr("record.col_brier"): part["brier"].map(lambda b: fmt.number(b, lang(), 2)),
            tr("record.col_years"): [str(a) if a == b else f"{a}–{b}" for a, b in
                                     zip(part["first_year"], part["last_year"])],
        })).set_index(tr(f"record.col_{by}")))


def show_table(table) -> None:
    """Every replayed target: as the tool judged it then, and what happened."""
    st.subheader(tr("record.table_heading"))
    names = {i: m[f"name_{lang()}"] for i, m in builtin_catalogue().items()}
    st.dataframe(shown_table(pd.DataFrame({
        tr("record.col_year"): table["year"].astype(str),
        tr("record.col_indicator"): table["indicator"].map(indicator_name),
        tr("record.col_target"): [
            ("≤ " if d == "at_most" else "≥ ") + number(v)
            for d, v in zip(table["direction"], table["target"])],
        tr("record.col_probability"): table["probability"].map(
            lambda p: fmt.probability(p, lang())),
        tr("record.col_verdict"): table["verdict"].map(lambda v: tr(f"verdict.{v}")),
        tr("record.col_outcome"): table["outcome"].map(number),
        tr("record.col_met"): table["met"].map(lambda m: tr("plan.yes") if m else tr("plan.no")),
        tr("record.col_labels"): table["labels"].map(lambda text: "; ".join(
            tr(f"record.label_{code}") for code in text.split(";") if code)),
        tr("record.col_dataset"): table["dataset"].map(lambda i: names.get(i, i)),
    })), hide_index=True, width="stretch")
    st.caption(tr("record.table_help"))


st.title(tr("record.heading"))
st.caption(tr("record.intro", model=tr(f"model.{model()}")))
with guard(lang(), "record"):
    replayed = record(model())
    found = scores(replayed)
    if not found.n:
        st.info(tr("record.summary_none"))
    else:
        show_classes(found)
        show_scores(found)
        show_chart(replayed)
        show_breakdowns(replayed)
        show_table(replayed)
        st.caption(tr("record.caveats"))
