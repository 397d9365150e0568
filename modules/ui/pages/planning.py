"""Planning workbench: suggested targets, multi-year paths, one-off years, consistency,
track record, look-back and the sector composition of the production index."""

import pandas as pd
import streamlit as st

from modules.data.catalogue import IndicatorKind, headline_ids, indicator
from modules.data.provenance import coverage_name, flags_text
from modules.data.vocabulary import Direction
from modules.planning.feasibility import assess, probability_text
from modules.planning.shown import NONE, result_texts, target_text
from modules.planning.targets import (
    AGGREGATE_INDEX,
    TYPED_GROWTH,
    default_growth_target,
    evaluate,
    results_frame,
)
from modules.planning.tools import (
    aggregate,
    ambition,
    consistency,
    growth_needed_each_year,
    look_back,
    look_back_years,
    path,
    path_defaults,
    path_target,
    sector_weights,
    suggest,
    track_record,
)
from modules.reports.charts import fan_chart
from modules.text import fmt
from modules.ui.cache import cached_project
from modules.ui.components import guard, number_box, text_delta
from modules.ui.selection import (
    dataset,
    model,
    one_offs,
    planning_dataset,
    require_series,
    target_table,
    target_year,
)
from modules.ui.session import ONE_OFF_EDITOR, ONE_OFFS
from modules.ui.text import indicator_name, lang, md, mdtr, number, pct, tr
from modules.ui.text import table as shown_table


def suggest_section(data, work, year: int, headline: list[str]) -> dict:
    """Tab 1: the target each headline indicator reaches with the chosen confidence, beside
    the official target and its probability. Returns the official targets' results by
    indicator (the track record tab compares them with the habit)."""
    st.caption(tr("plan.suggest_help", year=year))
    p = st.select_slider(tr("plan.confidence"), [50, 60, 70, 80, 90, 95], value=70,
                         format_func=lambda v: f"{v}%", key="suggest_p")
    suggested = suggest(work, p / 100, year, model(), headline, cached_project)
    _, official = target_table(data, year)
    results = evaluate(work, official, year, model(), cached_project)
    official_words = {row["indicator"]: result_texts(row, lang())
                      for row in results_frame(results, work, lang()).to_dict("records")}
    none = {"target": NONE, "probability": NONE}
    st.dataframe(shown_table(pd.DataFrame([{
        tr("plan.col_indicator"): indicator_name(row.indicator),
        tr("plan.col_suggested"): target_text(row.target, work.series(row.indicator).unit,
                                              indicator(row.indicator).kind, lang=lang()),
        tr("plan.col_suggested_growth"): pct(row.growth_pct),
        tr("plan.col_official"): official_words.get(row.indicator, none)["target"],
        tr("plan.col_official_p"): official_words.get(row.indicator, none)["probability"],
    } for row in suggested.itertuples()])), hide_index=True, width="stretch")
    official_results = {r.indicator: r for r in results}
    return official_results


def path_section(work, headline: list[str]) -> None:
    """Tab 2: a target for a later year, typed as an average growth or as the end value; the
    path to it is shown by show_path, or a message says why not."""
    st.caption(tr("plan.path_help"))
    chosen_lang = lang()
    cols = st.columns(4)
    indicator_id = cols[0].selectbox(tr("plan.col_indicator"), headline, key="path_indicator",
                                     format_func=lambda i: indicator(i).name(chosen_lang))
    series = work.series(indicator_id)
    default_end, default_average = path_defaults(work, indicator_id)
    end_years = list(range(series.last_year + 1, series.last_year + 16))  # a choice: no typing
    end_year = cols[1].selectbox(tr("plan.end_year"), end_years, key="path_year",
                                 index=end_years.index(default_end)
                                 if default_end in end_years else 0)
    mode = cols[2].radio(tr("plan.typed_as"), ["avg", "value"], key="path_mode", horizontal=True,
                         format_func=lambda m: tr(f"plan.typed_{m}"))
    typed = cols[3].text_input(
        tr("plan.path_value"), key=f"path_input_{mode}_{indicator_id}",
        value=fmt.number(default_average, lang(), 1) if mode == "avg" and
        default_average is not None else "")
    outcome = cached_project(work, indicator_id, model(), int(end_year) - series.last_year)
    try:
        number_typed = fmt.parse_typed(typed, lang())
    except fmt.NumberInputError as exc:
        number_typed = None
        st.error(md(exc.message(lang())))
    if outcome.projection is None:
        st.warning(md(outcome.problem.message(lang())))
    elif number_typed is not None:
        projection = outcome.projection
        target, refused = path_target(projection, int(end_year), number_typed, mode == "avg")
        if refused == "bad_value":
            st.error(mdtr("plan.path_bad_value", text=typed.strip(), year=int(end_year),
                          example=number(projection.median(int(end_year)))))
        elif refused:
            st.error(mdtr("plan.path_bad_growth", text=f"{typed.strip()}%"))
        else:
            show_path(projection, series, int(end_year), target)


def show_path(projection, series, end_year: int, target: float) -> None:
    """P(end point), the growth needed each remaining year, the year-by-year path beside the
    projection range, and the fan chart with the path drawn."""
    result = assess(projection, end_year, target=target)
    table = path(projection, end_year, target)
    next_year = projection.last_year + 1
    metrics = st.columns(3)
    metrics[0].metric(tr("plan.end_target", year=end_year), number(target))
    metrics[1].metric(tr("plan.end_probability"), probability_text(result.probability, lang()),
                      **text_delta(tr(f"verdict.{result.verdict}")))
    metrics[2].metric(tr("plan.needed_after", year=next_year),
                      pct(growth_needed_each_year(projection, end_year, target, next_year)))
    st.dataframe(pd.DataFrame({
        tr("plan.col_year"): table["year"].astype(str),
        tr("plan.col_path"): table["path"].map(number),
        tr("plan.col_median"): table["median"].map(number),
        tr("plan.col_range80"): [fmt.number_range(a, b, lang()) for a, b in
                                 zip(table["low80"], table["high80"])],
        tr("plan.col_path_p"): table["probability"].map(lambda v: probability_text(v, lang())),
    }), hide_index=True, width="stretch")
    if projection.kind == IndicatorKind.GROWTH_RATE:
        st.caption(tr("plan.path_growth_note"))
    st.caption(tr("plan.path_chart_caption"))
    st.altair_chart(fan_chart(series, projection, lang(), target, end_year, path=table),
                    width="stretch")


def one_off_section(data, work, year: int) -> None:
    """Tab 3: the years marked as one-off (left out of the fits), edited in a table and
    applied with a button; with marks, the official targets' results without and with them."""
    st.caption(tr("plan.oneoff_help"))
    # the editor shows indicator names, never ids; they are mapped back on apply
    by_name = {indicator_name(i): i for i in data.indicators}
    marks = pd.DataFrame(one_offs() or [], columns=["indicator", "year", "reason"])
    marks = marks.assign(indicator=marks["indicator"].map(indicator_name),
                         reason=marks["reason"].fillna(""))
    edited = st.data_editor(marks, num_rows="dynamic", key=ONE_OFF_EDITOR.name, hide_index=True,
                            width="stretch", column_config={
                                "indicator": st.column_config.SelectboxColumn(
                                    tr("plan.col_indicator"), options=list(by_name),
                                    required=True, width="large"),
                                "year": st.column_config.NumberColumn(
                                    tr("plan.col_year"), format="%d", step=1, required=True,
                                    default=year - 1, min_value=1900, max_value=2100),
                                "reason": st.column_config.TextColumn(tr("plan.col_reason"),
                                                                      default="")})
    if st.button(tr("plan.apply_oneoff")):
        marked = edited.dropna(subset=["indicator", "year"])
        outside = [int(y) for y in marked["year"] if not 1900 <= y <= 2100]  # e.g. 20212021
        if outside:
            st.error(tr("plan.oneoff_bad_year", years=", ".join(map(str, outside))))
        else:
            ONE_OFFS.set([
                {"indicator": by_name[r.indicator], "year": int(r.year),
                 "reason": r.reason if isinstance(r.reason, str) else ""}
                for r in marked.itertuples() if r.indicator in by_name])
            st.rerun()
    if one_offs():
        _, official = target_table(data, year)
        marked = {o["indicator"] for o in one_offs()}
        rows = []
        for label, source in ((tr("plan.without_mark"), data), (tr("plan.with_mark"), work)):
            results = evaluate(source, official[official["indicator"].isin(marked)], year,
                               model(), cached_project)
            for row in results_frame(results, source, lang()).to_dict("records"):
                words = result_texts(row, lang())
                rows.append({tr("plan.col_indicator"): row["name"],
                             tr("plan.col_version"): label,
                             tr("plan.col_median"): words["median"],
                             tr("plan.col_official_p"): words["probability"],
                             tr("plan.col_verdict"): words["verdict"]})
        st.dataframe(shown_table(pd.DataFrame(rows)), hide_index=True, width="stretch")


def sectors_section(data, work, year: int) -> None:
    """Tab 4: a weight box per sector of the production index and a target for the index;
    the index built from the sectors' projections beside the index projected directly, and
    what each sector needs for the index target; or a note why not."""
    weights = sector_weights(work)
    if not weights:
        st.info(tr("plan.no_sectors"))
        return
    st.caption(tr("plan.sector_help"))
    cols = st.columns(len(weights) + 1)
    edited_weights = {s: number_box(cols[i], md(indicator_name(s)), f"w_{s}@{lang()}",
                                    round(100 * w, 1), lang(), low=0, high=100)
                      for i, (s, w) in enumerate(weights.items())}
    aggregate_target = number_box(
        cols[-1], tr("plan.aggregate_target"), f"aggregate_target@{lang()}",
        float(default_growth_target(data, AGGREGATE_INDEX, year)), lang(), low=-99.9)
    sector_projections = {}
    for s in weights:
        sector_series = work.series(s)
        result = cached_project(work, s, model(), max(1, year - sector_series.last_year))
        if result.projection is not None and year in result.projection.years:
            sector_projections[s] = result.projection
    if sum(edited_weights[s] for s in sector_projections) > 0 and sector_projections:
        combined = aggregate(sector_projections, edited_weights, year, aggregate_target)
        shown_metrics = st.columns(3)
        shown_metrics[0].metric(tr("plan.aggregate", year=year), pct(combined.median),
                                **text_delta(f"{tr('plan.col_range80')}: " + fmt.number_range(
                                    combined.low80, combined.high80, lang()) + "%"))
        shown_metrics[1].metric(tr("plan.aggregate_p", target=pct(aggregate_target)),
                                probability_text(combined.probability, lang()))
        direct = evaluate(work, pd.DataFrame([{
            "indicator": AGGREGATE_INDEX, "year": year, "target": None,
            "growth_pct": aggregate_target, "direction": Direction.AT_LEAST,
            "typed": TYPED_GROWTH}]),
            year, model(), cached_project)[0] if AGGREGATE_INDEX in work.indicators else None
        if direct is not None and direct.assessment is not None:
            shown_metrics[2].metric(tr("plan.direct_p"),
                                    probability_text(direct.assessment.probability, lang()),
                                    **text_delta(tr(f"verdict.{direct.assessment.verdict}")))
            st.caption(tr("plan.sector_vs_target", target=pct(aggregate_target),
                          p=probability_text(direct.assessment.probability, lang())))
        st.dataframe(pd.DataFrame([{
            tr("plan.col_indicator"): indicator_name(s),
            tr("plan.col_weight"): fmt.percent(edited_weights[s] / sum(
                edited_weights[o] for o in sector_projections) * 100, lang(), 1),
            tr("plan.col_median"): pct(p.median(year)),
            tr("plan.col_needed"): pct(combined.needed[s]) if combined.needed[s] > -100
            else tr("plan.not_needed"),
        } for s, p in sector_projections.items()]), hide_index=True, width="stretch",
            column_config={tr("plan.col_needed"): st.column_config.Column(
                tr("plan.col_needed"), help=tr("plan.sector_needed_help"))})
    else:
        st.info(tr("plan.sector_no_projection", year=year))


def consistency_section(data, year: int) -> None:
    """Tab 5: each target's growth recomputed from its base and compared with the stated one."""
    checks = consistency(data, year)
    if checks.empty:
        st.info(tr("plan.no_checks", year=year))
    for row in checks.itertuples():
        text = mdtr("plan.check_line", indicator=indicator_name(row.indicator),
                  target=number(row.target), base=number(row.base_value), base_year=row.base_year,
                  recomputed=pct(row.recomputed_growth_pct),
                  stated=pct(row.stated_growth_pct) if row.stated_growth_pct is not None else "—")
        (st.success if row.agrees else st.error if row.agrees is False else st.info)(
            text + " " + tr("plan.agrees" if row.agrees else "plan.disagrees"
                            if row.agrees is False else "plan.no_stated"))
        if row.planned_fall:
            st.warning(mdtr("plan.planned_fall", indicator=indicator_name(row.indicator)))


def record_section(data, official_results: dict) -> None:
    """Tab 6: how past plans fared, and each official target's growth beside the habit."""
    record = track_record(data)
    if record.empty:
        st.info(tr("plan.no_record"))
        return
    st.caption(tr("plan.record_help"))
    st.dataframe(shown_table(pd.DataFrame({
        tr("plan.col_indicator"): record["indicator"].map(indicator_name),
        tr("plan.col_year"): record["year"].astype(str),
        tr("plan.col_outcome"): record["outcome"].map(number),
        tr("plan.col_pct_of_plan"): record["pct_of_plan"].map(lambda v: fmt.percent(v, lang())),
        tr("plan.col_plan"): record["plan_derived"].map(number),
        tr("plan.col_planned_growth"): record["planned_growth_pct"].map(pct),
        tr("plan.col_actual_growth"): record["actual_growth_pct"].map(pct),
        tr("plan.col_coverage"): record["coverage"].map(lambda c: coverage_name(c, lang())),
        tr("plan.col_break"): record["crosses_break"].map(
            lambda v: tr("plan.break_yes") if v else ""),
    })), hide_index=True, width="stretch")
    for r in official_results.values():
        habit = ambition(record, r.indicator, r.growth_pct) if r.growth_pct is not None \
            else None
        if habit:
            st.caption(mdtr("plan.ambition_more" if habit["more_ambitious"] else
                          "plan.ambition_less", indicator=indicator_name(r.indicator),
                          new=pct(habit["new_growth_pct"]),
                          habit=pct(habit["habit_growth_pct"]),
                          n=habit["n"], hit=fmt.percent(100 * habit["hit_rate"], lang(), 0)))
            if habit["crosses_break"]:
                st.warning(tr("plan.ambition_break", years=", ".join(
                    str(y) for y in habit["break_years"])))


def lookback_section(data) -> None:
    """Tab 7: a past year's official targets as the tool would have judged them then, beside
    what happened."""
    years = look_back_years(data)
    if not years:
        st.info(tr("plan.no_lookback"))
        return
    back = st.selectbox(tr("plan.lookback_year"), years, index=len(years) - 1,
                        key="lookback_year")
    st.caption(tr("plan.lookback_help", year=back))
    table = look_back(data, back, model(), cached_project)
    st.dataframe(shown_table(pd.DataFrame({
        tr("plan.col_indicator"): table["indicator"].map(indicator_name),
        tr("plan.col_kind"): table["kind"].map(lambda k: tr(f"plan.kind_{k}")),
        tr("plan.col_target"): table["target"].map(number),
        tr("plan.col_then_p"): table["probability"].map(lambda v: probability_text(v, lang())),
        tr("plan.col_verdict"): table["verdict"].map(lambda v: tr(f"verdict.{v}")),
        tr("plan.col_outcome"): table["actual"].map(number),
        tr("plan.col_reached"): table["reached"].map(
            lambda v: "—" if v is None else tr("plan.yes") if v else tr("plan.no")),
        tr("plan.col_break"): table["crosses_break"].map(
            lambda v: tr("plan.break_yes") if v else ""),
        tr("plan.col_flags"): table["flags"].map(lambda f: flags_text(f, lang())),
    })), hide_index=True, width="stretch")
    if table["crosses_break"].any():
        st.warning(tr("plan.lookback_break"))
    if table["actual"].isna().any():
        st.caption(tr("plan.lookback_outcome_missing", year=back))


data = dataset()
st.title(tr("plan.heading"))
st.caption(tr("plan.intro"))
st.markdown(tr("plan.two_views"))  # sector-based planning beside the target test
require_series(data)  # an accepted upload may have nothing to project
year = target_year(data)
work = planning_dataset(data)  # one-off years applied
headline = [i for i in headline_ids() if i in data.indicators] or data.indicators[:4]
tabs = st.tabs([tr("plan.tab_suggest"), tr("plan.tab_path"), tr("plan.tab_oneoff"),
                tr("plan.tab_sectors"), tr("plan.tab_consistency"), tr("plan.tab_record"),
                tr("plan.tab_lookback")])
# each tab has its own error boundary: a failing one leaves the others drawn
with tabs[0], guard(lang(), "tab 0"):
    official_results = suggest_section(data, work, year, headline)
with tabs[1], guard(lang(), "path"):
    path_section(work, headline)
with tabs[2], guard(lang(), "tab 2"):
    one_off_section(data, work, year)
with tabs[3], guard(lang(), "tab 3"):
    sectors_section(data, work, year)
with tabs[4], guard(lang(), "tab 4"):
    consistency_section(data, year)
with tabs[5], guard(lang(), "tab 5"):  # official_results is unset if tab 0 failed: error here too
    record_section(data, official_results)
with tabs[6], guard(lang(), "tab 6"):
    lookback_section(data)
