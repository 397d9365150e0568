"""Charts as pure functions from data to Altair (used by the app and the exports)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from modules.data.series import YearlySeries
from modules.engine.models import Projection
from modules.planning.feasibility import probability_text
from modules.planning.shown import growth_text
from modules.reports import palette
from modules.text import fmt
from modules.text.fmt import D3_NUMBER_LOCALE, smart_number
from modules.text.i18n import t

TARGET_COLOUR = palette.TARGET
HISTORY_COLOUR = palette.HISTORY
BAND_COLOUR = palette.BAND
MEDIAN_COLOUR = palette.MEDIAN
BAND80_COLOUR = palette.BAND80
BAND95_COLOUR = palette.BAND95
PATH_COLOUR = palette.PATH
SCENARIO_COLOURS = palette.SCENARIOS  # the targets of compared scenarios on one fan chart
SCENARIO_SHAPES = ("diamond", "triangle-up", "square", "cross", "triangle-down", "circle")


def localised(chart: alt.Chart | alt.LayerChart, lang: str) -> alt.Chart | alt.LayerChart:
    """The chart configured with the language's number format (d3 locale: "vi" 1.234,5;
    "en" 1,234.5) and no view border. Returns a top-level chart: compose before.
    """
    locale = D3_NUMBER_LOCALE.get(lang, D3_NUMBER_LOCALE["vi"])
    return chart.configure(locale=alt.Locale(number=alt.NumberLocale(**locale))) \
        .configure_view(strokeWidth=0)


def _history_frame(series: YearlySeries) -> pd.DataFrame:
    """Observed values, with a run id so that the line breaks across missing years."""
    runs = np.concatenate([[0], np.cumsum(np.diff(series.years) != 1)]) if len(series) else []
    return pd.DataFrame({"year": series.years, "value": series.values, "run": runs})


def _year_step(span: int, most: int = 7) -> int:
    """A tick step of 1, 2, 5, 10… years giving at most `most` labels over `span` years."""
    for step in (1, 2, 5, 10, 20, 50):
        if span // step + 1 <= most:
            return step
    return 100


def _year_axis(first: int, last: int, pad: float = 0.0) -> alt.X:
    """Whole years only, explicit ticks few enough never to overlap (at most 7; renderers
    otherwise repeat or run labels together: '20052007'); `pad` years of room at both ends
    so that end markers are not cut."""
    step = _year_step(last - first)
    start = last - ((last - first) // step) * step  # ticks end on the last year
    values = list(range(start, last + 1, step))
    return alt.X("year:Q", title=None,
                 scale=alt.Scale(domain=[first - pad, last + pad], nice=False, zero=False),
                 axis=alt.Axis(format="d", values=values, labelOverlap=True, labelFlush=False,
                               grid=False))


# History years shown before the projection in a fan chart: enough to see the recent
# trend without squeezing the fan into the last few pixels.
RECENT_YEARS = 10


def history_chart(series: YearlySeries, lang: str, height: int = 120) -> alt.LayerChart:
    """A small line-and-points chart of the observed values (a break at missing years),
    whole-year x axis, tooltips in `lang`. Needs a non-empty series.
    """
    data = _history_frame(series)
    data = data.assign(value_text=[smart_number(v, lang) for v in data["value"]])
    x = _year_axis(int(series.years[0]), int(series.last_year), pad=0.3)
    y = alt.Y("value:Q", title=None, axis=alt.Axis(format=",~f",
                                                   tickCount=4),
              scale=alt.Scale(zero=False, padding=6))
    base = alt.Chart(data).encode(x=x, y=y, tooltip=[
        alt.Tooltip("year:Q", format="d", title=t("overview.col_year", lang)),
        alt.Tooltip("value_text:N", title=t("overview.col_value", lang))])
    chart = base.mark_line(color=HISTORY_COLOUR).encode(detail="run:N") + \
        base.mark_point(color=HISTORY_COLOUR, filled=True, size=40)
    return localised(chart.properties(height=height), lang)


def _target_rows(target: float, target_year: int, lang: str) -> list[dict]:
    return [{"year": target_year, "value": target, "what": t("targets.legend_target", lang),
             "value_text": smart_number(target, lang)}]


def retarget(spec: dict, target: float, target_year: int, lang: str) -> dict:
    """A fan chart's Vega-Lite spec (fan_chart(..., target=…).to_dict()) with its target
    diamond moved to (target_year, target): only the diamond's one-row dataset is replaced,
    so a target edit does not rebuild the chart. A new dict (the input is not changed);
    ValueError if the spec has no target diamond."""
    diamond = next((layer for layer in spec.get("layer", []) if isinstance(layer.get("mark"), dict)
                    and layer["mark"].get("shape") == "diamond"), None)
    if diamond is None:
        raise ValueError("the spec has no target diamond")
    datasets = {**spec["datasets"],
                diamond["data"]["name"]: _target_rows(target, target_year, lang)}
    return {**spec, "datasets": datasets}


def fan_chart(series: YearlySeries, projection: Projection, lang: str,
              target: float | None = None, target_year: int | None = None,
              title: str = "", recent: int = RECENT_YEARS,
              path: pd.DataFrame | None = None,
              targets: Sequence[tuple[str, float]] = ()) -> alt.Chart:
    """History (the last `recent` years before the projection), the projection's median
    with its 80% and 95% bands, and the target as a diamond; one legend names all five,
    tooltips carry translated labels and numbers written the reader's way. `path`
    (columns year, path) adds a multi-year target's steady path from the base year.
    `targets` ((name, value) pairs for `target_year`, e.g. one per compared scenario)
    replaces `target`: each is drawn in its own shape and colour, named in the legend."""
    tip = lambda value: smart_number(value, lang)
    label = lambda key: t(f"targets.legend_{key}", lang)
    first_shown = projection.last_year - recent
    history = _history_frame(series)
    history = history[history["year"] >= first_shown].assign(
        what=label("history"), value_text=lambda f: [tip(v) for v in f["value"]])
    low95, high95 = projection.interval(95)
    low80, high80 = projection.interval(80)
    # the fan starts at the last observed value so that it visibly grows out of the history
    last = projection.last_value
    fan = pd.concat([pd.DataFrame({
        "year": [projection.last_year], "median": [last], "low95": [last], "high95": [last],
        "low80": [last], "high80": [last]}), pd.DataFrame({
            "year": projection.years, "median": projection.median(), "low95": low95,
            "high95": high95, "low80": low80, "high80": high80})], ignore_index=True)
    fan = fan.assign(
        median_text=[tip(v) for v in fan["median"]],
        range80=[fmt.number_range(a, b, lang) for a, b in zip(fan["low80"], fan["high80"])],
        range95=[fmt.number_range(a, b, lang) for a, b in zip(fan["low95"], fan["high95"])])
    fan.loc[0, ["range80", "range95"]] = "—"  # the observed start of the fan has no range
    number = alt.Axis(format=",~f", tickCount=5)
    first = int(history["year"].min()) if len(history) else projection.last_year
    x = _year_axis(first, int(projection.years[-1]), pad=0.4)
    legend = {label("history"): HISTORY_COLOUR, label("median"): MEDIAN_COLOUR,
              label("band80"): BAND80_COLOUR, label("band95"): BAND95_COLOUR}
    named = [(f"{label('target')}: {name}", value) for name, value in targets
             if value is not None and math.isfinite(value)] if target_year is not None else []
    has_target = not named and target is not None and target_year is not None and \
        math.isfinite(target)
    if has_target:
        legend[label("target")] = TARGET_COLOUR
    for i, (what, _) in enumerate(named):
        legend[what] = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
    has_path = path is not None and len(path) > 0
    if has_path:
        legend[label("path")] = PATH_COLOUR
    colour = lambda: alt.Color("what:N", title=None, scale=alt.Scale(
        domain=list(legend), range=list(legend.values())), legend=alt.Legend(
            orient="bottom", symbolType="square", columns=3 if has_target or named else 2,
            labelLimit=260))
    year_tip = alt.Tooltip("year:Q", format="d", title=t("overview.col_year", lang))
    fan_tips = [year_tip, alt.Tooltip("median_text:N", title=label("median")),
                alt.Tooltip("range80:N", title=label("band80")),
                alt.Tooltip("range95:N", title=label("band95"))]
    y = alt.Y("low95:Q", title=None, axis=number, scale=alt.Scale(zero=False, padding=12))
    layers = [
        alt.Chart(fan.assign(what=label("band95"))).mark_area(opacity=0.9).encode(
            x=x, y=y, y2="high95:Q", color=colour(), tooltip=fan_tips),
        alt.Chart(fan.assign(what=label("band80"))).mark_area(opacity=0.9).encode(
            x=x, y="low80:Q", y2="high80:Q", color=colour(), tooltip=fan_tips),
        alt.Chart(fan.assign(what=label("median"))).mark_line(strokeDash=[6, 4]).encode(
            x=x, y="median:Q", color=colour(), tooltip=fan_tips),
        alt.Chart(history).mark_line().encode(x=x, y="value:Q", detail="run:N", color=colour()),
        alt.Chart(history).mark_point(filled=True, size=45, opacity=1).encode(
            x=x, y="value:Q", color=colour(),
            tooltip=[year_tip, alt.Tooltip("value_text:N", title=label("history"))]),
    ]
    if has_path:
        steps = pd.concat([pd.DataFrame({"year": [projection.last_year], "path": [last]}),
                           path[["year", "path"]]], ignore_index=True)
        steps = steps.assign(what=label("path"), path_text=[tip(v) for v in steps["path"]])
        layers.append(alt.Chart(steps).mark_line(strokeDash=[2, 3], strokeWidth=2.5, point=True)
                      .encode(x=x, y="path:Q", color=colour(), tooltip=[
                          year_tip, alt.Tooltip("path_text:N", title=label("path"))]))
    if has_target:
        point = pd.DataFrame(_target_rows(target, target_year, lang))
        layers.append(alt.Chart(point).mark_point(
            shape="diamond", size=200, filled=True, opacity=1, stroke="white",
            strokeWidth=1).encode(x=x, y="value:Q", color=colour(), tooltip=[
                year_tip, alt.Tooltip("value_text:N", title=label("target"))]))
    for i, (what, value) in enumerate(named):
        shape = SCENARIO_SHAPES[i % len(SCENARIO_SHAPES)]
        point = pd.DataFrame(_target_rows(value, target_year, lang)).assign(what=what)
        layers.append(alt.Chart(point).mark_point(  # smaller on top: equal targets all show
            shape=shape, size=220 - 50 * min(i, 2), filled=True, opacity=1, stroke="white",
            strokeWidth=1).encode(x=x, y="value:Q", color=colour(), tooltip=[
                year_tip, alt.Tooltip("value_text:N", title=what)]))
    chart = alt.layer(*layers).properties(height=280, title=title)
    return localised(chart, lang)


def comparison_chart(long: pd.DataFrame, lang: str) -> alt.Chart:
    """Probability of each target per scenario: one bar row per indicator. `long` is
    planning.scenarios.comparison's table (columns name, scenario, probability in 0–1)."""
    chart = alt.Chart(long.assign(percent=long["probability"] * 100, shown=[
        probability_text(p, lang) for p in long["probability"]])).mark_bar().encode(
        x=alt.X("percent:Q", title=t("brief.probability", lang) + " (%)",
                scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("scenario:N", title=None, sort=list(dict.fromkeys(long["scenario"]))),
        color=alt.Color("scenario:N", title=t("brief.scenario", lang),
                        legend=alt.Legend(orient="bottom")),
        row=alt.Row("name:N", title=None, sort=list(dict.fromkeys(long["name"])),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=400)),
        tooltip=["name", "scenario", alt.Tooltip("shown:N", title=t("brief.probability", lang))],
    ).properties(height=alt.Step(16), width=500)
    return localised(chart, lang)


def reliability_chart(frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Stated probability against the share of targets met, one point per verdict class
    (sized by its number of targets, labelled "met/n"), beside the diagonal of a tool whose
    probabilities come true as often as they say. `frame` is planning.record.reliability's
    table (verdict, n, met, mean_probability, share_met; probabilities in 0–1)."""
    data = frame.assign(
        stated=frame["mean_probability"] * 100, share=frame["share_met"] * 100,
        name=[t(f"verdict.{v}", lang) for v in frame["verdict"]],
        count=[f"{m}/{n}" for m, n in zip(frame["met"], frame["n"])],
        stated_text=[fmt.percent(100 * p, lang, 0) for p in frame["mean_probability"]],
        share_text=[fmt.percent(100 * s, lang, 0) for s in frame["share_met"]])
    axis = lambda key: alt.Axis(title=t(f"record.{key}", lang), format="~f", values=[
        0, 25, 50, 75, 100], labelExpr="datum.label + '%'")
    scale = alt.Scale(domain=[0, 100], nice=False)
    x = alt.X("stated:Q", axis=axis("chart_x"), scale=scale)
    y = alt.Y("share:Q", axis=axis("chart_y"), scale=scale)
    colours = alt.Scale(domain=list(palette.VERDICT),
                        range=list(palette.VERDICT.values()))
    tips = [alt.Tooltip("name:N", title=t("record.col_verdict", lang)),
            alt.Tooltip("count:N", title=t("record.col_count", lang)),
            alt.Tooltip("stated_text:N", title=t("record.chart_x", lang)),
            alt.Tooltip("share_text:N", title=t("record.chart_y", lang))]
    diagonal = alt.Chart(pd.DataFrame({"stated": [0, 100], "share": [0, 100]})).mark_line(
        color="#999999", strokeDash=[4, 4]).encode(x=x, y=y)
    points = alt.Chart(data).mark_circle(opacity=0.85).encode(
        x=x, y=y, color=alt.Color("verdict:N", scale=colours, legend=None),
        size=alt.Size("n:Q", legend=None, scale=alt.Scale(range=[60, 600])), tooltip=tips)
    labels = alt.Chart(data).mark_text(align="left", dx=12, fontSize=12).encode(
        x=x, y=y, text="count:N", tooltip=tips)
    return localised(alt.layer(diagonal, points, labels).properties(height=300), lang)

def province_growth_chart(comparison, names: dict[str, str], lang: str,
                          height: int = 260) -> alt.LayerChart:
    """A province's yearly growth (%) beside its region and the whole country: one line
    each (province in the history colour, region amber, country grey), a zero rule, the
    legend below (a phone's width), tooltips with the year, the area and the growth written
    the reader's way ("sơ bộ"/"preliminary" for an estimate). `comparison` is a
    planning.compare.Comparison; `names` maps role (province, region, country) to a label."""
    order = [role for role in ("province", "region", "country") if role in names]
    data = comparison.table[comparison.table["role"].isin(order)]
    data = data.assign(
        who=data["role"].map(names),
        growth_text=[growth_text(g, lang) + (
            f" ({t('compare.estimate', lang)})" if e else "")
            for g, e in zip(data["growth_pct"], data["estimate"])])
    colours = {"province": palette.HISTORY, "region": palette.REGION, "country": palette.COUNTRY}
    colour = alt.Color("who:N", title=None, sort=[names[r] for r in order],
                       scale=alt.Scale(domain=[names[r] for r in order],
                                       range=[colours[r] for r in order]),
                       legend=alt.Legend(orient="bottom", direction="horizontal", columns=2,
                                         labelLimit=260))  # two a row: fits a phone
    x = _year_axis(int(data["year"].min()), int(data["year"].max()), pad=0.3)
    y = alt.Y("growth_pct:Q", title=t("compare.axis_growth", lang),
              axis=alt.Axis(format=",~f", tickCount=5), scale=alt.Scale(zero=False, padding=6))
    base = alt.Chart(data).encode(x=x, y=y, color=colour, tooltip=[
        alt.Tooltip("year:Q", format="d", title=t("overview.col_year", lang)),
        alt.Tooltip("who:N", title=t("compare.area", lang)),
        alt.Tooltip("growth_text:N", title=t("compare.growth", lang))])
    lines = base.mark_line(strokeWidth=2) + base.mark_point(filled=True, size=36)
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(
        color="#999999", strokeDash=[2, 2]).encode(y="zero:Q")
    return localised((zero + lines).properties(height=height), lang)


def province_rank_chart(comparison, names: dict[str, str], lang: str,
                        height: int = 90) -> alt.LayerChart:
    """Every province's growth in the comparison's rank year as a dot on one line, the
    province itself larger, in its colour and named, so that its place among the 63 shows
    at a glance; tooltips name each province. `names` maps area id to a display name."""
    spread = comparison.spread.assign(
        who=lambda f: f["area"].map(lambda a: names.get(a, a)),
        mine=lambda f: f["area"] == comparison.area,
        growth_text=lambda f: [growth_text(g, lang) for g in f["growth_pct"]])
    x = alt.X("growth_pct:Q", title=None,  # the page says what the dots are (a phone's height)
              axis=alt.Axis(format=",~f", tickCount=5), scale=alt.Scale(zero=False, nice=True))
    # dots low in the band, the province's name above its dot, inside the chart's height
    spread = spread.assign(dot=0.25, label=0.8)
    y = alt.Y("dot:Q", axis=None, scale=alt.Scale(domain=[0, 1]))
    base = alt.Chart(spread).encode(x=x, y=y, tooltip=[
        alt.Tooltip("who:N", title=t("compare.area", lang)),
        alt.Tooltip("growth_text:N", title=t("compare.growth", lang))])
    others = base.transform_filter("!datum.mine").mark_circle(
        size=40, color=palette.OTHER_AREAS, opacity=0.8)
    mine = base.transform_filter("datum.mine")
    own = mine.mark_circle(size=160, color=palette.HISTORY) + mine.mark_text(
        fontWeight="bold", color=palette.HISTORY).encode(
        y=alt.Y("label:Q", axis=None, scale=alt.Scale(domain=[0, 1])), text="who:N")
    return localised((others + own).properties(height=height), lang)
