"""Target test: an editable target table, probabilities, verdicts and fan charts.

The table keeps, per row, what the user typed (a value or a growth %) and derives
the other. Projections are cached per (dataset, indicator, model, horizon), so an
edit only re-reads probabilities from them.
"""

import pandas as pd
import streamlit as st

from modules import fmt
from modules.catalogue import GROWTH, indicator
from modules.charts import fan_chart
from modules.feasibility import AT_LEAST, AT_MOST, Record, assess, growth_from_target, \
    target_from_growth, value_reached_with
from modules.targets import plan_targets
from modules.ui.state import dataset, indicator_name, lang, number, outcome, tr, unit_name

VERDICT_COLOURS = {"very_likely": "#1e7b34", "likely": "#5fa845", "toss_up": "#d4a017",
                   "stretch": "#e07b24", "very_unlikely": "#c0392b"}

data = dataset()
st.title(tr("targets.heading"))
st.caption(tr("targets.intro"))

first_year = max(data.series(i).last_year for i in data.indicators) + 1
default_year = max(int(data.meta.get("default_target_year", first_year)), first_year)
controls = st.columns([1, 2])
year = controls[0].selectbox(tr("targets.target_year"), list(range(first_year, first_year + 10)),
                             index=default_year - first_year)
probability_pct = controls[1].select_slider(tr("targets.inverse"), [50, 60, 70, 80, 90, 95],
                                            value=80, help=tr("targets.inverse_help"),
                                            format_func=lambda p: f"{p}%")

# --- the targets the user works on: one table per dataset and year -----------------
store = st.session_state.setdefault("targets", {})
table_key = f"{data.id}:{year}"
if table_key not in store:
    plans = plan_targets(data, year)
    store[table_key] = plans.assign(typed=plans["target"].isna().map(
        {True: "growth", False: "target"}))
targets = store[table_key]
version_key = f"editor_version:{table_key}"
version = st.session_state.setdefault(version_key, 0)


def projection_for(indicator_id):
    series = data.series(indicator_id)
    if year <= series.last_year:
        return None, tr("problem.target_year_past", indicator=indicator_name(indicator_id),
                        year=year, last=series.last_year)
    result = outcome(indicator_id, year - series.last_year)
    if result.projection is None:
        return None, result.problem.message(lang())
    return result.projection, None


def both_forms(row, projection):
    """(target, growth %) whichever of the two the user typed."""
    if projection is None:
        return row.target, row.growth_pct
    if row.typed == "growth" and pd.notna(row.growth_pct):
        return target_from_growth(row.growth_pct, projection), row.growth_pct
    if row.typed == "target" and pd.notna(row.target):
        return row.target, growth_from_target(row.target, projection)
    return None, None


projections = {row.indicator: projection_for(row.indicator) for row in targets.itertuples()}
shown = []
for row in targets.itertuples():
    projection, _ = projections[row.indicator]
    target, growth = both_forms(row, projection)
    series = data.series(row.indicator)
    shown.append({
        "indicator": indicator_name(row.indicator),
        "base": f"{number(series.last_value)} ({series.last_year})",
        "unit": unit_name(series.unit),
        "target": "" if target is None or pd.isna(target) else number(target),
        "growth": "" if growth is None or pd.isna(growth) else fmt.number(growth, lang(), 1),
        "direction": tr(f"direction.{row.direction}"),
    })
shown = pd.DataFrame(shown, columns=["indicator", "base", "unit", "target", "growth",
                                     "direction"])
directions = {tr("direction.at_least"): AT_LEAST, tr("direction.at_most"): AT_MOST}
indicator_label = lambda indicator_id, chosen=lang(): indicator(indicator_id).name(chosen)
st.caption(tr("targets.editor_help", year=year))
edited = st.data_editor(
    shown, key=f"editor:{table_key}:{version}", hide_index=True, width="stretch",
    disabled=["indicator", "base", "unit"], num_rows="fixed",
    column_config={
        "indicator": st.column_config.TextColumn(tr("targets.col_indicator"), width="large"),
        "base": tr("targets.col_latest"),
        "unit": tr("targets.col_unit"),
        "target": st.column_config.TextColumn(tr("targets.col_target")),
        "growth": st.column_config.TextColumn(tr("targets.col_growth")),
        "direction": st.column_config.SelectboxColumn(tr("targets.col_direction"),
                                                      options=list(directions), required=True),
    })

# --- apply an edit: parse what was typed, keep the last valid value on a mistake ------
changed, messages = False, []
for i, row in enumerate(targets.itertuples()):
    before, after = shown.iloc[i], edited.iloc[i]
    for column, typed in (("target", "target"), ("growth", "growth")):
        if after[column] == before[column]:
            continue
        try:
            value = fmt.parse_typed(after[column], lang())
        except fmt.NumberInputError as exc:
            hint = f" → {exc.suggestion}?" if exc.suggestion else ""
            messages.append(tr("targets.target_invalid", indicator=indicator_name(row.indicator),
                               reason=tr("problem.bad_value", text=exc.text) + hint))
            continue
        targets.loc[targets.index[i], ["target", "growth_pct", "typed"]] = \
            (value, None, "target") if typed == "target" else (None, value, "growth")
        changed = True
    if after["direction"] != before["direction"]:
        targets.loc[targets.index[i], "direction"] = directions[after["direction"]]
        changed = True
if changed or messages:
    st.session_state[version_key] = version + 1
    st.session_state["target_messages"] = messages
    st.rerun()
for message in st.session_state.pop("target_messages", []):
    st.error(message)

missing = [i for i in data.indicators if i not in set(targets["indicator"])]
with st.expander(tr("targets.add_hint")):
    choice = st.selectbox(tr("targets.col_indicator"), missing, format_func=indicator_label)
    if st.button(tr("targets.add_indicator"), disabled=not missing):
        store[table_key] = pd.concat([targets, pd.DataFrame([{
            "indicator": choice, "year": year, "target": None, "growth_pct": None,
            "direction": AT_LEAST, "typed": "target"}])], ignore_index=True)
        st.session_state[version_key] = version + 1
        st.rerun()

# --- results -------------------------------------------------------------------------
st.subheader(tr("targets.results"))
results, charts = [], []
p = probability_pct / 100
for row in targets.itertuples():
    projection, reason = projections[row.indicator]
    if projection is None:
        st.warning(tr("targets.no_projection", indicator=indicator_name(row.indicator),
                      reason=reason))
        continue
    target, growth = both_forms(row, projection)
    assessment = assess(projection, year, target=target, direction=row.direction) \
        if target is not None and pd.notna(target) else None
    record = Record.from_growth(data.growth_record(row.indicator))
    low80, high80 = projection.interval(80, year)
    low95, high95 = projection.interval(95, year)
    pct = lambda value: fmt.percent(value, lang(), 1, signed=True)
    results.append({
        tr("targets.col_indicator"): indicator_name(row.indicator),
        tr("targets.col_verdict"): tr(f"verdict.{assessment.verdict}") if assessment else "—",
        tr("targets.col_probability"): fmt.probability(assessment.probability, lang())
        if assessment else "—",
        tr("targets.col_target"): number(target) if assessment else "—",
        tr("targets.col_median"): number(projection.median(year)),
        tr("targets.col_range80"): f"{number(low80)} – {number(high80)}",
        tr("targets.col_range95"): f"{number(low95)} – {number(high95)}",
        tr("targets.col_implied"): pct(assessment.annual_growth_pct) if assessment else "—",
        tr("targets.col_last"): pct(record.last),
        tr("targets.col_avg5"): pct(record.average_5y),
        tr("targets.col_best"): f"{pct(record.best)} ({record.best_year})" if record.best
        is not None else "—",
        tr("targets.col_worst"): f"{pct(record.worst)} ({record.worst_year})" if record.worst
        is not None else "—",
        tr("targets.col_reached", p=f"{probability_pct}%"):
            number(value_reached_with(projection, year, p, row.direction)),
        tr("targets.col_model"): tr(f"model.{projection.model}") + (
            f" ({projection.detail})" if projection.detail else ""),
        "_verdict": assessment.verdict if assessment else None,
    })
    charts.append((row, projection, target))

if results:
    frame = pd.DataFrame(results)
    verdict_column = tr("targets.col_verdict")
    styler = frame.drop(columns="_verdict").style.apply(
        lambda column: [f"background-color: {VERDICT_COLOURS.get(v, '')}; color: white; "
                        "font-weight: bold" if v else "" for v in frame["_verdict"]],
        subset=[verdict_column])
    st.dataframe(styler, hide_index=True, width="stretch")

st.subheader(tr("targets.fan_heading"))
for i, (row, projection, target) in enumerate(charts):
    series = data.series(row.indicator)
    if i % 2 == 0:
        pair = st.columns(2)
    with pair[i % 2], st.container(border=True):
        st.markdown(f"**{indicator_name(row.indicator)}** · {unit_name(series.unit)} · "
                    f"{tr('targets.base_year', year=series.last_year)}")
        if projection.thin:
            st.warning(tr("targets.thin_warning", n=projection.n_obs))
        if series.kind == GROWTH:
            st.caption(tr("targets.growth_note"))
        caveat = tr(f"caveat.{data.id}.{row.indicator}")
        if not caveat.startswith("caveat."):
            st.info(caveat)
        record = Record.from_growth(data.growth_record(row.indicator))
        if record.last is not None:
            pct = lambda value: fmt.percent(value, lang(), 1, signed=True)
            st.caption(tr("targets.record_caption", last_year=record.last_year,
                          last=pct(record.last), n=record.n_5y, avg=pct(record.average_5y),
                          best=pct(record.best), best_year=record.best_year,
                          worst=pct(record.worst), worst_year=record.worst_year))
        st.altair_chart(fan_chart(series, projection, lang(), target, year), width="stretch")
