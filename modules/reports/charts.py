"""Charts as pure functions from data to Altair (used by the app and the exports)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from modules.text.fmt import D3_NUMBER_LOCALE
from modules.text.i18n import t
from modules.engine.models import Projection
from modules.data.series import YearlySeries
from modules.reports import palette

TARGET_COLOUR = palette.TARGET
HISTORY_COLOUR = palette.HISTORY
BAND_COLOUR = palette.BAND


def localised(chart: alt.Chart, lang: str) -> alt.Chart:
    locale = D3_NUMBER_LOCALE.get(lang, D3_NUMBER_LOCALE["vi"])
    return chart.configure(locale=alt.Locale(number=alt.NumberLocale(**locale))) \
        .configure_view(strokeWidth=0)


def _history_frame(series: YearlySeries) -> pd.DataFrame:
    """Observed values, with a run id so that the line breaks across missing years."""
    runs = np.concatenate([[0], np.cumsum(np.diff(series.years) != 1)]) if len(series) else []
    return pd.DataFrame({"year": series.years, "value": series.values, "run": runs})


def _year_axis(first: int, last: int) -> alt.X:
    """Whole years only: explicit ticks on short spans (renderers otherwise repeat labels)."""
    span = last - first
    values = list(range(first, last + 1, 1 if span <= 12 else 2 if span <= 24 else 5))
    return alt.X("year:Q", title=None, scale=alt.Scale(domain=[first, last], nice=False),
                 axis=alt.Axis(format="d", values=values, labelOverlap=True))


def history_chart(series: YearlySeries, lang: str, height: int = 120) -> alt.Chart:
    data = _history_frame(series)
    x = _year_axis(int(series.years[0]), int(series.last_year))
    y = alt.Y("value:Q", title=None, axis=alt.Axis(format=",~f"),
              scale=alt.Scale(zero=False))
    base = alt.Chart(data).encode(x=x, y=y, tooltip=[
        alt.Tooltip("year:Q", format="d", title=t("overview.col_year", lang)),
        alt.Tooltip("value:Q", format=",~f", title=t("overview.col_value", lang))])
    chart = base.mark_line(color=HISTORY_COLOUR).encode(detail="run:N") + \
        base.mark_point(color=HISTORY_COLOUR, filled=True, size=40)
    return localised(chart.properties(height=height), lang)


def fan_chart(series: YearlySeries, projection: Projection, lang: str,
              target: float | None = None, target_year: int | None = None,
              title: str = "") -> alt.Chart:
    """History, the projection's median with 80% and 95% bands, and the target as a point."""
    history = _history_frame(series).assign(what=t("targets.legend_history", lang))
    low95, high95 = projection.interval(95)
    low80, high80 = projection.interval(80)
    # the fan starts at the last observed value so that it visibly grows out of the history
    start = {"year": [projection.last_year], "median": [projection.last_value],
             "low95": [projection.last_value], "high95": [projection.last_value],
             "low80": [projection.last_value], "high80": [projection.last_value]}
    fan = pd.concat([pd.DataFrame(start), pd.DataFrame({
        "year": projection.years, "median": projection.median(), "low95": low95,
        "high95": high95, "low80": low80, "high80": high80})], ignore_index=True)
    number = alt.Axis(format=",~f")
    first = int(series.years[0]) if len(series) else projection.last_year
    x = _year_axis(first, int(projection.years[-1]))
    legend = {
        t("targets.legend_history", lang): HISTORY_COLOUR,
        t("targets.legend_median", lang): BAND_COLOUR,
    }
    if target is not None and target_year is not None:
        legend[t("targets.legend_target", lang)] = TARGET_COLOUR
    colour = alt.Color("what:N", title=None, scale=alt.Scale(domain=list(legend),
                                                              range=list(legend.values())),
                       legend=alt.Legend(orient="bottom"))
    layers = [
        alt.Chart(fan).mark_area(opacity=0.18, color=BAND_COLOUR).encode(
            x=x, y=alt.Y("low95:Q", title=None, axis=number, scale=alt.Scale(zero=False)),
            y2="high95:Q"),
        alt.Chart(fan).mark_area(opacity=0.35, color=BAND_COLOUR).encode(
            x=x, y="low80:Q", y2="high80:Q"),
        alt.Chart(fan.assign(what=t("targets.legend_median", lang))).mark_line(
            strokeDash=[6, 4]).encode(x=x, y="median:Q", color=colour),
        alt.Chart(history).mark_line().encode(x=x, y="value:Q", detail="run:N", color=colour),
        alt.Chart(history).mark_point(filled=True, size=45).encode(
            x=x, y="value:Q", color=colour,
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",~f")]),
    ]
    if target is not None and target_year is not None:
        point = pd.DataFrame({"year": [target_year], "value": [target],
                              "what": [t("targets.legend_target", lang)]})
        layers.append(alt.Chart(point).mark_point(shape="diamond", size=180, filled=True).encode(
            x=x, y="value:Q", color=colour,
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",~f")]))
    chart = alt.layer(*layers).properties(height=260, title=title)
    return localised(chart, lang)


def comparison_chart(long: pd.DataFrame, lang: str) -> alt.Chart:
    """Probability of each target per scenario: one bar row per indicator. `long` is
    planning.scenarios.comparison's table (columns name, scenario, probability in 0–1)."""
    chart = alt.Chart(long.assign(percent=long["probability"] * 100)).mark_bar().encode(
        x=alt.X("percent:Q", title=t("brief.probability", lang) + " (%)",
                scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("scenario:N", title=None),
        color=alt.Color("scenario:N", title=t("brief.scenario", lang),
                        legend=alt.Legend(orient="bottom")),
        row=alt.Row("name:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left",
                                                            labelLimit=400)),
        tooltip=["name", "scenario", alt.Tooltip("percent:Q", format=",.0f")],
    ).properties(height=alt.Step(16), width=500)
    return localised(chart, lang)
