"""Overview: the leader's first screen (one card per official target: verdict, P and what
drives it), then the headline indicators (latest value, growth, history) and the sources."""


import streamlit as st

from modules.data.catalogue import IndicatorKind, headline_ids
from modules.data.dataset import builtin_catalogue
from modules.data.provenance import account, in_words
from modules.planning.shown import growth_text
from modules.planning.summary import badges
from modules.text import fmt
from modules.ui.cache import cached_project, history_chart_spec
from modules.ui.components import (
    badge_cards,
    drawn_when_open,
    growth_delta,
    guard,
    text_delta,
)
from modules.ui.merging import merged_overview
from modules.ui.provinces import comparison_section
from modules.ui.selection import dataset, model, planning_dataset, target_year
from modules.ui.text import indicator_name, lang, md, mdtr, number, table, tr, unit_name


def show_account(indicator_id: str) -> None:
    """Which figures the projection uses and why the others were left out."""
    lines = account(data.observations, indicator_id).lines(lang())
    with st.expander(tr("overview.account"), expanded=len(lines) > 1):
        for line in lines:
            st.caption(md(line))


data = dataset()
st.title(mdtr("overview.heading", dataset=data.name(lang())))

# --- the leader's first screen: every official verdict, above the fold -------------------
with guard(lang(), "overview summary"):
    year = target_year(data)
    shown = badges(planning_dataset(data), year, model(), cached_project)
    st.subheader(tr("summary.heading", year=year))
    if shown:
        badge_cards(shown, lang())
    else:
        st.info(tr("summary.no_targets", year=year))
    st.caption(mdtr("summary.caption", dataset=data.name(lang()),
                    date=fmt.date(data.meta.get("as_of"), lang()),
                    model=tr(f"model.{model()}")))
    st.page_link("modules/ui/pages/targets.py", label=tr("summary.open_targets"),
                 icon=":material/arrow_forward:")
st.caption(tr("app.tagline") + " · " + tr("overview.as_of",
                                          date=fmt.date(data.meta.get("as_of"), lang())))

merged_overview(data)  # a merged province: which years are sums (modules/ui/merging.py)

headline = [i for i in headline_ids() if i in data.indicators]
st.subheader(tr("overview.latest_heading"))
for column, indicator_id in zip(st.columns(len(headline) or 1), headline):
    series = data.series(indicator_id)
    record = data.growth_record(indicator_id)
    with column, st.container(border=True):
        if series.kind == IndicatorKind.GROWTH_RATE:
            value = growth_text(series.last_value, lang())
            st.metric(md(indicator_name(indicator_id)), value,
                      **text_delta(tr("overview.growth_value_caption", year=series.last_year)))
        else:
            value = number(series.last_value)
            growth = record.get(series.last_year)
            delta = growth_delta(growth, lang(), "overview.growth_vs_prior") \
                if growth is not None else text_delta(tr("overview.no_growth"))
            st.metric(md(indicator_name(indicator_id)), value, **delta)
        st.caption(f"{md(unit_name(series.unit))} · {tr('overview.latest', year=series.last_year)}")
        for note in series.notes:
            st.caption("⚠️ " + md(note.message(lang())))
        show_account(indicator_id)
# Below the fold, drawn on demand: charts and grids load a large script the first screen
# (verdicts and latest figures) would otherwise wait for.
with drawn_when_open(tr("overview.history_open"), "overview_history") as history:
    if history.open:
        for column, indicator_id in zip(st.columns(len(headline) or 1), headline):
            column.markdown(f"**{md(indicator_name(indicator_id))}**")
            column.vega_lite_chart(history_chart_spec(data, indicator_id, lang()),
                                   width="stretch")

with guard(lang(), "overview provinces"):
    comparison_section(data, "overview_provinces")

others = [i for i in data.indicators if i not in headline]
if others:
    st.subheader(tr("overview.other_indicators"))
    rows = []
    for indicator_id in others:
        series = data.series(indicator_id)
        if len(series):
            rows.append({tr("overview.col_indicator"): indicator_name(indicator_id),
                         tr("overview.col_year"): str(series.last_year),
                         tr("overview.col_value"): number(series.last_value),
                         tr("overview.col_unit"): unit_name(series.unit),
                         tr("overview.col_note"): " ".join(n.message(lang())
                                                           for n in series.notes)})
    with drawn_when_open(tr("overview.others_open", n=len(rows)), "overview_others") as part:
        if part.open:
            st.dataframe(table(rows), hide_index=True, width="stretch")
    for indicator_id in others:
        if account(data.observations, indicator_id).left_out:
            st.markdown(f"**{md(indicator_name(indicator_id))}**")
            show_account(indicator_id)

st.subheader(tr("overview.sources"))
st.caption(tr("overview.sources_help"))
st.caption(tr("overview.flags_help"))
with drawn_when_open(tr("overview.sources_open", n=len(data.observations)),
                     "overview_sources") as part:
    if part.open:
        observations = data.observations.reindex(columns=list(data.observations.columns) + [
            c for c in ("coverage", "flags") if c not in data.observations.columns]).fillna(
            {"coverage": "", "flags": ""})
        sources = in_words(observations, lang()).assign(
            year=observations["year"].astype(str), value=observations["value"].map(number),
        )[["indicator", "year", "value", "unit", "status", "flags", "coverage", "source", "note"]]
        if lang() != "en" and data.id in builtin_catalogue():
            # the built-in data's notes were written in English by whoever compiled them
            sources = sources.drop(columns="note")
        st.dataframe(table(sources), hide_index=True, width="stretch", column_config={
            "indicator": tr("overview.col_indicator"), "year": tr("overview.col_year"),
            "value": tr("overview.col_value"), "unit": tr("overview.col_unit"),
            "status": tr("overview.col_status"), "flags": tr("overview.col_flags"),
            "coverage": tr("overview.col_coverage"),
            "source": tr("overview.col_source"),
            "note": tr("overview.col_note")})
