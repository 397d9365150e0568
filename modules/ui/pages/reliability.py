"""How reliable is Khả thi: its own record on every built-in official target with a known
outcome, replayed as of January of the target's year (modules.planning.record)."""

import pandas as pd
import streamlit as st

from modules.data.dataset import builtin_catalogue
from modules.data.vocabulary import Direction, PlanKind
from modules.planning.feasibility import probability_text
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
from modules.ui.text import indicator_name, lang, md, md_table, number, pct, tr, unit_name
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
        st.table(md_table(shown_table(pd.DataFrame({
            tr(f"record.col_{by}"): part[by].map(name_of),
            tr("record.col_count"): [f"{m}/{n}" for m, n in zip(part["met"], part["n"])],
            tr("record.col_brier"): part["brier"].map(lambda b: fmt.number(b, lang(), 2)),
            tr("record.col_years"): [str(a) if a == b else f"{a}–{b}" for a, b in
                                     zip(part["first_year"], part["last_year"])],
        })).set_index(tr(f"record.col_{by}"))))


# Each label as a mark beside the cell it qualifies, explained under the table (a sixth column
# would not fit a phone).
MARKS = {"range": "¹", "medium_term": "²", "outcome_lower_bound": "³",
         "outcome_approximate": "⁴", "crosses_break": "⁵"}
ON_TARGET = ("range", "medium_term")


def target_text(row) -> str:
    """"≥ 46,8 tỷ USD (+17,4%)": the value judged, and the plan's growth when it stated one."""
    unit = "%" if row.unit == "% yoy" else " " + unit_name(row.unit)
    text = ("≤ " if row.direction == Direction.AT_MOST else "≥ ") + number(row.target) + unit
    if PlanKind(row.kind).typed_as_growth and row.unit != "% yoy":
        text += f" ({pct(row.stated)})"
    return text + _marks(row, ON_TARGET)


def outcome_text(row) -> str:
    """"15,1: không đạt³": the outcome (in the target's unit) and whether it was met."""
    unit = "%" if row.unit == "% yoy" else ""
    met = tr("record.met" if row.met else "record.missed")
    return f"{number(row.outcome)}{unit}: {met}" + _marks(
        row, [m for m in MARKS if m not in ON_TARGET])


def _marks(row, codes) -> str:
    return "".join(MARKS[c] for c in codes if c in row.labels.split(";"))


def show_table(table) -> None:
    """Every replayed target, one table per dataset: as the tool judged it then, and what
    happened (text tables: they wrap on a phone and print)."""
    st.subheader(tr("record.table_heading"))
    names = {i: m[f"name_{lang()}"] for i, m in builtin_catalogue().items()}
    for dataset_id, rows in table.groupby("dataset", sort=False):
        st.markdown(f"**{md(names.get(dataset_id, dataset_id))}**")
        st.table(md_table(shown_table(pd.DataFrame([{
            tr("record.col_year"): str(row.year),
            tr("record.col_indicator"): indicator_name(row.indicator),
            tr("record.col_target"): target_text(row),
            tr("record.col_said"): f"{tr(f'verdict.{row.verdict}')} "
                                   f"({probability_text(row.probability, lang())})",
            tr("record.col_outcome"): outcome_text(row),
        } for row in rows.itertuples()]))).set_index(tr("record.col_year")))
    used = {code for labels in table["labels"] for code in labels.split(";") if code}
    st.caption("  \n".join(f"{MARKS[c]} {tr(f'record.label_{c}')}" for c in MARKS if c in used))
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
