"""The "compare with the provinces" sections of the Overview and the target page: the
page calls one function; the figures come from modules.planning.compare, the charts from
modules.reports.charts."""

from __future__ import annotations

import streamlit as st

from modules.data.catalogue import IndicatorKind, indicator
from modules.data.dataset import Dataset, builtin_panels, load_builtin_panel
from modules.data.provinces import PROVINCE, area_name, lookup
from modules.data.vocabulary import Direction
from modules.planning.compare import compare, outside_view
from modules.planning.shown import growth_text
from modules.reports.charts import province_growth_chart, province_rank_chart
from modules.text import fmt
from modules.ui.components import drawn_when_open
from modules.ui.text import indicator_name, lang, md, tr

PANEL = "vietnam_provinces"


@st.cache_resource(show_spinner=False)
def panel():
    """The built-in panel of the provinces (read once per server; immutable)."""
    return load_builtin_panel(PANEL)


def _area(data: Dataset) -> str:
    """The province a dataset is about (its meta "area"), "" when none or not a province."""
    area_id = data.meta.get("area", "")
    return area_id if area_id and lookup(area_id).kind == PROVINCE else ""


def before_year(data: Dataset, year: int | None = None) -> int:
    """The first year the comparison may not use: the dataset's date (as_of), and the
    target year when one is given."""
    as_of = str(data.meta.get("as_of") or "")
    limits = [int(as_of[:4])] if as_of[:4].isdigit() else []
    return min(limits + ([year] if year is not None else []) or [9999])


def _names(comparison) -> dict[str, str]:
    return {"province": area_name(comparison.area, lang()),
            "region": area_name(comparison.region, lang()),
            "country": area_name("vietnam", lang())}


def _sentence(comparison) -> str:
    """"Đắk Lắk +11,4% (2016, sơ bộ): Tây Nguyên +11,4%, cả nước +10,7%; hạng 29/63"."""
    parts = {}
    for role in ("province", "region", "country"):
        found = comparison.latest(role)
        if found and found[0] == comparison.rank_year:
            parts[role] = growth_text(found[1], lang())
    # names from the province list, figures: nothing of the user's (tr, not mdtr)
    return tr("compare.sentence", province=area_name(comparison.area, lang()),
                growth=parts.get("province", "—"), year=comparison.rank_year,
                estimate=f", {tr('compare.estimate')}" if comparison.rank_estimate else "",
                region=area_name(comparison.region, lang()), region_growth=parts.get(
                    "region", tr("compare.no_figure")),
                country_growth=parts.get("country", tr("compare.no_figure")),
                rank=comparison.rank, ranked=comparison.ranked)


def comparison_section(data: Dataset, key: str) -> None:
    """Overview: per headline indicator the panel has, the province's growth beside its
    region and the country (a line chart) and its place among the provinces in the latest
    year (a strip of dots), drawn when the expander is opened. Nothing for a dataset that
    is not a province's."""
    area_id = _area(data)
    if not area_id or PANEL not in builtin_panels():
        return
    before = before_year(data)
    with drawn_when_open(tr("compare.open", province=area_name(area_id, lang())), key) as part:
        if not part.open:
            return
        shown = 0
        for indicator_id in ("retail_sales", "industrial_production_index"):
            comparison = compare(panel(), area_id, indicator_id, before)
            if comparison is None:
                continue
            shown += 1
            st.markdown(f"**{md(indicator_name(indicator_id))}**")
            st.markdown(_sentence(comparison))
            names = _names(comparison)
            if comparison.latest("region") is None:
                names.pop("region")
                st.caption(tr("compare.no_region"))
            st.vega_lite_chart(province_growth_chart(comparison, names, lang()).to_dict(),
                               width="stretch")
            st.caption(tr("compare.axis_rank", year=comparison.rank_year))
            st.vega_lite_chart(province_rank_chart(comparison, {
                a: area_name(a, lang()) for a in comparison.spread["area"]}, lang()).to_dict(),
                width="stretch")
            st.caption(tr("compare.computed" if comparison.computed else "compare.published"))
        st.caption(tr("compare.source", before=before))
        if not shown:
            st.info(tr("compare.nothing"))


def outside_view_section(data: Dataset, results, year: int) -> None:
    """Target page: for each assessed target of an indicator the panel has, how often a
    province of Vietnam reached the yearly growth it needs (years and provinces counted,
    panel years before the target year and the dataset's date)."""
    if PANEL not in builtin_panels():
        return
    before = before_year(data, year)
    lines = []
    for r in results:
        a = r.assessment
        if a is None or r.indicator not in ("retail_sales", "industrial_production_index"):
            continue
        view = outside_view(panel(), r.indicator, a.annual_growth_pct, before,
                            at_most=a.direction == Direction.AT_MOST)
        if view is None:
            continue
        lines.append(tr(  # md() on the name only: it would strip per_year's leading space
            "compare.outside_view_at_most" if view.at_most else "compare.outside_view",
            indicator=md(indicator_name(r.indicator)),
            growth=growth_text(view.growth_pct, lang()),
            per_year="" if indicator(r.indicator).kind == IndicatorKind.GROWTH_RATE
            else tr("compare.per_year"),
            hits=view.hits, cases=view.cases, share=fmt.percent(100 * view.share, lang()),
            provinces=view.provinces, first=view.first_year, last=view.last_year))
    if not lines:
        return
    st.subheader(tr("compare.outside_heading"))
    for line in lines:
        st.markdown(f"- {line}")
    st.caption(tr("compare.outside_caption", before=before))
